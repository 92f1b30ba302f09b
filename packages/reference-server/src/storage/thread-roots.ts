import type { Message } from '../domain/types.js';

/**
 * The roots a page of changes after `afterSeq` must bring along: those of its thread replies
 * whose root is not in the page. Only roots at or below `afterSeq` are missing for good; a root
 * changed after the page's last version comes in a later page, in its place.
 */
export function missingRootIds(messages: readonly Message[]): string[] {
  const listed = new Set(messages.map((message) => message.id));
  const missing = new Set<string>();
  for (const message of messages) if (message.threadId !== null && !listed.has(message.threadId)) missing.add(message.threadId);
  return [...missing];
}

/**
 * The page with each root of `roots` (those at or below `afterSeq`) placed just before the
 * first reply in its thread, so the page still ends with its highest version.
 */
export function withThreadRoots(messages: readonly Message[], roots: readonly Message[], afterSeq: number): Message[] {
  const waiting = new Map(roots.filter((root) => root.version <= afterSeq).map((root) => [root.id, root]));
  if (waiting.size === 0) return [...messages];
  const result: Message[] = [];
  for (const message of messages) {
    const root = message.threadId !== null ? waiting.get(message.threadId) : undefined;
    if (root) {
      result.push(root);
      waiting.delete(root.id);
    }
    result.push(message);
  }
  return result;
}
