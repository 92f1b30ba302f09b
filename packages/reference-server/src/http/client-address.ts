import type { IncomingMessage } from 'node:http';
import type { Express, Request } from 'express';

/**
 * Reads a client's address from a request Express does not route (the socket's upgrade) the way
 * Express reads `req.ip`, so the per-address caps of the socket and of REST see the same client
 * behind the proxies `trust proxy` trusts.
 */
export function clientAddressReader(app: Express): (req: IncomingMessage) => string {
  return (req) => {
    // A view of the request with Express's request methods, without changing the request itself.
    const view = Object.create(app.request, { headers: { value: req.headers }, socket: { value: req.socket } }) as Request;
    return view.ip ?? req.socket.remoteAddress ?? 'unknown';
  };
}
