import type { RequestHandler } from 'express';
import { ChatError, ErrorCode } from '../services/chat-error.js';

/**
 * Refuses a request whose path is not valid percent-encoding (`%ZZ`, a lone `%`, a truncated or
 * overlong UTF-8 sequence) before any route tries to decode it: the router would throw a URIError
 * that is the client's mistake, not the server's, and static files would answer 404 instead. A
 * path that decodes to NUL (`%00`) is refused too.
 */
export const rejectMalformedPath: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new ChatError(ErrorCode.invalidInput, 'the path is not valid percent-encoded UTF-8', { field: 'path' }));
  }
  // No id or file name holds NUL, and PostgreSQL refuses to even look one up.
  if (path.includes('\u0000')) return next(new ChatError(ErrorCode.invalidInput, 'the path must not contain %00', { field: 'path' }));
  next();
};
