import type { RequestHandler } from 'express';
import { ChatError, ErrorCode } from '../services/chat-error.js';

/**
 * Refuses a request whose path is not valid percent-encoding (`%ZZ`, a lone `%`, a truncated or
 * overlong UTF-8 sequence) before any route tries to decode it: the router would throw a URIError
 * that is the client's mistake, not the server's, and static files would answer 404 instead.
 */
export const rejectMalformedPath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(new ChatError(ErrorCode.invalidInput, 'the path is not valid percent-encoded UTF-8', { field: 'path' }));
  }
  next();
};
