import type { RequestHandler } from 'express';
import type { OriginPolicy } from './origin-policy.js';

/**
 * CORS from the same allow-list as the socket. Tokens travel in the `Authorization` header, never
 * in cookies, so credentials are not allowed.
 */
export function cors(origins: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && origins.allows(origin, req.get('host'))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Location');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
