import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { loadConfig } from '../src/config.js';
import type { Connection } from '../src/delivery/connection.js';
import { Session } from '../src/socket/session.js';

const BOUND = 16_384;

/**
 * A socket whose unsent bytes the test sets: how much a real socket buffers depends on the
 * kernel's loopback buffers (megabytes, tuned at run time), so the bound is tested here and not
 * by flooding a real connection.
 */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  terminated = false;
  /** The byte stream the session writes its frames to, several in one write; read back as texts. */
  readonly stream = {
    write: (chunk: Buffer): boolean => {
      this.sent.push(...textFrames(chunk));
      return true;
    },
  };
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
  close(): void {
    this.readyState = 3;
  }
  ping(): void {}
}

/** The texts of the unmasked WebSocket text frames in a chunk (payloads under 64 KiB). */
function textFrames(chunk: Buffer): string[] {
  const texts: string[] = [];
  for (let offset = 0; offset < chunk.length;) {
    expect(chunk[offset]).toBe(0x81);
    const short = chunk[offset + 1] ?? 0;
    const [length, header] = short === 126 ? [chunk.readUInt16BE(offset + 2), 4] : [short, 2];
    texts.push(chunk.toString('utf8', offset + header, offset + header + length));
    offset += header + length;
  }
  return texts;
}

async function readySession(frameBurst = 1000): Promise<FakeSocket> {
  const socket = new FakeSocket();
  const limits = loadConfig({
    HEARTH_GUEST: '1',
    HEARTH_MAX_BUFFERED_BYTES: String(BOUND),
    HEARTH_FRAME_BURST: String(frameBurst),
  }).limits;
  const auth = { verify: async () => ({ user: { id: 'u_slow', name: 'Slow', avatarUrl: null }, expiresAt: Date.now() + 3_600_000 }) };
  const delivery = {
    open: async (user: Connection['user']) => ({
      connection: { user, close() {}, release() {} } as unknown as Connection,
      readStates: [],
      memberships: [],
    }),
  };
  const claimUser = () => () => {};
  new Session(socket as unknown as WebSocket, socket.stream, { auth, delivery, limits, log: pino({ level: 'silent' }), claimUser });
  socket.emit('message', Buffer.from(JSON.stringify({ type: 'hello', token: 't', protocol: 1 })), false);
  await vi.waitFor(() => expect(socket.sent.some((frame) => frame.includes('"ready"'))).toBe(true));
  return socket;
}

const ping = (socket: FakeSocket) => socket.emit('message', Buffer.from('{"type":"ping"}'), false);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('slow consumers', () => {
  it('drops a socket at once when its unsent data passes four times the bound', async () => {
    const socket = await readySession();
    socket.bufferedAmount = 4 * BOUND + 1;
    ping(socket);
    expect(socket.terminated).toBe(true);
  });

  it('keeps a socket over the bound for a few seconds, and drops it when it stays over', async () => {
    const socket = await readySession();
    socket.bufferedAmount = BOUND * 2;
    ping(socket);
    vi.setSystemTime(Date.now() + 4000);
    ping(socket);
    expect(socket.terminated).toBe(false);
    vi.setSystemTime(Date.now() + 2000);
    ping(socket);
    expect(socket.terminated).toBe(true);
  });

  it('forgives a socket that drains below the bound in time', async () => {
    const socket = await readySession();
    socket.bufferedAmount = BOUND * 2;
    ping(socket);
    vi.setSystemTime(Date.now() + 4000);
    socket.bufferedAmount = 0;
    ping(socket);
    socket.bufferedAmount = BOUND * 2;
    vi.setSystemTime(Date.now() + 4000);
    ping(socket);
    expect(socket.terminated).toBe(false);
    await vi.waitFor(() => expect(socket.sent.filter((frame) => frame.includes('pong')).length).toBeGreaterThan(0));
  });

  it('counts the frames queued in this turn, not yet written, against the bound', async () => {
    const socket = await readySession(10_000);
    const pong = Buffer.byteLength('{"type":"pong"}') + 2;
    // Every pong of one turn is queued for a single write at its end; the socket buffers nothing yet.
    for (let queued = 0; queued <= 4 * BOUND + pong; queued += pong) ping(socket);
    expect(socket.terminated).toBe(true);
  });

  it('writes the frames queued in one turn in one write, each its own frame, in order', async () => {
    const socket = await readySession();
    const writes: Buffer[] = [];
    const write = socket.stream.write;
    socket.stream.write = (chunk) => (writes.push(chunk), write(chunk));
    const before = socket.sent.length;
    for (let sent = 0; sent < 5; sent++) ping(socket);
    socket.emit('message', Buffer.from('{"type":"nonsense"}'), false);
    await vi.waitFor(() => expect(writes.length).toBe(1));
    const frames = socket.sent.slice(before);
    expect(frames.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => '{"type":"pong"}'));
    expect(frames.slice(5).map((frame) => (JSON.parse(frame) as { type: string }).type)).toEqual(['error']);
  });
});
