import { linkAt, safeHref } from './linkify.js';

/** A run of inline Markdown: text, or a span that holds more of it. */
export type MarkdownInline =
  | string
  | { type: 'strong' | 'em' | 'strike'; children: MarkdownInline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: MarkdownInline[] }
  | { type: 'mention'; id: string };

/** A block of Markdown: lines of text (their line breaks kept), a fenced code block, or a quote. */
export type MarkdownBlock =
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'code-block'; lang: string; text: string }
  | { type: 'quote'; children: MarkdownBlock[] };

type Delimiter = '**' | '__' | '~~' | '*' | '_';
const SPANS: ReadonlyArray<[Delimiter, 'strong' | 'em' | 'strike']> = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['~~', 'strike'],
  ['*', 'em'],
  ['_', 'em'],
];
// Deeper nesting than this is not writing, it is an attack on the parser: it stays text.
const MAX_DEPTH = 8;
const FENCE = /^ {0,3}```([\w+#.-]*)\s*$/;
const QUOTE = /^>(?: |$)/;
// Parsing backtracks when a span does not close; input built for that (thousands of `[` or `*a `)
// could take seconds, so past this many steps per character a block is shown as text and links.
const STEPS_PER_CHARACTER = 16;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
// A mention as the protocol writes it (the SDK's MENTION_PATTERN), anchored where the parser is.
const MENTION = /<@([\w-]{1,64})>/y;

/**
 * Parses the Markdown subset of messages into a small tree: `**bold**` and `__bold__`, `*italic*`
 * and `_italic_`, `~~strike~~`, `` `code` ``, fenced code blocks with an optional language,
 * `> ` quotes, `[text](url)` links, bare http(s)/mailto addresses and `<@USER_ID>` mentions (kept
 * as ids: whoever renders them knows the names). Links lead only to http,
 * https and mailto addresses; any other target leaves the whole `[text](url)` as text. A
 * backslash escapes a marker, markers inside code are literal, and a marker that is never
 * closed stays as written. The tree holds only text: no HTML is ever parsed from a message.
 *
 * @example
 * parseMarkdown('**hi** `x`');
 * // [{ type: 'paragraph', children: [{ type: 'strong', children: ['hi'] }, ' ', { type: 'code', text: 'x' }] }]
 */
export function parseMarkdown(source: string): MarkdownBlock[] {
  return parseBlocks(source.split(/\r?\n/), 0);
}

function parseBlocks(lines: string[], depth: number): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const fence = FENCE.exec(line);
    const close = fence ? lines.findIndex((candidate, at) => at > index && candidate.trimEnd().endsWith('```')) : -1;
    if (fence && close > index) {
      flush();
      const body = lines.slice(index + 1, close + 1).join('\n');
      blocks.push({ type: 'code-block', lang: fence[1] as string, text: body.trimEnd().slice(0, -3).replace(/\n$/, '') });
      index = close;
    } else if (QUOTE.test(line) && depth < MAX_DEPTH) {
      flush();
      const quoted: string[] = [];
      for (; index < lines.length && QUOTE.test(lines[index] as string); index++) quoted.push((lines[index] as string).replace(QUOTE, ''));
      index--;
      blocks.push({ type: 'quote', children: parseBlocks(quoted, depth + 1) });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** Inline Markdown of one block; spans that cannot close are remembered so that no input backtracks twice. */
function parseInline(source: string): MarkdownInline[] {
  const unclosed = new Set<string>();
  const tooComplex = new Error('too complex');
  let steps = STEPS_PER_CHARACTER * source.length + 1000;

  const canOpen = (at: number, delimiter: Delimiter) => {
    const next = source[at + delimiter.length];
    if (next === undefined || SPACE.test(next)) return false;
    return !delimiter.startsWith('_') || !WORD.test(source[at - 1] ?? '');
  };
  const canClose = (at: number, delimiter: string) => {
    if (delimiter === ']') return true;
    if (SPACE.test(source[at - 1] ?? ' ')) return false;
    return !delimiter.startsWith('_') || !WORD.test(source[at + delimiter.length] ?? '');
  };

  /** The inlines from `start` up to `closer` (to the end when none), or undefined if `closer` never comes. */
  function span(
    start: number,
    closer: string | undefined,
    depth: number,
    inLink: boolean,
  ): { children: MarkdownInline[]; end: number } | undefined {
    const key = `${closer}@${start}${inLink ? ' in link' : ''}`;
    if (unclosed.has(key)) return undefined;
    const children: MarkdownInline[] = [];
    let text = '';
    const push = (node: MarkdownInline) => {
      if (text) children.push(text);
      text = '';
      children.push(node);
    };
    let at = start;
    while (at < source.length) {
      if (--steps < 0) throw tooComplex;
      if (closer && source.startsWith(closer, at) && (text || children.length > 0) && canClose(at, closer)) {
        if (text) children.push(text);
        return { children, end: at + closer.length };
      }
      const char = source[at] as string;
      if (char === '\\' && ESCAPABLE.test(source[at + 1] ?? '')) {
        text += source[at + 1];
        at += 2;
        continue;
      }
      if (char === '`') {
        const ticks = /^`+/.exec(source.slice(at))?.[0] as string;
        const end = findTicks(source, at + ticks.length, ticks.length);
        if (end >= 0) push({ type: 'code', text: source.slice(at + ticks.length, end) });
        else text += ticks;
        at = end >= 0 ? end + ticks.length : at + ticks.length;
        continue;
      }
      const opened = depth < MAX_DEPTH ? SPANS.find(([delimiter]) => source.startsWith(delimiter, at)) : undefined;
      if (opened) {
        const [delimiter, type] = opened;
        const inner = canOpen(at, delimiter) ? span(at + delimiter.length, delimiter, depth + 1, inLink) : undefined;
        if (inner) push({ type, children: inner.children });
        else text += delimiter;
        at = inner ? inner.end : at + delimiter.length;
        continue;
      }
      if (!inLink && char === '[' && depth < MAX_DEPTH) {
        const label = span(at + 1, ']', depth + 1, true);
        const target = label && source[label.end] === '(' ? source.indexOf(')', label.end) : -1;
        const href = target >= 0 ? safeHref(source.slice(label!.end + 1, target)) : undefined;
        if (href) {
          push({ type: 'link', href, children: label!.children });
          at = target + 1;
          continue;
        }
      }
      MENTION.lastIndex = at;
      const mention = char === '<' && MENTION.exec(source);
      if (mention) {
        push({ type: 'mention', id: mention[1] as string });
        at = MENTION.lastIndex;
        continue;
      }
      const found = inLink ? undefined : linkAt(source, at);
      if (found) {
        push({ type: 'link', href: found.href, children: [found.text] });
        at += found.text.length;
        continue;
      }
      text += char;
      at++;
    }
    if (closer) {
      unclosed.add(key);
      return undefined;
    }
    if (text) children.push(text);
    return { children, end: at };
  }

  try {
    return span(0, undefined, 0, false)?.children ?? [];
  } catch (error) {
    if (error !== tooComplex) throw error;
    return textAndLinks(source);
  }
}

/** Text with its bare addresses as links, and nothing else: what a block too complex to parse shows. */
function textAndLinks(source: string): MarkdownInline[] {
  const nodes: MarkdownInline[] = [];
  let from = 0;
  for (let at = 0; at < source.length; at++) {
    const found = linkAt(source, at);
    if (!found) continue;
    if (at > from) nodes.push(source.slice(from, at));
    nodes.push({ type: 'link', href: found.href, children: [found.text] });
    at += found.text.length - 1;
    from = at + 1;
  }
  if (from < source.length) nodes.push(source.slice(from));
  return nodes;
}

/** Where a run of exactly `count` backticks starts at or after `from`, or -1. */
function findTicks(source: string, from: number, count: number): number {
  const run = /`+/g;
  run.lastIndex = from;
  for (let match = run.exec(source); match; match = run.exec(source)) {
    if (match[0].length === count) return match.index;
  }
  return -1;
}
