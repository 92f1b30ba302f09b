// The names of the elements' private members that the standalone bundle may shorten (esbuild's
// mangleProps). esbuild renames a property everywhere it is written as `x.name` or `{ name }` in
// the bundle (and in the calls that compiled decorators make), so a name qualifies only when
// renaming it cannot reach anything outside the elements' own code:
// - it is declared `private` in packages/elements/src, plainly or as reactive state (`@state`
//   and `@query` declare no attribute, which `@property` would name after it);
// - no member of a class or interface there has the name without being private;
// - no string in the elements names it, and no module there exports it (a lazily loaded module's
//   exports are read from its namespace by name);
// - the public events and strings (events.ts, thread-events.ts, strings.ts: what a page reads or
//   passes) do not use the word, and neither do the DOM and ECMAScript library types, Lit,
//   nanostores or the SDK.
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
  // Members of classes and interfaces that are not private, at their declarations' indentation.
  const open = new Set();
  for (const line of own.split('\n')) {
    // @state and @query declare no attribute, so their property's name is nowhere but in the code.
    const member = line.replace(/^(\s*)(?:@(?:state|query)\([^)]*\)\s*)+/, '$1');
    if (member.includes('@')) continue;
    const name = /^\s*private\s+(?:readonly\s+)?(?:accessor\s+)?(?:async\s+)?(?:get\s+|set\s+)?([A-Za-z]\w*)/.exec(member)?.[1];
    if (name) declared.add(name);
    const shown = /^ {2}(?:(?:static|readonly|async|get|set|accessor|override)\s+)*([A-Za-z]\w*)\s*[(<:=;?!]/.exec(member)?.[1];
    if (shown) open.add(shown);
  }
  // A property's attribute is named after it.
  const properties = new Set(
    [...own.matchAll(/@property\([^)]*\)\s*(?:(?:private|protected|readonly)\s+)*accessor\s+(\w+)/g)].map((match) => match[1]),
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
  // What a module exports is read by that name from its namespace (`await import(…)` gives the
  // lazily loaded files as one), where renaming would miss it.
  const exported = new Set([
    ...[...own.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+(\w+)/gm)].map(
      (match) => match[1],
    ),
    ...[...own.matchAll(/^export\s*\{([^}]*)\}/gm)].flatMap((match) =>
      match[1].split(',').map((part) =>
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1),
      ),
    ),
  ]);
  // Short names gain little and are the likeliest to mean something elsewhere.
  return [...declared]
    .filter(
      (name) =>
        name.length >= 5 && !open.has(name) && !properties.has(name) && !words.has(name) && !quoted.has(name) && !exported.has(name),
    )
    .sort();
}
