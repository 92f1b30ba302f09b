/**
 * Loads (and so registers) `<chat-thread>` on demand: its code is a chunk of its own in the
 * standalone bundle, fetched when the page first asks for a thread, so a page that never opens
 * one never downloads it.
 */
export const loadChatThread = () => import('./chat-thread.js');

/**
 * Registers `<chat-thread>` as soon as the page needs it: on the first `chat-thread-open` (a page
 * that shows `<chat-messages>` on its own places a panel then), or at once when one is in the page.
 */
export function defineChatThreadOnDemand(): void {
  addEventListener('chat-thread-open', () => void loadChatThread(), { capture: true, once: true });
  if (document.querySelector('chat-thread')) void loadChatThread();
}
