import { Router } from 'express';
import { z } from 'zod';
import type { Delivery } from '../../delivery/delivery.js';
import type { AuditLog } from '../../services/audit-log.js';
import type { CommunityService } from '../../services/community-service.js';
import { MAX_SLOW_MODE_SECONDS } from '../../services/input-rules.js';
import { MAX_TIMEOUT_SECONDS, type ModerationService } from '../../services/moderation-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

const reason = z.string().max(512, 'at most 512 characters');

const channelUpdateBody = z
  .strictObject({
    name: z.string().optional(),
    topic: z.string().optional(),
    slowModeSeconds: z
      .number({ error: `expected an integer from 0 to ${MAX_SLOW_MODE_SECONDS}` })
      .int(`expected an integer from 0 to ${MAX_SLOW_MODE_SECONDS}`)
      .min(0, `expected an integer from 0 to ${MAX_SLOW_MODE_SECONDS}`)
      .max(MAX_SLOW_MODE_SECONDS, `expected an integer from 0 to ${MAX_SLOW_MODE_SECONDS}`)
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

const channelOrderBody = z.strictObject({
  channelIds: z.array(z.string().min(1).max(64), { error: 'expected an array of channel ids' }).min(1).max(500),
});

const memberUpdateBody = z
  .strictObject({
    role: z.enum(['admin', 'moderator', 'member'], { error: 'expected admin, moderator or member' }).optional(),
    timeoutSeconds: z
      .number({ error: `expected an integer from 0 to ${MAX_TIMEOUT_SECONDS}` })
      .int(`expected an integer from 0 to ${MAX_TIMEOUT_SECONDS}`)
      .min(0, `expected an integer from 0 to ${MAX_TIMEOUT_SECONDS}`)
      .max(MAX_TIMEOUT_SECONDS, `expected an integer from 0 to ${MAX_TIMEOUT_SECONDS}`)
      .optional(),
    reason: reason.optional(),
  })
  .refine((body) => body.role !== undefined || body.timeoutSeconds !== undefined, { message: 'give a role, a timeoutSeconds or both' });

const reasonQuery = z.strictObject({ reason: reason.optional() });

const banBody = z.strictObject({ reason: reason.optional() }).optional();

const positive = z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER));

const auditQuery = z.strictObject({ before: positive.optional(), limit: positive.optional() });

const userId = z.string().min(1).max(64);

/**
 * Managing a server: its channels (edit, delete, reorder), its members (roles, time-outs, kicks),
 * bans and the audit log. Every check is the services'; the live side hears of each change from them.
 */
export function moderationRouter(
  community: CommunityService,
  moderation: ModerationService,
  audit: AuditLog,
  delivery: Pick<Delivery, 'onlineIn'>,
): Router {
  const router = Router();

  router
    .route('/channels/:id')
    .patch(async (req, res) => {
      res.json(await community.updateChannel(userOf(res), req.params.id, parse(channelUpdateBody, req.body)));
    })
    .delete(async (req, res) => {
      await community.deleteChannel(userOf(res), req.params.id);
      res.status(204).end();
    })
    .all(methodNotAllowed(['PATCH', 'DELETE']));

  router
    .route('/servers/:id/channels/order')
    .put(async (req, res) => {
      const { channelIds } = parse(channelOrderBody, req.body);
      res.json(await community.reorderChannels(userOf(res), req.params.id, channelIds));
    })
    .all(methodNotAllowed(['PUT']));

  router
    .route('/servers/:id/members/:userId')
    .patch(async (req, res) => {
      const target = parse(userId, req.params.userId);
      const body = parse(memberUpdateBody, req.body);
      res.json(await moderation.updateMember(userOf(res), req.params.id, target, body, () => delivery.onlineIn(req.params.id)));
    })
    .delete(async (req, res) => {
      const { reason: why } = parse(reasonQuery, req.query);
      await moderation.kick(userOf(res), req.params.id, parse(userId, req.params.userId), why);
      res.status(204).end();
    })
    .all(methodNotAllowed(['PATCH', 'DELETE']));

  router
    .route('/servers/:id/bans')
    .get(async (req, res) => {
      res.json(await moderation.bans(userOf(res), req.params.id));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/servers/:id/bans/:userId')
    .put(async (req, res) => {
      const body = parse(banBody, req.body);
      res.json(await moderation.ban(userOf(res), req.params.id, parse(userId, req.params.userId), body?.reason));
    })
    .delete(async (req, res) => {
      await moderation.unban(userOf(res), req.params.id, parse(userId, req.params.userId));
      res.status(204).end();
    })
    .all(methodNotAllowed(['PUT', 'DELETE']));

  router
    .route('/servers/:id/audit-log')
    .get(async (req, res) => {
      res.json(await audit.page(userOf(res), req.params.id, parse(auditQuery, req.query)));
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
