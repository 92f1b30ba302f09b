import express, { Router } from 'express';
import { z } from 'zod';
import type { Delivery } from '../../delivery/delivery.js';
import type { CommunityService } from '../../services/community-service.js';
import type { MediaService } from '../../services/media-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

const listQuery = z.strictObject({
  category: z.string().min(1).max(64).optional(),
  limit: z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1)).optional(),
  member: z.literal('me', { error: 'the only accepted value is "me"' }).optional(),
});

const newServerBody = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  categoryId: z.string().min(1).max(64),
  visibility: z.enum(['public', 'private']).optional(),
});

const serverUpdateBody = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    categoryId: z.string().min(1).max(64).optional(),
    visibility: z.enum(['public', 'private']).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

const memberQuery = z.strictObject({
  prefix: z.string().max(32, 'at most 32 characters').optional(),
  offset: z
    .string()
    .regex(/^\d+$/, 'expected a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER))
    .optional(),
  limit: z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1)).optional(),
});

const newMemberBody = z.strictObject({ userId: z.string().min(1).max(64).optional() }).optional();

const newChannelBody = z.strictObject({
  name: z.string(),
  topic: z.string().optional(),
});

/** Servers, their channels, membership and images; leaving a server ends live access to its channels. */
export function serversRouter(
  community: CommunityService,
  media: MediaService,
  access: Pick<Delivery, 'onlineIn'>,
  maxUploadBytes: number,
): Router {
  const router = Router();
  // The image is the whole body; a generous parser limit lets the service answer 413 itself.
  const rawImage = express.raw({ type: () => true, limit: maxUploadBytes + 1 });

  router
    .route('/servers')
    .get(async (req, res) => {
      const query = parse(listQuery, req.query);
      res.json(
        await community.listServers(userOf(res), {
          ...(query.category !== undefined && { categoryId: query.category }),
          ...(query.limit !== undefined && { limit: query.limit }),
          member: query.member === 'me',
        }),
      );
    })
    .post(async (req, res) => {
      const server = await community.createServer(userOf(res), parse(newServerBody, req.body));
      res.status(201).location(`/api/servers/${server.id}`).json(server);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/servers/:id')
    .get(async (req, res) => {
      res.json(await community.getServer(userOf(res), req.params.id));
    })
    .patch(async (req, res) => {
      res.json(await community.updateServer(userOf(res), req.params.id, parse(serverUpdateBody, req.body)));
    })
    .all(methodNotAllowed(['GET', 'PATCH']));

  router
    .route('/servers/:id/channels')
    .post(async (req, res) => {
      const channel = await community.createChannel(userOf(res), req.params.id, parse(newChannelBody, req.body));
      res.status(201).json(channel);
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/servers/:id/members')
    .get(async (req, res) => {
      const query = parse(memberQuery, req.query);
      res.json(await community.listMembers(userOf(res), req.params.id, query, () => access.onlineIn(req.params.id)));
    })
    .post(async (req, res) => {
      const userId = parse(newMemberBody, req.body)?.userId;
      const { membership, created } =
        userId === undefined
          ? await community.join(userOf(res), req.params.id)
          : await community.addMember(userOf(res), req.params.id, userId);
      res.status(created ? 201 : 200).json(membership);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/servers/:id/members/me')
    .delete(async (req, res) => {
      await community.leave(userOf(res), req.params.id);
      res.status(204).end();
    })
    .all(methodNotAllowed(['DELETE']));

  for (const kind of ['icon', 'banner'] as const) {
    router
      .route(`/servers/:id/${kind}`)
      .put(rawImage, async (req, res) => {
        const body: unknown = req.body;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        res.json(await media.setServerImage(userOf(res), req.params.id, kind, bytes));
      })
      .all(methodNotAllowed(['PUT']));
  }
  return router;
}
