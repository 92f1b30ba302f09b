import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import type { Config } from './config.js';
import { CommunityBroadcast } from './delivery/community-broadcast.js';
import { Delivery } from './delivery/delivery.js';
import { UserLimits } from './delivery/user-limits.js';
import { openFanout } from './fanout/open-fanout.js';
import type { Fanout } from './fanout/types.js';
import { createApp } from './http/app.js';
import { clientAddressReader } from './http/client-address.js';
import { createOriginPolicy } from './http/origin-policy.js';
import { AttachmentSweeper } from './services/attachment-sweeper.js';
import { createServices } from './services/services.js';
import { createGateway } from './socket/gateway.js';
import { openWindowCounter } from './rate-limit/open-window-counter.js';
import type { WindowCounter } from './rate-limit/window-counter.js';
import { openStorage } from './storage/open-storage.js';
import type { Storage } from './storage/types.js';

/** Parts a caller may supply instead of the ones the configuration would make. */
export interface ServerDependencies {
  storage?: Storage;
  fanout?: Fanout;
  log?: Logger;
}

/** A running server. */
export interface ServerHandle {
  /** Base URL of HTTP, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** URL of the socket, e.g. `ws://127.0.0.1:8000/ws`. */
  socketUrl: string;
  port: number;
  /** How many sockets are open right now. */
  readonly connections: number;
  /** Stops accepting, lets in-flight writes finish, closes sockets with 1001, then the database. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;

/**
 * Starts Hearth: one HTTP server carrying Express and the `/ws` socket, on the storage and fan-out
 * the configuration names (SQLite and in-process by default; PostgreSQL and Redis for several
 * processes) unless other ones are given.
 *
 * @example
 * const server = await startServer(loadConfig(process.env));
 * console.log(`listening on ${server.url}`);
 */
export async function startServer(config: Config, deps: ServerDependencies = {}): Promise<ServerHandle> {
  const log = deps.log ?? pino({ level: config.logLevel, base: { service: 'hearth' } });
  const storage = deps.storage ?? (await openStorage(config.database, log));
  let fanout: Fanout | undefined;
  let counter: WindowCounter;
  try {
    fanout = deps.fanout ?? (await openFanout(config.redis, log));
    counter = await openWindowCounter(config.redis, log);
    if (config.demo) {
      // Only a demo start loads the demo data set's code and text.
      const { seedDemo } = await import('./demo/seed.js');
      if (await seedDemo(storage)) log.info('loaded the demo data set');
    }
  } catch (error) {
    // Nothing else holds the storage yet: release it, or the process could not exit.
    if (!deps.fanout) await fanout?.close();
    if (!deps.storage) await storage.close();
    throw error;
  }

  const services = createServices(
    {
      auth: config.auth,
      guest: config.guest,
      dataDir: config.dataDir,
      missedLimit: config.limits.missedLimit,
      searchesPerMinute: config.limits.searchesPerMinute,
      maxUploadBytes: config.limits.maxUploadBytes,
      maxImageSide: config.limits.maxImageSide,
      maxAttachmentBytes: config.limits.maxAttachmentBytes,
      maxImagePixels: config.limits.maxImagePixels,
    },
    storage,
    new CommunityBroadcast(fanout),
  );
  // A process that dies without a word (SIGKILL) leaves other processes' presence lists within
  // one heartbeat, as a dead peer leaves this one's.
  const delivery = new Delivery(services.messages, services.readStates, fanout, log, {
    presenceIntervalMs: Math.max(50, Math.round(config.limits.heartbeatMs / 3)),
    largeServerOnline: config.limits.largeServerOnline,
    limits: new UserLimits(counter, config.limits),
  });
  const origins = createOriginPolicy(config.origins);
  const app = createApp({
    options: {
      trustProxy: config.trustProxy,
      staticDir: config.staticDir,
      httpWritesPerMinute: config.limits.httpWritesPerMinute,
      maxUploadBytes: config.limits.maxUploadBytes,
      maxAttachmentBytes: config.limits.maxAttachmentBytes,
      frameAncestors: config.frameAncestors,
    },
    services,
    delivery,
    origins,
    log,
  });
  const httpServer = createServer(app);
  const gateway = createGateway({
    httpServer,
    auth: services.auth,
    delivery,
    origins,
    addressOf: clientAddressReader(app),
    log,
    options: config.limits,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await gateway.close();
    await delivery.close();
    if (!deps.fanout) await fanout.close();
    await counter.close();
    if (!deps.storage) await storage.close();
    throw error;
  }
  const sweeper = new AttachmentSweeper(storage, services.blobs, {
    ...config.attachments,
    onError: (error) => log.error({ err: error }, 'removing stale uploads failed'),
  });
  sweeper.start();
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url }, 'hearth is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    socketUrl: `${url.replace(/^http/, 'ws')}/ws`,
    port,
    get connections() {
      return gateway.connections;
    },
    close() {
      closing ??= (async () => {
        const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        await sweeper.stop();
        await gateway.close();
        await delivery.close();
        const force = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await httpClosed;
        clearTimeout(force);
        await fanout.close();
        await counter.close();
        await storage.close();
        log.info('hearth stopped');
      })();
      return closing;
    },
  };
}
