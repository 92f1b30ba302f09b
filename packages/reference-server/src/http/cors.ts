import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ChatError, ErrorCode } from '../services/chat-error.js';
import type { OriginPolicy } from './origin-policy.js';

/** Refused origins remembered so each is logged once; past this many, no more are logged. */
const MAX_LOGGED_ORIGINS = 1000;

/**
 * CORS from the same allow-list as the socket. Tokens travel in the `Authorization` header, never
 * in cookies, so credentials are not allowed. A preflight from an origin not on the list is
 * answered 403 with a problem that names the origin and `HEARTH_ORIGINS`, so the developer whose
 * page is refused sees why in the network panel; the first refusal of each origin is logged at
 * info for the operator.
 */
export function cors(origins: OriginPolicy, log: Logger): RequestHandler {
  const logged = new Set<string>();
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (origin && origins.allows(origin, req.get('host'))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Location, Content-Disposition, ETag');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    } else if (origin && preflight) {
      if (!logged.has(origin) && logged.size < MAX_LOGGED_ORIGINS) {
        logged.add(origin);
        log.info({ origin, setting: 'HEARTH_ORIGINS' }, `refused a cross-origin request from ${origin}: it is not in HEARTH_ORIGINS`);
      }
      return next(
        new ChatError(
          ErrorCode.forbidden,
          `the origin ${origin} is not allowed to call this API; add it to HEARTH_ORIGINS (comma-separated origins with their scheme, e.g. ${origin})`,
        ),
      );
    }
    next();
  };
}
