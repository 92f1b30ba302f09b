import type { Logger } from 'pino';
import type { Fanout, FanoutSubscription } from '../fanout/types.js';
import { type ChannelBacklog, ChannelSequencer, type HubDelivery } from './channel-sequencer.js';

export type { HubDelivery } from './channel-sequencer.js';

/** A socket session as the hub sees it. */
export interface HubSubscriber {
  deliver(channelId: string, delivery: HubDelivery): void;
}

/** Options of a {@link ChannelHub}. */
export interface ChannelHubOptions {
  /** How long a message ahead of a gap waits for the missing ones before they are read from storage. */
  gapWaitMs?: number;
}

interface HubChannel {
  subscribers: Set<HubSubscriber>;
  sequencer: ChannelSequencer;
  subscription: FanoutSubscription;
  /** Resolves once the channel's live stream is in place (see {@link ChannelHub.join}). */
  ready: Promise<void>;
}

const DEFAULT_GAP_WAIT_MS = 150;
const BACKLOG_PAGE_SIZE = 200;

/**
 * Joins the sessions of this process to channels. It subscribes to the fan-out once per channel,
 * however many sessions watch it; puts the channel's messages in seq order with no gaps (see
 * {@link ChannelSequencer}); and hands every session the frame the fan-out serialized once: with a
 * hundred subscribers, one `JSON.stringify` instead of a hundred.
 */
export class ChannelHub {
  private readonly channels = new Map<string, HubChannel>();
  private readonly gapWaitMs: number;

  constructor(
    private readonly fanout: Fanout,
    private readonly backlog: ChannelBacklog,
    private readonly log: Logger,
    options: ChannelHubOptions = {},
  ) {
    this.gapWaitMs = options.gapWaitMs ?? DEFAULT_GAP_WAIT_MS;
  }

  /**
   * Adds a subscriber to a channel. Resolves once every message stored from then on is sure to
   * reach it, in seq order: a session reads what it missed from storage only after this, so
   * nothing falls between that read and the live stream.
   */
  join(channelId: string, subscriber: HubSubscriber): Promise<void> {
    let channel = this.channels.get(channelId);
    if (!channel) channel = this.open(channelId);
    channel.subscribers.add(subscriber);
    return channel.ready;
  }

  leave(channelId: string, subscriber: HubSubscriber): void {
    const channel = this.channels.get(channelId);
    if (!channel?.subscribers.delete(subscriber) || channel.subscribers.size > 0) return;
    this.closeChannel(channelId, channel);
  }

  /** Leaves every channel: no fan-out subscription and no storage read is left running. */
  close(): void {
    for (const [channelId, channel] of this.channels) this.closeChannel(channelId, channel);
  }

  /** How many channels this process currently receives. */
  get size(): number {
    return this.channels.size;
  }

  private open(channelId: string): HubChannel {
    const subscribers = new Set<HubSubscriber>();
    const sequencer = new ChannelSequencer(
      channelId,
      this.backlog,
      (delivery) => {
        for (const subscriber of subscribers) subscriber.deliver(channelId, delivery);
      },
      {
        gapWaitMs: this.gapWaitMs,
        pageSize: BACKLOG_PAGE_SIZE,
        onError: (error) => this.log.warn({ err: error, channelId }, 'could not read missed messages; trying again'),
      },
    );
    const subscription = this.fanout.subscribe(channelId, {
      event: (event, frame) => sequencer.receive({ event, frame }),
      resync: () => sequencer.resync(),
    });
    const ready = subscription.active.then(() => sequencer.start());
    const channel: HubChannel = { subscribers, sequencer, subscription, ready };
    this.channels.set(channelId, channel);
    // Every session waiting on `ready` hears of the failure; the channel starts afresh on the next join.
    ready.catch(() => {
      if (this.channels.get(channelId) === channel) this.closeChannel(channelId, channel);
    });
    return channel;
  }

  private closeChannel(channelId: string, channel: HubChannel): void {
    channel.subscription.unsubscribe();
    channel.sequencer.stop();
    this.channels.delete(channelId);
  }
}
