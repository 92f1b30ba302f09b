import { Router } from 'express';
import { z } from 'zod';
import { KeyedBuckets } from '../../rate-limit/keyed-buckets.js';
import type { AuthService } from '../../services/auth-service.js';
import { ChatError, ErrorCode } from '../../services/chat-error.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

const guestBody = z.strictObject({ name: z.string({ error: 'expected a string' }) });

/** `POST /api/auth/guest`: a token for a chosen name, when guest mode is on. */
export function authRouter(auth: AuthService): Router {
  const router = Router();
  const perAddress = new KeyedBuckets(1, 20);
  router
    .route('/auth/guest')
    .post(async (req, res) => {
      const retryAfterMs = perAddress.take(req.ip ?? 'unknown');
      if (retryAfterMs > 0) throw new ChatError(ErrorCode.rateLimited, 'too many guest sign-ins', { retryAfterMs });
      const { name } = parse(guestBody, req.body);
      const guest = await auth.issueGuest(name);
      res.status(201).json({ token: guest.token, user: guest.user, expiresAt: new Date(guest.expiresAt).toISOString() });
    })
    .all(methodNotAllowed(['POST']));
  return router;
}
