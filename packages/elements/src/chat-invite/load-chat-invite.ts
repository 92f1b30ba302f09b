/**
 * Loads (and so registers) `<chat-invite>` on demand: its code is a chunk of its own in the
 * standalone bundle, fetched when `<chat-app>` is given an invite or the page holds one.
 */
export const loadChatInvite = () => import('./chat-invite.js');

/** Registers `<chat-invite>` at once when one is in the page already. */
export function defineChatInviteOnDemand(): void {
  if (document.querySelector('chat-invite')) void loadChatInvite();
}
