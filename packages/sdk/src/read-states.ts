/**
 * `@hearth/sdk/read-states`: where the user has read up to in every channel of their servers, and
 * the unread messages and mentions after it, per channel and summed per server (badges). A separate
 * entry, so that apps which only chat do not ship it.
 *
 * @example
 * import { readStatesOf } from '@hearth/sdk/read-states';
 * const reads = readStatesOf(chat);
 * reads.$byServer.subscribe((counts) => renderBadges(counts));
 * await reads.markRead('c_general', 42);
 *
 * @module
 */
import { type ReadableAtom, atom, computed } from 'nanostores';
import type { ChatClient } from './client.js';
import { internalsOf } from './internals-of.js';
import type { ReadState, ServerFrame, ServerFrameOf } from './protocol/frames.js';
import { READ_STATE } from './rest-shapes.js';

/** Unread messages and mentions of the user, summed over a server's channels. */
export interface UnreadCount {
  unread: number;
  mentions: number;
}

/**
 * The user's read state in every channel of their servers: set from each `ready` of the socket (so
 * after a reconnect it equals the server's), moved by the user's marks from any of their tabs and
 * devices, and counted up as messages arrive in channels the user may not have open.
 */
export interface ReadStates {
  /**
   * The read state of each channel of the user's servers, by channel id: the position read up to
   * and the unread messages and mentions after it.
   */
  readonly $byChannel: ReadableAtom<Readonly<Record<string, ReadState>>>;
  /** Unread messages and mentions summed per server, by server id (badges on a server rail). */
  readonly $byServer: ReadableAtom<Readonly<Record<string, UnreadCount>>>;
  /** The read state of one channel; undefined until known. The same instance for the same id. */
  $channel(channelId: string): ReadableAtom<ReadState | undefined>;
  /**
   * Marks a channel read up to `seq`: the counts drop at once, and the user's other tabs and
   * devices follow. A position never moves backwards. Hosts call it when the newest message is on
   * screen and the page is visible (the elements do).
   */
  markRead(channelId: string, seq: number): Promise<void>;
}

const created = new WeakMap<ChatClient, ReadStates>();

/**
 * The read states of the user `chat` speaks for; the same instance for the same client. Made before
 * the socket opens, it starts from the socket's `ready`; made later, it reads the list over REST
 * (`GET /api/me/read-states`) and applies the frames that came meanwhile on top of it.
 *
 * @example
 * const $general = readStatesOf(chat).$channel('c_general');
 * $general.subscribe((state) => (badge.textContent = String(state?.unread ?? 0)));
 */
export function readStatesOf(chat: ChatClient): ReadStates {
  let states = created.get(chat);
  if (!states) created.set(chat, (states = createReadStates(chat)));
  return states;
}

function createReadStates(chat: ChatClient): ReadStates {
  const { request, send, frames, report } = internalsOf(chat, 'read-states');
  const byChannel = atom<Readonly<Record<string, ReadState>>>({});
  const ofChannel = new Map<string, ReadableAtom<ReadState | undefined>>();
  const list = (states: readonly ReadState[]) => byChannel.set(Object.fromEntries(states.map((state) => [state.channelId, state])));
  const put = (state: ReadState) => byChannel.set({ ...byChannel.get(), [state.channelId]: state });
  const moved = (state: ReadState) => {
    const held = byChannel.get()[state.channelId];
    // A mark answered late must not undo a newer one made since.
    if (!held || state.lastReadSeq >= held.lastReadSeq) put(state);
  };
  const activity = ({ channelId, serverId, seq, authorId, threadId, mentionIds }: ServerFrameOf<'activity'>) => {
    const held = byChannel.get()[channelId] ?? { channelId, serverId, lastReadSeq: 0, lastSeq: 0, unread: 0, mentions: 0 };
    if (seq <= held.lastSeq) return;
    const me = chat.$user.get()?.id;
    const after = seq > held.lastReadSeq;
    put({
      ...held,
      lastSeq: seq,
      unread: held.unread + (after && authorId !== me && !threadId ? 1 : 0),
      mentions: held.mentions + (after && me !== undefined && mentionIds.includes(me) ? 1 : 0),
    });
  };

  /** The frames that came while the list is read over REST, applied on top of it once it is here. */
  let queued: ServerFrame[] | undefined;
  const receive = (frame: ServerFrame) => {
    if (frame.type === 'ready') {
      queued = undefined;
      if (frame.readStates) list(frame.readStates);
    } else if (queued) queued.push(frame);
    else if (frame.type === 'read') moved(frame.state);
    else if (frame.type === 'activity') activity(frame);
  };
  frames.add(receive);
  // The socket said `ready` before this was made: its list is read again.
  if (chat.$user.get()) {
    const waiting: ServerFrame[] = (queued = []);
    const caughtUp = () => {
      // A `ready` since then brought a newer list.
      if (queued !== waiting) return false;
      queued = undefined;
      return true;
    };
    request('get', '/api/me/read-states', {}, [READ_STATE]).then(
      (states) => {
        if (!caughtUp()) return;
        list(states);
        waiting.forEach(receive);
      },
      (error: Error) => {
        if (caughtUp()) waiting.forEach(receive);
        report(error);
      },
    );
  }

  return {
    $byChannel: byChannel,
    $byServer: computed(byChannel, (states) => {
      const sums: Record<string, UnreadCount> = {};
      for (const { serverId, unread, mentions } of Object.values(states)) {
        const sum = (sums[serverId] ??= { unread: 0, mentions: 0 });
        sum.unread += unread;
        sum.mentions += mentions;
      }
      return sums;
    }),
    $channel(channelId) {
      let store = ofChannel.get(channelId);
      if (!store) ofChannel.set(channelId, (store = computed(byChannel, (states) => states[channelId])));
      return store;
    },
    async markRead(channelId, seq) {
      const held = byChannel.get()[channelId];
      if (held && seq <= held.lastReadSeq) return;
      // Read up to the newest known message: nothing is left to count until the server says more.
      if (held) put({ ...held, lastReadSeq: seq, ...(seq >= held.lastSeq && { unread: 0, mentions: 0 }) });
      if (send({ type: 'read', channelId, seq })) return;
      try {
        moved(await request('put', '/api/channels/{id}/read', { path: { id: channelId }, body: { seq } }, READ_STATE));
      } catch (error) {
        report(error as Error);
      }
    },
  };
}
