import { type ReadableAtom, atom, computed } from 'nanostores';
import type { ClientFrame, ReadState, ServerFrameOf } from './protocol/frames.js';
import type { Request } from './rest.js';
import { READ_STATE } from './rest-shapes.js';

/** Unread messages and mentions of the user, summed over a server's channels. */
export interface UnreadCount {
  unread: number;
  mentions: number;
}

/** What the read states need from their client. */
export interface ReadStatesContext {
  request: Request;
  /** Sends a frame if the socket is ready. */
  send(frame: ClientFrame): boolean;
  /** The signed-in user's id, once known. */
  userId(): string | undefined;
  report(error: Error): void;
}

/**
 * The user's read state in every channel of their servers: set from `ready` (after each reconnect,
 * so counts equal the server's), moved by the user's marks from any of their sockets (`read`),
 * and counted up by `activity` as messages arrive in channels the user may not have open.
 */
export interface ReadStates {
  /** The read state of each channel of the user's servers, by channel id. */
  readonly $byChannel: ReadableAtom<Readonly<Record<string, ReadState>>>;
  /** Unread messages and mentions summed per server, by server id. */
  readonly $byServer: ReadableAtom<Readonly<Record<string, UnreadCount>>>;
  /** Marks a channel read up to `seq`: counted at once, then as the server says. */
  markRead(channelId: string, seq: number): Promise<void>;
  /** The server's list at `ready`. */
  ready(states: readonly ReadState[] | undefined): void;
  /** A `read` frame: the user's position moved. */
  moved(state: ReadState): void;
  /** An `activity` frame: a new message in a channel of one of the user's servers. */
  activity(frame: ServerFrameOf<'activity'>): void;
}

/** Creates the {@link ReadStates} of a client. */
export function createReadStates(context: ReadStatesContext): ReadStates {
  const byChannel = atom<Readonly<Record<string, ReadState>>>({});
  const put = (state: ReadState) => byChannel.set({ ...byChannel.get(), [state.channelId]: state });
  const moved = (state: ReadState) => {
    const held = byChannel.get()[state.channelId];
    // A mark answered late must not undo a newer one made since.
    if (!held || state.lastReadSeq >= held.lastReadSeq) put(state);
  };

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
    async markRead(channelId, seq) {
      const held = byChannel.get()[channelId];
      if (held && seq <= held.lastReadSeq) return;
      // Read up to the newest known message: nothing is left to count until the server says more.
      if (held) put({ ...held, lastReadSeq: seq, ...(seq >= held.lastSeq && { unread: 0, mentions: 0 }) });
      if (context.send({ type: 'read', channelId, seq })) return;
      try {
        const state = await context.request('put', '/api/channels/{id}/read', { path: { id: channelId }, body: { seq } }, READ_STATE);
        moved(state);
      } catch (error) {
        context.report(error as Error);
      }
    },
    ready(states) {
      if (states) byChannel.set(Object.fromEntries(states.map((state) => [state.channelId, state])));
    },
    moved,
    activity({ channelId, serverId, seq, authorId, threadId, mentionIds }) {
      const held = byChannel.get()[channelId] ?? { channelId, serverId, lastReadSeq: 0, lastSeq: 0, unread: 0, mentions: 0 };
      if (seq <= held.lastSeq) return;
      const me = context.userId();
      const after = seq > held.lastReadSeq;
      put({
        ...held,
        lastSeq: seq,
        unread: held.unread + (after && authorId !== me && !threadId ? 1 : 0),
        mentions: held.mentions + (after && me !== undefined && mentionIds.includes(me) ? 1 : 0),
      });
    },
  };
}
