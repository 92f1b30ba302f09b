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

const limit = z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1));

const historyQuery = z
  .strictObject({
    before: seq.optional(),
    after: seq.optional(),
    around: seq.pipe(z.number().min(1, 'expected a positive integer')).optional(),
    thread: z.string().min(1).max(64).optional(),
    limit: limit.optional(),
  })
  .superRefine((query, context) => {
    const given = (['before', 'after', 'around'] as const).filter((key) => query[key] !== undefined);
    if (given.length > 1) {
      context.addIssue({
        code: 'custom',
        message: `use one of before, after and around, not ${given.join(' and ')}`,
        path: [given[1] as string],
      });
    }
  });

const reactorsQuery = z.strictObject({ limit: limit.optional() });

const messageId = z.string().min(1, 'expected a message id').max(64, 'expected a message id');

const newMessageBody = z.strictObject({
  content: z.string({ error: 'expected a string' }),
  clientId: z.string().optional(),
  replyTo: messageId.optional(),
  threadId: messageId.optional(),
  attachments: z.array(z.string({ error: 'expected an attachment id' }), { error: 'expected a list of attachment ids' }).optional(),
});

const readBody = z.strictObject({
  seq: z
    .number({ error: 'expected a non-negative integer' })
    .int('expected a non-negative integer')
    .min(0, 'expected a non-negative integer')
    .max(Number.MAX_SAFE_INTEGER),
});

const messageEditBody = z.strictObject({
  content: z.string({ error: 'expected a string' }),
});

/** The default page of history when `limit` is not given. */
const DEFAULT_PAGE = 50;

/** How many reactors are listed when `limit` is not given: enough for "Ada, Linus and 3 others". */
const DEFAULT_REACTORS = 3;

/**
 * A channel's history (main line, threads, around a seq), one message, who reacted, and REST posting, editing,
 * deleting, reacting and marking read (through the same core calls as the socket's `send`, `edit`,
 * `delete`, `react`, `unreact` and `read`).
 */
export function channelsRouter(
  messages: MessageService,
  delivery: Pick<Delivery, 'post' | 'edit' | 'delete' | 'react' | 'markRead'>,
): Router {
  const router = Router();
  router
    .route('/channels/:id/read')
    // Stored before it answers, unlike the socket's marks, which are coalesced.
    .put(async (req, res) => {
      const body = parse(readBody, req.body);
      res.json(await delivery.markRead(userOf(res), req.params.id, body.seq));
    })
    .all(methodNotAllowed(['PUT']));
  router
    .route('/channels/:id/messages')
    .get(async (req, res) => {
      const query = parse(historyQuery, req.query);
      const line = { limit: query.limit ?? DEFAULT_PAGE, ...(query.thread !== undefined && { thread: query.thread }) };
      const page: HistoryQuery =
        query.before !== undefined
          ? { ...line, before: query.before }
          : query.after !== undefined
            ? { ...line, after: query.after }
            : query.around !== undefined
              ? { ...line, around: query.around }
              : line;
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
    .get(async (req, res) => {
      res.json(await messages.message(userOf(res), req.params.id, req.params.messageId));
    })
    .patch(async (req, res) => {
      const body = parse(messageEditBody, req.body);
      res.json(await delivery.edit(userOf(res), req.params.id, req.params.messageId, body));
    })
    .delete(async (req, res) => {
      res.json(await delivery.delete(userOf(res), req.params.id, req.params.messageId));
    })
    .all(methodNotAllowed(['GET', 'PATCH', 'DELETE']));
  router
    .route('/channels/:id/messages/:messageId/reactions/:emoji')
    .get(async (req, res) => {
      const query = parse(reactorsQuery, req.query);
      const { id, messageId, emoji } = req.params;
      res.json(await messages.reactors(userOf(res), id, messageId, emoji, query.limit ?? DEFAULT_REACTORS));
    })
    .put(async (req, res) => {
      const { message } = await delivery.react(userOf(res), req.params.id, req.params.messageId, req.params.emoji, true);
      res.json(message);
    })
    .delete(async (req, res) => {
      const { message } = await delivery.react(userOf(res), req.params.id, req.params.messageId, req.params.emoji, false);
      res.json(message);
    })
    .all(methodNotAllowed(['GET', 'PUT', 'DELETE']));
  return router;
}
