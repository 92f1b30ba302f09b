// The socket beneath the connection: its backoff, its reset, the closes it gives up on, and the
// attempts it abandons, with a fake WebSocket and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from './connection.js';
import { MAX_RECONNECT_DELAY_MS, reconnectingSocket } from './reconnecting-socket.js';

class FakeSocket extends EventTarget implements WebSocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  close(code = 1005): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

const last = () => FakeSocket.made.at(-1) as FakeSocket;

function start(shouldReconnect = (_code: number) => true) {
  const events: string[] = [];
  const socket = reconnectingSocket({
    url: () => 'ws://hearth.test/ws',
    WebSocket: FakeSocket,
    onOpen: () => events.push('open'),
    onMessage: (data) => events.push(`message ${String(data)}`),
    onClose: (code) => events.push(`close ${code}`),
    shouldReconnect,
  });
  return { socket, events };
}

/** Lets the URL's promise settle, so the next attempt's socket exists. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
});
afterEach(() => vi.useRealTimers());

describe('reconnectingSocket', () => {
  it('tries again after 0.5 s, then 1.3 times longer per failure, never over the cap', async () => {
    start();
    await settle();
    const waits: number[] = [];
    for (let failure = 0; failure < 14; failure++) {
      const made = FakeSocket.made.length;
      last().close(1006);
      let waited = 0;
      while (FakeSocket.made.length === made) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits.slice(0, 3)).toEqual([500, 650, 850]);
    expect(Math.max(...waits)).toBe(MAX_RECONNECT_DELAY_MS);
  });

  it('resets the backoff once a connection stayed open for 5 s, and passes messages and closes on', async () => {
    const { events } = start();
    await settle();
    last().close(1006);
    await vi.advanceTimersByTimeAsync(500);
    last().close(1006);
    await vi.advanceTimersByTimeAsync(650);
    last().open();
    last().dispatchEvent(Object.assign(new Event('message'), { data: 'hi' }));
    await vi.advanceTimersByTimeAsync(5000);
    const made = FakeSocket.made.length;
    last().close(1001);
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeSocket.made.length).toBe(made);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.made.length).toBe(made + 1);
    expect(events).toEqual(['close 1006', 'close 1006', 'open', 'message hi', 'close 1001']);
  });

  it('stops after a close that shouldReconnect refuses', async () => {
    start((code) => code !== 4401);
    await settle();
    last().close(4401);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made.length).toBe(1);
  });

  it('abandons an attempt that has not opened within 4 s', async () => {
    const { events } = start();
    await settle();
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeSocket.made[0]?.readyState).toBe(3);
    expect(events).toEqual(['close 1005']);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.made.length).toBe(2);
  });

  it('reconnects at once on reconnect(), telling the old socket’s close, and ignores that socket afterwards', async () => {
    const { socket, events } = start();
    await settle();
    const first = last();
    first.open();
    socket.reconnect();
    await settle();
    expect(FakeSocket.made.length).toBe(2);
    first.dispatchEvent(Object.assign(new Event('message'), { data: 'late' }));
    socket.send('to the new one');
    expect(last().sent).toEqual(['to the new one']);
    expect(events).toEqual(['open', 'close 1000']);
  });

  it('opens nothing more after close()', async () => {
    const { socket } = start();
    await settle();
    socket.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made.length).toBe(1);
    expect(FakeSocket.made[0]?.readyState).toBe(3);
  });
});
