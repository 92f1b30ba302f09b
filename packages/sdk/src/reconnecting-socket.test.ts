// The socket beneath the connection: its backoff and its cap, its reset, the closes it gives up on,
// the attempts it abandons, and reconnect(), with a fake WebSocket and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from './reconnecting-socket.js';
import { MAX_RECONNECT_DELAY_MS, MIN_RECONNECT_DELAY_MS, reconnectingSocket } from './reconnecting-socket.js';

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
    url: 'ws://hearth.test/ws',
    WebSocket: FakeSocket,
    onOpen: () => events.push('open'),
    onMessage: (data) => events.push(`message ${String(data)}`),
    onClose: (code) => events.push(`close ${code}`),
    shouldReconnect,
  });
  return { socket, events };
}

/** Fails the current attempt and returns how long the socket waited before the next one (fake ms). */
async function waitAfterFailure(): Promise<number> {
  const made = FakeSocket.made.length;
  last().close(1006);
  const before = Date.now();
  // After a close the retry is the only timer: the abandon timer of the failed attempt is cleared.
  expect(vi.getTimerCount()).toBe(1);
  await vi.advanceTimersToNextTimerAsync();
  expect(FakeSocket.made.length).toBe(made + 1);
  return Date.now() - before;
}

/** The waits after `count` failures in a row. */
async function waitsAfter(count: number): Promise<number[]> {
  const waits: number[] = [];
  for (let failure = 0; failure < count; failure++) waits.push(await waitAfterFailure());
  return waits;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('reconnectingSocket', () => {
  it('opens its first socket at once', () => {
    start();
    expect(FakeSocket.made.map((made) => made.url)).toEqual(['ws://hearth.test/ws']);
  });

  it('waits a step of 0.5 s growing 1.5 times per failure, up to the 5 s cap, when the random part is at its longest', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    start();
    const waits = await waitsAfter(10);
    const steps = [500, 750, 1125, 1687.5, 2531.25, 3796.875, 5000, 5000, 5000, 5000];
    waits.forEach((wait, index) => expect(wait).toBeCloseTo(steps[index] as number, -1));
    expect(MIN_RECONNECT_DELAY_MS).toBe(500);
    expect(MAX_RECONNECT_DELAY_MS).toBe(5000);
  });

  it('waits half a step when the random part is at its shortest: the first retry comes after 0.25 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    start();
    const waits = await waitsAfter(8);
    expect(waits[0]).toBeCloseTo(250, -1);
    expect(waits.at(-1)).toBeCloseTo(2500, -1);
  });

  it('never waits longer than the cap, nor shorter than half of it once there, however long the outage', async () => {
    start();
    const waits = await waitsAfter(60);
    expect(Math.max(...waits)).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_MS);
    for (const wait of waits.slice(10)) expect(wait).toBeGreaterThanOrEqual(MAX_RECONNECT_DELAY_MS / 2);
    // The random part spreads the clients a server restart dropped: the waits differ.
    expect(new Set(waits.slice(10)).size).toBeGreaterThan(10);
  });

  it('resets the backoff once a connection stayed open for 5 s, and passes messages and closes on', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { events } = start();
    await waitsAfter(3);
    last().open();
    last().dispatchEvent(Object.assign(new Event('message'), { data: 'hi' }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(await waitAfterFailure()).toBe(MIN_RECONNECT_DELAY_MS);
    expect(events).toEqual(['close 1006', 'close 1006', 'close 1006', 'open', 'message hi', 'close 1006']);
  });

  it('stops after a close that shouldReconnect refuses', async () => {
    start((code) => code !== 4401);
    last().close(4401);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made.length).toBe(1);
  });

  it('abandons an attempt that has not opened within 4 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { events } = start();
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeSocket.made[0]?.readyState).toBe(3);
    expect(events).toEqual(['close 1005']);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.made.length).toBe(2);
  });

  it('reconnects at once on reconnect(), telling the old socket’s close, and ignores that socket afterwards', () => {
    const { socket, events } = start();
    const first = last();
    first.open();
    socket.reconnect();
    expect(FakeSocket.made.length).toBe(2);
    first.dispatchEvent(Object.assign(new Event('message'), { data: 'late' }));
    first.dispatchEvent(Object.assign(new Event('close'), { code: 1006 }));
    socket.send('to the new one');
    expect(last().sent).toEqual(['to the new one']);
    expect(first.sent).toEqual([]);
    expect(events).toEqual(['open', 'close 1000']);
  });

  it('on reconnect() while a retry waits, cancels that retry: one attempt, then the backoff from its start', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { socket } = start();
    await waitsAfter(8);
    last().close(1006);
    expect(vi.getTimerCount()).toBe(1);
    socket.reconnect();
    expect(FakeSocket.made.length).toBe(10);
    // What is left is the new attempt's own open timeout, not the cancelled retry.
    await vi.advanceTimersByTimeAsync(3999);
    expect(FakeSocket.made.length).toBe(10);
    expect(await waitAfterFailure()).toBe(MIN_RECONNECT_DELAY_MS);
  });

  it('opens nothing more after close()', async () => {
    const { socket } = start();
    socket.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made.length).toBe(1);
    expect(FakeSocket.made[0]?.readyState).toBe(3);
  });
});
