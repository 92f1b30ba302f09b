import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../redact-url.js';
import { decodeEvent, encodeEvent } from './event-codec.js';
import type { ChannelListener, Fanout, FanoutSubscription } from './types.js';

/** Options of {@link createRedisFanout}. */
export interface RedisFanoutOptions {
  /** `redis://host:6379`, `rediss://…` for TLS. */
  url: string;
  /** Put before every Redis channel name, so installations (or test files) sharing a Redis stay apart. */
  prefix: string;
  log: Logger;
  /** How long start-up waits for Redis before it gives up with an error. */
  connectTimeoutMs?: number;
}

interface ChannelEntry {
  listeners: Set<ChannelListener>;
  active: Promise<void>;
}

const QUIT_WAIT_MS = 2000;

/**
 * {@link Fanout} over Redis pub/sub, for several Hearth processes acting as one server. Each
 * process subscribes to a Redis channel per Hearth channel its sockets watch.
 *
 * - Listeners in the publishing process get the event at once, without a round trip through
 *   Redis; the process skips its own publications when Redis echoes them back.
 * - The payload is `<origin>\n<event>` ({@link encodeEvent}): the event is serialized once for
 *   Redis, and each receiving process parses it once.
 * - Redis pub/sub is fire-and-forget: a subscriber whose connection drops misses what was
 *   published meanwhile. After a reconnect this fan-out subscribes again to every channel, waits
 *   until Redis confirms, and only then calls each listener's `resync`, so whatever the listener
 *   then reads from storage and whatever arrives live leave nothing out between them.
 *
 * @example
 * const fanout = await createRedisFanout({ url: 'redis://127.0.0.1:6379', prefix: 'hearth:', log });
 */
export async function createRedisFanout(options: RedisFanoutOptions): Promise<Fanout> {
  const { log } = options;
  const origin = randomBytes(9).toString('base64url');
  const channelPrefix = `${options.prefix}channel:`;
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const connect = (role: string, extra: RedisOptions) => {
    const connection = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout,
      connectionName: `hearth-${role}`,
      // Commands wait for a reconnect however long it takes: a publish made during an outage is
      // sent when Redis is back instead of being lost.
      maxRetriesPerRequest: null,
      ...extra,
    });
    let down = false;
    connection.on('error', (error: Error) => {
      if (down) return log.debug({ err: error, role }, 'redis still unreachable');
      down = true;
      log.warn({ err: error, role }, 'lost the connection to redis; retrying');
    });
    connection.on('ready', () => {
      if (down) log.info({ role }, 'reconnected to redis');
      down = false;
    });
    return connection;
  };
  const publisher = connect('publisher', {});
  // Subscriptions are renewed by hand after a reconnect, so that `resync` is called only once they
  // are active again (ioredis's own renewal sends them but does not say when they took effect).
  const subscriber = connect('subscriber', { autoResubscribe: false });

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }

  const channels = new Map<string, ChannelEntry>();
  let closed = false;

  subscriber.on('message', (redisChannel: string, payload: string) => {
    const cut = payload.indexOf('\n');
    if (cut < 0 || payload.slice(0, cut) === origin) return;
    const entry = channels.get(redisChannel.slice(channelPrefix.length));
    if (!entry) return;
    const event = decodeEvent(payload.slice(cut + 1));
    if (!event) return log.warn({ channel: redisChannel }, 'ignored a fan-out payload that is not a Hearth event');
    for (const listener of entry.listeners) listener.event(event);
  });

  // Registered after the first connect, so only a reconnect finds `lostConnection` set.
  let lostConnection = false;
  subscriber.on('close', () => (lostConnection = true));
  subscriber.on('ready', () => {
    if (closed || !lostConnection) return;
    lostConnection = false;
    const names = [...channels.keys()].map((channelId) => channelPrefix + channelId);
    const renewed = names.length > 0 ? subscriber.subscribe(...names) : Promise.resolve();
    renewed.then(
      () => {
        for (const entry of channels.values()) for (const listener of entry.listeners) listener.resync();
      },
      // The connection dropped again before Redis answered: the next `ready` tries again.
      (error: unknown) => log.debug({ err: error }, 'renewing redis subscriptions failed'),
    );
  });

  return {
    publish(channelId, event) {
      const entry = channels.get(channelId);
      if (entry) for (const listener of entry.listeners) listener.event(event);
      publisher.publish(channelPrefix + channelId, `${origin}\n${encodeEvent(event)}`).catch((error: unknown) => {
        log.warn({ err: error, channelId }, 'could not publish to redis');
      });
    },
    subscribe(channelId, listener): FanoutSubscription {
      let entry = channels.get(channelId);
      if (!entry) {
        const active = subscriber.subscribe(channelPrefix + channelId).then(() => undefined);
        // Whoever subscribed awaits `active`; this keeps a failure from also being reported as unhandled.
        active.catch(() => undefined);
        entry = { listeners: new Set(), active };
        channels.set(channelId, entry);
      }
      const current = entry;
      current.listeners.add(listener);
      return {
        active: current.active,
        unsubscribe() {
          current.listeners.delete(listener);
          if (current.listeners.size > 0 || channels.get(channelId) !== current) return;
          channels.delete(channelId);
          if (!closed) {
            subscriber.unsubscribe(channelPrefix + channelId).catch((error: unknown) => {
              log.debug({ err: error, channelId }, 'redis unsubscribe failed');
            });
          }
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      await Promise.all([publisher, subscriber].map((connection) => quit(connection)));
    },
  };
}

/** Lets the commands already sent finish (the last publishes), then closes; never waits on a dead link for long. */
async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connection.quit().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }
  connection.disconnect();
}
