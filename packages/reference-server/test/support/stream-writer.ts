import type { Message } from '@hearth/sdk/protocol';
import { api } from './api.js';
import { TestSocket } from './socket-client.js';
import { tokenFor } from './tokens.js';

/** A send as the writer made it. */
export interface SentMessage {
  clientId: string;
  content: string;
}

/**
 * A user who writes into one channel over a raw socket and remembers everything it sent, so that
 * after losing its server it can reconnect elsewhere and resend what was not acknowledged, as the
 * SDK's outbox does.
 */
export class StreamWriter {
  readonly sent: SentMessage[] = [];
  /** Every ack received, across reconnects. */
  readonly acked: Message[] = [];
  private socket: TestSocket | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly userId: string,
    private readonly token: string,
    private readonly channelId: string,
  ) {}

  /** A new user who joins `serverId` (through `baseUrl`) to write into `channelId`. */
  static async join(baseUrl: string, serverId: string, channelId: string, userId: string): Promise<StreamWriter> {
    const token = await tokenFor({ id: userId, name: userId });
    const joined = await api(baseUrl).post(`/api/servers/${serverId}/members`, { token });
    if (joined.status !== 201 && joined.status !== 200) throw new Error(`could not join: ${joined.text}`);
    return new StreamWriter(userId, token, channelId);
  }

  /** Connects to a server's socket (again), keeping what was sent and acknowledged so far. */
  async connect(socketUrl: string): Promise<void> {
    if (this.socket) this.collectAcks(this.socket);
    this.socket = await TestSocket.connect(socketUrl, this.token);
  }

  /** Sends `count` messages at once. */
  burst(count: number): void {
    for (let index = 0; index < count; index++) this.sendNext();
  }

  /** Sends one message every `everyMs` until {@link pause}. */
  keepSending(everyMs: number): void {
    this.timer ??= setInterval(() => this.sendNext(), everyMs);
  }

  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resends, on the current socket, everything sent that has no ack yet. */
  resendUnacked(): number {
    const acked = new Set([...this.acked, ...this.currentAcks()].map((message) => message.clientId));
    const unacked = this.sent.filter((message) => !acked.has(message.clientId));
    for (const message of unacked) this.socket?.send({ type: 'send', channelId: this.channelId, ...message });
    return unacked.length;
  }

  /** Waits until every message sent has been acknowledged on the current socket or an earlier one. */
  async settled(waitMs = 60_000): Promise<void> {
    const socket = this.requireSocket();
    const fromEarlier = new Set(this.acked.map((message) => message.clientId));
    const stillOpen = this.sent.filter((message) => !fromEarlier.has(message.clientId)).length;
    await socket.waitForCount('ack', stillOpen, waitMs);
  }

  /** Waits for `count` acks on the current socket. */
  async acks(count: number, waitMs = 60_000): Promise<void> {
    await this.requireSocket().waitForCount('ack', count, waitMs);
  }

  /** How many acks the current socket received. */
  ackCount(): number {
    return this.currentAcks().length;
  }

  /** Every ack so far, across reconnects. */
  allAcks(): Message[] {
    return [...this.acked, ...this.currentAcks()];
  }

  async close(): Promise<void> {
    this.pause();
    if (this.socket && this.socket.ws.readyState === this.socket.ws.OPEN) await this.socket.close();
  }

  private sendNext(): void {
    const socket = this.socket;
    if (!socket || socket.ws.readyState !== socket.ws.OPEN) return;
    const message = { clientId: `${this.userId}-${this.sent.length}`, content: `${this.sent.length} from ${this.userId}` };
    this.sent.push(message);
    socket.send({ type: 'send', channelId: this.channelId, ...message });
  }

  private currentAcks(): Message[] {
    return this.socket ? this.socket.all('ack').map((frame) => frame.message) : [];
  }

  private collectAcks(socket: TestSocket): void {
    this.acked.push(...socket.all('ack').map((frame) => frame.message));
  }

  private requireSocket(): TestSocket {
    if (!this.socket) throw new Error('connect first');
    return this.socket;
  }
}
