import type { Membership, ReadState, User } from '../domain/types.js';
import type { ChannelReadState, ReadMark, Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { MessageService } from './message-service.js';

/**
 * The rules of read state: who may mark which channel read, what a valid position is, and the
 * counts that follow from a position. Coalescing of frequent marks is the delivery core's.
 */
export class ReadStateService {
  constructor(
    private readonly storage: Storage,
    private readonly messages: Pick<MessageService, 'requireReadable'>,
  ) {}

  /**
   * The user's read state in every channel of every server they belong to, with each channel's
   * newest seq; one storage query whatever the number of channels.
   */
  list(user: User): Promise<ChannelReadState[]> {
    return this.storage.readStates.list(user.id);
  }

  /** The user's place (role, time-out) in every server they belong to: the servers whose counts `ready` carries. */
  membershipsOf(userId: string): Promise<Membership[]> {
    return this.storage.servers.membershipsOf(userId);
  }

  /**
   * The state of a channel read up to at least `seq` (clamped to the channel's newest), not stored:
   * `unknown_channel` when the user may not read it, `invalid_input` for a seq that is not a
   * non-negative integer.
   */
  async preview(user: User, channelId: string, seq: unknown): Promise<ChannelReadState> {
    const position = validateSeq(seq);
    await this.messages.requireReadable(user, channelId);
    const state = await this.storage.readStates.get(user.id, channelId, position);
    if (!state) throw new ChatError(ErrorCode.unknownChannel, `no channel with id ${channelId}`);
    return state;
  }

  /** Stores positions (each raised, never lowered, clamped to its channel's newest). */
  store(marks: readonly ReadMark[]): Promise<void> {
    return this.storage.readStates.raise(marks);
  }
}

function validateSeq(seq: unknown): number {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new ChatError(ErrorCode.invalidInput, 'seq must be a non-negative integer', { field: 'seq' });
  }
  return seq;
}

/** A read state as the protocol carries it, without the storage's extra columns. */
export function publicReadState(state: ReadState): ReadState {
  return {
    channelId: state.channelId,
    serverId: state.serverId,
    lastReadSeq: state.lastReadSeq,
    lastSeq: state.lastSeq,
    unread: state.unread,
    mentions: state.mentions,
  };
}
