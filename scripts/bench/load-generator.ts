import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchSocket, type TextHandler } from './bench-socket.js';
import { type LatencySummary, summarize } from './percentile.js';

/** Where, and as whom, the generator connects. */
export interface Endpoint {
  /**
   * e.g. `ws://127.0.0.1:41234/ws`, one per server process: the sockets of each kind are dealt
   * out in turn, sender (or subscriber) `i` to `socketUrls[i % socketUrls.length]`.
   */
  socketUrls: readonly string[];
  /** The one channel every socket subscribes to or sends into. */
  channelId: string;
  /** One token per sender socket. */
  senderTokens: string[];
  /** One token per subscriber socket. */
  subscriberTokens: string[];
  /**
   * Every subscriber marks the channel read up to each message as it arrives (`read` frames), as
   * a reader with the channel open does: the load of read-state writes under a busy channel.
   */
  markRead?: boolean;
}

/**
 * Reads the CPU seconds used so far by each process that serves the load (the servers under test,
 * and any service behind them), always in the same order; a step reports the differences.
 */
export type CpuReader = () => Promise<readonly number[]>;

/** One step of the sweep: an open-loop send phase at `rate`, then a drain. */
export interface StepOptions {
  /** Total messages per second over all senders. */
  rate: number;
  sendMs: number;
  /** How long after the send phase deliveries still count; anything later is lost. */
  drainMs: number;
}

/** What one step measured. */
export interface StepResult {
  rate: number;
  /** How long the step took, send phase and drain, in seconds. */
  seconds: number;
  sent: number;
  sentPerSecond: number;
  /** Acks received: with Hearth, messages committed to SQLite. */
  acked: number;
  storedPerSecond: number;
  expectedDeliveries: number;
  deliveries: number;
  deliveriesPerSecond: number;
  lost: number;
  /** End-to-end, from the moment the send was due to its arrival at a subscriber, in ms. */
  latency: LatencySummary;
  /** Deliveries to the subscribers of each socket URL, in the order of {@link Endpoint.socketUrls}. */
  deliveriesByUrl: number[];
  /** CPU seconds of each process the CPU reader measures, in its order. */
  cpuSeconds: number[];
  /** Their sum: the CPU of everything that served the step. */
  serverCpuSeconds: number;
  /** CPU seconds the server spent per 1,000 deliveries. */
  serverCpuPerThousand: number;
  /** The processes' CPU over the step, as a fraction of one core. */
  serverCpuShare: number;
  /** The generator's own CPU over the step, as a fraction of one core. */
  generatorCpuShare: number;
  /**
   * CPU used by every other process on the machine over the step, as a fraction of one core: on
   * a shared machine this says how much the figures were disturbed.
   */
  otherCpuShare: number;
  /** The most a send went out after it was due: the generator falling behind its schedule. */
  maxSendLagMs: number;
  errors: number;
  disconnects: number;
  firstProblem: string | undefined;
}

const CONTENT_BYTES = 100;
const CONNECT_TIMEOUT_MS = 15_000;
const QUIET_MS = 250;
const QUIESCE_LIMIT_MS = 10_000;
const MARKER = Buffer.from('"content":"@@');
// Both servers serialize `type` first, so one byte tells a message from an ack without parsing.
const TYPE_AT = '{"type":"'.length;
const MESSAGE = 'm'.charCodeAt(0);
const ACK = 'a'.charCodeAt(0);
const COLON = ':'.charCodeAt(0);
const SEQ_KEY = Buffer.from('"seq":');
const ZERO = '0'.charCodeAt(0);

/**
 * Content of exactly 100 ASCII bytes: `@@<step>:<due µs>:<sender>:<n>:` padded with `x`. The step
 * tells this step's deliveries from stragglers of an earlier one; the due time gives the latency.
 */
function content(step: number, dueUs: number, sender: number, n: number): string {
  return `@@${step}:${dueUs}:${sender}:${n}:`.padEnd(CONTENT_BYTES, 'x');
}

/**
 * Reads step and due time from the content of the frame at `data[start..end)` without
 * `JSON.parse`: with a hundred subscribers the generator receives a hundred frames per message,
 * and parsing them whole would make it, not the server, the bottleneck. Returns the step (-1 when
 * there is no marker) and writes the due time (µs) into `out[0]`.
 */
function readMarker(data: Buffer, start: number, end: number, out: Float64Array): number {
  let at = data.indexOf(MARKER, start);
  if (at < 0 || at >= end) return -1;
  at += MARKER.length;
  let step = 0;
  for (let byte = data[at++]; byte !== COLON; byte = data[at++]) {
    if (byte === undefined || at > end) return -1;
    step = step * 10 + byte - ZERO;
  }
  let dueUs = 0;
  for (let byte = data[at++]; byte !== COLON; byte = data[at++]) {
    if (byte === undefined || at > end) return -1;
    dueUs = dueUs * 10 + byte - ZERO;
  }
  out[0] = dueUs;
  return step;
}

/** The first `"seq":` number of the frame at `data[start..end)`: a message frame's own seq. */
function readSeq(data: Buffer, start: number, end: number): number {
  let at = data.indexOf(SEQ_KEY, start);
  if (at < 0 || at >= end) return -1;
  at += SEQ_KEY.length;
  let seq = 0;
  for (let byte = data[at]; byte !== undefined && byte >= ZERO && byte <= ZERO + 9 && at < end; byte = data[++at]) {
    seq = seq * 10 + byte - ZERO;
  }
  return seq;
}

/** CPU seconds the whole machine has been busy, over every core. */
function machineBusySeconds(): number {
  let busyMs = 0;
  for (const { times } of cpus()) busyMs += times.user + times.nice + times.sys + times.irq;
  return busyMs / 1000;
}

/** Opens a socket, says hello and, for a subscriber, subscribes; resolves when that is done. */
async function openSocket(url: string, token: string, subscribeTo: string | undefined): Promise<BenchSocket> {
  const socket = await BenchSocket.connect(url, CONNECT_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('timed out saying hello')), CONNECT_TIMEOUT_MS);
    const detach = () => {
      clearTimeout(timer);
      socket.onText = () => undefined;
      socket.onClose = () => undefined;
    };
    const fail = (error: Error) => {
      detach();
      socket.terminate();
      reject(error);
    };
    socket.onClose = (reason) => fail(new Error(`closed while connecting: ${reason}`));
    socket.onText = (data, start, end) => {
      let frame: { type?: unknown; code?: unknown; message?: unknown };
      try {
        frame = JSON.parse(data.toString('utf8', start, end)) as typeof frame;
      } catch {
        return fail(new Error('the server sent a frame that is not JSON'));
      }
      if (frame.type === 'ready' && subscribeTo !== undefined) {
        socket.sendText(JSON.stringify({ type: 'subscribe', channelId: subscribeTo }));
      } else if (frame.type === 'ready' || frame.type === 'subscribed') {
        detach();
        resolve(socket);
      } else if (frame.type === 'error') {
        fail(new Error(`refused: ${String(frame.code)} ${String(frame.message)}`));
      }
    };
    socket.sendText(JSON.stringify({ type: 'hello', token, protocol: 1 }));
  });
}

/**
 * The load: subscriber sockets on one channel and sender sockets posting into it on a fixed
 * schedule (open loop: a send goes out when it is due whether or not earlier ones were
 * acknowledged, so a slow server meets a growing queue instead of a politely waiting client).
 */
export class LoadGenerator {
  private readonly senders: Array<BenchSocket | undefined>;
  private readonly subscribers: Array<BenchSocket | undefined>;
  private nextStep = 1;
  // What the step under way has counted; `step` is -1 between steps so stragglers are ignored.
  private step = -1;
  private counts: Uint32Array;
  private latencies = new Float64Array(0);
  private latencyCount = 0;
  private acked = 0;
  private lastAckAt = 0;
  private lastDeliveryAt = 0;
  private lastFrameAt = 0;
  private errors = 0;
  private disconnects = 0;
  private firstProblem: string | undefined;
  private closing = false;
  private readonly due = new Float64Array(1);

  private constructor(
    private readonly endpoint: Endpoint,
    private readonly readCpu: CpuReader,
  ) {
    this.senders = endpoint.senderTokens.map(() => undefined);
    this.subscribers = endpoint.subscriberTokens.map(() => undefined);
    this.counts = new Uint32Array(this.subscribers.length);
  }

  /** Connects every socket; `readCpu` reads the CPU time of whatever serves them, for the per-step cost. */
  static async connect(endpoint: Endpoint, readCpu: CpuReader): Promise<LoadGenerator> {
    const generator = new LoadGenerator(endpoint, readCpu);
    await generator.reconnect();
    return generator;
  }

  /** Runs one step and returns what it measured. */
  async runStep({ rate, sendMs, drainMs }: StepOptions): Promise<StepResult> {
    await this.reconnect();
    await this.quiesce();
    const senderCount = this.senders.length;
    const subscriberCount = this.subscribers.length;
    const perSender = Math.max(1, Math.round((rate * sendMs) / 1000 / senderCount));
    const intervalMs = (1000 * senderCount) / rate;
    const capacity = perSender * senderCount * subscriberCount;
    if (this.latencies.length < capacity) this.latencies = new Float64Array(capacity);
    this.resetCounters();

    const cpuBefore = await this.readCpu();
    const generatorBefore = process.cpuUsage();
    const machineBefore = machineBusySeconds();
    const step = this.nextStep++;
    const start = performance.now();
    this.step = step;
    const { sent, maxSendLagMs } = await this.sendOnSchedule(step, start, intervalMs, perSender);
    const sendEnd = performance.now();
    await sleep(Math.max(0, start + sendMs + drainMs - performance.now()));
    this.step = -1;
    const end = performance.now();
    const cpuAfter = await this.readCpu();
    const cpuSeconds = cpuAfter.map((seconds, index) => seconds - (cpuBefore[index] ?? seconds));
    // A reading that could not be made (NaN: a service on another machine) counts as nothing.
    const serverCpuSeconds = cpuSeconds.reduce((sum, seconds) => (Number.isFinite(seconds) ? sum + seconds : sum), 0);
    const generatorCpu = process.cpuUsage(generatorBefore);
    const generatorCpuSeconds = (generatorCpu.user + generatorCpu.system) / 1e6;
    const otherCpuSeconds = Math.max(0, machineBusySeconds() - machineBefore - serverCpuSeconds - generatorCpuSeconds);

    let deliveries = 0;
    let lost = 0;
    const urlCount = this.endpoint.socketUrls.length;
    const deliveriesByUrl = this.endpoint.socketUrls.map(() => 0);
    this.counts.forEach((received, index) => {
      deliveries += received;
      deliveriesByUrl[index % urlCount] = (deliveriesByUrl[index % urlCount] ?? 0) + received;
      lost += Math.max(0, sent - received);
    });
    const seconds = (end - start) / 1000;
    // Rates over the time the work actually took, never less than the send phase.
    const perSecond = (count: number, lastAt: number) => count / (Math.max(lastAt - start, sendMs) / 1000);
    const latency = summarize(this.latencies.subarray(0, this.latencyCount));
    return {
      rate,
      seconds,
      sent,
      sentPerSecond: perSecond(sent, sendEnd),
      acked: this.acked,
      storedPerSecond: perSecond(this.acked, this.lastAckAt),
      expectedDeliveries: sent * subscriberCount,
      deliveries,
      deliveriesPerSecond: perSecond(deliveries, this.lastDeliveryAt),
      lost,
      latency,
      deliveriesByUrl,
      cpuSeconds,
      serverCpuSeconds,
      serverCpuPerThousand: deliveries > 0 ? (serverCpuSeconds / deliveries) * 1000 : Number.NaN,
      serverCpuShare: serverCpuSeconds / seconds,
      generatorCpuShare: generatorCpuSeconds / seconds,
      otherCpuShare: otherCpuSeconds / seconds,
      maxSendLagMs,
      errors: this.errors,
      disconnects: this.disconnects,
      firstProblem: this.firstProblem,
    };
  }

  /**
   * Sends `perSender` messages from every sender, each when it is due by the wall clock, starting
   * at `start`. A tick that finds several sends overdue makes them all at once, so the schedule
   * holds even when the event loop stalls; how late they went out is `maxSendLagMs`.
   */
  private sendOnSchedule(
    step: number,
    start: number,
    intervalMs: number,
    perSender: number,
  ): Promise<{ sent: number; maxSendLagMs: number }> {
    const senderCount = this.senders.length;
    // Senders are staggered over one interval so the total is smooth, not ten-message bursts.
    const next = Float64Array.from(this.senders, (_, index) => start + (index * intervalMs) / senderCount);
    const sentBy = new Uint32Array(senderCount);
    let sent = 0;
    let maxSendLagMs = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        let finished = true;
        for (let index = 0; index < senderCount; index++) {
          let due = next[index] ?? now;
          let count = sentBy[index] ?? 0;
          while (count < perSender && due <= now) {
            const socket = this.senders[index];
            if (socket?.open) {
              socket.sendText(
                JSON.stringify({
                  type: 'send',
                  channelId: this.endpoint.channelId,
                  clientId: `b${step}-${index}-${count}`,
                  content: content(step, Math.round(due * 1000), index, count),
                }),
              );
            }
            // A send a dropped sender could not make still counts: its subscribers miss it.
            sent++;
            count++;
            maxSendLagMs = Math.max(maxSendLagMs, now - due);
            due += intervalMs;
          }
          next[index] = due;
          sentBy[index] = count;
          if (count < perSender) finished = false;
        }
        if (finished) {
          clearInterval(timer);
          resolve({ sent, maxSendLagMs });
        }
      };
      const timer = setInterval(tick, 1);
      tick();
    });
  }

  /** Closes every socket. */
  close(): void {
    this.closing = true;
    for (const socket of [...this.senders, ...this.subscribers]) socket?.terminate();
  }

  /** (Re)opens every socket that is not open: a server may have dropped some in a failed step. */
  private async reconnect(): Promise<void> {
    const { socketUrls, channelId, senderTokens, subscriberTokens } = this.endpoint;
    const urlOf = (index: number) => socketUrls[index % socketUrls.length] ?? '';
    await Promise.all([
      ...this.subscribers.map(async (current, index) => {
        if (current?.open) return;
        const socket = await openSocket(urlOf(index), subscriberTokens[index] ?? '', channelId);
        this.attach(socket, (data, start, end) => this.onSubscriberFrame(index, data, start, end));
        this.subscribers[index] = socket;
      }),
      ...this.senders.map(async (current, index) => {
        if (current?.open) return;
        const socket = await openSocket(urlOf(index), senderTokens[index] ?? '', undefined);
        this.attach(socket, (data, start, end) => this.onSenderFrame(data, start, end));
        this.senders[index] = socket;
      }),
    ]);
  }

  private attach(socket: BenchSocket, onText: TextHandler): void {
    socket.onText = onText;
    socket.onClose = (reason) => {
      if (this.closing) return;
      this.disconnects++;
      this.firstProblem ??= `server closed a socket: ${reason}`;
    };
  }

  private onSubscriberFrame(index: number, data: Buffer, start: number, end: number): void {
    const now = performance.now();
    this.lastFrameAt = now;
    if (data[start + TYPE_AT] !== MESSAGE) return this.onOtherFrame(data, start, end);
    if (readMarker(data, start, end, this.due) !== this.step || this.step < 0) return;
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.lastDeliveryAt = now;
    if (this.endpoint.markRead) {
      const seq = readSeq(data, start, end);
      if (seq > 0) this.subscribers[index]?.sendText(`{"type":"read","channelId":${JSON.stringify(this.endpoint.channelId)},"seq":${seq}}`);
    }
    if (this.latencyCount < this.latencies.length) {
      this.latencies[this.latencyCount++] = now - (this.due[0] ?? 0) / 1000;
    }
  }

  private onSenderFrame(data: Buffer, start: number, end: number): void {
    const now = performance.now();
    this.lastFrameAt = now;
    if (data[start + TYPE_AT] !== ACK) return this.onOtherFrame(data, start, end);
    if (readMarker(data, start, end, this.due) !== this.step || this.step < 0) return;
    this.acked++;
    this.lastAckAt = now;
  }

  private onOtherFrame(data: Buffer, start: number, end: number): void {
    let frame: { type?: unknown; code?: unknown; message?: unknown };
    try {
      frame = JSON.parse(data.toString('utf8', start, end)) as typeof frame;
    } catch {
      return;
    }
    if (frame.type !== 'error') return;
    this.errors++;
    this.firstProblem ??= `error frame: ${String(frame.code)} ${String(frame.message)}`;
  }

  private resetCounters(): void {
    this.counts.fill(0);
    this.latencyCount = 0;
    this.acked = 0;
    this.lastAckAt = 0;
    this.lastDeliveryAt = 0;
    this.errors = 0;
    this.disconnects = 0;
    this.firstProblem = undefined;
  }

  /** Waits for the previous step's backlog to stop arriving, so it does not load the next one. */
  private async quiesce(): Promise<void> {
    const limit = performance.now() + QUIESCE_LIMIT_MS;
    while (performance.now() - this.lastFrameAt < QUIET_MS && performance.now() < limit) await sleep(50);
  }
}
