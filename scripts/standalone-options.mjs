// The standalone hearth-elements.js, built by scripts/build-standalone.mjs and measured by
// scripts/check-size.mjs from the same function, so what is measured is what is shipped.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The CSS inside `css` templates, with runs of white space collapsed (esbuild leaves it as written). */
const compactCss = {
  name: 'compact-css',
  setup(builder) {
    builder.onLoad({ filter: /packages\/elements\/src\/.*\.styles\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, body) => `css\`${body.replace(/\s+/g, ' ').replace(/ ?([{};:,>]) ?/g, '$1')}\``);
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
    plugins: [compactCss],
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
  const lazy = meta.filter((output) => output.name !== MAIN && !shared.includes(output.name) && !output.name.endsWith('.map'));

  const folded = await build({
    stdin: { contents: [MAIN, ...shared].map((name) => `export * from './${name}';`).join('\n'), resolveDir: outdir, loader: 'js' },
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
  // A lazy file imported the shared code from its own file; the main file holds it now, under the same names.
  const importsOfShared = new RegExp(`(from\\s*["'])\\./(?:${shared.map((name) => name.replace(/[.-]/g, '\\$&')).join('|')})(["'])`, 'g');
  return {
    main: { name: MAIN, contents: foldedMain.contents },
    lazy: lazy.map(({ name }) => ({
      name,
      contents: Buffer.from(
        outputs
          .get(name)
          .replace(importsOfShared, `$1./${MAIN}$2`)
          .replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, '\n'),
      ),
    })),
    map: map.contents,
  };
}
