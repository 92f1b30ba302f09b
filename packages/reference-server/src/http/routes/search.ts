import { Router } from 'express';
import { z } from 'zod';
import type { SearchService } from '../../services/search-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

/** A query parameter holding an integer from `min` to `max`, as text. */
const integerText = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`))
    .default(fallback);

// The query's own length is checked by the parser, so its message names the limit.
const searchQuery = z.strictObject({
  q: z.string({ error: 'q is required' }),
  serverId: z.string().min(1).max(64).optional(),
  limit: integerText(1, 50, 25),
  offset: integerText(0, 1000, 0),
});

/** `GET /api/search`: full-text search over the messages the caller can read. */
export function searchRouter(search: SearchService): Router {
  const router = Router();
  router
    .route('/search')
    .get(async (req, res) => {
      const query = parse(searchQuery, req.query);
      res.json(await search.search(userOf(res), query));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
