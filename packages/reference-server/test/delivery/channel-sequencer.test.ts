import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ChannelBacklog, ChannelSequencer, type SequencedEvent } from '../../src/delivery/channel-sequencer.js';
import type { Message } from '../../src/domain/types.js';

const CHANNEL = 'c_seq';
const GAP_WAIT_MS = 100;
const author = { id: 'u_1', name: 'One', avatarUrl: null };

const message = (seq: number): Message => ({
  id: `m_${seq}`,
  channelId: CHANNEL,
  seq,
  author,
  content: `#${seq}`,
  createdAt: new Date(0).toISOString(),
  clientId: null,
  version: seq,
  editedAt: null,
  deleted: false,
  reactions: [],
  replyTo: null,
  threadId: null,
  thread: null,
  mentions: [],
  attachments: [],
});

const live = (seq: number): SequencedEvent => ({ kind: 'message', message: message(seq) });

/** A channel's stored history that the test grows by hand, counting the reads made of it. */
class FakeBacklog implements ChannelBacklog {
  stored = 0;
  reads: number[] = [];
  failNext = false;
  async lastSeq(): Promise<number> {
    // Read after a turn, like a database: what is stored by then counts.
    await Promise.resolve();
    return this.stored;
  }
  async changesAfter(_channelId: string, afterSeq: number, limit: number) {
    this.reads.push(afterSeq);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database unavailable');
    }
    const last = Math.min(this.stored, afterSeq + limit);
    const messages = Array.from({ length: Math.max(0, last - afterSeq) }, (_, index) => message(afterSeq + 1 + index));
    return { messages, hasMore: last < this.stored };
  }
}

let backlog: FakeBacklog;
let emitted: SequencedEvent[];
let errors: unknown[];
let sequencer: ChannelSequencer;
const seqs = () => emitted.map((event) => (event.kind === 'message' ? event.message.seq : event.kind));

beforeEach(() => {
  vi.useFakeTimers();
  backlog = new FakeBacklog();
  emitted = [];
  errors = [];
  sequencer = new ChannelSequencer(CHANNEL, backlog, (item) => emitted.push(item), {
    gapWaitMs: GAP_WAIT_MS,
    pageSize: 3,
    onError: (error) => errors.push(error),
  });
});
afterEach(() => {
  sequencer.stop();
  vi.useRealTimers();
});

describe('ChannelSequencer', () => {
  it('hands on messages that arrive in seq order at once, as they came, and reads nothing', async () => {
    backlog.stored = 4;
    await sequencer.start();
    const fifth = live(5);
    sequencer.receive(fifth);
    sequencer.receive(live(6));
    expect(seqs()).toEqual([5, 6]);
    expect(emitted[0]).toBe(fifth);
    expect(backlog.reads).toEqual([]);
  });

  it('puts messages that cross on the way back in seq order, and drops repeats and ones older than the start', async () => {
    backlog.stored = 10;
    await sequencer.start();
    for (const seq of [12, 13, 11, 12, 9, 14]) sequencer.receive(live(seq));
    expect(seqs()).toEqual([11, 12, 13, 14]);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS * 2);
    expect(backlog.reads).toEqual([]);
  });

  it('passes typing straight through, even ahead of a gap', async () => {
    await sequencer.start();
    sequencer.receive(live(2));
    sequencer.receive({ kind: 'typing', channelId: CHANNEL, user: author });
    expect(seqs()).toEqual(['typing']);
  });

  it('reads a gap that does not fill from storage, in pages, after waiting for it briefly', async () => {
    await sequencer.start();
    backlog.stored = 8;
    const eighth = live(8);
    sequencer.receive(eighth);
    expect(seqs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS);
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(backlog.reads).toEqual([0, 3, 6]);
    // The held message is handed on as it came from the fan-out.
    expect(emitted.at(-1)).toEqual(eighth);
  });

  it('hands on a thread reply read from storage with its thread update, from the root storage returns with it', async () => {
    backlog.stored = 1;
    await sequencer.start();
    const root = { ...message(1), thread: { replyCount: 2, lastReplyAt: new Date(3).toISOString(), lastReplySeq: 3 } };
    const replies = [2, 3].map((seq) => ({ ...message(seq), threadId: root.id }));
    // Storage brings the root (unchanged since seq 1, at or below the read's seq) just before its first reply.
    backlog.changesAfter = async () => ({ messages: [root, ...replies], hasMore: false });
    sequencer.receive(live(4));
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS);
    const update = { rootId: root.id, ...root.thread };
    // The root itself was handed on before (seq 1): only its replies come, each with the update.
    expect(emitted.slice(0, 2)).toEqual([
      { kind: 'message', message: replies[0], thread: update },
      { kind: 'message', message: replies[1], thread: update },
    ]);
    expect(seqs()).toEqual([2, 3, 4]);
  });

  it('holds what arrives before start and hands on only what follows the seq start read', async () => {
    const starting = sequencer.start();
    sequencer.receive(live(1));
    sequencer.receive(live(2));
    backlog.stored = 1;
    await starting;
    expect(seqs()).toEqual([2]);
  });

  it('on resync reads everything stored after the last seq it handed on', async () => {
    backlog.stored = 2;
    await sequencer.start();
    sequencer.receive(live(3));
    backlog.stored = 9;
    sequencer.resync();
    await vi.advanceTimersByTimeAsync(0);
    expect(seqs()).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // A message the broker delivers late after that is not handed on twice.
    sequencer.receive(live(5));
    sequencer.receive(live(10));
    expect(seqs()).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('tries a failed storage read again instead of giving up on the gap', async () => {
    await sequencer.start();
    backlog.stored = 2;
    backlog.failNext = true;
    sequencer.receive(live(2));
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS);
    expect(errors).toHaveLength(1);
    expect(seqs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS);
    expect(seqs()).toEqual([1, 2]);
  });

  it('hands on nothing after stop', async () => {
    await sequencer.start();
    sequencer.stop();
    sequencer.receive(live(1));
    expect(emitted).toEqual([]);
  });
});

/** A channel's stored messages in their current state, as the storage keeps them. */
class ChangingBacklog implements ChannelBacklog {
  readonly messages = new Map<string, Message>();
  last = 0;
  reads: number[] = [];
  async lastSeq(): Promise<number> {
    await Promise.resolve();
    return this.last;
  }
  async changesAfter(_channelId: string, afterSeq: number, limit: number) {
    this.reads.push(afterSeq);
    const after = [...this.messages.values()].filter((stored) => stored.version > afterSeq).sort((a, b) => a.version - b.version);
    return { messages: after.slice(0, limit), hasMore: after.length > limit };
  }
  /** Stores a new message with the next seq and returns its event. */
  add(): SequencedEvent {
    const added = { ...message(++this.last), id: `m_new_${this.last}` };
    this.messages.set(added.id, added);
    return { kind: 'message', message: added };
  }
  /** Edits a stored message with the next seq and returns its event. */
  edit(id: string): SequencedEvent {
    const current = this.messages.get(id);
    if (!current) throw new Error(`no message ${id}`);
    const edited = { ...current, content: `edit ${this.last + 1}`, version: ++this.last, editedAt: new Date(0).toISOString() };
    this.messages.set(id, edited);
    return { kind: 'changed', message: edited };
  }
}

describe('ChannelSequencer with changes on the seq line', () => {
  let changing: ChangingBacklog;
  const line = () =>
    emitted.map((event) =>
      event.kind === 'message'
        ? `message ${event.message.seq}`
        : event.kind === 'changed'
          ? `changed ${event.message.version}`
          : event.kind,
    );

  beforeEach(() => {
    changing = new ChangingBacklog();
    sequencer.stop();
    sequencer = new ChannelSequencer(CHANNEL, changing, (item) => emitted.push(item), {
      gapWaitMs: GAP_WAIT_MS,
      pageSize: 2,
      onError: (error) => errors.push(error),
    });
  });

  it('orders changed events with messages by the seq each took, whatever order they arrive in', async () => {
    await sequencer.start();
    const first = changing.add();
    const second = changing.add();
    const edit = changing.edit(first.kind === 'typing' ? '' : first.message.id);
    const third = changing.add();
    for (const event of [second, edit, first, third, edit]) sequencer.receive(event);
    expect(line()).toEqual(['message 1', 'message 2', 'changed 3', 'message 4']);
    expect(emitted[2]).toBe(edit);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS * 2);
    expect(changing.reads).toEqual([]);
  });

  it('fills a gap from storage in current states: a superseded change is skipped, a message added and changed meanwhile comes as changed', async () => {
    const one = changing.add();
    await sequencer.start();
    const id = (event: SequencedEvent) => (event.kind === 'typing' ? '' : event.message.id);
    changing.edit(id(one)); // 2, lost by the fan-out and superseded by 3
    changing.edit(id(one)); // 3
    const two = changing.add(); // 4
    changing.edit(id(two)); // 5
    const three = changing.add(); // 6, arrives
    sequencer.receive(three);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS);
    expect(line()).toEqual(['changed 3', 'changed 5', 'message 6']);
    expect(emitted.slice(0, 2).map((event) => (event.kind === 'changed' ? event.message.id : ''))).toEqual([id(one), id(two)]);
    // The read covered seq 2 and 4: the fan-out bringing them late hands nothing on.
    sequencer.receive({ kind: 'changed', message: { ...(one.kind === 'message' ? one.message : message(1)), version: 2 } });
    sequencer.receive(two);
    expect(line()).toEqual(['changed 3', 'changed 5', 'message 6']);
    expect(changing.reads).toEqual([1]);
  });

  it('on resync reads every change stored after the last seq handed on, and the live line continues after it', async () => {
    await sequencer.start();
    const one = changing.add();
    sequencer.receive(one);
    const id = one.kind === 'typing' ? '' : one.message.id;
    changing.edit(id);
    changing.add();
    changing.edit(id);
    sequencer.resync();
    await vi.advanceTimersByTimeAsync(0);
    expect(line()).toEqual(['message 1', 'message 3', 'changed 4']);
    sequencer.receive(changing.add());
    expect(line()).toEqual(['message 1', 'message 3', 'changed 4', 'message 5']);
  });
});
