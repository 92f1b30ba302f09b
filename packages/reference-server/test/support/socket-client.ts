import type { ClientFrame, ServerFrame, ServerFrameOf } from '@hearth/sdk/protocol';
import { WebSocket } from 'ws';

const DEFAULT_WAIT_MS = 5000;

/** How a socket closed. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * A raw protocol client for tests: every frame the server sends is queued, and `next` takes the
 * next one of a type, in order. Nothing is hidden: tests see exactly what crosses the wire.
 */
export class TestSocket {
  readonly ws: WebSocket;
  /** Every frame received, in order, including ones already taken by `next`. */
  readonly received: ServerFrame[] = [];
  readonly closed: Promise<CloseInfo>;
  private readonly opened: Promise<void>;
  private cursor = new Map<string, number>();
  private waiters = new Set<() => void>();

  constructor(url: string, options: { origin?: string } = {}) {
    this.ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    this.ws.on('message', (data) => {
      this.received.push(JSON.parse((data as Buffer).toString('utf8')) as ServerFrame);
      for (const wake of this.waiters) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters) wake();
      }),
    );
  }

  /** Opens a socket and authenticates it with `token`. */
  static async connect(url: string, token: string): Promise<TestSocket> {
    const socket = new TestSocket(url);
    await socket.open();
    socket.send({ type: 'hello', token, protocol: 1 });
    await socket.next('ready');
    return socket;
  }

  open(): Promise<void> {
    return this.opened;
  }

  send(frame: ClientFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.ws.send(data, { binary: options.binary ?? typeof data !== 'string' });
  }

  /** Subscribes and resolves with the `subscribed` frame. */
  async subscribe(channelId: string, afterSeq?: number): Promise<ServerFrameOf<'subscribed'>> {
    this.send({ type: 'subscribe', channelId, ...(afterSeq !== undefined && { afterSeq }) });
    return this.next('subscribed', (frame) => frame.channelId === channelId);
  }

  /** The next frame of `type` (and matching `where`) not yet taken; fails after `waitMs`. */
  next<T extends ServerFrame['type']>(
    type: T,
    where: (frame: ServerFrameOf<T>) => boolean = () => true,
    waitMs = DEFAULT_WAIT_MS,
  ): Promise<ServerFrameOf<T>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const start = this.cursor.get(type) ?? 0;
        for (let index = start; index < this.received.length; index++) {
          const frame = this.received[index] as ServerFrame;
          if (frame.type === type && where(frame as ServerFrameOf<T>)) {
            this.cursor.set(type, index + 1);
            done();
            resolve(frame as ServerFrameOf<T>);
            return;
          }
        }
        if (this.ws.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed while waiting for ${type}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${type} frame within ${waitMs} ms; received ${JSON.stringify(this.received.slice(-5))}`));
      }, waitMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Every received frame of `type`. */
  all<T extends ServerFrame['type']>(type: T): Array<ServerFrameOf<T>> {
    return this.received.filter((frame): frame is ServerFrameOf<T> => frame.type === type);
  }

  /** Resolves once `count` frames of `type` have arrived. */
  async waitForCount(type: ServerFrame['type'], count: number, waitMs = 20_000): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (this.all(type).length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.all(type).length} of ${count} ${type} frames arrived`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  }

  close(): Promise<CloseInfo> {
    this.ws.close();
    return this.closed;
  }
}

/**
 * The sockets one test file opens: `connect` authenticates a new one, `closeAll` (in `afterEach`)
 * closes every one still open.
 */
export function socketPool(socketUrl: () => string) {
  const sockets: TestSocket[] = [];
  return {
    async connect(token: string): Promise<TestSocket> {
      const socket = await TestSocket.connect(socketUrl(), token);
      sockets.push(socket);
      return socket;
    },
    /** A socket that is opened but not authenticated. */
    raw(options: { origin?: string } = {}): TestSocket {
      const socket = new TestSocket(socketUrl(), options);
      sockets.push(socket);
      return socket;
    },
    async closeAll(): Promise<void> {
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    },
  };
}
