import { type ChatClient, createChatClient } from '@hearth/sdk';
import { onMounted, onScopeDispose } from 'vue';

/**
 * A client for `token`, talking to the origin this page is served from, open while the calling
 * component is mounted. Keep it a plain value, never inside `ref()` or `reactive()`: Vue's deep
 * proxies cannot reach the SDK's private class fields, and the SDK's stores are reactive already.
 */
export function useChatClient(token: string): ChatClient {
  const chat = createChatClient({ url: location.origin, token });
  onMounted(() => chat.connect());
  onScopeDispose(() => chat.close());
  return chat;
}
