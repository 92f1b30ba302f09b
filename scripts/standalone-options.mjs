// The standalone hearth-elements.js, built by scripts/build-standalone.mjs and measured by
// scripts/check-size.mjs from the same function, so what is measured is what is shipped.
import { build, transform } from 'esbuild';
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import ts from 'typescript';
import { privateMemberNames } from './private-member-names.mjs';

/** Collapses white space in CSS where it is insignificant, and drops comments. */
const collapseCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};:,>]) ?/g, '$1')
    .replace(/;}/g, '}');

/**
 * The body of a `css` template minified by esbuild's CSS minifier (shorter colours and numbers,
 * merged rules), then collapsed. A body with `${…}` parts is only collapsed: its parts are CSS
 * fragments the minifier cannot see.
 */
async function minifyCss(body) {
  if (body.includes('${')) return collapseCss(body);
  // A body that is a list of declarations (no rules) is a fragment for another template.
  const declarations = !body.includes('{');
  // `charset: 'utf8'` keeps characters such as ▾ as they are: escaped (`\25be`), they would be an
  // invalid escape in the template literal the CSS goes back into, which makes Lit's stylesheet empty.
  const { code } = await transform(declarations ? `x{${body}}` : body, { loader: 'css', minify: true, charset: 'utf8', logLevel: 'error' });
  if ((code.match(/\\/g) ?? []).length > (body.match(/\\/g) ?? []).length) {
    throw new Error(`minifying CSS added a backslash, which the template literal would misread: ${code.slice(0, 120)}`);
  }
  const minified = collapseCss(code.trim());
  return declarations ? minified.slice(2, -1) : minified;
}

/**
 * `source` with the line breaks in the text of its `html` and `svg` templates made spaces (the
 * same to HTML, and to Lit). Each text's line breaks move to just after it, where they are code's
 * white space (inside the next `${…}`, or after the closing backtick), so that the lines of code
 * after a template stay where they are, for the source maps.
 */
function flattenMarkup(source, fileName) {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && ['html', 'svg'].includes(node.tag.text)) {
      const template = node.template;
      const literals = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      for (const literal of literals) {
        const start = literal.getStart(file);
        const text = source.slice(start, literal.end);
        const breaks = text.split('\n').length - 1;
        if (breaks > 0) edits.push({ start, end: literal.end, text: text.replace(/\n/g, ' ') + '\n'.repeat(breaks) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let result = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/**
 * The elements' sources with less white space than esbuild keeps: the CSS inside `css` templates
 * minified, and every line's indentation dropped, which esbuild drops from code anyway but keeps
 * inside template literals (the elements' HTML templates, where it is insignificant: no template
 * text sits in a `pre` or `pre-wrap` element), and the line breaks in HTML templates made spaces.
 * Lines of code stay where they are, for the source maps; a style sheet becomes one line.
 */
const compactTemplates = {
  name: 'compact-templates',
  setup(builder) {
    builder.onLoad({ filter: /packages\/elements\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      let contents = source.replace(/^[ \t]+/gm, '');
      if (args.path.endsWith('.styles.ts') || /\bcss`/.test(source)) {
        const bodies = await Promise.all([...source.matchAll(/css`([^`]*)`/g)].map(([, body]) => minifyCss(body)));
        let index = 0;
        contents = source.replace(/css`([^`]*)`/g, () => `css\`${bodies[index++]}\``).replace(/^[ \t]+/gm, '');
      }
      if (/\b(?:html|svg)`/.test(contents)) contents = flattenMarkup(contents, args.path);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * `lit/decorators.js` as the few lines the experimental form needs (lit-legacy-decorators.mjs):
 * Lit's module carries both forms, and the standalone bundle compiles only that one.
 */
const litLegacyDecorators = {
  name: 'lit-legacy-decorators',
  setup(builder) {
    builder.onResolve({ filter: /^lit\/decorators\.js$/ }, () => ({
      path: fileURLToPath(new URL('./lit-legacy-decorators.mjs', import.meta.url)),
    }));
  },
};

const MAIN = 'hearth-elements.js';

/**
 * A bundle minified once more by terser, after esbuild: its passes over the whole module (inlining
 * what is used once, dropping what is not, compressing again what that made simpler) take about
 * 1.1 KB gzip more off the main file than esbuild's single pass. Exports keep their names (the lazy
 * files import from the main file by them).
 */
async function squeeze(code, map) {
  const result = await minify(code, {
    module: true,
    ecma: 2022,
    compress: { passes: 3 },
    mangle: true,
    format: { comments: false },
    sourceMap: map ? { content: map } : false,
  });
  return { code: result.code, map: result.map };
}

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
    // A module script is always read as UTF-8: emoji and other characters need no escapes.
    charset: 'utf8',
    conditions: ['source', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // Lit's decorators in their TypeScript form: esbuild lowers standard decorators on `accessor`
    // fields to a helper and several calls per field, about 2 KB gzip in all; TypeScript's form
    // lowers to a getter, a setter and one call. Lit supports both: its property decorator wraps
    // the getter and setter the same way. (Initial values are assigned, not set through the
    // decorator, as with Lit's documented experimentalDecorators setup.)
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
    // The elements' private members get short names (see private-member-names.mjs for which).
    mangleProps: new RegExp(`^(?:${privateMemberNames(root).join('|')})$`),
    plugins: [litLegacyDecorators, compactTemplates],
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
  // A module that only re-exports another (lit/directive.js) shared by two lazy files becomes a
  // file with no code that both import; it is left out, and so are their imports of it.
  const empty = meta
    .filter((output) => output.exports.length === 0 && output.imports.length === 0)
    .filter((output) => Object.values(output.inputs).every((input) => input.bytesInOutput === 0))
    .map((output) => output.name);
  const lazy = meta.filter((output) => output.name !== MAIN && !shared.includes(output.name) && !empty.includes(output.name));

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
    charset: 'utf8',
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
      .replace(/import\s*"\.\/([^"]+)";?/g, (whole, file) =>
        empty.includes(file) ? '' : shared.includes(file) ? `import"./${MAIN}";` : whole,
      );
  const squeezedMain = await squeeze(foldedMain.text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n'), map.text);
  const squeezedLazy = await Promise.all(
    lazy.map(async ({ name }) => ({
      name,
      contents: Buffer.from(
        `${(await squeeze(fromMain(outputs.get(name)).replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, '\n'))).code}\n`,
      ),
    })),
  );
  return {
    main: { name: MAIN, contents: Buffer.from(`${squeezedMain.code}\n`) },
    lazy: squeezedLazy,
    map: Buffer.from(squeezedMain.map),
  };
}
