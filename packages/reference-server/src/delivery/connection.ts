import type { AccessRevokedReason, MemberChange } from '../domain/channel-event.js';
import type { Membership, Message, ReadState, User } from '../domain/types.js';
import type { ChannelHub, HubDelivery, HubSubscriber } from './channel-hub.js';
import { broadcastMessage } from './broadcast-message.js';
import type { MessageEditInput, MessageService, NewMessageInput, ReactionOutcome } from '../services/message-service.js';
import type { AppendResult } from '../storage/types.js';
import { seqOf } from './channel-sequencer.js';
import { encodeFrame } from './encode-frame.js';
import { SendOrder } from './send-order.js';
import type { RecoveryBudget } from './user-limits.js';
import type { ReadTracker } from './read-tracker.js';
import type { ActivityEvent, ServerFollower, ServerHub } from './server-hub.js';
import type { UserFollower, UserHub } from './user-hub.js';
import type { ReadStateService } from '../services/read-state-service.js';
import { publicReadState } from '../services/read-state-service.js';

/** Where a connection's frames go: the transport writes each text as it is. */
export interface Subscriber {
  deliver(frame: string): void;
}

/** What a connection needs from the delivery core. */
export interface ConnectionLinks {
  messages: MessageService;
  hub: ChannelHub;
  post(user: User, channelId: string, input: NewMessageInput, order: SendOrder): Promise<AppendResult>;
  typing(user: User, channelId: string): Promise<void>;
  edit(user: User, channelId: string, messageId: string, input: MessageEditInput): Promise<Message>;
  delete(user: User, channelId: string, messageId: string): Promise<Message>;
  react(user: User, channelId: string, messageId: string, emoji: unknown, added: boolean): Promise<ReactionOutcome>;
  servers: ServerHub;
  users: UserHub;
  reads: ReadTracker;
  readStates: ReadStateService;
  /** The user's place in every server they belong to. */
  membershipsOf(userId: string): Promise<Membership[]>;
}

/**
 * A channel this connection watches. Until `subscribed` is sent, live events wait in `held`.
 * Every field is there from the start (see {@link newSubscription}): one added later would move
 * the object's fields into a separate store, which every subscription of every socket would keep.
 */
interface Subscription {
  held: HubDelivery[] | undefined;
  /** The channel's server, once the channel is let in. */
  serverId: string | undefined;
  /** Whether the subscription counts its user online in the server (they are a member). */
  online: boolean;
  lastSeq: number;
  typingAt: number;
  /**
   * The version of the last `presence` frame sent, so the same frame is not sent twice: a number,
   * since keeping the frame itself would keep a copy of it per subscription.
   */
  presence: number | undefined;
}

function newSubscription(): Subscription {
  return { held: [], serverId: undefined, online: false, lastSeq: 0, typingAt: 0, presence: undefined };
}

/** A user's typing is passed on at most this often per connection and channel. */
const TYPING_INTERVAL_MS = 1500;

/**
 * One authenticated connection as the delivery core sees it, whatever carries it: its
 * subscriptions with recovery, its sends in the order it made them, its typing. Frames reach the
 * client through {@link Subscriber.deliver}; refusals are thrown as `ChatError` for the transport
 * to report.
 */
export class Connection implements HubSubscriber, ServerFollower, UserFollower {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly order = new SendOrder();
  /** The servers the user belongs to, whose activity this connection follows. */
  private readonly servers = new Set<string>();
  /** Per server, how many subscriptions count the user online in it. */
  private readonly onlineIn = new Map<string, number>();
  /** The servers whose every `member_presence` the client asked for (made when first asked). */
  private membersWatched: Set<string> | undefined;
  /** Frames waiting for `ready` to be sent; undefined once it is. */
  private held: string[] | undefined = [];
  private closed = false;

  constructor(
    /** Who the connection speaks for. */
    readonly user: User,
    private readonly subscriber: Subscriber,
    /** Shared by every connection of the process. */
    private readonly links: ConnectionLinks,
    /** What this connection may still recover; unbounded when undefined. */
    private readonly recovery?: RecoveryBudget,
  ) {}

  /**
   * Subscribes a channel: sends `subscribed` with what was missed after `afterSeq`, then every
   * live event of the channel in seq order, with nothing lost or repeated between the two.
   * Rejects with a `ChatError` when the user may not read the channel, or (`rate_limited`) when a
   * recovery (`afterSeq` given) is over the recovery budget; a channel already live on this
   * connection then stays live as it was.
   */
  async subscribe(channelId: string, afterSeq: number | undefined): Promise<void> {
    const { hub, messages } = this.links;
    const subscription = newSubscription();
    const previous = this.subscriptions.get(channelId);
    this.subscriptions.set(channelId, subscription);
    // An unsubscribe, a newer subscribe or a closed connection while this one waits makes it moot.
    const current = () => this.subscriptions.get(channelId) === subscription;
    let settleRecovery: ((read: number) => Promise<void>) | undefined;
    let missedRead = 0;
    try {
      // Checked before joining, so a stranger cannot make this process listen to any channel id.
      subscription.serverId = (await messages.requireReadable(this.user, channelId)).channel.serverId;
      if (afterSeq !== undefined) settleRecovery = await this.recovery?.admit();
      if (!current()) return;
      // Joined before reading what was missed: from here on, live events wait in `held`.
      await hub.join(channelId, this, this.user);
      if (!current()) {
        // Unsubscribed while joining: leave again, or the hub would keep this connection for good.
        if (!this.subscriptions.has(channelId)) hub.leave(channelId, this);
        return;
      }
      const { missed, complete, lastSeq } = await messages.missedSince(this.user, channelId, afterSeq);
      missedRead = missed.length;
      if (!current()) return;
      const held = subscription.held ?? [];
      subscription.held = undefined;
      // `missed` is by version and covers every seq up to its last one. A client ahead of the
      // server (a restored database) must not have live messages hidden from it.
      subscription.lastSeq = missed.at(-1)?.version ?? Math.min(afterSeq ?? 0, lastSeq);
      this.send(encodeFrame({ type: 'subscribed', channelId, missed, complete, lastSeq }));
      for (const delivery of held) this.deliver(channelId, delivery);
      this.countOnline(subscription);
      // Counted before the one it replaces is uncounted, so subscribing again is no blink offline.
      if (previous) this.uncountOnline(previous);
    } catch (error) {
      if (current() && previous && !previous.held) {
        // A refused subscribe again leaves the live subscription as it was, with what came meanwhile.
        this.subscriptions.set(channelId, previous);
        for (const delivery of subscription.held ?? []) this.deliver(channelId, delivery);
      } else if (current()) {
        this.subscriptions.delete(channelId);
        hub.leave(channelId, this);
        if (previous) this.uncountOnline(previous);
      }
      throw error;
    } finally {
      await settleRecovery?.(missedRead);
    }
  }

  /** Stops delivering a channel and confirms with `unsubscribed`. */
  unsubscribe(channelId: string): void {
    const subscription = this.subscriptions.get(channelId);
    if (subscription) {
      this.subscriptions.delete(channelId);
      this.links.hub.leave(channelId, this);
      this.uncountOnline(subscription);
    }
    this.send(encodeFrame({ type: 'unsubscribed', channelId }));
  }

  /**
   * Posts a message after every earlier post of this connection was admitted, so its seqs follow
   * the order of sending. Resolves once it is stored.
   */
  post(channelId: string, input: NewMessageInput): Promise<AppendResult> {
    return this.links.post(this.user, channelId, input, this.order);
  }

  /**
   * Edits one of the user's messages. Resolves with its new state once stored; a connection not
   * subscribed to the channel gets the `changed` frame as its confirmation, since no subscription
   * will bring it.
   */
  async edit(channelId: string, messageId: string, input: MessageEditInput): Promise<Message> {
    return this.confirm(await this.links.edit(this.user, channelId, messageId, input));
  }

  /** Deletes a message; confirmed like {@link edit}. Resolves with the tombstone. */
  async delete(channelId: string, messageId: string): Promise<Message> {
    return this.confirm(await this.links.delete(this.user, channelId, messageId));
  }

  /**
   * Adds or removes the user's reaction. A connection not subscribed to the channel gets the
   * `changed` frame as its confirmation; so does one whose reaction changed nothing (it was there
   * already, or was not), since no subscription brings a frame then.
   */
  async react(channelId: string, messageId: string, emoji: unknown, added: boolean): Promise<Message> {
    const { message, changed, reaction } = await this.links.react(this.user, channelId, messageId, emoji, added);
    if (!changed || !this.subscriptions.has(channelId)) {
      this.send(encodeFrame({ type: 'changed', message: broadcastMessage(message), reaction }));
    }
    return message;
  }

  private confirm(message: Message): Message {
    if (!this.subscriptions.has(message.channelId)) {
      this.send(encodeFrame({ type: 'changed', message: broadcastMessage(message) }));
    }
    return message;
  }

  /**
   * Asks for every `member_presence` of a server, however many of its members are online (the
   * client shows its members list), or stops asking. Kept for a server the user joins later;
   * a server the user does not belong to tells nothing.
   */
  watchMembers(serverId: string, watch: boolean): void {
    if (watch) (this.membersWatched ??= new Set()).add(serverId);
    else this.membersWatched?.delete(serverId);
    if (!this.servers.has(serverId)) return;
    if (watch) this.links.servers.watchMembers(serverId, this);
    else this.links.servers.unwatchMembers(serverId, this);
  }

  /** Tells the channel the user is typing, at most once per interval per subscribed channel. */
  async typing(channelId: string): Promise<void> {
    const subscription = this.subscriptions.get(channelId);
    const now = Date.now();
    if (subscription && now - subscription.typingAt < TYPING_INTERVAL_MS) return;
    if (subscription) subscription.typingAt = now;
    await this.links.typing(this.user, channelId);
  }

  /**
   * Its user lost access to the channel: leaves it, and tells the client with `unsubscribed
   * {reason}`. A server turned `private` keeps its members' subscriptions.
   */
  revoke(channelId: string, reason: AccessRevokedReason): void {
    const subscription = this.subscriptions.get(channelId);
    if (!subscription) return;
    if (reason === 'private' && subscription.serverId !== undefined && this.servers.has(subscription.serverId)) return;
    this.subscriptions.delete(channelId);
    this.links.hub.leave(channelId, this);
    this.uncountOnline(subscription);
    this.send(encodeFrame({ type: 'unsubscribed', channelId, reason }));
  }

  /**
   * Follows the user's read positions and servers, then reads where the user stands in every
   * channel of their servers and their place in each server, for `ready`. Frames for the
   * connection wait until {@link release}. Everything is followed before the counts are read, so
   * nothing falls between them; an activity already counted carries a seq at or below the state's
   * `lastSeq`, which the client skips.
   */
  async start(): Promise<{ readStates: ReadState[]; memberships: Membership[] }> {
    const { users, servers, readStates, reads } = this.links;
    reads.follow(this.user.id);
    await users.follow(this.user.id, this);
    const memberships = await this.links.membershipsOf(this.user.id);
    // A mark of the user's still in memory here is stored first, so the counts start from it.
    await this.links.reads.flush(this.user.id);
    if (this.closed) return { readStates: [], memberships: [] };
    const serverIds = memberships.map((membership) => membership.serverId);
    for (const serverId of serverIds) this.servers.add(serverId);
    await Promise.all(serverIds.map((serverId) => servers.follow(serverId, this)));
    return { readStates: (await readStates.list(this.user)).map(publicReadState), memberships };
  }

  /** `ready` is sent: the frames held until then follow it. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const frame of held) this.subscriber.deliver(frame);
  }

  /**
   * Marks the channel read up to `seq`. When the position moved, every socket of the user hears
   * `read` through the user's topic (this one too); otherwise this socket alone is told where it stands.
   */
  async markRead(channelId: string, seq: number): Promise<void> {
    const { hub, reads } = this.links;
    const subscription = this.subscriptions.get(channelId);
    const serverId = subscription && !subscription.held ? subscription.serverId : undefined;
    // Subscribed, so let in: the counts may come from what this process handed on.
    const live =
      serverId === undefined
        ? undefined
        : { serverId, countsAfter: (position: number) => hub.countsAfter(channelId, position, this.user.id) };
    const { state, moved } = await reads.mark(this.user, channelId, seq, false, live);
    if (!moved) this.send(encodeFrame({ type: 'read', state }));
  }

  /** Leaves every channel and server; nothing more is delivered. Pending read marks are stored soon after. */
  close(): void {
    this.closed = true;
    for (const channelId of this.subscriptions.keys()) this.links.hub.leave(channelId, this);
    for (const serverId of this.onlineIn.keys()) this.links.servers.offline(serverId, this.user.id);
    for (const serverId of this.servers) this.links.servers.unfollow(serverId, this);
    if (this.links.users.unfollow(this.user.id, this)) this.links.reads.forget(this.user.id);
    this.subscriptions.clear();
    this.onlineIn.clear();
    this.servers.clear();
    void this.links.reads.flush(this.user.id);
  }

  /** A new message in a channel of one of the user's servers. */
  activity(_event: ActivityEvent, frame: string): void {
    this.send(frame);
  }

  /** A member of one of the user's servers came online or went offline. */
  memberPresence(frame: string): void {
    this.send(frame);
  }

  /** The user's read position moved, from this socket or another. */
  readMoved(frame: string): void {
    this.send(frame);
  }

  /** A server of the user's changed: its new state. */
  serverUpdate(frame: string): void {
    this.send(frame);
  }

  /** A member's place in one of the user's servers changed; the user hears of their own through {@link membership}. */
  memberUpdate(userId: string, frame: string): void {
    if (userId !== this.user.id) this.send(frame);
  }

  /**
   * The user joined or left a server, or their place in it changed: its activity is followed from
   * now on, or no longer. A user removed from it (they left, were kicked or banned, whether they
   * were a member or only a reader of a public server) loses every subscription to its channels,
   * each with `unsubscribed {reason}`; then `member_update` tells the client.
   */
  membership(serverId: string, member: boolean, change?: MemberChange, frame?: string): void {
    if (this.closed) return;
    if (!member) {
      const reason = change && isRemoval(change.change) ? change.change : 'left';
      for (const [channelId, subscription] of [...this.subscriptions]) {
        if (subscription.serverId === serverId) this.revoke(channelId, reason);
      }
    }
    if (frame) this.send(frame);
    if (member === this.servers.has(serverId)) return;
    if (member) {
      this.servers.add(serverId);
      void this.links.servers.follow(serverId, this);
      if (this.membersWatched?.has(serverId)) this.links.servers.watchMembers(serverId, this);
      for (const subscription of this.subscriptions.values()) this.countOnline(subscription);
      return;
    }
    if (this.onlineIn.delete(serverId)) this.links.servers.offline(serverId, this.user.id);
    for (const subscription of this.subscriptions.values()) if (subscription.serverId === serverId) subscription.online = false;
    this.servers.delete(serverId);
    this.links.servers.unfollow(serverId, this);
  }

  /** A live subscription to a channel of a server the user belongs to counts them online in it. */
  private countOnline(subscription: Subscription): void {
    const { serverId } = subscription;
    if (subscription.online || subscription.held || serverId === undefined || !this.servers.has(serverId)) return;
    subscription.online = true;
    const count = (this.onlineIn.get(serverId) ?? 0) + 1;
    this.onlineIn.set(serverId, count);
    if (count === 1) this.links.servers.online(serverId, this.user);
  }

  private uncountOnline(subscription: Subscription): void {
    const { serverId } = subscription;
    if (!subscription.online || serverId === undefined) return;
    subscription.online = false;
    const count = (this.onlineIn.get(serverId) ?? 0) - 1;
    if (count > 0) return void this.onlineIn.set(serverId, count);
    this.onlineIn.delete(serverId);
    this.links.servers.offline(serverId, this.user.id);
  }

  private send(frame: string): void {
    if (this.held) this.held.push(frame);
    else this.subscriber.deliver(frame);
  }

  /** Takes an event of a channel from the hub, and passes it on unless this connection has seen it. */
  deliver(channelId: string, delivery: HubDelivery): void {
    const subscription = this.subscriptions.get(channelId);
    if (!subscription) return;
    const { event } = delivery;
    if (subscription.held) {
      // Only the newest presence matters to a connection that is still catching up.
      if (event.kind === 'presence') subscription.held = subscription.held.filter((held) => held.event.kind !== 'presence');
      subscription.held.push(delivery);
      return;
    }
    if (event.kind === 'message' || event.kind === 'changed') {
      const seq = seqOf(event);
      if (seq <= subscription.lastSeq) return;
      subscription.lastSeq = seq;
    } else if (event.kind === 'typing' && event.user.id === this.user.id) {
      return;
    } else if (event.kind === 'presence') {
      if (subscription.presence !== undefined && event.version <= subscription.presence) return;
      subscription.presence = event.version;
    }
    this.send(delivery.frame);
  }
}

/** Whether a change removed the member, and so names why their subscriptions end. */
function isRemoval(change: MemberChange['change']): change is 'left' | 'kicked' | 'banned' {
  return change === 'left' || change === 'kicked' || change === 'banned';
}
