#!/usr/bin/env node
/**
 * Regenerates the committed files that are derived from another source of truth.
 *
 *   node scripts/generate.mjs          (npm run generate)        writes every stale file
 *   node scripts/generate.mjs --check  (npm run generate:check)  writes nothing; exits 1 naming
 *                                                               each file that is out of date
 *
 * Each entry of `generators` produces one file: `output` is its path from the repository root,
 * `source` names what it is generated from (for messages only) and `generate` resolves with the
 * file's full text. A generator must be deterministic: the same source gives the same bytes, so
 * `--check` can compare text. A tool that insists on writing its own file (cem analyze, say) runs
 * into a temporary directory and the generator returns what it wrote.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import ts from 'typescript';
import { reactTypes, svelteTypes, toShippedPaths, vueTypes } from './framework-types.mjs';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const fromRoot = (file) => path.join(root, file);

/** @typedef {{ output: string, source: string, generate: () => Promise<string> }} Generator */

/** @type {Generator[]} */
const generators = [
  {
    output: 'docs/protocol.schema.json',
    source: 'packages/sdk/src/protocol',
    generate: protocolJsonSchema,
  },
  {
    output: 'packages/sdk/src/generated/openapi.d.ts',
    source: 'openapi.yaml',
    generate: openApiTypes,
  },
  {
    output: 'packages/elements/custom-elements.json',
    source: 'packages/elements/src (JSDoc of each element)',
    generate: customElementsManifest,
  },
  {
    output: 'packages/elements/API.md',
    source: 'packages/elements/custom-elements.json',
    generate: elementsApiReference,
  },
  ...[
    ['react', reactTypes],
    ['vue', vueTypes],
    ['svelte', svelteTypes],
  ].map(([framework, write]) => ({
    output: `packages/elements/types/${framework}.d.ts`,
    source: 'packages/elements/custom-elements.json',
    generate: async () => formatted(write(JSON.parse(await customElementsManifest())), 'x.d.ts'),
  })),
];

/** `text` laid out by Prettier with the repository's settings, as if it were the file `name`. */
async function formatted(text, name) {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(fromRoot(name));
  return prettier.format(text, { ...options, filepath: name });
}

/**
 * `packages/elements/API.md`: every element's attributes, properties, events, slots, parts and
 * custom properties, written from custom-elements.json so the reference cannot drift from it.
 */
async function elementsApiReference() {
  const manifest = JSON.parse(await customElementsManifest());
  const cell = (text) =>
    String(text ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ');
  const table = (title, head, rows) =>
    rows.length === 0
      ? ''
      : `\n\n**${title}**\n\n| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|\n${rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n')}\n`;
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
  const sections = elements.map((element) => {
    const properties = (element.members ?? []).filter((member) => member.kind === 'field' && !member.privacy && !member.static);
    return [
      `## \`<${element.tagName}>\`\n\n${element.summary ?? ''}\n\n${element.description ?? ''}`.trimEnd(),
      table(
        'Attributes',
        ['attribute', 'property', 'type', 'description'],
        (element.attributes ?? []).map((a) => [`\`${a.name}\``, a.fieldName ?? '', a.type?.text ?? '', a.description ?? '']),
      ),
      table(
        'Properties',
        ['property', 'type', 'description'],
        properties.map((p) => [`\`${p.name}\``, p.type?.text ?? '', p.description ?? '']),
      ),
      table(
        'Events',
        ['event', 'type', 'description'],
        (element.events ?? []).map((e) => [`\`${e.name}\``, e.type?.text ?? '', e.description ?? '']),
      ),
      table(
        'Slots',
        ['slot', 'description'],
        (element.slots ?? []).map((slot) => [slot.name ? `\`${slot.name}\`` : '(default)', slot.description ?? '']),
      ),
      table(
        'CSS parts',
        ['part', 'description'],
        (element.cssParts ?? []).map((part) => [`\`${part.name}\``, part.description ?? '']),
      ),
      table(
        'CSS custom properties',
        ['property', 'description'],
        (element.cssProperties ?? []).map((prop) => [`\`${prop.name}\``, prop.description ?? '']),
      ),
    ].join('');
  });
  return `<!-- Generated from custom-elements.json by scripts/generate.mjs. Do not edit; run \`npm run generate\`. -->\n\n# @hearth/elements API\n\n${sections.join('\n\n')}\n`;
}

/**
 * `packages/elements/custom-elements.json`: `cem analyze --litelement` over the elements' sources,
 * run into a temporary directory so that `--check` leaves the committed file alone, once per run.
 * Its paths name the built modules the package ships (`dist/…js`), not the sources.
 */
function customElementsManifest() {
  manifestText ??= analyzeElements();
  return manifestText;
}

/** @type {Promise<string> | undefined} */
let manifestText;

async function analyzeElements() {
  const { execFileSync } = await import('node:child_process');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const elements = fromRoot('packages/elements');
  const out = await mkdtemp(path.join(tmpdir(), 'hearth-cem-'));
  try {
    execFileSync(
      process.execPath,
      [
        fromRoot('node_modules/@custom-elements-manifest/analyzer/cem.js'),
        'analyze',
        '--config',
        'custom-elements-manifest.config.mjs',
        '--outdir',
        path.relative(elements, out),
      ],
      { cwd: elements, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const manifest = JSON.parse(await readFile(path.join(out, 'custom-elements.json'), 'utf8'));
    // The analyzer lists modules in the order its file search returns them, which varies from run
    // to run: sorted by path, the file is the same for the same sources.
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return `${JSON.stringify(toShippedPaths(manifest), null, 2)}\n`;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `packages/sdk/src/generated/openapi.d.ts`: the REST contract as TypeScript types
 * (openapi-typescript), so a wrong path, parameter or body in the SDK is a compile error.
 */
async function openApiTypes() {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(pathToFileURL(fromRoot('openapi.yaml')), { alphabetize: true });
  const banner = '// Generated from openapi.yaml by scripts/generate.mjs. Do not edit; run `npm run generate`.\n\n';
  return banner + astToString(ast);
}

const PROTOCOL_ENTRY = 'packages/sdk/src/protocol/index.ts';
const PROTOCOL_SCHEMA_ID = 'https://hearth.dev/protocol.schema.json';

/**
 * `docs/protocol.schema.json`: every zod schema exported by the protocol module, converted with
 * zod's `toJSONSchema` into one draft 2020-12 document. Each export becomes a `$defs` entry named
 * after it (`helloFrame` → `HelloFrame`, `userSchema` → `User`) and described by its JSDoc; the
 * schemas refer to each other with `$ref`. The root accepts any frame, in either direction.
 */
async function protocolJsonSchema() {
  const entryUrl = pathToFileURL(fromRoot(PROTOCOL_ENTRY)).href;
  const protocol = await tsImport(entryUrl, import.meta.url);
  // The zod the schemas were built with, resolved from the SDK, not whichever one the root sees.
  const z = await tsImport('zod/mini', entryUrl);
  const descriptions = await jsDocOfExports(fromRoot(path.dirname(PROTOCOL_ENTRY)));

  const registry = z.registry();
  for (const [exportName, value] of Object.entries(protocol)) {
    if (typeof value !== 'object' || value === null || !('_zod' in value)) continue;
    const id = defName(exportName);
    const description = descriptions.get(exportName);
    registry.add(value, description ? { id, description } : { id });
  }

  // `io: 'input'` describes what a receiver accepts: unknown properties are allowed (the server
  // drops them; clients should ignore them), rather than the `additionalProperties: false` of output.
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: registry,
    uri: (id) => `#/$defs/${id}`,
  });

  const defs = {};
  for (const id of Object.keys(schemas).sort()) {
    const { $schema, $id, $defs, description, ...schema } = schemas[id];
    if ($defs) throw new Error(`${id}: unexpected nested $defs ${Object.keys($defs).join(', ')}; register those schemas too`);
    defs[id] = description === undefined ? schema : { description, ...schema };
  }
  for (const needed of ['ClientFrame', 'ServerFrame', 'Message', 'User']) {
    if (!defs[needed]) throw new Error(`${PROTOCOL_ENTRY} no longer exports the schema for ${needed}`);
  }

  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: PROTOCOL_SCHEMA_ID,
    title: 'Hearth WebSocket protocol',
    description:
      'Every JSON text frame of the Hearth socket (`/ws`), protocol version ' +
      `${protocol.PROTOCOL_VERSION}. The root accepts any frame; validate one direction with ` +
      '`#/$defs/ClientFrame` (client to server) or `#/$defs/ServerFrame` (server to client). ' +
      'The written spec is docs/protocol.md.',
    $comment: 'Generated from packages/sdk/src/protocol by scripts/generate.mjs. Do not edit; run `npm run generate`.',
    anyOf: [{ $ref: '#/$defs/ClientFrame' }, { $ref: '#/$defs/ServerFrame' }],
    $defs: defs,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `helloFrame` → `HelloFrame`, `messageSchema` → `Message`. */
function defName(exportName) {
  const base = exportName.replace(/Schema$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/**
 * The JSDoc summary of every exported `const` in the `.ts` files of `dir` (tests excluded), by
 * export name, on one line, with `{@link X}` reduced to `X`.
 */
async function jsDocOfExports(dir) {
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).sort();
  const found = new Map();
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc);
        const comment = ts.getTextOfJSDocComment(docs.at(-1)?.comment);
        if (!comment) continue;
        const oneLine = comment
          .replace(/\{@link(?:code|plain)?\s+([^}\s|]+)(?:[\s|][^}]*)?\}/g, '$1')
          .replace(/\s*\n\s*/g, ' ')
          .trim();
        found.set(declaration.name.text, oneLine);
      }
    }
  }
  return found;
}

async function main() {
  const check = process.argv.includes('--check');
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}\nusage: node scripts/generate.mjs [--check]`);
    return 2;
  }

  const stale = [];
  for (const { output, source, generate } of generators) {
    const file = fromRoot(output);
    const text = await generate();
    const current = await readFile(file, 'utf8').catch((error) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (current === text) {
      console.log(`${output} is up to date`);
      continue;
    }
    if (check) {
      stale.push({ output, source, missing: current === undefined });
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    console.log(`wrote ${output} (from ${source})`);
  }

  if (stale.length > 0) {
    for (const { output, source, missing } of stale) {
      console.error(`${output} is ${missing ? 'missing' : 'out of date'}: it is generated from ${source}.`);
    }
    console.error('Run `npm run generate` and commit the result.');
    return 1;
  }
  return 0;
}

process.exitCode = await main();
