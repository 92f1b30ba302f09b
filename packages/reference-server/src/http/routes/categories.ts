import { Router } from 'express';
import type { CommunityService } from '../../services/community-service.js';
import { methodNotAllowed } from '../problem.js';

/** `GET /api/categories`. */
export function categoriesRouter(community: CommunityService): Router {
  const router = Router();
  router
    .route('/categories')
    .get(async (_req, res) => {
      res.json(await community.listCategories());
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
