import { Router } from 'express';
import { z } from 'zod';
import type { Delivery } from '../../delivery/delivery.js';
import type { HistoryQuery, MessageService } from '../../services/message-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

const seq = z
  .string()
  .regex(/^\d+$/, 'expected a non-negative integer')
  .transform(Number)
  .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));

const historyQuery = z
  .strictObject({
    before: seq.optional(),
    after: seq.optional(),
    limit: z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1)).optional(),
  })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: 'use before or after, not both',
    path: ['after'],
  });

const newMessageBody = z.strictObject({
  content: z.string({ error: 'expected a string' }),
  clientId: z.string().optional(),
});

const messageEditBody = z.strictObject({
  content: z.string({ error: 'expected a string' }),
});

/** The default page of history when `limit` is not given. */
const DEFAULT_PAGE = 50;

/**
 * A channel's history, and REST posting, editing, deleting and reacting (through the same core
 * calls as the socket's `send`, `edit`, `delete`, `react` and `unreact`).
 */
export function channelsRouter(messages: MessageService, delivery: Pick<Delivery, 'post' | 'edit' | 'delete' | 'react'>): Router {
  const router = Router();
  router
    .route('/channels/:id/messages')
    .get(async (req, res) => {
      const query = parse(historyQuery, req.query);
      const limit = query.limit ?? DEFAULT_PAGE;
      const page: HistoryQuery =
        query.before !== undefined
          ? { before: query.before, limit }
          : query.after !== undefined
            ? { after: query.after, limit }
            : { limit };
      res.json(await messages.history(userOf(res), req.params.id, page));
    })
    .post(async (req, res) => {
      const body = parse(newMessageBody, req.body);
      const { message, duplicate } = await delivery.post(userOf(res), req.params.id, body);
      res.status(duplicate ? 200 : 201).json(message);
    })
    .all(methodNotAllowed(['GET', 'POST']));
  router
    .route('/channels/:id/messages/:messageId')
    .patch(async (req, res) => {
      const body = parse(messageEditBody, req.body);
      res.json(await delivery.edit(userOf(res), req.params.id, req.params.messageId, body));
    })
    .delete(async (req, res) => {
      res.json(await delivery.delete(userOf(res), req.params.id, req.params.messageId));
    })
    .all(methodNotAllowed(['PATCH', 'DELETE']));
  router
    .route('/channels/:id/messages/:messageId/reactions/:emoji')
    .put(async (req, res) => {
      const { message } = await delivery.react(userOf(res), req.params.id, req.params.messageId, req.params.emoji, true);
      res.json(message);
    })
    .delete(async (req, res) => {
      const { message } = await delivery.react(userOf(res), req.params.id, req.params.messageId, req.params.emoji, false);
      res.json(message);
    })
    .all(methodNotAllowed(['PUT', 'DELETE']));
  return router;
}
