import type { RequestHandler, Response } from 'express';
import type { User } from '../domain/types.js';
import type { AuthService } from '../services/auth-service.js';

interface AuthenticatedLocals {
  user: User;
}

/** Verifies the bearer token of every request it guards and remembers the user for the route. */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const identity = await auth.verify(token);
    (res.locals as AuthenticatedLocals).user = identity.user;
    next();
  };
}

/** The user {@link authenticate} verified for this request. */
export function userOf(res: Response): User {
  return (res.locals as AuthenticatedLocals).user;
}
