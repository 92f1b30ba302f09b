import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** Decides, frame by frame, whether the proxy passes a server frame on to the client. */
export type FrameFilter = (frame: { type: string; [key: string]: unknown }) => boolean;

/**
 * A WebSocket proxy between a client and the real server, for the failures a test needs: cut
 * every connection at once (the server's side dropped mid-stream) and withhold chosen frames.
 */
export class SocketProxy {
  private readonly wss: WebSocketServer;
  private readonly pairs = new Set<{ client: WebSocket; upstream: WebSocket }>();
  /** Frames for which this returns false are not delivered to the client. */
  filter: FrameFilter = () => true;

  private constructor(private readonly target: string) {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss.on('connection', (client) => {
      const upstream = new WebSocket(this.target);
      const pair = { client, upstream };
      this.pairs.add(pair);
      const queued: string[] = [];
      upstream.on('open', () => queued.splice(0).forEach((data) => upstream.send(data)));
      client.on('message', (data) => {
        const text = (data as Buffer).toString('utf8');
        if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
        else queued.push(text);
      });
      upstream.on('message', (data) => {
        const text = (data as Buffer).toString('utf8');
        if (this.filter(JSON.parse(text) as { type: string })) client.send(text);
      });
      const end = (code: number, reason: Buffer) => {
        this.pairs.delete(pair);
        const closable = (socket: WebSocket) => socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING;
        if (closable(client)) client.close(code >= 3000 || code === 1000 || code === 1001 ? code : 1011, reason.toString());
        if (closable(upstream)) upstream.close();
      };
      upstream.on('close', end);
      upstream.on('error', () => client.terminate());
      client.on('close', () => {
        this.pairs.delete(pair);
        upstream.terminate();
      });
    });
  }

  static async start(target: string): Promise<SocketProxy> {
    const proxy = new SocketProxy(target);
    await new Promise((resolve) => proxy.wss.once('listening', resolve));
    return proxy;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** How many client connections pass through now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Drops every connection without a closing handshake, as a lost network would. */
  cut(): void {
    for (const { client, upstream } of this.pairs) {
      client.terminate();
      upstream.terminate();
    }
    this.pairs.clear();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
