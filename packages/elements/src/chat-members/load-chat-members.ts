/**
 * Loads (and so registers) `<chat-members>` on demand: its code is a chunk of its own in the
 * standalone bundle, fetched when the page first shows a members list, so a page that never
 * shows one never downloads it.
 */
export const loadChatMembers = () => import('./chat-members.js');

/** Registers `<chat-members>` at once when one is in the page already. */
export function defineChatMembersOnDemand(): void {
  if (document.querySelector('chat-members')) void loadChatMembers();
}
