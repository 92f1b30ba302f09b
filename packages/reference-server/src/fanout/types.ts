import type { ChannelEvent } from '../domain/channel-event.js';

export type { ChannelEvent } from '../domain/channel-event.js';

/** Receives the events of one channel. */
export interface ChannelListener {
  /**
   * An event of the channel. Within one process, messages arrive in the order they were
   * published; from several processes they may arrive out of seq order, and a broker outage may
   * lose some.
   */
  event(event: ChannelEvent): void;
  /**
   * Events of the channel may have been lost (the connection to the broker dropped and is back,
   * and the subscription is active again): the listener should look in storage for what it missed.
   */
  resync(): void;
}

/** A listener's hold on a channel. */
export interface FanoutSubscription {
  /**
   * Resolves once the subscription is active: every event published from then on, by any
   * process, reaches the listener (unless the broker loses it, which `resync` then reports).
   */
  readonly active: Promise<void>;
  /** Stops delivering the channel's events to the listener. */
  unsubscribe(): void;
}

/**
 * Delivers channel events to every subscriber, in this process or (with a broker) in others.
 * Each process publishes a channel's messages in `seq` order.
 */
export interface Fanout {
  publish(channelId: string, event: ChannelEvent): void;
  /** Starts delivering the channel's events to `listener`. */
  subscribe(channelId: string, listener: ChannelListener): FanoutSubscription;
  close(): Promise<void>;
}
