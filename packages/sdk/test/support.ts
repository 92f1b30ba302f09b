import { type ReadableAtom } from 'nanostores';
import { WebSocket } from 'ws';
import { type ChatClient, type ChatClientOptions, createChatClient } from '../src/index.js';

export { createCommunity, type Community, type Member } from '../../reference-server/test/support/community.js';
export {
  startTestServer,
  type TestServer,
  makeDataDir,
  testEnvironment,
  TEST_CATEGORY,
} from '../../reference-server/test/support/test-server.js';
export { tokenFor } from '../../reference-server/test/support/tokens.js';
export { TestSocket } from '../../reference-server/test/support/socket-client.js';

const clients: ChatClient[] = [];

/** A client for Node (with `ws`), closed by {@link closeClients}. */
export function nodeClient(url: string, options: Omit<ChatClientOptions, 'url'>): ChatClient {
  const client = createChatClient({ url, WebSocket, ...options });
  clients.push(client);
  return client;
}

/** Closes every client made by {@link nodeClient}. */
export function closeClients(): void {
  for (const client of clients.splice(0)) client.close();
}

/** Resolves with the store's value once `ready` holds for it. */
export function until<T>(store: ReadableAtom<T>, ready: (value: T) => boolean, waitMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let unbind = () => {};
    const timer = setTimeout(() => {
      unbind();
      reject(new Error(`store never reached the expected value; last: ${JSON.stringify(store.get()).slice(0, 500)}`));
    }, waitMs);
    unbind = store.subscribe((value) => {
      if (!ready(value)) return;
      clearTimeout(timer);
      queueMicrotask(() => unbind());
      resolve(value);
    });
  });
}
