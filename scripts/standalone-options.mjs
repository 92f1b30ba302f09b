// The standalone hearth-elements.js, built by scripts/build-standalone.mjs and measured by
// scripts/check-size.mjs from the same function, so what is measured is what is shipped.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The elements' sources with less white space than esbuild keeps: the CSS inside `css` templates
 * collapsed, and every line's indentation dropped, which esbuild drops from code anyway but keeps
 * inside template literals (the elements' HTML templates, where it is insignificant: no template
 * text sits in a `pre` or `pre-wrap` element). Lines stay where they are, for the source maps.
 */
const compactTemplates = {
  name: 'compact-templates',
  setup(builder) {
    builder.onLoad({ filter: /packages\/elements\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = args.path.endsWith('.styles.ts')
        ? source.replace(/css`([^`]*)`/g, (_, body) => `css\`${body.replace(/\s+/g, ' ').replace(/ ?([{};:,>]) ?/g, '$1')}\``)
        : source.replace(/^[ \t]+/gm, '');
      return { contents, loader: 'ts' };
    });
  },
};

const MAIN = 'hearth-elements.js';

/** esbuild options that bundle every element with lit and the SDK, minified, for the browser. */
export function standaloneOptions(root) {
  return {
    entryPoints: [{ in: path.join(root, 'packages/elements/src/index.ts'), out: 'hearth-elements' }],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    conditions: ['source', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [compactTemplates],
  };
}

/**
 * Bundles the elements into `hearth-elements.js`, and each module they import on first use (the
 * emoji picker) into a file beside it that the browser fetches only then, relative to the main
 * file. esbuild splits code shared by the main file and a lazy module into a third file, which the
 * page would have to fetch up front too; so a second pass folds that shared code into the main
 * file, and the lazy files import it from there.
 *
 * @returns {Promise<{ main: { name: string, contents: Uint8Array }, lazy: Array<{ name: string, contents: Uint8Array }>, map: Uint8Array }>}
 */
export async function bundleStandalone(root) {
  const outdir = path.join(root, 'packages/elements/dist');
  const split = await build({
    ...standaloneOptions(root),
    splitting: true,
    outdir,
    chunkNames: 'hearth-elements-[name]-[hash]',
    sourcemap: 'inline',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const outputs = new Map(split.outputFiles.map((file) => [path.basename(file.path), file.text]));
  const meta = Object.entries(split.metafile.outputs).map(([file, output]) => ({ name: path.basename(file), ...output }));
  const main = meta.find((output) => output.name === MAIN);
  const shared = main.imports.filter((entry) => entry.kind === 'import-statement').map((entry) => path.basename(entry.path));
  const lazy = meta.filter((output) => output.name !== MAIN && !shared.includes(output.name));

  // Each shared file exports short names (a, b…) that another may export too: the main file
  // re-exports such a name as NAME$INDEX, which names the file it came from.
  const sharedExports = shared.map((name) => meta.find((output) => output.name === name).exports);
  const counts = new Map();
  for (const binding of sharedExports.flat()) counts.set(binding, (counts.get(binding) ?? 0) + 1);
  const exportedAs = (binding, index) => (counts.get(binding) > 1 ? `${binding}$${index}` : binding);
  const reexports = shared.map(
    (name, index) =>
      `export { ${sharedExports[index].map((binding) => `${binding} as ${exportedAs(binding, index)}`).join(', ')} } from './${name}';`,
  );
  const folded = await build({
    stdin: { contents: [`export * from './${MAIN}';`, ...reexports].join('\n'), resolveDir: outdir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    sourcemap: 'external',
    outfile: path.join(outdir, MAIN),
    write: false,
    logLevel: 'error',
    plugins: [
      {
        name: 'split-outputs',
        setup(builder) {
          // The lazy files stay where they are, fetched on first use.
          builder.onResolve({ filter: /^\.\// }, (args) =>
            lazy.some((output) => output.name === path.basename(args.path))
              ? { path: args.path, external: true }
              : { path: path.join(outdir, path.basename(args.path)), namespace: 'split' },
          );
          builder.onLoad({ filter: /.*/, namespace: 'split' }, (args) => ({
            contents: outputs.get(path.basename(args.path)),
            loader: 'js',
          }));
        },
      },
    ],
  });
  const foldedMain = folded.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = folded.outputFiles.find((file) => file.path.endsWith('.map'));
  // A lazy file imported the shared code from its own files; the main file holds it now.
  const importsOfShared = /import\s*\{([^}]*)\}\s*from\s*"\.\/([^"]+)"/g;
  const fromMain = (source) =>
    source
      .replace(importsOfShared, (whole, bindings, file) => {
        const index = shared.indexOf(file);
        if (index < 0) return whole;
        const renamed = bindings.split(',').map((binding) => {
          const [exported, local = exported] = binding.trim().split(/\s+as\s+/);
          return `${exportedAs(exported, index)} as ${local}`;
        });
        return `import{${renamed.join(',')}}from"./${MAIN}"`;
      })
      .replace(/import\s*"\.\/([^"]+)"/g, (whole, file) => (shared.includes(file) ? `import"./${MAIN}"` : whole));
  return {
    main: { name: MAIN, contents: foldedMain.contents },
    lazy: lazy.map(({ name }) => ({
      name,
      contents: Buffer.from(fromMain(outputs.get(name)).replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, '\n')),
    })),
    map: map.contents,
  };
}
