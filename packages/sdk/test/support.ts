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
export { gradientPng } from '../../reference-server/test/support/png.js';
export { pngHeader } from '../../reference-server/test/support/image-headers.js';

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

/** Limits high enough that a test's burst of frames and REST writes is never refused. */
export const GENEROUS_LIMITS = {
  HEARTH_FRAMES_PER_SECOND: '10000',
  HEARTH_FRAME_BURST: '10000',
  HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
};

/** Calls the REST API of the server at `baseUrl` as `token`; a refusal throws with its status and body. */
export async function restCall<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A client as `token` (through `socketUrl` when given) that counts the history pages it fetches. */
export function historyCountingClient(url: string, token: string, socketUrl?: string) {
  const historyRequests: string[] = [];
  const chat = nodeClient(url, {
    token,
    ...(socketUrl && { socketUrl }),
    fetch: (input, init) => {
      const requested = String(input instanceof Request ? input.url : input);
      if ((init?.method ?? 'GET') === 'GET' && requested.includes('/messages')) historyRequests.push(requested);
      return fetch(input, init);
    },
  });
  return { chat, historyRequests };
}
