import { Router } from 'express';
import { userOf } from '../authenticate.js';
import { methodNotAllowed } from '../problem.js';

/** `GET /api/me`: who the token speaks for. */
export function meRouter(): Router {
  const router = Router();
  router
    .route('/me')
    .get((_req, res) => {
      res.json(userOf(res));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
