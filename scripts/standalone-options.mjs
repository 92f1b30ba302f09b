// The esbuild options of the standalone hearth-elements.js, shared by the build
// (scripts/build-standalone.mjs) and the size check (scripts/check-size.mjs), so what is measured
// is what is shipped.
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

/** esbuild options that bundle every element with lit and the SDK, minified, for the browser. */
export function standaloneOptions(root) {
  return {
    entryPoints: [path.join(root, 'packages/elements/src/index.ts')],
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
