import type { ChannelListener, Fanout } from './types.js';

/**
 * In-process {@link Fanout}: publishing calls each listener of the channel synchronously, so the
 * order of publication is the order of delivery.
 */
export function createLocalFanout(): Fanout {
  const listeners = new Map<string, Set<ChannelListener>>();
  return {
    publish(channelId, event) {
      for (const listener of listeners.get(channelId) ?? []) listener(event);
    },
    subscribe(channelId, listener) {
      let set = listeners.get(channelId);
      if (!set) listeners.set(channelId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(channelId) === set) listeners.delete(channelId);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
