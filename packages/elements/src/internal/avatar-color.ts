/** How many avatar colours the palette has (`--chat-avatar-1` to `--chat-avatar-8`). */
export const AVATAR_COLORS = 8;

/**
 * A number from a user's id, the same in every session and browser: FNV-1a, which spreads ids
 * that differ in one character. It picks the avatar's colour and the user's tag.
 */
export function hashId(userId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash ^= userId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The palette slot (1 to {@link AVATAR_COLORS}) of a user's avatar, from their id: the same user
 * always gets the same colour, and two users of the same name most likely different ones.
 */
export function avatarColor(userId: string): number {
  return (hashId(userId) % AVATAR_COLORS) + 1;
}
