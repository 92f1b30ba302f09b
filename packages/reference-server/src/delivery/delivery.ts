import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Membership, Message, ReadState, User } from '../domain/types.js';
import { broadcastMessage } from './broadcast-message.js';
import type { Fanout } from '../fanout/types.js';
import type { MessageEditInput, MessageService, NewMessageInput, ReactionOutcome } from '../services/message-service.js';
import type { AppendResult, NewMessage } from '../storage/types.js';
import { ChannelHub } from './channel-hub.js';
import { Connection, type ConnectionLinks, type Subscriber } from './connection.js';
import type { SendOrder } from './send-order.js';
import type { UserLimits } from './user-limits.js';
import { publicReadState, type ReadStateService } from '../services/read-state-service.js';
import { ReadTracker } from './read-tracker.js';
import { ServerHub } from './server-hub.js';
import { UserHub } from './user-hub.js';

/** Options of the {@link Delivery} core. */
export interface DeliveryOptions {
  /** How long a message ahead of a gap waits for the missing ones before they are read from storage. */
  gapWaitMs?: number;
  /**
   * How often this process says again who has its channels open; a process that falls silent
   * leaves the presence lists of the others after three times this.
   */
  presenceIntervalMs?: number;
  /** The per-user budgets of messages and changes, and of recovery; none when undefined. */
  limits?: UserLimits;
  /** Longest a read mark from a socket waits in memory before it is stored (see {@link ReadTracker}). */
  readFlushMs?: number;
  /** Above this many members online, a server's `member_presence` goes only to the sockets watching its members. */
  largeServerOnline?: number;
}

/**
 * A connection ready to be announced, where its user stands in every channel of their servers, and
 * their place in each server.
 */
export interface OpenedConnection {
  connection: Connection;
  readStates: ReadState[];
  memberships: Membership[];
}

/**
 * A channel's live model, with no transport in it: posting, editing and deleting, subscribing with
 * recovery, seq order and gap filling across processes, presence and typing. REST and the socket
 * are adapters over it: `POST /api/channels/{id}/messages` and the socket's `send` both end in
 * {@link post} (`PATCH`/`edit` in {@link edit}, `DELETE`/`delete` in {@link delete}, reactions in
 * {@link react}), and a
 * socket talks to the core through the {@link Connection} that {@link connect} hands it.
 *
 * @example
 * const delivery = new Delivery(services.messages, services.readStates, fanout, log);
 * const { connection, readStates } = await delivery.open(user, { deliver: (frame) => ws.send(frame) });
 * await connection.subscribe('c_general', 41);
 */
export class Delivery {
  private readonly hub: ChannelHub;
  private readonly servers: ServerHub;
  private readonly users: UserHub;
  private readonly reads: ReadTracker;
  private readonly limits: UserLimits | undefined;
  /** What every connection needs from the core: one object for them all, not a dozen closures each. */
  private readonly links: ConnectionLinks;

  constructor(
    private readonly messages: MessageService,
    private readonly readStates: ReadStateService,
    private readonly fanout: Fanout,
    private readonly log: Logger,
    options: DeliveryOptions = {},
  ) {
    this.hub = new ChannelHub(fanout, messages, log, options);
    this.servers = new ServerHub(fanout, {
      process: randomUUID(),
      presenceIntervalMs: options.presenceIntervalMs ?? 10_000,
      ...(options.largeServerOnline !== undefined && { largeServerOnline: options.largeServerOnline }),
    });
    this.reads = new ReadTracker(readStates, fanout, log, options.readFlushMs);
    this.users = new UserHub(fanout, (userId, state) => this.reads.observe(userId, state));
    this.limits = options.limits;
    this.links = {
      messages,
      hub: this.hub,
      post: (author, channelId, input, order) => this.post(author, channelId, input, order),
      typing: (typist, channelId) => this.typing(typist, channelId),
      edit: (editor, channelId, messageId, input) => this.edit(editor, channelId, messageId, input),
      delete: (actor, channelId, messageId) => this.delete(actor, channelId, messageId),
      react: (reactor, channelId, messageId, emoji, added) => this.react(reactor, channelId, messageId, emoji, added),
      servers: this.servers,
      users: this.users,
      reads: this.reads,
      readStates,
      membershipsOf: (userId) => readStates.membershipsOf(userId),
    };
  }

  /**
   * Stores the message (or finds the one stored earlier with the same `clientId`) and publishes it
   * to the channel's subscribers. Resolves after the commit: the caller may acknowledge then.
   * With `order`, the message is admitted only after the earlier posts of that order were queued.
   * Every post, however it comes, counts against its user's budget of messages and changes.
   */
  async post(user: User, channelId: string, input: NewMessageInput, order?: SendOrder): Promise<AppendResult> {
    const admit = async () => {
      await this.limits?.admitWrite(user.id);
      return this.messages.admit(user, channelId, input);
    };
    return order ? order.run(admit, (message) => this.store(message)) : this.store(await admit());
  }

  /**
   * Edits one of `user`'s messages and publishes the `changed` event to the channel's
   * subscribers. Resolves with the message as edited, after the commit. Counts against the
   * user's budget of messages and changes, as do deletes and reactions.
   */
  async edit(user: User, channelId: string, messageId: string, input: MessageEditInput): Promise<Message> {
    await this.limits?.admitWrite(user.id);
    return this.publishChange(await this.messages.edit(user, channelId, messageId, input));
  }

  /**
   * Deletes a message (the author's own, or any as a moderator of its server) and publishes the
   * `changed` event with the tombstone. Resolves with the tombstone, after the commit.
   */
  async delete(user: User, channelId: string, messageId: string): Promise<Message> {
    await this.limits?.admitWrite(user.id);
    return this.publishChange(await this.messages.delete(user, channelId, messageId));
  }

  /**
   * Adds or removes `user`'s reaction with one emoji (idempotent) and, when that changed
   * something, publishes the `changed` event with the reaction. Resolves with the message as
   * `user` sees it, after the commit.
   */
  async react(user: User, channelId: string, messageId: string, emoji: unknown, added: boolean): Promise<ReactionOutcome> {
    await this.limits?.admitWrite(user.id);
    const result = await this.messages.react(user, channelId, messageId, emoji, added);
    if (result.changed) {
      this.fanout.publish(channelId, { kind: 'changed', message: broadcastMessage(result.message), reaction: result.reaction });
    }
    return result;
  }

  /** Tells the channel's subscribers, in every process, that `user` is typing. */
  async typing(user: User, channelId: string): Promise<void> {
    await this.messages.requireWriter(user, channelId);
    this.fanout.publish(channelId, { kind: 'typing', channelId, user });
  }

  /**
   * Marks the channel read up to `seq` for `user` and stores it before resolving (REST): never
   * back, never past the newest. Every socket of the user hears `read` when the position moved.
   */
  async markRead(user: User, channelId: string, seq: unknown): Promise<ReadState> {
    return (await this.reads.mark(user, channelId, seq, true)).state;
  }

  /** Where `user` stands in every channel of every server they belong to. */
  async readStatesOf(user: User): Promise<ReadState[]> {
    return (await this.readStates.list(user)).map(publicReadState);
  }

  /** The ids of the members online in the server, on any process. */
  onlineIn(serverId: string): Promise<string[]> {
    return this.servers.onlineIn(serverId);
  }

  /**
   * A connection of `user` whose frames go to `subscriber`, once it follows the user's servers and
   * read positions, with where the user stands in every channel of their servers. Nothing reaches
   * `subscriber` until {@link Connection.release}: the transport sends `ready` first. Close it
   * when the transport closes.
   */
  async open(user: User, subscriber: Subscriber): Promise<OpenedConnection> {
    const connection = this.connect(user, subscriber);
    try {
      return { connection, ...(await connection.start()) };
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  private connect(user: User, subscriber: Subscriber): Connection {
    return new Connection(user, subscriber, this.links, this.limits?.recoveryOf(user.id));
  }

  /**
   * Leaves every channel, server and user: no fan-out subscription, storage read or timer is left
   * running. Resolves once the pending read marks are stored.
   */
  async close(): Promise<void> {
    this.hub.close();
    this.servers.close();
    this.users.close();
    await this.reads.flush();
  }

  private publishChange(message: Message): Message {
    this.fanout.publish(message.channelId, { kind: 'changed', message: broadcastMessage(message) });
    return message;
  }

  /** Tells every member of the message's server of it, for their counts; a failure never fails the post. */
  private async publishActivity(message: Message): Promise<void> {
    try {
      // Known since the post was admitted: no storage read per message.
      const serverId = await this.messages.serverIdOf(message.channelId);
      this.servers.publishActivity({
        kind: 'activity',
        channelId: message.channelId,
        serverId,
        seq: message.seq,
        authorId: message.author.id,
        threadId: message.threadId,
        mentionIds: message.mentions.map((user) => user.id),
      });
    } catch (error) {
      this.log.warn({ err: error, channelId: message.channelId }, 'could not publish the activity of a message');
    }
  }

  /** Queues the write before its first `await`, so messages stored in call order get seqs in that order. */
  private async store(message: NewMessage): Promise<AppendResult> {
    const result = await this.messages.store(message);
    if (!result.duplicate) {
      const stored = result.message;
      this.fanout.publish(message.channelId, { kind: 'message', message: stored, ...(result.thread && { thread: result.thread }) });
      void this.publishActivity(stored);
    }
    return result;
  }
}
