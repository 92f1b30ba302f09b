/**
 * A URL provider for the reconnecting socket that waits a random extra delay (up to
 * `maxJitterMs`) before every connection but the first. The socket's backoff is deterministic, so
 * after a server restart every client would come back in the same instant; the jitter spreads
 * them out.
 *
 * @example
 * reconnectingSocket({ url: jitteredUrl('wss://chat.example/ws', 1000), … });
 */
export function jitteredUrl(url: string, maxJitterMs: number, random: () => number = Math.random): () => Promise<string> {
  let first = true;
  return () => {
    if (first) {
      first = false;
      return Promise.resolve(url);
    }
    return new Promise((resolve) => setTimeout(() => resolve(url), random() * maxJitterMs));
  };
}
