/**
 * Type declarations of the Hearth elements for React's JSX, Vue's templates and Svelte's markup,
 * written from custom-elements.json (by scripts/generate.mjs) so they cannot drift from the
 * elements: every tag, every attribute and public property, every event with its class.
 *
 * A property's type is not copied from the manifest's text: it is the element class's own
 * (`ChatApp['serverId']`), so it is exactly what the element declares.
 */

const BANNER = '// Generated from custom-elements.json by scripts/generate.mjs. Do not edit; run `npm run generate`.\n';

/** @typedef {{ name: string, fieldName?: string }} Attribute */
/** @typedef {{ kind: string, name: string, privacy?: string, static?: boolean, readonly?: boolean }} Member */
/** @typedef {{ name: string, type?: { text: string } }} ManifestEvent */
/** @typedef {{ tagName: string, name: string, attributes?: Attribute[], members?: Member[], events?: ManifestEvent[] }} Element */
/** @typedef {{ tag: string, className: string, attributes: { name: string, field: string }[], properties: string[], events: { name: string, type: string }[] }} ElementTypes */

/**
 * Every element of the manifest with what the frameworks need of it, sorted by tag. Only classes
 * and event types exported by the package's entry can be named; anything else is an error here,
 * not a broken declaration file.
 *
 * @param {{ modules: Array<{ path: string, declarations?: Element[], exports?: Array<{ name: string }> }> }} manifest
 * @returns {ElementTypes[]}
 */
function elementsOf(manifest) {
  const entry = manifest.modules.find((module) => /^(src|dist)\/index\.(ts|js)$/.test(module.path));
  const exported = new Set((entry?.exports ?? []).map((item) => item.name));
  const named = (name, what) => {
    if (!exported.has(name)) throw new Error(`custom-elements.json: ${what} ${name} is not exported by the package's entry`);
    return name;
  };
  return manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName))
    .map((element) => ({
      tag: element.tagName,
      className: named(element.name, `the class of <${element.tagName}>`),
      attributes: (element.attributes ?? []).filter((a) => a.fieldName).map((a) => ({ name: a.name, field: a.fieldName })),
      properties: (element.members ?? [])
        .filter((member) => member.kind === 'field' && !member.privacy && !member.static && !member.readonly)
        .map((member) => member.name),
      events: (element.events ?? []).map((event) => ({
        name: event.name,
        type: event.type?.text ? named(event.type.text, `the event type of ${event.name}`) : 'CustomEvent',
      })),
    }));
}

const quote = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const unique = (names) => [...new Set(names)].sort();

/** `Own & ...`: the props of one element, as `key?: Type;` lines. */
function propLines(element, { attributes, properties, event }) {
  const lines = [];
  if (attributes) for (const a of element.attributes) lines.push(`${quote(a.name)}?: ${element.className}['${a.field}'];`);
  if (properties) {
    for (const p of element.properties)
      if (!element.attributes.some((a) => a.name === p)) lines.push(`${quote(p)}?: ${element.className}['${p}'];`);
  }
  for (const e of element.events) lines.push(`${quote(event(e.name))}?: (event: ${e.type}) => void;`);
  return lines;
}

function importOf(elements) {
  const names = unique(
    elements.flatMap((element) => [element.className, ...element.events.map((e) => e.type)]).filter((n) => n !== 'CustomEvent'),
  );
  return `import type { ${names.join(', ')} } from '@hearth/elements';`;
}

const block = (lines, indent) => lines.map((line) => `${' '.repeat(indent)}${line}`).join('\n');

/**
 * `types/react.d.ts`: `JSX.IntrinsicElements` for React 19, which sets a prop as a property when
 * the element has one (`client`, `serverId`), as an attribute otherwise (`server-id`), and turns an
 * `on<event>` prop into a listener for `<event>` (`onchat-not-found`).
 */
export function reactTypes(manifest) {
  const elements = elementsOf(manifest);
  const entries = elements.map(
    (element) =>
      `      ${quote(element.tag)}: HearthElementProps<\n        ${element.className},\n        {\n${block(
        propLines(element, { attributes: true, properties: true, event: (name) => `on${name}` }),
        10,
      )}\n        }\n      >;`,
  );
  return `${BANNER}//
// JSX types of the Hearth elements for React 19. Load them once, from any module or .d.ts file:
//   import type {} from '@hearth/elements/react';
${importOf(elements)}
import type { HTMLAttributes, RefAttributes } from 'react';

/** What React accepts on a Hearth element: its own props, and those of any HTML element. */
type HearthElementProps<E extends HTMLElement, Own> = Own & HTMLAttributes<E> & RefAttributes<E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${entries.join('\n')}
    }
  }
}
`;
}

/**
 * `types/vue.d.ts`: Vue's `GlobalComponents`, so vue-tsc checks a template's props and
 * listeners on the elements: `:server-id`, `:client.prop`, `@chat-not-found` (as `onChatNotFound`).
 */
export function vueTypes(manifest) {
  const elements = elementsOf(manifest);
  const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
  const handler = (name) => `on${camel(name).charAt(0).toUpperCase()}${camel(name).slice(1)}`;
  const entries = elements.map(
    (element) =>
      `    ${quote(element.tag)}: DefineComponent<{\n${block(propLines(element, { attributes: false, properties: true, event: handler }), 6)}\n    }>;`,
  );
  return `${BANNER}//
// Template types of the Hearth elements for Vue 3 (vue-tsc). Load them once, from any module:
//   import type {} from '@hearth/elements/vue';
// and tell Vue's compiler that chat-* tags are custom elements (isCustomElement).
${importOf(elements)}
import type { DefineComponent } from 'vue';

declare module 'vue' {
  interface GlobalComponents {
${entries.join('\n')}
  }
}
`;
}

/**
 * `types/svelte.d.ts`: Svelte 5's `SvelteHTMLElements`. Svelte sets a prop as a property when the
 * element has one, as an attribute otherwise, and `on<event>` listens for `<event>`.
 */
export function svelteTypes(manifest) {
  const elements = elementsOf(manifest);
  const entries = elements.map(
    (element) =>
      `    ${quote(element.tag)}: HTMLAttributes<${element.className}> & {\n${block(
        propLines(element, { attributes: true, properties: true, event: (name) => `on${name}` }),
        6,
      )}\n    };`,
  );
  return `${BANNER}//
// Markup types of the Hearth elements for Svelte 5 (svelte-check). Load them once, from any module:
//   import type {} from '@hearth/elements/svelte';
${importOf(elements)}
import type { HTMLAttributes } from 'svelte/elements';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
${entries.join('\n')}
  }
}
`;
}

/**
 * custom-elements.json as shipped: its module paths name the built files of the package
 * (`dist/chat-app/chat-app.js`) rather than the sources, which the package does not ship.
 */
export function toShippedPaths(manifest) {
  const shipped = (value) => (typeof value === 'string' ? value.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js') : value);
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, key === 'path' || key === 'module' ? shipped(value) : walk(value)]),
    );
  };
  return walk(manifest);
}
