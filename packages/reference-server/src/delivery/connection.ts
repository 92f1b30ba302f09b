import type { AccessRevokedReason } from '../domain/channel-event.js';
import type { Message, User } from '../domain/types.js';
import type { ChannelHub, HubDelivery, HubSubscriber } from './channel-hub.js';
import { broadcastMessage } from './broadcast-message.js';
import type { MessageEditInput, MessageService, NewMessageInput, ReactionOutcome } from '../services/message-service.js';
import type { AppendResult } from '../storage/types.js';
import { seqOf } from './channel-sequencer.js';
import { encodeFrame } from './encode-frame.js';
import { SendOrder } from './send-order.js';
import type { RecoveryBudget } from './user-limits.js';

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
  /** What this connection may still recover; unbounded when undefined. */
  recovery: RecoveryBudget | undefined;
  edit(user: User, channelId: string, messageId: string, input: MessageEditInput): Promise<Message>;
  delete(user: User, channelId: string, messageId: string): Promise<Message>;
  react(user: User, channelId: string, messageId: string, emoji: unknown, added: boolean): Promise<ReactionOutcome>;
}

/** A channel this connection watches. Until `subscribed` is sent, live events wait in `held`. */
interface Subscription {
  held: HubDelivery[] | undefined;
  lastSeq: number;
  typingAt: number;
  /** The last `presence` frame sent, so the same list is not sent twice. */
  presence?: string;
}

/** A user's typing is passed on at most this often per connection and channel. */
const TYPING_INTERVAL_MS = 1500;

/**
 * One authenticated connection as the delivery core sees it, whatever carries it: its
 * subscriptions with recovery, its sends in the order it made them, its typing. Frames reach the
 * client through {@link Subscriber.deliver}; refusals are thrown as `ChatError` for the transport
 * to report.
 */
export class Connection implements HubSubscriber {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly order = new SendOrder();

  constructor(
    /** Who the connection speaks for. */
    readonly user: User,
    private readonly subscriber: Subscriber,
    private readonly links: ConnectionLinks,
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
    const subscription: Subscription = { held: [], lastSeq: 0, typingAt: 0 };
    const previous = this.subscriptions.get(channelId);
    this.subscriptions.set(channelId, subscription);
    // An unsubscribe, a newer subscribe or a closed connection while this one waits makes it moot.
    const current = () => this.subscriptions.get(channelId) === subscription;
    let settleRecovery: ((read: number) => Promise<void>) | undefined;
    let missedRead = 0;
    try {
      // Checked before joining, so a stranger cannot make this process listen to any channel id.
      await messages.requireReadable(this.user, channelId);
      if (afterSeq !== undefined) settleRecovery = await this.links.recovery?.admit();
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
      this.subscriber.deliver(encodeFrame({ type: 'subscribed', channelId, missed, complete, lastSeq }));
      for (const delivery of held) this.deliver(channelId, delivery);
    } catch (error) {
      if (current() && previous && !previous.held) {
        // A refused subscribe again leaves the live subscription as it was, with what came meanwhile.
        this.subscriptions.set(channelId, previous);
        for (const delivery of subscription.held ?? []) this.deliver(channelId, delivery);
      } else if (current()) {
        this.subscriptions.delete(channelId);
        hub.leave(channelId, this);
      }
      throw error;
    } finally {
      await settleRecovery?.(missedRead);
    }
  }

  /** Stops delivering a channel and confirms with `unsubscribed`. */
  unsubscribe(channelId: string): void {
    if (this.subscriptions.delete(channelId)) this.links.hub.leave(channelId, this);
    this.subscriber.deliver(encodeFrame({ type: 'unsubscribed', channelId }));
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
      this.subscriber.deliver(encodeFrame({ type: 'changed', message: broadcastMessage(message), reaction }));
    }
    return message;
  }

  private confirm(message: Message): Message {
    if (!this.subscriptions.has(message.channelId)) {
      this.subscriber.deliver(encodeFrame({ type: 'changed', message: broadcastMessage(message) }));
    }
    return message;
  }

  /** Tells the channel the user is typing, at most once per interval per subscribed channel. */
  async typing(channelId: string): Promise<void> {
    const subscription = this.subscriptions.get(channelId);
    const now = Date.now();
    if (subscription && now - subscription.typingAt < TYPING_INTERVAL_MS) return;
    if (subscription) subscription.typingAt = now;
    await this.links.typing(this.user, channelId);
  }

  /** Its user lost access to the channel: leaves it, and tells the client with `unsubscribed {reason}`. */
  revoke(channelId: string, reason: AccessRevokedReason): void {
    if (!this.subscriptions.delete(channelId)) return;
    this.links.hub.leave(channelId, this);
    this.subscriber.deliver(encodeFrame({ type: 'unsubscribed', channelId, reason }));
  }

  /** Leaves every channel; nothing more is delivered. */
  close(): void {
    for (const channelId of this.subscriptions.keys()) this.links.hub.leave(channelId, this);
    this.subscriptions.clear();
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
      if (delivery.frame === subscription.presence) return;
      subscription.presence = delivery.frame;
    }
    this.subscriber.deliver(delivery.frame);
  }
}
