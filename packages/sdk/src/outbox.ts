import { type ReadableAtom, atom } from 'nanostores';
import { ChatSocketError } from './errors.js';
import type { ClientFrame, Message, User } from './protocol/frames.js';

/** A message the user sent that the server has not acknowledged yet, or refused. */
export interface PendingMessage {
  /** `pending:{clientId}`, so a list can key rows by `id` before the real id is known. */
  id: string;
  clientId: string;
  channelId: string;
  content: string;
  author: User | null;
  createdAt: string;
  /** `pending` until acknowledged; `failed` when refused (see `error`); retry with `retry()`. */
  state: 'pending' | 'failed';
  error?: ChatSocketError;
  /** Never set: a send has no changes yet (present so that rows of either kind read alike). */
  version?: undefined;
  editedAt?: undefined;
  deleted?: undefined;
}

interface Waiter {
  resolve: (message: Message) => void;
  reject: (error: ChatSocketError) => void;
}

const MAX_RATE_LIMIT_RETRIES = 3;

/** A random id for a send, unique enough to make it idempotent across reconnects. */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('');
}

/**
 * The sends not yet acknowledged, in the order they were made. Each is sent when the connection
 * is ready, and sent again after every reconnect until its `ack` comes: the server deduplicates by
 * `clientId`, so a send that got through before the drop is not stored twice.
 */
export class Outbox {
  readonly #entries = atom<readonly PendingMessage[]>([]);
  /** Every pending or failed send, oldest first. */
  readonly $entries: ReadableAtom<readonly PendingMessage[]> = this.#entries;
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #rateLimitRetries = new Map<string, number>();

  readonly #transmit: (frame: ClientFrame) => boolean;

  constructor(transmit: (frame: ClientFrame) => boolean) {
    this.#transmit = transmit;
  }

  /** Queues a send and transmits it when possible; resolves with the stored message. */
  add(channelId: string, content: string, author: User | null): Promise<Message> {
    const clientId = newClientId();
    const entry: PendingMessage = {
      id: `pending:${clientId}`,
      clientId,
      channelId,
      content,
      author,
      createdAt: new Date().toISOString(),
      state: 'pending',
    };
    this.#entries.set([...this.#entries.get(), entry]);
    const settled = this.#wait(clientId);
    this.#transmitOne(clientId);
    return settled;
  }

  /** Sends a failed message again; resolves with the stored message. */
  retry(clientId: string): Promise<Message> {
    const entry = this.#find(clientId);
    if (!entry) return Promise.reject(new ChatSocketError('unknown_send', `no unsent message with clientId ${clientId}`, clientId));
    const settled = this.#wait(clientId);
    if (entry.state === 'failed') {
      this.#rateLimitRetries.delete(clientId);
      this.#replace(clientId, { state: 'pending' });
      this.#transmitOne(clientId);
    }
    return settled;
  }

  /** Drops a failed message; whoever awaits it is told it was discarded. */
  discard(clientId: string): void {
    if (!this.#find(clientId)) return;
    this.#remove(clientId);
    this.#settle(clientId, (waiter) => waiter.reject(new ChatSocketError('discarded', 'the send was discarded', clientId)));
  }

  /** Sends every pending entry, oldest first: called once the connection is ready. */
  flush(): void {
    for (const entry of this.#entries.get()) this.#transmitOne(entry.clientId);
  }

  /** The server stored the send. */
  acknowledge(clientId: string, message: Message): void {
    if (!this.#find(clientId)) return;
    this.#remove(clientId);
    this.#settle(clientId, (waiter) => waiter.resolve(message));
  }

  /** The server refused the send; `rate_limited` is retried by itself a few times. */
  refuse(clientId: string, error: ChatSocketError, retryAfterMs?: number): void {
    if (!this.#find(clientId)) return;
    const retries = this.#rateLimitRetries.get(clientId) ?? 0;
    if (error.code === 'rate_limited' && retries < MAX_RATE_LIMIT_RETRIES) {
      this.#rateLimitRetries.set(clientId, retries + 1);
      setTimeout(() => this.#transmitOne(clientId), retryAfterMs ?? 1000);
      return;
    }
    this.#replace(clientId, { state: 'failed', error });
    this.#settle(clientId, (waiter) => waiter.reject(error));
  }

  /** Every pending send to `channelId` fails with `error` (the user lost access to the channel). */
  failChannel(channelId: string, error: ChatSocketError): void {
    for (const entry of this.#entries.get()) {
      if (entry.channelId !== channelId || entry.state !== 'pending') continue;
      this.#rateLimitRetries.delete(entry.clientId);
      this.#replace(entry.clientId, { state: 'failed', error });
      this.#settle(entry.clientId, (waiter) => waiter.reject(error));
    }
  }

  #wait(clientId: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.#waiters.set(clientId, [...(this.#waiters.get(clientId) ?? []), { resolve, reject }]);
    });
  }

  #settle(clientId: string, each: (waiter: Waiter) => void): void {
    const waiters = this.#waiters.get(clientId) ?? [];
    this.#waiters.delete(clientId);
    waiters.forEach(each);
  }

  #transmitOne(clientId: string): void {
    const entry = this.#find(clientId);
    if (entry?.state !== 'pending') return;
    this.#transmit({ type: 'send', channelId: entry.channelId, clientId, content: entry.content });
  }

  #find(clientId: string): PendingMessage | undefined {
    return this.#entries.get().find((entry) => entry.clientId === clientId);
  }

  #replace(clientId: string, changes: Pick<PendingMessage, 'state'> & { error?: ChatSocketError }): void {
    this.#entries.set(
      this.#entries.get().map((entry) => {
        if (entry.clientId !== clientId) return entry;
        const { error: _previous, ...rest } = entry;
        return { ...rest, ...changes };
      }),
    );
  }

  #remove(clientId: string): void {
    this.#rateLimitRetries.delete(clientId);
    this.#entries.set(this.#entries.get().filter((entry) => entry.clientId !== clientId));
  }
}
