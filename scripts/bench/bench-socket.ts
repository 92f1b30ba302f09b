import { createHash, randomBytes } from 'node:crypto';
import { type Socket, connect } from 'node:net';

const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADER_END = Buffer.from('\r\n\r\n');
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
// One read buffer for every socket: `onread` hands each read to its callback synchronously, so a
// read is fully handled before the next one can overwrite it.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** Receives one text frame's payload as `data[start..end)`; `data` is only valid during the call. */
export type TextHandler = (data: Buffer, start: number, end: number) => void;

interface Handshake {
  accept: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * A minimal WebSocket client for the load generator. With a hundred subscribers the generator
 * receives a hundred frames per message, as many as the server sends, and on two cores it must
 * cost less than the server it measures. So this reads with `onread` into one reused buffer and
 * hands each text frame to the caller as a slice, instead of the `ws` client's stream, per-frame
 * Buffer and event. It speaks just what the bench needs: text frames, ping → pong, close.
 */
export class BenchSocket {
  /** Called for each text frame. */
  onText: TextHandler = () => undefined;
  /** Called once when the connection ends for any reason other than {@link terminate}. */
  onClose: (reason: string) => void = () => undefined;
  private carry: Buffer | undefined;
  private handshake: Handshake | undefined;
  private ended = false;

  private constructor(private readonly socket: Socket) {}

  /** Connects and completes the WebSocket handshake. */
  static connect(url: string, timeoutMs: number): Promise<BenchSocket> {
    const target = new URL(url);
    const key = randomBytes(16).toString('base64');
    const socket = connect({
      host: target.hostname,
      port: Number(target.port),
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        // Reads only start once connected, by when `created` exists.
        callback: (length) => {
          created.receive(length);
          return true;
        },
      },
    });
    const created = new BenchSocket(socket);
    return new Promise<BenchSocket>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('timed out opening the socket')), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        created.handshake = undefined;
        socket.destroy();
        reject(error);
      };
      created.handshake = {
        accept: createHash('sha1')
          .update(key + ACCEPT_GUID)
          .digest('base64'),
        resolve: () => {
          clearTimeout(timer);
          created.handshake = undefined;
          resolve(created);
        },
        reject: fail,
      };
      socket.on('connect', () => {
        socket.write(
          `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\n` +
            `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      socket.on('error', (error) => created.end(error.message));
      socket.on('close', () => created.end('connection lost'));
    });
  }

  /** Whether the connection is up. */
  get open(): boolean {
    return !this.ended && this.handshake === undefined;
  }

  /** Sends a text frame. */
  sendText(text: string): void {
    this.sendFrame(OPCODE_TEXT, Buffer.from(text));
  }

  /** Drops the connection without a closing handshake; {@link onClose} is not called. */
  terminate(): void {
    this.ended = true;
    this.socket.destroy();
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    if (this.handshake) this.handshake.reject(new Error(reason));
    else this.onClose(reason);
  }

  /** Handles the `length` bytes just read into READ_BUFFER. */
  private receive(length: number): void {
    let data = READ_BUFFER;
    let end = length;
    if (this.carry) {
      data = Buffer.concat([this.carry, READ_BUFFER.subarray(0, length)]);
      end = data.length;
      this.carry = undefined;
    }
    let start = 0;
    if (this.handshake) {
      const headerEnd = data.indexOf(HEADER_END);
      if (headerEnd < 0 || headerEnd >= end) {
        this.carry = Buffer.from(data.subarray(0, end));
        return;
      }
      const [status = '', ...fields] = data.toString('latin1', 0, headerEnd).split('\r\n');
      const accept = fields.find((field) => field.toLowerCase().startsWith('sec-websocket-accept:'));
      if (!status.startsWith('HTTP/1.1 101 ') || accept?.slice(accept.indexOf(':') + 1).trim() !== this.handshake.accept) {
        return this.end(`handshake refused: ${status}`);
      }
      this.handshake.resolve();
      start = headerEnd + HEADER_END.length;
    }
    while (end - start >= 2) {
      const first = data[start] ?? 0;
      let size = (data[start + 1] ?? 0) & 0x7f;
      let header = 2;
      if (size === 126) {
        if (end - start < 4) break;
        size = data.readUInt16BE(start + 2);
        header = 4;
      } else if (size === 127) {
        if (end - start < 10) break;
        size = data.readUIntBE(start + 4, 6);
        header = 10;
      }
      if (end - start < header + size) break;
      const payloadStart = start + header;
      start = payloadStart + size;
      const opcode = first & 0x0f;
      if (opcode === OPCODE_TEXT) this.onText(data, payloadStart, start);
      else if (opcode === OPCODE_PING) this.sendFrame(OPCODE_PONG, data.subarray(payloadStart, start));
      else if (opcode === OPCODE_CLOSE) return this.closeFrom(data, payloadStart, start);
      if (this.ended) return;
    }
    // A partial frame waits for the rest; copied, because the read buffer is about to be reused.
    if (start < end) this.carry = Buffer.from(data.subarray(start, end));
  }

  private closeFrom(data: Buffer, start: number, end: number): void {
    const code = end - start >= 2 ? data.readUInt16BE(start) : 1005;
    const reason = data.toString('utf8', Math.min(end, start + 2), end);
    this.sendFrame(OPCODE_CLOSE, data.subarray(start, Math.min(end, start + 2)));
    this.end(`closed by the server: ${code} ${reason}`.trim());
  }

  /** Writes one frame, masked as RFC 6455 requires of a client. */
  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.ended) return;
    const size = payload.length;
    const extra = size < 126 ? 0 : size < 65_536 ? 2 : 8;
    const frame = Buffer.allocUnsafe(2 + extra + 4 + size);
    frame[0] = 0x80 | opcode;
    if (extra === 0) {
      frame[1] = 0x80 | size;
    } else if (extra === 2) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(size, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(0, 2);
      frame.writeUInt32BE(size, 6);
    }
    const maskAt = 2 + extra;
    const mask = randomBytes(4);
    mask.copy(frame, maskAt);
    const payloadAt = maskAt + 4;
    for (let index = 0; index < size; index++) {
      frame[payloadAt + index] = (payload[index] ?? 0) ^ (mask[index & 3] ?? 0);
    }
    this.socket.write(frame);
  }
}
