/** A piece of message text: plain text, or a link to an http(s) or mailto address. */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits message text into plain parts and links. Only `http:`, `https:` and `mailto:` become
 * links (never `javascript:`); the text itself is always rendered as text, never as HTML.
 *
 * @example
 * linkify('see https://example.com.'); // [{text:'see '}, {text:'https://example.com', href:…}, {text:'.'}]
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const url = match[0].replace(TRAILING, '');
    if (start > last) parts.push({ text: text.slice(last, start) });
    let href: string | undefined;
    try {
      const parsed = new URL(url);
      if (['http:', 'https:', 'mailto:'].includes(parsed.protocol)) href = parsed.href;
    } catch {
      href = undefined;
    }
    parts.push(href ? { text: url, href } : { text: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
