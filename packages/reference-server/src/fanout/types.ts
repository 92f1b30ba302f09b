import type { Message, User } from '../domain/types.js';

/** What travels from the process that stored or saw something to every subscriber of a channel. */
export type ChannelEvent =
  | { kind: 'message'; message: Message }
  | { kind: 'typing'; channelId: string; user: User };

/** Receives the events of one channel, in the order they were published. */
export type ChannelListener = (event: ChannelEvent) => void;

/**
 * Delivers channel events to every subscriber, in this process or (in other implementations) in
 * others. Messages of one channel are published in `seq` order and delivered in that order.
 */
export interface Fanout {
  publish(channelId: string, event: ChannelEvent): void;
  /** Starts delivering the channel's events to `listener`; returns the function that stops it. */
  subscribe(channelId: string, listener: ChannelListener): () => void;
  close(): Promise<void>;
}
