import type { Message, User } from '../domain/types.js';

/** What travels from the process that stored or saw something to every subscriber of a channel. */
export type ChannelEvent =
  | { kind: 'message'; message: Message }
  | { kind: 'typing'; channelId: string; user: User }
  /**
   * The users that have the channel open through the process `process` (none when it stops
   * watching the channel); `ask` asks every other process to say the same of itself.
   */
  | { kind: 'here'; channelId: string; process: string; users: User[]; ask: boolean };

/** Receives the events of one channel. */
export interface ChannelListener {
  /**
   * An event of the channel, with `frame`, the socket frame that carries it, serialized once for
   * every subscriber. Within one process, messages arrive in the order they were published; from
   * several processes they may arrive out of seq order, and a broker outage may lose some.
   */
  event(event: ChannelEvent, frame: string): void;
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
