import type { ChannelEvent, Fanout } from '../fanout/types.js';

/** What the hub hands a subscriber: the event, and its frame serialized once for everyone. */
export interface HubDelivery {
  event: ChannelEvent;
  frame: string;
}

/** A socket session as the hub sees it. */
export interface HubSubscriber {
  deliver(channelId: string, delivery: HubDelivery): void;
}

/**
 * Joins the sessions of this process to channels. It subscribes to the fan-out once per channel,
 * however many sessions watch it, and serializes each frame once for all of them: with a hundred
 * subscribers, one `JSON.stringify` instead of a hundred.
 */
export class ChannelHub {
  private readonly channels = new Map<string, { subscribers: Set<HubSubscriber>; unbind: () => void }>();

  constructor(private readonly fanout: Fanout) {}

  join(channelId: string, subscriber: HubSubscriber): void {
    let channel = this.channels.get(channelId);
    if (!channel) {
      const subscribers = new Set<HubSubscriber>();
      const unbind = this.fanout.subscribe(channelId, (event) => this.dispatch(channelId, subscribers, event));
      this.channels.set(channelId, (channel = { subscribers, unbind }));
    }
    channel.subscribers.add(subscriber);
  }

  leave(channelId: string, subscriber: HubSubscriber): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size === 0) {
      channel.unbind();
      this.channels.delete(channelId);
    }
  }

  /** How many channels this process currently receives. */
  get size(): number {
    return this.channels.size;
  }

  private dispatch(channelId: string, subscribers: ReadonlySet<HubSubscriber>, event: ChannelEvent): void {
    const frame =
      event.kind === 'message'
        ? JSON.stringify({ type: 'message', message: event.message })
        : JSON.stringify({ type: 'typing', channelId: event.channelId, user: event.user });
    const delivery = { event, frame };
    for (const subscriber of subscribers) subscriber.deliver(channelId, delivery);
  }
}
