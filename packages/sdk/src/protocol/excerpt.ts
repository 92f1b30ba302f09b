import { MAX_EXCERPT_LENGTH } from './limits.js';

/**
 * The excerpt of a message that a reply quotes: its content with each mention written `@Name`
 * (the names of `mentions`; an id not among them stays as written), cut to
 * {@link MAX_EXCERPT_LENGTH} UTF-16 units, never inside a surrogate pair or a mention. The server
 * and the SDK (for a pending reply, or an original edited since) make it the same way.
 *
 * @example
 * excerptOf('hi <@u_ada>!', [{ id: 'u_ada', name: 'Ada' }]); // 'hi @Ada!'
 */
export function excerptOf(content: string, mentions: ReadonlyArray<{ id: string; name: string }> = []): string {
  const named = content.replace(/<@([\w-]{1,64})>/g, (token, id: string) => {
    const user = mentions.find((mention) => mention.id === id);
    return user ? `@${user.name}` : token;
  });
  let cut = named.slice(0, MAX_EXCERPT_LENGTH);
  // A mention cut short reads as noise: leave it out whole.
  cut = cut.replace(/<@[\w-]*$/, '');
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
