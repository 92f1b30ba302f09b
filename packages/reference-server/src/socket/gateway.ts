import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode } from '@hearth/sdk/protocol';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Delivery } from '../delivery/delivery.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import type { AuthService } from '../services/auth-service.js';
import { Session, type SessionLimits } from './session.js';
import { SocketCaps } from './socket-caps.js';

/** The path the socket is served at. */
export const SOCKET_PATH = '/ws';

const CLOSE_WAIT_MS = 2000;

/** The socket side of a server. */
export interface Gateway {
  /** How many sockets are open. */
  readonly connections: number;
  /**
   * Graceful stop: refuses new sockets, lets every frame already received finish (so each write
   * under way is committed and acknowledged), then closes every socket with 1001.
   */
  close(): Promise<void>;
}

/** Options of the gateway: the limits of each socket, its largest frame and its heartbeat. */
export interface GatewayOptions extends SessionLimits {
  /** The largest frame a client may send, in bytes. */
  maxPayloadBytes: number;
  /** How often each socket is pinged; a socket that did not answer the last ping is dropped. */
  heartbeatMs: number;
  /** Most sockets one user may have open here; more are closed with 4409 after `hello`. */
  socketsPerUser: number;
  /** Most sockets one client address may have open here; more are closed with 4409 at once. */
  socketsPerAddress: number;
}

/** What the gateway needs. */
export interface GatewayDependencies {
  httpServer: HttpServer;
  auth: Pick<AuthService, 'verify'>;
  delivery: Delivery;
  origins: OriginPolicy;
  /** The client's address, as the HTTP side sees it (behind the proxies `HEARTH_TRUST_PROXY` trusts). */
  addressOf: (req: IncomingMessage) => string;
  log: Logger;
  options: GatewayOptions;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves `/ws` on the HTTP server's `upgrade` event. The path and `Origin` are checked before the
 * handshake, so a page on a foreign origin never gets a socket (cross-site WebSocket hijacking).
 */
export function createGateway({ httpServer, auth, delivery, origins, addressOf, log, options }: GatewayDependencies): Gateway {
  // ws's default maxPayload is 100 MiB; a chat frame needs a few KiB.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
  const limits: SessionLimits = {
    framesPerSecond: options.framesPerSecond,
    frameBurst: options.frameBurst,
    helloTimeoutMs: options.helloTimeoutMs,
    maxBufferedBytes: options.maxBufferedBytes,
  };
  const sessions = new Set<Session>();
  const caps = new SocketCaps(options.socketsPerUser, options.socketsPerAddress);
  let accepting = true;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (!accepting) return refuse(socket, 503, 'Service Unavailable');
    if (!origins.allows(req.headers.origin, req.headers.host)) {
      log.warn({ origin: req.headers.origin }, 'refused a socket from a foreign origin');
      return refuse(socket, 403, 'Forbidden');
    }
    const address = addressOf(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Claimed once the handshake succeeded: a handshake that fails never calls back to release.
      const releaseAddress = caps.claimAddress(address);
      // Refused with a close code rather than an HTTP status, which a browser does not show the page.
      if (!releaseAddress) {
        log.debug({ address }, 'refused a socket over the per-address cap');
        return ws.close(CloseCode.tooManySockets, 'too many sockets from this address');
      }
      const session = new Session(ws, socket, { auth, delivery, limits, log, claimUser: (userId) => caps.claimUser(userId) });
      sessions.add(session);
      ws.on('close', () => {
        sessions.delete(session);
        releaseAddress();
      });
    });
  };
  httpServer.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const session of sessions) {
      if (!session.alive) {
        session.terminate();
        continue;
      }
      session.alive = false;
      session.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    get connections() {
      return sessions.size;
    },
    async close() {
      accepting = false;
      httpServer.off('upgrade', onUpgrade);
      clearInterval(heartbeat);
      await Promise.all([...sessions].map((session) => session.drain()));
      const closed = [...sessions].map(
        (session) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              session.terminate();
              resolve();
            }, CLOSE_WAIT_MS);
            session.onClosed(() => {
              clearTimeout(force);
              resolve();
            });
            session.close(CloseCode.goingAway, 'server shutting down');
          }),
      );
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
