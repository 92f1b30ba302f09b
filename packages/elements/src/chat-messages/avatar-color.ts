/** How many avatar colours the palette has (`--chat-avatar-1` to `--chat-avatar-8`). */
export const AVATAR_COLORS = 8;

/**
 * The palette slot (1 to {@link AVATAR_COLORS}) of a user's avatar, from their id: the same user
 * always gets the same colour, and two users of the same name most likely different ones.
 */
export function avatarColor(userId: string): number {
  // FNV-1a: stable across sessions and browsers, and spreads ids that differ in one character.
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash ^= userId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % AVATAR_COLORS) + 1;
}
