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
      // `@fires` tags already name every event with its detail.
      name: 'hearth-named-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
