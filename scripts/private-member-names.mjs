// The names of the elements' private members that the standalone bundle may shorten (esbuild's
// mangleProps). esbuild renames a property everywhere it is written as `x.name` or `{ name }` in the
// bundle, so a name qualifies only when renaming it cannot reach anything outside the elements'
// own code: it is declared `private` in packages/elements/src; no decorator declares it (the
// compiled decorators name their property in a string); no string in the elements names it; the
// public events and strings (events.ts, thread-events.ts, strings.ts: what a page reads or passes)
// do not use the word; and neither do the DOM and ECMAScript library types, Lit, nanostores or the
// SDK.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The files under `directory` whose names match `pattern`, recursively. */
function filesIn(directory, pattern) {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const read = (file) => readFileSync(file, 'utf8');

/** @returns {string[]} */
export function privateMemberNames(root) {
  const sources = filesIn(path.join(root, 'packages/elements/src'), /(?<!\.test)\.ts$/).map(read);
  const own = sources.join('\n');
  const declared = new Set();
  for (const line of own.split('\n')) {
    if (line.includes('@')) continue;
    const name = /^\s*private\s+(?:readonly\s+)?(?:async\s+)?(?:get\s+|set\s+)?([A-Za-z]\w*)/.exec(line)?.[1];
    if (name) declared.add(name);
  }
  const decorated = new Set(
    [...own.matchAll(/@\w+\([^)]*\)\s*(?:(?:private|protected|readonly)\s+)*accessor\s+(\w+)/g)].map((match) => match[1]),
  );
  const typescript = path.join(root, 'node_modules/typescript/lib');
  const others = [
    ...filesIn(typescript, /^lib\.(dom|es\d+|esnext).*\.d\.ts$/),
    ...filesIn(path.join(root, 'packages/sdk/src'), /\.ts$/),
    ...['events.ts', 'chat-thread/thread-events.ts', 'internal/strings.ts'].map((file) => path.join(root, 'packages/elements/src', file)),
    ...['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'nanostores'].flatMap((name) =>
      filesIn(path.join(root, 'node_modules', name), /\.js$/),
    ),
  ]
    .map(read)
    .join('\n');
  const words = new Set(others.match(/[A-Za-z_$][\w$]*/g));
  const quoted = new Set(own.match(/(?<=['"`])[A-Za-z]\w*(?=['"`])/g));
  // Short names gain little and are the likeliest to mean something elsewhere.
  return [...declared].filter((name) => name.length >= 5 && !decorated.has(name) && !words.has(name) && !quoted.has(name)).sort();
}
