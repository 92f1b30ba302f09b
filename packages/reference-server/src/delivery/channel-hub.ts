import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServerFrame } from '@hearth/sdk/protocol';
import type { AccessRevokedReason } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import type { Fanout, FanoutSubscription } from '../fanout/types.js';
import { ChannelPresence, type PresenceList } from './channel-presence.js';
import { type ChannelBacklog, ChannelSequencer, type SequencedEvent } from './channel-sequencer.js';
import { encodeFrame } from './encode-frame.js';
import { type RecentCounts, RecentMessages } from './recent-messages.js';

/** What a connection is handed: a channel's messages and typing, and who has it open. */
export type HubEvent =
  | SequencedEvent
  /** `version` tells frames apart without keeping them: equal for equal frames, higher for newer ones. */
  | ({ kind: 'presence'; channelId: string; version: number } & PresenceList);

/** An event on its way to the connections, with its frame encoded once for all of them. */
export interface HubDelivery {
  event: HubEvent;
  frame: string;
}

/** The socket frame that carries an event. */
function frameOf(event: SequencedEvent): ServerFrame {
  switch (event.kind) {
    case 'message':
      return { type: 'message', message: event.message, ...(event.thread && { thread: event.thread }) };
    case 'changed':
      return { type: 'changed', message: event.message, ...(event.reaction && { reaction: event.reaction }) };
    case 'typing':
      return { type: 'typing', channelId: event.channelId, user: event.user };
  }
}

/** A connection as the hub sees it. */
export interface HubSubscriber {
  deliver(channelId: string, delivery: HubDelivery): void;
  /**
   * Its user lost access to the channel: it is to leave the channel and say why; for `private`,
   * only when its user is no member of the channel's server.
   */
  revoke(channelId: string, reason: AccessRevokedReason): void;
}

/** Options of a {@link ChannelHub}. */
export interface ChannelHubOptions {
  /** How long a message ahead of a gap waits for the missing ones before they are read from storage. */
  gapWaitMs?: number;
  /**
   * How often this process says again who has its channels open; another process's word stands
   * three times as long, so the users of a process that died leave the presence after that.
   */
  presenceIntervalMs?: number;
}

interface HubChannel {
  /** The connections in the channel, each with its user. */
  subscribers: Map<HubSubscriber, User>;
  presence: ChannelPresence;
  sequencer: ChannelSequencer;
  recent: RecentMessages;
  subscription: FanoutSubscription;
  /** Resolves once the channel's live stream is in place (see {@link ChannelHub.join}). */
  ready: Promise<void>;
}

const DEFAULT_GAP_WAIT_MS = 150;
const DEFAULT_PRESENCE_INTERVAL_MS = 10_000;
const BACKLOG_PAGE_SIZE = 200;
/** How many of a channel's newest messages are kept to count unread ones for readers at the bottom. */
const RECENT_MESSAGES = 512;

/**
 * Joins the connections of this process to channels. It subscribes to the fan-out once per channel,
 * however many connections watch it; puts the channel's messages in seq order with no gaps (see
 * {@link ChannelSequencer}); and hands every connection the frame it encoded once per event: with a
 * hundred subscribers, one `JSON.stringify` instead of a hundred.
 */
export class ChannelHub {
  private readonly channels = new Map<string, HubChannel>();
  private readonly gapWaitMs: number;
  private readonly presenceIntervalMs: number;
  /** This process among those sharing the fan-out. */
  private readonly process = randomUUID();
  private readonly presenceTimer: NodeJS.Timeout;

  constructor(
    private readonly fanout: Fanout,
    private readonly backlog: ChannelBacklog,
    private readonly log: Logger,
    options: ChannelHubOptions = {},
  ) {
    this.gapWaitMs = options.gapWaitMs ?? DEFAULT_GAP_WAIT_MS;
    this.presenceIntervalMs = options.presenceIntervalMs ?? DEFAULT_PRESENCE_INTERVAL_MS;
    this.presenceTimer = setInterval(() => {
      for (const channel of this.channels.values()) channel.presence.refresh(false);
    }, this.presenceIntervalMs);
    this.presenceTimer.unref();
  }

  /**
   * Adds a subscriber to a channel. Resolves once every message stored from then on is sure to
   * reach it, in seq order: a connection reads what it missed from storage only after this, so
   * nothing falls between that read and the live stream. The subscriber is handed who has the
   * channel open now, and again whenever that changes.
   */
  join(channelId: string, subscriber: HubSubscriber, user: User): Promise<void> {
    let channel = this.channels.get(channelId);
    if (!channel) channel = this.open(channelId);
    // A connection that subscribes again is still one presence.
    if (!channel.subscribers.has(subscriber)) channel.presence.add(user);
    channel.subscribers.set(subscriber, user);
    // The newcomer hears who is here now; everyone hears of it once the change settles.
    const { presence, frame, version } = channel.presence.current;
    subscriber.deliver(channelId, { event: { kind: 'presence', channelId, version, ...presence }, frame });
    return channel.ready;
  }

  leave(channelId: string, subscriber: HubSubscriber): void {
    const channel = this.channels.get(channelId);
    const user = channel?.subscribers.get(subscriber);
    if (!channel || !user) return;
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size === 0) return this.closeChannel(channelId, channel);
    channel.presence.remove(user.id);
  }

  /** Leaves every channel: no fan-out subscription, storage read or timer is left running. */
  close(): void {
    clearInterval(this.presenceTimer);
    for (const [channelId, channel] of this.channels) this.closeChannel(channelId, channel);
  }

  /**
   * The unread counts of `userId` in a channel this process receives, read up to `position`, from
   * the messages it handed on; undefined when it cannot tell without storage.
   */
  countsAfter(channelId: string, position: number, userId: string): RecentCounts | undefined {
    return this.channels.get(channelId)?.recent.countsAfter(position, userId);
  }

  /** How many channels this process currently receives. */
  get size(): number {
    return this.channels.size;
  }

  private open(channelId: string): HubChannel {
    const subscribers = new Map<HubSubscriber, User>();
    const handOn = (delivery: HubDelivery) => {
      for (const subscriber of subscribers.keys()) subscriber.deliver(channelId, delivery);
    };
    const presence = new ChannelPresence(channelId, {
      process: this.process,
      announce: (event) => this.fanout.publish(channelId, event),
      broadcast: (presence, frame, version) => handOn({ event: { kind: 'presence', channelId, version, ...presence }, frame }),
      expiryMs: this.presenceIntervalMs * 3,
    });
    const recent = new RecentMessages(RECENT_MESSAGES);
    const emit = (event: SequencedEvent) => {
      recent.record(event);
      handOn({ event, frame: encodeFrame(frameOf(event)) });
    };
    const sequencer = new ChannelSequencer(channelId, this.backlog, emit, {
      gapWaitMs: this.gapWaitMs,
      pageSize: BACKLOG_PAGE_SIZE,
      onError: (error) => this.log.warn({ err: error, channelId }, 'could not read missed messages; trying again'),
    });
    const subscription = this.fanout.subscribe(channelId, {
      event: (event) => {
        switch (event.kind) {
          case 'here':
            return presence.receive(event);
          case 'message':
          case 'changed':
          case 'typing':
            return sequencer.receive(event);
          case 'revoked':
            // A copy: a revoked subscriber leaves the map while it is walked.
            for (const [subscriber, user] of [...subscribers]) {
              if (event.userId === null || user.id === event.userId) subscriber.revoke(channelId, event.reason);
            }
            return;
          default:
            // Server and user events travel on topics of their own, never a channel's.
            return;
        }
      },
      resync: () => {
        sequencer.resync();
        presence.refresh(true);
      },
    });
    const ready = subscription.active.then(() => {
      // Now that this process hears the others, it asks them who is here through them (unless
      // the channel closed here meanwhile: its word would wipe what the new one said).
      if (this.channels.get(channelId) === channel) presence.refresh(true);
      return sequencer.start().then((lastSeq) => recent.startAfter(lastSeq));
    });
    const channel: HubChannel = { subscribers, presence, sequencer, recent, subscription, ready };
    this.channels.set(channelId, channel);
    // Every connection waiting on `ready` hears of the failure; the channel starts afresh on the next join.
    ready.catch(() => {
      if (this.channels.get(channelId) === channel) this.closeChannel(channelId, channel);
    });
    return channel;
  }

  private closeChannel(channelId: string, channel: HubChannel): void {
    channel.presence.leave();
    channel.subscription.unsubscribe();
    channel.sequencer.stop();
    this.channels.delete(channelId);
  }
}
