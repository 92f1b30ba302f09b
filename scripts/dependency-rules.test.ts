// The layering rules of .dependency-cruiser.cjs, shown to bite: dependency-cruiser runs with the project's
// own configuration over two small trees laid out like the real packages, one that keeps every rule and
// one where each import below breaks one. Removing or loosening a rule fails the case that names it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = fileURLToPath(new URL('../.dependency-cruiser.cjs', import.meta.url));

const SERVER = 'packages/reference-server/src';

/** Files of a tree that keeps every rule: each layer importing only what it may. */
const CLEAN_TREE: Record<string, string> = {
  'node_modules/express/package.json': JSON.stringify({ name: 'express', main: 'index.js' }),
  'node_modules/express/index.js': 'module.exports = () => {};\n',
  'node_modules/ws/package.json': JSON.stringify({ name: 'ws', main: 'index.js' }),
  'node_modules/ws/index.js': 'module.exports = {};\n',
  'node_modules/zod/package.json': JSON.stringify({ name: 'zod', main: 'index.js' }),
  'node_modules/zod/index.js': 'module.exports = {};\n',
  'packages/sdk/package.json': JSON.stringify({
    name: '@hearth/sdk',
    type: 'module',
    exports: {
      '.': { source: './src/index.ts', default: './dist/index.js' },
      './protocol': { source: './src/protocol/index.ts', default: './dist/protocol/index.js' },
    },
  }),
  'packages/sdk/src/index.ts': "export { createChannelStore } from './channel-store.js';\n",
  'packages/sdk/src/channel-store.ts':
    "import type { Frame } from './protocol/index.js';\nexport const createChannelStore = (frame?: Frame) => frame;\n",
  'packages/sdk/src/protocol/index.ts': "export type { Frame } from './frames.js';\n",
  'packages/sdk/src/protocol/frames.ts': "import { z } from 'zod';\nexport type Frame = { type: string };\nexport const frame = z;\n",
  'packages/elements/package.json': JSON.stringify({
    name: '@hearth/elements',
    type: 'module',
    exports: { '.': { source: './src/index.ts', default: './dist/index.js' } },
  }),
  'packages/elements/src/index.ts': "export { ChatMessages } from './chat-messages/chat-messages.js';\n",
  'packages/elements/src/chat-messages/chat-messages.ts':
    "import { createChannelStore } from '@hearth/sdk';\nimport type { Frame } from '@hearth/sdk/protocol';\n" +
    'export class ChatMessages { store = createChannelStore(); frame?: Frame; }\n',
  [`${SERVER}/server.ts`]:
    "import { createApp } from './http/app.js';\nimport { createGateway } from './socket/gateway.js';\n" +
    'export const start = () => [createApp(), createGateway()];\n',
  [`${SERVER}/http/app.ts`]:
    "import express from 'express';\nimport { post } from '../services/message-service.js';\n" +
    'export const createApp = () => [express, post];\n',
  [`${SERVER}/socket/gateway.ts`]:
    "import ws from 'ws';\nimport { subscribe } from '../delivery/channel-delivery.js';\n" +
    'export const createGateway = () => [ws, subscribe];\n',
  [`${SERVER}/services/message-service.ts`]:
    "import { append } from '../storage/storage.js';\nimport { publish } from '../fanout/fanout.js';\n" +
    'export const post = () => [append, publish];\n',
  [`${SERVER}/delivery/channel-delivery.ts`]:
    "import type { Frame } from '@hearth/sdk/protocol';\nimport { post } from '../services/message-service.js';\n" +
    'export const subscribe = (frame?: Frame) => [post, frame];\n',
  [`${SERVER}/storage/storage.ts`]: "import { newId } from '../domain/ids.js';\nexport const append = () => newId();\n",
  [`${SERVER}/fanout/fanout.ts`]: "import { newId } from '../domain/ids.js';\nexport const publish = () => newId();\n",
  [`${SERVER}/domain/ids.ts`]: "export const newId = () => 'id';\n",
  'examples/react/src/main.ts':
    "import { createChannelStore } from '@hearth/sdk';\nimport '@hearth/elements';\nexport const store = createChannelStore();\n",
};

/** One broken rule each: the file that breaks it, what it imports, and the rule that must report it. */
interface Breach {
  what: string;
  file: string;
  source: string;
  rule: string;
  /** The resolved module the violation points at. */
  to: string;
  /** Where the violation is reported from, when not `file` (a cycle is reported once, from one of its modules). */
  from?: string;
  /** Other files the breach needs. */
  with?: Record<string, string>;
  /** Other rules the same import rightly breaks. */
  alsoBreaks?: string[];
}

const BREACHES: Breach[] = [
  {
    what: 'a service imports express',
    file: `${SERVER}/services/route-helper.ts`,
    source: "import type { Request } from 'express';\nexport type Incoming = Request;\n",
    rule: 'core-not-to-express-or-ws',
    to: 'node_modules/express/index.js',
  },
  {
    what: 'a service imports ws',
    file: `${SERVER}/services/socket-helper.ts`,
    source: "import ws from 'ws';\nexport const socket = ws;\n",
    rule: 'core-not-to-express-or-ws',
    to: 'node_modules/ws/index.js',
  },
  {
    what: 'the delivery core imports ws',
    file: `${SERVER}/delivery/raw-socket.ts`,
    source: "import ws from 'ws';\nexport const socket = ws;\n",
    rule: 'core-not-to-express-or-ws',
    to: 'node_modules/ws/index.js',
  },
  {
    what: 'a service imports a transport adapter',
    file: `${SERVER}/services/reply.ts`,
    source: "import { createApp } from '../http/app.js';\nexport const reply = createApp;\n",
    rule: 'core-not-to-transports',
    to: `${SERVER}/http/app.ts`,
  },
  {
    what: 'storage imports a service',
    file: `${SERVER}/storage/validated-append.ts`,
    source: "import { post } from '../services/message-service.js';\nexport const validated = post;\n",
    rule: 'storage-not-to-other-layers',
    to: `${SERVER}/services/message-service.ts`,
  },
  {
    what: 'storage imports the delivery core',
    file: `${SERVER}/storage/delivery-hook.ts`,
    source: "import { subscribe } from '../delivery/channel-delivery.js';\nexport const hook = subscribe;\n",
    rule: 'storage-not-to-other-layers',
    to: `${SERVER}/delivery/channel-delivery.ts`,
  },
  {
    what: 'the fan-out imports storage',
    file: `${SERVER}/fanout/gap-filler.ts`,
    source: "import { append } from '../storage/storage.js';\nexport const fill = append;\n",
    rule: 'fanout-not-to-other-layers',
    to: `${SERVER}/storage/storage.ts`,
  },
  {
    what: 'the socket adapter reads storage itself',
    file: `${SERVER}/socket/history.ts`,
    source: "import { append } from '../storage/storage.js';\nexport const history = append;\n",
    rule: 'transports-not-to-storage-or-fanout',
    to: `${SERVER}/storage/storage.ts`,
  },
  {
    what: 'an element imports an SDK internal by a relative path',
    file: 'packages/elements/src/chat-channels/chat-channels.ts',
    source: "import { createChannelStore } from '../../../sdk/src/channel-store.js';\nexport const store = createChannelStore;\n",
    rule: 'elements-only-sdk-public-entries',
    to: 'packages/sdk/src/channel-store.ts',
  },
  {
    what: 'an element imports an SDK internal by a deep package path',
    file: 'packages/elements/src/chat-app/chat-app.ts',
    source: "import { createChannelStore } from '@hearth/sdk/src/channel-store.js';\nexport const store = createChannelStore;\n",
    rule: 'elements-only-sdk-public-entries',
    to: '@hearth/sdk/src/channel-store.js',
    alsoBreaks: ['not-to-unresolvable'],
  },
  {
    what: "an element imports the SDK's entry by a relative path",
    file: 'packages/elements/src/chat-provider/chat-provider.ts',
    source: "import { createChannelStore } from '../../../sdk/src/index.js';\nexport const store = createChannelStore;\n",
    rule: 'elements-sdk-by-package-name',
    to: 'packages/sdk/src/index.ts',
  },
  {
    what: 'the SDK imports an element',
    file: 'packages/sdk/src/default-view.ts',
    source: "import { ChatMessages } from '@hearth/elements';\nexport const view = ChatMessages;\n",
    rule: 'sdk-not-to-elements',
    to: 'packages/elements/src/index.ts',
  },
  {
    what: "the protocol imports the SDK's core",
    file: 'packages/sdk/src/protocol/guards.ts',
    source: "import { createChannelStore } from '../channel-store.js';\nexport const guard = createChannelStore;\n",
    rule: 'protocol-stands-alone',
    to: 'packages/sdk/src/channel-store.ts',
  },
  {
    what: 'an example imports an SDK internal',
    file: 'examples/vue/src/main.ts',
    source: "import { createChannelStore } from '../../../packages/sdk/src/channel-store.js';\nexport const store = createChannelStore;\n",
    rule: 'examples-only-package-entries',
    to: 'packages/sdk/src/channel-store.ts',
  },
  {
    what: 'two modules import each other',
    file: `${SERVER}/domain/user.ts`,
    source: "import { ids } from './user-ids.js';\nexport const user = ids;\n",
    with: { [`${SERVER}/domain/user-ids.ts`]: "import { user } from './user.js';\nexport const ids = () => user;\n" },
    rule: 'no-circular',
    from: `${SERVER}/domain/user-ids.ts`,
    to: `${SERVER}/domain/user.ts`,
  },
  {
    what: 'a module nothing imports and that imports nothing',
    file: `${SERVER}/services/forgotten.ts`,
    source: 'export const forgotten = 1;\n',
    rule: 'no-orphans',
    to: `${SERVER}/services/forgotten.ts`,
  },
  {
    what: 'an import that does not resolve',
    file: `${SERVER}/domain/typo.ts`,
    source: "import { newId } from './idz.js';\nexport const typo = newId;\n",
    rule: 'not-to-unresolvable',
    to: './idz.js',
  },
];

/** Writes a tree under a fresh directory, with the workspace links npm would make. */
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hearth-deps-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  mkdirSync(path.join(root, 'node_modules/@hearth'), { recursive: true });
  symlinkSync('../../packages/sdk', path.join(root, 'node_modules/@hearth/sdk'), 'dir');
  symlinkSync('../../packages/elements', path.join(root, 'node_modules/@hearth/elements'), 'dir');
  return root;
}

/** Runs dependency-cruiser with the project's configuration over a tree, the way `npm test` does. */
async function cruiseTree(root: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const reporterOutput = await cruise(['packages', 'examples'], { ...options, baseDir: root, outputType: 'json' });
  return typeof reporterOutput.output === 'string' ? (JSON.parse(reporterOutput.output) as ICruiseResult) : reporterOutput.output;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('dependency rules', () => {
  let clean: ICruiseResult;
  let broken: ICruiseResult;

  beforeAll(async () => {
    const cleanRoot = writeTree(CLEAN_TREE);
    const brokenRoot = writeTree({
      ...CLEAN_TREE,
      ...Object.fromEntries(BREACHES.flatMap((breach) => [[breach.file, breach.source], ...Object.entries(breach.with ?? {})])),
    });
    roots.push(cleanRoot, brokenRoot);
    [clean, broken] = await Promise.all([cruiseTree(cleanRoot), cruiseTree(brokenRoot)]);
  });

  it('finds nothing wrong in a tree that keeps the layering', () => {
    expect(clean.summary.totalCruised).toBeGreaterThanOrEqual(Object.keys(CLEAN_TREE).length / 2);
    expect(clean.summary.violations).toEqual([]);
  });

  it.each(BREACHES)('reports $rule when $what', (breach) => {
    const found = broken.summary.violations.filter((violation) => violation.from === (breach.from ?? breach.file));
    expect(found.map((violation) => ({ rule: violation.rule.name, to: violation.to }))).toContainEqual({
      rule: breach.rule,
      to: breach.to,
    });
  });

  it('reports nothing beyond the breaches, so each rule is precise', () => {
    const expected = new Set(
      BREACHES.flatMap((breach) =>
        [breach.rule, ...(breach.alsoBreaks ?? [])].map((rule) => `${rule}: ${breach.from ?? breach.file} → ${breach.to}`),
      ),
    );
    const extra = broken.summary.violations
      .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
      .filter((line) => !expected.has(line));
    expect(extra).toEqual([]);
  });

  it('demonstrates every rule of the configuration', async () => {
    const options = await extractDepcruiseOptions(CONFIG);
    const ruleNames = (options.ruleSet?.forbidden ?? []).map((rule) => rule.name);
    expect(new Set(BREACHES.map((breach) => breach.rule))).toEqual(new Set(ruleNames));
  });
});
