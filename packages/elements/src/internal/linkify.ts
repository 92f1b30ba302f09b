/** A web address found in message text: the text as written, and the href it links to. */
export interface FoundLink {
  text: string;
  href: string;
}

const SCHEMES = ['http:', 'https:', 'mailto:'];
const LINK = /(?:https?:\/\/|mailto:)[^\s<>"]+/iy;
const TRAILING = /[.,;:!?)\]}'"*_~]+$/;

/**
 * The href of `url` if it is an absolute `http:`, `https:` or `mailto:` address, normalised by
 * the URL parser; undefined for anything else (`javascript:`, `data:`, relative paths), so a
 * link can only ever lead to a web page or a mail client.
 *
 * @example
 * safeHref('HTTPS://Example.com'); // 'https://example.com/'
 * safeHref('javascript:alert(1)'); // undefined
 */
export function safeHref(url: string): string | undefined {
  // The URL parser forgives leading spaces and encodes inner ones; a link target must have none.
  if (!/^[a-z]\S*$/i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return SCHEMES.includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The http(s) or mailto address written at `index` of `text`, if one starts there (and not in the
 * middle of a word). Closing punctuation right after it (`see https://example.com.`) stays text.
 *
 * @example
 * linkAt('see https://example.com.', 4); // { text: 'https://example.com', href: 'https://example.com/' }
 */
export function linkAt(text: string, index: number): FoundLink | undefined {
  if (index > 0 && /\w/.test(text[index - 1] as string)) return undefined;
  LINK.lastIndex = index;
  const match = LINK.exec(text);
  if (!match) return undefined;
  const url = match[0].replace(TRAILING, '');
  const href = safeHref(url);
  return href ? { text: url, href } : undefined;
}
