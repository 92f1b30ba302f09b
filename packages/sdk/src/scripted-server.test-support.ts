// The SDK's unit tests' stand-in server: msw answers REST on a made-up origin and a scripted socket
// plays the server's frames, so refusals, lost frames and late confirmations happen on demand. The
// same behaviours against a real server are covered in packages/sdk/test/.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ReadableAtom } from 'nanostores';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ChatClient, type ChatMessage, type Message, createChatClient } from './index.js';

export const origin = 'http://hearth.test';
export const api = (path: string) => `${origin}${path}`;
export const mock = setupServer();
const clients: ChatClient[] = [];
/** Unsubscribes and other stops run after each test. */
export const stops: Array<() => void> = [];

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  for (const chat of clients.splice(0)) chat.close();
  mock.resetHandlers();
  ScriptedSocket.last = undefined;
  ScriptedSocket.ready = {};
});
afterAll(() => mock.close());

export const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
export const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };

export const message = (seq: number, changes: Partial<Message> = {}): Message => ({
  id: `m_${seq}`,
  channelId: 'c_1',
  seq,
  author: ada,
  content: `message ${seq}`,
  createdAt: '2026-12-01T10:00:00.000Z',
  version: seq,
  editedAt: null,
  deleted: false,
  ...changes,
});

/** A socket that opens at once, answers `hello` with `ready` as Ada, and lets the test play frames. */
export class ScriptedSocket extends EventTarget {
  static last: ScriptedSocket | undefined;
  /** What the next sockets' `ready` carries besides the user (read states). */
  static ready: Record<string, unknown> = {};
  readyState = 0;
  binaryType = 'blob';
  readonly sent: Array<Record<string, unknown>> = [];
  constructor(readonly url: string) {
    super();
    ScriptedSocket.last = this;
    setTimeout(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }
  send(text: string): void {
    const frame = JSON.parse(text) as Record<string, unknown>;
    this.sent.push(frame);
    if (frame.type === 'hello') this.play({ type: 'ready', user: ada, ...ScriptedSocket.ready });
  }
  play(frame: unknown): void {
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(frame) })));
  }
  close(code = 1000): void {
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '' })));
  }
}

/** Resolves with the store's value once `ready` accepts it. */
export function until<T>(store: ReadableAtom<T>, ready: (state: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`store stayed at ${JSON.stringify(store.get())}`)), 3000);
    const stop = store.subscribe((state) => {
      if (!ready(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}

export const contents = (rows: readonly ChatMessage[]) =>
  rows.map((row) => (row.deleted ? `${row.id} deleted` : `${row.id} ${row.content}`));

/**
 * A watched channel whose history is `history` and whose last seq is `lastSeq`; `prepare` gets the
 * client before anything opens (to attach an optional entry from the start).
 */
export async function openChannel(history: Message[], lastSeq = history.at(-1)?.seq ?? 0, prepare?: (chat: ChatClient) => void) {
  mock.use(http.get(api('/api/channels/c_1/messages'), () => HttpResponse.json({ messages: history, hasMore: false })));
  const chat = createChatClient({ url: origin, token: 't', WebSocket: ScriptedSocket });
  clients.push(chat);
  prepare?.(chat);
  const errors: Error[] = [];
  stops.push(chat.on('error', (error) => errors.push(error)));
  const channel = chat.channel('c_1');
  stops.push(channel.$messages.listen(() => {}));
  const socket = await waitFor(() => ScriptedSocket.last);
  await waitFor(() => socket.sent.some((frame) => frame.type === 'subscribe'));
  socket.play({ type: 'subscribed', channelId: 'c_1', missed: [], complete: true, lastSeq });
  await until(channel.$status, (status) => status.state === 'ready');
  return { chat, channel, socket, errors };
}

/** Resolves once `check` returns a value other than undefined or false (polled). */
export function waitFor<T>(check: () => T | undefined | false): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - started > 3000) return reject(new Error('condition never held'));
      setTimeout(tick, 5);
    };
    tick();
  });
}
