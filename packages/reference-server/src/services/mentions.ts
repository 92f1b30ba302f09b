import { MAX_MENTIONS, MENTION_PATTERN } from '@hearth/sdk/protocol';

/** The user ids written as `<@USER_ID>` in `content`, each once, in the order first written. */
export function mentionedIds(content: string): string[] {
  const ids = new Set<string>();
  for (const match of content.matchAll(MENTION_PATTERN)) if (match[1] !== undefined) ids.add(match[1]);
  return [...ids];
}

/**
 * The mentions a message keeps: of the ids written in `content`, those `membersAmong` finds among the members,
 * in the order first written, at most {@link MAX_MENTIONS}. Any other stays plain text.
 */
export async function resolveMentions(content: string, membersAmong: (userIds: string[]) => Promise<string[]>): Promise<string[]> {
  const written = mentionedIds(content);
  if (written.length === 0) return [];
  const members = new Set(await membersAmong(written));
  return written.filter((id) => members.has(id)).slice(0, MAX_MENTIONS);
}
