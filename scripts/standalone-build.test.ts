// The standalone hearth-elements.js and the files it loads on first use, as scripts/build-standalone.mjs
// writes them: each lazy file may import only what the main file exports (the code they share is
// folded into it), and only from files that are there. Element tests run the sources, so only this
// sees the bundle's seams.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = 'hearth-elements.js';
let directory: string;
const read = (name: string) => readFileSync(path.join(directory, name), 'utf8');

/** The names a minified module exports, from its closing `export{…}`. */
function exportsOf(source: string): string[] {
  const clause = /export\s*\{([^}]*)\}\s*;?\s*(?:\/\/#[^\n]*\s*)?$/.exec(source)?.[1] ?? '';
  return clause.split(',').map((binding) =>
    (
      binding
        .trim()
        .split(/\s+as\s+/)
        .at(-1) as string
    ).trim(),
  );
}

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'hearth-standalone-'));
  execFileSync(process.execPath, ['scripts/build-standalone.mjs', '--copy-to', directory], { cwd: ROOT, stdio: 'ignore' });
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the standalone build', () => {
  it('writes the main file, its source map, and the files loaded on first use: Explore, the members, the thread panel, the side panels, the @ autocomplete, the message editor, the toolbar and its actions, the emoji picker, files, the search, and the community UI', () => {
    const files = readdirSync(directory).sort();
    expect(files).toContain(MAIN);
    expect(files).toContain(`${MAIN}.map`);
    const lazy = files.filter((file) => file.startsWith('hearth-elements-'));
    const modules = lazy.filter((file) => !file.startsWith('hearth-elements-chunk-'));
    expect(modules.map((file) => file.replace(/-[A-Z0-9]+\.js$/, ''))).toEqual([
      'hearth-elements-app-drawer',
      'hearth-elements-app-panels',
      'hearth-elements-attachment-composer',
      'hearth-elements-attachment-view',
      'hearth-elements-chat-explore',
      'hearth-elements-chat-invite',
      'hearth-elements-chat-members',
      'hearth-elements-chat-thread',
      'hearth-elements-composer-limits',
      'hearth-elements-create-server',
      'hearth-elements-landing',
      'hearth-elements-length-counter',
      'hearth-elements-mention-autocomplete',
      'hearth-elements-message-action-handlers',
      'hearth-elements-message-editor',
      'hearth-elements-message-toolbar',
      'hearth-elements-reaction-picker',
      'hearth-elements-search-panel',
      'hearth-elements-server-menu',
      'hearth-elements-server-settings',
      'hearth-elements-show-message',
    ]);
    // The main file fetches them by their names, relative to itself, except what only another lazy
    // file opens (the settings from the server menu, the emoji picker from the message actions);
    // code that only lazy files share is a chunk that they import, never the main file.
    const importers = (file: string) => [MAIN, ...lazy].filter((other) => read(other).includes(`"./${file}"`));
    const openedBy: Record<string, string> = { 'server-settings': 'server-menu', 'reaction-picker': 'message-action-handlers' };
    for (const file of modules) {
      const opener = Object.entries(openedBy).find(([name]) => file.includes(`-${name}-`))?.[1];
      expect(importers(file), file).toEqual(opener ? [lazy.find((name) => name.includes(`-${opener}-`))] : [MAIN]);
    }
    for (const file of lazy.filter((name) => name.startsWith('hearth-elements-chunk-'))) {
      expect(importers(file).length, file).toBeGreaterThan(0);
      expect(importers(file), file).not.toContain(MAIN);
      // A file with no code would cost its importers a request for nothing (a module that only
      // re-exports another, such as lit/directive.js, leaves one when two lazy files share it).
      expect(read(file).trim(), file).not.toBe('');
    }
  });

  it('lets each lazy file import only names the main file exports, and only from files that exist', () => {
    const exported = new Set(exportsOf(read(MAIN)));
    const files = readdirSync(directory);
    for (const file of files.filter((name) => name.startsWith('hearth-elements-'))) {
      const source = read(file);
      const imports = [...source.matchAll(/import\s*(?:\{([^}]*)\}\s*from\s*)?"\.\/([^"]+)"/g)];
      // A chunk of code only lazy files share may need nothing of the main file.
      if (!file.startsWith('hearth-elements-chunk-')) expect(imports.length, file).toBeGreaterThan(0);
      for (const [, bindings = '', target] of imports) {
        expect(files, `${file} imports ${target}`).toContain(target);
        if (target !== MAIN) continue;
        for (const binding of bindings.split(',').filter((name) => name.trim())) {
          const name = binding.trim().split(/\s+as\s+/)[0] as string;
          expect(exported.has(name), `${file} imports ${name}, which ${MAIN} does not export`).toBe(true);
        }
      }
    }
  });

  it('keeps every template literal readable: no escape that would make a stylesheet or template undefined', () => {
    const invalid: string[] = [];
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.js'))) {
      const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const visit = (node: ts.Node): void => {
        // A tagged template may hold an invalid escape (`\25be`): its cooked string is then undefined.
        if (
          ts.isTemplateLiteralToken(node) &&
          node.rawText !== undefined &&
          /\\(?:[1-9]|0\d|x(?![\da-fA-F]{2})|u(?![\da-fA-F]{4}|\{))/.test(node.rawText)
        ) {
          invalid.push(`${file}: ${node.rawText.slice(0, 80)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(invalid).toEqual([]);
  });
});
