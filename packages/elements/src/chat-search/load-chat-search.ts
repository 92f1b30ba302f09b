/**
 * Loads (and so registers) `<chat-search>` on demand, with what `<chat-app>` shows of it: a chunk
 * of its own in the standalone bundle, fetched when the user first focuses `<chat-app>`'s search
 * field, so a page whose users never search never downloads it.
 */
export const loadChatSearch = () => import('./search-panel.js');

/** Registers `<chat-search>` at once when one is in the page already. */
export function defineChatSearchOnDemand(): void {
  if (document.querySelector('chat-search')) void loadChatSearch();
}
