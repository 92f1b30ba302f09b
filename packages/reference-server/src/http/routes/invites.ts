import { Router } from 'express';
import { z } from 'zod';
import { INVITE_MAX_AGE, INVITE_MAX_USES, type InviteService } from '../../services/invite-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

const between = (min: number, max: number) =>
  z
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int(`expected an integer from ${min} to ${max}`)
    .min(min, `expected an integer from ${min} to ${max}`)
    .max(max, `expected an integer from ${min} to ${max}`);

const newInviteBody = z
  .strictObject({
    maxAgeSeconds: between(INVITE_MAX_AGE.min, INVITE_MAX_AGE.max).optional(),
    maxUses: between(INVITE_MAX_USES.min, INVITE_MAX_USES.max).optional(),
  })
  .optional();

/** A server's invites (admins), and previewing and using one (anyone signed in with the code). */
export function invitesRouter(invites: InviteService): Router {
  const router = Router();

  router
    .route('/servers/:id/invites')
    .get(async (req, res) => {
      res.json(await invites.list(userOf(res), req.params.id));
    })
    .post(async (req, res) => {
      const body = parse(newInviteBody, req.body) ?? {};
      res.status(201).json(await invites.create(userOf(res), req.params.id, body));
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/servers/:id/invites/:code')
    .delete(async (req, res) => {
      await invites.revoke(userOf(res), req.params.id, req.params.code);
      res.status(204).end();
    })
    .all(methodNotAllowed(['DELETE']));

  router
    .route('/invites/:code')
    .get(async (req, res) => {
      res.json(await invites.preview(userOf(res), req.params.code));
    })
    .post(async (req, res) => {
      const { membership, created } = await invites.accept(userOf(res), req.params.code);
      res.status(created ? 201 : 200).json(membership);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  return router;
}
