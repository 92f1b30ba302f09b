// Configuration of `cem analyze`: custom-elements.json, for IDEs and docs (npm run generate).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  dependencies: false,
  // The package.json names custom-elements.json itself; the generator runs into a temp directory.
  packagejson: false,
  plugins: [
    {
      // The analyzer also lists each `dispatchEvent(new SomeEvent(…))` as a nameless event; the
      // `@fires` tags already name every event with its detail. Modules with nothing in them go.
      name: 'hearth-named-events-only',
      packageLinkPhase({ customElementsManifest }) {
        // A module of types only compiles to no file at all: it has nothing to describe either.
        customElementsManifest.modules = customElementsManifest.modules.filter(
          (module) => module.declarations?.length || module.exports?.length,
        );
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
