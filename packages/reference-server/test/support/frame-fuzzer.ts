import { type Message, PROTOCOL_VERSION, type ServerFrame, serverFrame } from '@hearth/sdk/protocol';
import { WebSocket } from 'ws';

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same frames, so a
 * failing run can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A user the fuzzer opens sockets as. */
export interface FuzzUser {
  id: string;
  token: string;
}

/** Options of {@link fuzzFrames}. */
export interface FuzzOptions {
  socketUrl: string;
  /** Sockets authenticate as these, in turn. */
  users: readonly FuzzUser[];
  /** The channels frames aim at: some writable, some only readable or not even that. */
  channelIds: readonly string[];
  /** How many frames to send in all. */
  frames: number;
  seed: number;
  /** How many sockets are open at once; a socket the server closes is replaced. */
  sockets: number;
  /** The server's `HEARTH_MAX_PAYLOAD_BYTES`, to send a frame over it now and then. */
  maxPayloadBytes: number;
}

/** What a run did and saw; `violations` lists every broken promise of the server. */
export interface FuzzReport {
  seed: number;
  framesSent: number;
  socketsOpened: number;
  /** Every message acknowledged, by id. */
  acked: Map<string, Message>;
  /** `error` frames received, by code. */
  errors: Record<string, number>;
  /** Sockets the server closed, by close code. */
  closes: Record<string, number>;
  violations: string[];
}

/** The close codes a server may use on a fuzzed socket: refusals of what the fuzzer did, never a fault. */
const EXPECTED_CLOSES = new Set([1000, 1003, 1005, 1006, 1007, 1008, 1009, 4401, 4409, 4429]);
const ALLOWED_ERRORS = new Set([
  'invalid_json',
  'invalid_frame',
  'invalid_input',
  'content_too_long',
  'not_member',
  'unknown_channel',
  'rate_limited',
  'forbidden',
]);

/** One attempt to store a message: the exact frame text, so it can be sent again as it was. */
interface SendAttempt {
  text: string;
  content: unknown;
}

/** A send is known by its author and `clientId`, as the server deduplicates it. */
interface TrackedSend {
  attempts: SendAttempt[];
  acked?: Message;
}

const WORDS = ['hello', 'hearth', 'chat', 'ok', '42', 'naïve', 'Ελληνικά', '日本語', 'العربية', 'עברית', 'emoji'];
const UNICODE_EDGES = [
  'e\u0301',
  '\u00e9',
  '\u{1F600}',
  '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}',
  '\u202E',
  '\u200B',
  '\u0000',
  '\uFEFF',
  '\uFFFF',
  '\u{10FFFF}',
  '\u2028',
  '\u2029',
  '\r\n',
  '<script>alert(1)</script>',
  '"',
  '\\',
  '%00',
  '\u{E0001}',
  'A\u030A',
  '\u0301',
];
const LONE_SURROGATES = ['\uD800', '\uDFFF', '\uDBFFA', 'a\uDC00b', '\u{1F600}\uD83D'];
const TYPES = ['hello', 'subscribe', 'unsubscribe', 'send', 'typing', 'ping'];
const ODD_TYPES = ['SEND', 'Send', 'send ', '', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'pong', 'ack', 'sénd'];
const HUGE_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -1, -0, 0.5, 2 ** 53, 2 ** 31, -(2 ** 31)];
/** Numbers only raw JSON text can hold: JSON.parse reads them as Infinity or rounds them. */
const RAW_NUMBERS = ['1e999', '-1e999', '123456789012345678901234567890', '1E+2', '0.0000000000000000000001', '-0'];

/** The frame generator: valid, almost valid and garbage frames, drawn from `random`. */
class FrameSource {
  private readonly clientIds: string[] = [];

  constructor(
    private readonly random: () => number,
    private readonly options: FuzzOptions,
  ) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  /** The text of the next frame on a ready socket. */
  frame(token: string): string {
    const roll = this.random();
    if (roll < 0.45) return JSON.stringify(this.send());
    if (roll < 0.55) return JSON.stringify(this.subscribe());
    if (roll < 0.6) return JSON.stringify({ type: 'unsubscribe', channelId: this.channelId() });
    if (roll < 0.65) return JSON.stringify({ type: 'typing', channelId: this.channelId() });
    if (roll < 0.68) return JSON.stringify({ type: 'ping', ...(this.chance(0.3) && { extra: this.value(3) }) });
    if (roll < 0.7) return JSON.stringify({ type: 'hello', token: this.chance(0.5) ? token : 'x', protocol: PROTOCOL_VERSION });
    if (roll < 0.8) return this.almostValid();
    return this.garbage();
  }

  /** A `send`, mostly well-formed. */
  send(): Record<string, unknown> {
    const frame: Record<string, unknown> = { type: 'send' };
    if (!this.chance(0.03)) frame.channelId = this.channelId();
    if (!this.chance(0.03)) frame.clientId = this.clientId();
    if (!this.chance(0.03)) frame.content = this.content();
    if (this.chance(0.1)) frame[this.pick(['extra', 'seq', 'author', 'id', 'createdAt'])] = this.value(3);
    return frame;
  }

  subscribe(): Record<string, unknown> {
    const frame: Record<string, unknown> = { type: 'subscribe', channelId: this.channelId() };
    const roll = this.random();
    if (roll < 0.4) frame.afterSeq = this.int(50);
    else if (roll < 0.5) frame.afterSeq = this.pick(HUGE_NUMBERS);
    else if (roll < 0.55) frame.afterSeq = this.pick(['3', null, true, [], {}]);
    return frame;
  }

  channelId(): unknown {
    const roll = this.random();
    if (roll < 0.85) return this.pick(this.options.channelIds);
    if (roll < 0.9) return 'c_' + this.word();
    return this.pick(['', 'x'.repeat(65), 42, null, ['c_1'], { id: 'c_1' }, '\uD800', 'c_\u0000']);
  }

  clientId(): unknown {
    const roll = this.random();
    if (roll < 0.1 && this.clientIds.length > 0) return this.pick(this.clientIds);
    if (roll < 0.9) {
      const id = `f${Math.floor(this.random() * 2 ** 48).toString(36)}${this.chance(0.2) ? this.pick(UNICODE_EDGES) : ''}`;
      this.clientIds.push(id);
      return id;
    }
    return this.pick(['', 'y'.repeat(65), 'z'.repeat(64), this.pick(LONE_SURROGATES), 7, null, {}, ['id']]);
  }

  content(): unknown {
    const roll = this.random();
    if (roll < 0.75) return this.text();
    if (roll < 0.8) return this.text() + this.pick(LONE_SURROGATES);
    if (roll < 0.83) return 'x'.repeat(4000);
    if (roll < 0.85) return 'x'.repeat(4001);
    if (roll < 0.87) return '\u{1F600}'.repeat(2000);
    if (roll < 0.9) return this.pick(['', ' ', '\n\t ', '\u200B']);
    return this.value(4);
  }

  text(): string {
    const parts: string[] = [];
    for (let count = 1 + this.int(8); count > 0; count--) parts.push(this.chance(0.6) ? this.pick(WORDS) : this.pick(UNICODE_EDGES));
    return parts.join(this.pick([' ', '', '\n']));
  }

  word(): string {
    return Math.floor(this.random() * 2 ** 32).toString(36);
  }

  /** Any JSON value, nested at most `depth` deep. */
  value(depth: number): unknown {
    const roll = this.random();
    if (depth <= 0 || roll < 0.3) return this.pick<unknown>([null, true, false, 0, this.pick(HUGE_NUMBERS), this.text(), '']);
    if (roll < 0.6) return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
    return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.word(), this.value(depth - 1)]));
  }

  /** A frame close to a valid one: a wrong type, a wrong field, a strange key. */
  almostValid(): string {
    const roll = this.random();
    if (roll < 0.15) return JSON.stringify({ ...this.send(), type: this.pick(ODD_TYPES) });
    if (roll < 0.25)
      return JSON.stringify({ type: this.pick<unknown>([1, null, true, ['send'], { send: 1 }]), channelId: this.channelId() });
    if (roll < 0.35) return JSON.stringify({ channelId: this.channelId(), content: this.text() });
    if (roll < 0.45)
      return `{"__proto__":{"type":"send","isAdmin":true},"type":"${this.pick(TYPES)}","channelId":"${String(this.pick(this.options.channelIds))}"}`;
    if (roll < 0.55)
      return `{"type":"subscribe","channelId":"${String(this.pick(this.options.channelIds))}","afterSeq":${this.pick(RAW_NUMBERS)}}`;
    if (roll < 0.65) {
      const send = this.send();
      return JSON.stringify(send).replace(/"type":"send"/, '"type":"send","type":"ping"');
    }
    if (roll < 0.75) return JSON.stringify({ ...this.send(), content: nested(1 + this.int(3000)) });
    if (roll < 0.85) return JSON.stringify({ type: this.pick(TYPES), [this.text()]: this.value(4), constructor: { prototype: 1 } });
    return JSON.stringify({
      type: this.pick(TYPES),
      channelId: this.channelId(),
      afterSeq: this.pick(HUGE_NUMBERS),
      clientId: this.clientId(),
    });
  }

  /** Text that is not a frame at all. */
  garbage(): string {
    const roll = this.random();
    if (roll < 0.2) return JSON.stringify(this.send()).slice(0, this.int(40));
    if (roll < 0.35) return nested(1 + this.int(6000));
    if (roll < 0.5) return this.pick(['null', '1', '"send"', '[]', '{}', 'true', '', ' ', '\u0000', '{"type":', ']', 'NaN', 'undefined']);
    if (roll < 0.65) return Array.from({ length: 1 + this.int(200) }, () => String.fromCharCode(this.int(0x10000))).join('');
    if (roll < 0.8) return `${JSON.stringify(this.send())}${JSON.stringify(this.send())}`;
    return `[${JSON.stringify(this.send())}]`;
  }
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** One socket of the fuzzer and what it waits for. */
class FuzzSocket {
  readonly ws: WebSocket;
  readonly opened: Promise<boolean>;
  readonly closed: Promise<number>;
  ready = false;
  isClosed = false;
  /** The sends that have neither an `ack` nor an `error` yet, by `clientId`. */
  readonly pending = new Set<string>();
  private pongs: Array<() => void> = [];

  constructor(
    url: string,
    readonly user: FuzzUser,
    onFrame: (socket: FuzzSocket, frame: ServerFrame) => void,
    onViolation: (text: string) => void,
  ) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(true));
      this.ws.once('error', () => resolve(false));
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code) => {
        this.isClosed = true;
        for (const wake of this.pongs.splice(0)) wake();
        resolve(code);
      }),
    );
    this.ws.on('message', (data, isBinary) => {
      const text = (data as Buffer).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return onViolation(`the server sent a frame that is not JSON: ${text.slice(0, 200)}`);
      }
      const parsed = serverFrame.safeParse(value);
      if (isBinary || !parsed.success) return onViolation(`the server sent a frame outside the protocol: ${text.slice(0, 200)}`);
      const frame = parsed.data;
      if (frame.type === 'ready') this.ready = true;
      if (frame.type === 'pong') this.pongs.shift()?.();
      onFrame(this, frame);
    });
    this.ws.on('error', () => undefined);
  }

  send(data: string | Buffer, binary = false): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data, { binary });
  }

  /** Resolves once the server answered a `ping` sent now (so every frame before it was read), or the socket closed. */
  roundTrip(waitMs: number): Promise<void> {
    if (this.isClosed || this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.pongs.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.send('{"type":"ping"}');
    });
  }
}

/**
 * Sends `options.frames` generated frames over several sockets to a real server, then resends
 * every send whose outcome its socket did not live to hear (as a client does after a reconnect),
 * so that at the end every stored message of the fuzzed channels must be one of `acked`.
 * Records as violations: an `internal` error, an error code no frame could deserve, a frame
 * outside the protocol, an unexpected close code, and an `ack` whose content or author is not
 * what was sent.
 */
export async function fuzzFrames(options: FuzzOptions): Promise<FuzzReport> {
  const random = seededRandom(options.seed);
  const source = new FrameSource(random, options);
  const report: FuzzReport = {
    seed: options.seed,
    framesSent: 0,
    socketsOpened: 0,
    acked: new Map(),
    errors: {},
    closes: {},
    violations: [],
  };
  const sends = new Map<string, TrackedSend>();
  const keyOf = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;
  const violation = (text: string) => {
    if (report.violations.length < 50) report.violations.push(text);
  };

  const onFrame = (socket: FuzzSocket, frame: ServerFrame) => {
    if (frame.type === 'ack') {
      socket.pending.delete(frame.clientId);
      const tracked = sends.get(keyOf(socket.user.id, frame.clientId));
      if (!tracked) return violation(`an ack for a clientId never sent: ${JSON.stringify(frame.clientId)}`);
      const { message } = frame;
      if (message.author.id !== socket.user.id) violation(`an ack names another author: ${JSON.stringify(message)}`);
      if (!tracked.attempts.some((attempt) => attempt.content === message.content)) {
        violation(`acked content differs from every content sent with its clientId: ${JSON.stringify(message.content).slice(0, 200)}`);
      }
      if (tracked.acked && tracked.acked.id !== message.id)
        violation(`one clientId acked as two messages: ${tracked.acked.id}, ${message.id}`);
      tracked.acked = message;
      report.acked.set(message.id, message);
    } else if (frame.type === 'error') {
      report.errors[frame.code] = (report.errors[frame.code] ?? 0) + 1;
      if (!ALLOWED_ERRORS.has(frame.code)) violation(`error ${frame.code}: ${frame.message}`);
      if (frame.ref !== undefined) socket.pending.delete(frame.ref);
    }
  };

  const open = (index: number): FuzzSocket => {
    const user = options.users[index % options.users.length] as FuzzUser;
    const socket = new FuzzSocket(options.socketUrl, user, onFrame, violation);
    report.socketsOpened++;
    void socket.closed.then((code) => {
      report.closes[code] = (report.closes[code] ?? 0) + 1;
      if (!EXPECTED_CLOSES.has(code)) violation(`socket closed with ${code}`);
    });
    return socket;
  };

  /** Starts a socket the way the fuzzer likes: a good hello, with frames pipelined behind it, or something else first. */
  const start = async (socket: FuzzSocket) => {
    if (!(await socket.opened)) return;
    const roll = random();
    if (roll < 0.03) socket.send(source.garbage());
    else if (roll < 0.05) socket.send(JSON.stringify(source.send()));
    else if (roll < 0.06) socket.send(JSON.stringify({ type: 'hello', token: socket.user.token, protocol: PROTOCOL_VERSION + 1 }));
    else if (roll < 0.08) socket.send(JSON.stringify({ type: 'hello', token: source.text(), protocol: PROTOCOL_VERSION }));
    else socket.send(JSON.stringify({ type: 'hello', token: socket.user.token, protocol: PROTOCOL_VERSION }));
  };

  const transmit = (socket: FuzzSocket, text: string) => {
    const value = safeParse(text);
    if (isObject(value) && value.type === 'send' && typeof value.clientId === 'string') {
      const key = keyOf(socket.user.id, value.clientId);
      const tracked = sends.get(key) ?? { attempts: [] };
      tracked.attempts.push({ text, content: value.content });
      sends.set(key, tracked);
      socket.pending.add(value.clientId);
    }
    socket.send(text);
    report.framesSent++;
  };

  const sockets: FuzzSocket[] = Array.from({ length: options.sockets }, (_, index) => open(index));
  await Promise.all(sockets.map((socket) => start(socket)));

  for (let sent = 0; sent < options.frames;) {
    const index = source.int(sockets.length);
    let socket = sockets[index] as FuzzSocket;
    if (socket.isClosed) {
      socket = sockets[index] = open(index + sent);
      await start(socket);
      continue;
    }
    const roll = random();
    if (roll < 0.002) {
      socket.send(Buffer.from(source.text()), true);
    } else if (roll < 0.003) {
      socket.send('x'.repeat(options.maxPayloadBytes + 1 + source.int(1024)));
    } else if (roll < 0.004) {
      // Text that is not UTF-8: the WebSocket layer itself must refuse it.
      socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false);
    } else if (roll < 0.005) {
      socket.ws.close();
    } else {
      transmit(socket, source.frame(socket.user.token));
    }
    if (roll < 0.004) report.framesSent++;
    sent++;
    // Now and then, let the server catch up, so what is measured is handling rather than buffering.
    if (sent % 100 === 0) await Promise.all(sockets.map((each) => (each.ready ? each.roundTrip(2000) : Promise.resolve())));
  }

  // Every send still open gets its answer, unless its socket closes first.
  await Promise.all(sockets.map((socket) => settle(socket)));
  for (const socket of sockets) socket.ws.close();
  await Promise.all(sockets.map((socket) => socket.closed));
  await reconcile(options, sends, keyOf, onFrame, violation);
  return report;
}

async function settle(socket: FuzzSocket): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!socket.isClosed && socket.pending.size > 0 && Date.now() < deadline) await socket.roundTrip(500);
}

/**
 * Sends again, on a fresh socket of its author, every attempt of every send that was never
 * acknowledged: a send whose socket closed before its answer may be stored, and a client learns
 * which by resending (the `clientId` makes it safe).
 */
async function reconcile(
  options: FuzzOptions,
  sends: Map<string, TrackedSend>,
  keyOf: (userId: string, clientId: string) => string,
  onFrame: (socket: FuzzSocket, frame: ServerFrame) => void,
  violation: (text: string) => void,
): Promise<void> {
  for (const user of options.users) {
    const unacked = [...sends.entries()].filter(([key, tracked]) => key.startsWith(`${user.id}\u0000`) && !tracked.acked);
    if (unacked.length === 0) continue;
    const socket = new FuzzSocket(options.socketUrl, user, onFrame, violation);
    if (!(await socket.opened)) {
      violation(`could not open a socket to resend for ${user.id}`);
      continue;
    }
    socket.send(JSON.stringify({ type: 'hello', token: user.token, protocol: PROTOCOL_VERSION }));
    await socket.roundTrip(5000);
    for (const [key, tracked] of unacked) {
      const clientId = key.slice(user.id.length + 1);
      for (const attempt of tracked.attempts) {
        if (tracked.acked || socket.isClosed) break;
        socket.pending.add(clientId);
        socket.send(attempt.text);
        await settle(socket);
      }
    }
    socket.ws.close();
    await socket.closed;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The differences between what a run acknowledged and what the fuzzed channels hold, one line each. */
export function compareStored(report: FuzzReport, stored: readonly Message[]): string[] {
  const problems: string[] = [];
  const storedIds = new Set(stored.map((message) => message.id));
  for (const message of stored) {
    const acked = report.acked.get(message.id);
    if (!acked) problems.push(`stored but never acked: ${message.id} ${JSON.stringify(message.content).slice(0, 80)}`);
    else if (acked.content !== message.content || acked.clientId !== message.clientId || acked.seq !== message.seq) {
      problems.push(`stored differs from acked: ${message.id}`);
    }
  }
  for (const id of report.acked.keys()) if (!storedIds.has(id)) problems.push(`acked but not stored: ${id}`);
  return problems;
}

/** One line that sums a run up. */
export function summarize(report: FuzzReport, elapsedMs: number): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([, a], [, b]) => b - a)
      .map(([key, count]) => `${key}:${count}`)
      .join(',');
  return (
    `fuzz seed=${report.seed} frames=${report.framesSent} sockets=${report.socketsOpened} acked=${report.acked.size} ` +
    `errors={${counts(report.errors)}} closes={${counts(report.closes)}} violations=${report.violations.length} ` +
    `in ${(elapsedMs / 1000).toFixed(1)}s`
  );
}
