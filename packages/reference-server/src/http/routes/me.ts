import { Router } from 'express';
import type { Delivery } from '../../delivery/delivery.js';
import { userOf } from '../authenticate.js';
import { methodNotAllowed } from '../problem.js';

/** `GET /api/me`: who the token speaks for; `GET /api/me/read-states`: where they stand in their channels. */
export function meRouter(delivery: Pick<Delivery, 'readStatesOf'>): Router {
  const router = Router();
  router
    .route('/me/read-states')
    .get(async (_req, res) => {
      res.json(await delivery.readStatesOf(userOf(res)));
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/me')
    .get((_req, res) => {
      res.json(userOf(res));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
