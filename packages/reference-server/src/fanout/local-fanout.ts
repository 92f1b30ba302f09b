import type { ChannelListener, Fanout } from './types.js';

const ACTIVE = Promise.resolve();

/**
 * In-process {@link Fanout}: publishing calls each listener of the
 * channel synchronously, so the order of publication is the order of delivery and nothing is
 * ever lost (`resync` is never called).
 */
export function createLocalFanout(): Fanout {
  const listeners = new Map<string, Set<ChannelListener>>();
  return {
    publish(channelId, event) {
      const set = listeners.get(channelId);
      if (!set) return;
      for (const listener of set) listener.event(event);
    },
    subscribe(channelId, listener) {
      let set = listeners.get(channelId);
      if (!set) listeners.set(channelId, (set = new Set()));
      set.add(listener);
      return {
        active: ACTIVE,
        unsubscribe() {
          set.delete(listener);
          if (set.size === 0 && listeners.get(channelId) === set) listeners.delete(channelId);
        },
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
