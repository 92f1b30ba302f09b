import type { Problem } from '@hearth/sdk/protocol';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ChatError, ErrorCode } from '../services/chat-error.js';

/** The HTTP status of each error code. */
export const STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_frame: 400,
  invalid_input: 400,
  content_too_long: 400,
  unsupported_media_type: 400,
  unauthorized: 401,
  forbidden: 403,
  not_member: 403,
  banned: 403,
  timed_out: 403,
  unknown_server: 404,
  unknown_channel: 404,
  unknown_message: 404,
  unknown_attachment: 404,
  unknown_invite: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invite_expired: 410,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

const TITLES: Record<ErrorCode, string> = {
  invalid_json: 'Malformed JSON',
  invalid_frame: 'Invalid frame',
  invalid_input: 'Invalid input',
  content_too_long: 'Content too long',
  unsupported_media_type: 'Unsupported media type',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_member: 'Not a member',
  banned: 'Banned',
  timed_out: 'Timed out',
  unknown_server: 'Unknown server',
  unknown_channel: 'Unknown channel',
  unknown_message: 'Unknown message',
  unknown_attachment: 'Unknown attachment',
  unknown_invite: 'Unknown invite',
  invite_expired: 'Invite expired',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
};

/** The body of every error response (RFC 9457), with Hearth's stable `code` and the bad `field`. */
export type { Problem };

/** Turns a {@link ChatError} into its problem document. */
export function toProblem(error: ChatError): Problem {
  const status = STATUS[error.code];
  const problem: Problem = {
    type: `/problems/${error.code}`,
    title: TITLES[error.code],
    status,
    detail: error.message,
    code: error.code,
  };
  if (error.details.field) {
    problem.field = error.details.field;
    problem.errors = [{ field: error.details.field, message: error.message }];
  }
  return problem;
}

interface BodyParserError {
  type: string;
  status: number;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && 'type' in error && 'status' in error;

/** Maps a body-parser failure to the error it means for the client. */
function fromBodyParser(error: BodyParserError): ChatError | undefined {
  if (error.type === 'entity.too.large') return new ChatError(ErrorCode.payloadTooLarge, 'the request body is too large');
  if (error.type === 'encoding.unsupported') {
    return new ChatError(ErrorCode.unsupportedMediaType, 'compressed request bodies (Content-Encoding) are not accepted', {
      field: 'body',
    });
  }
  if (error.type === 'entity.parse.failed') {
    return new ChatError(ErrorCode.invalidInput, 'the request body is not valid JSON', { field: 'body' });
  }
  if (error.status >= 400 && error.status < 500) {
    return new ChatError(ErrorCode.invalidInput, 'the request body could not be read', { field: 'body' });
  }
  return undefined;
}

/**
 * The last middleware: a {@link ChatError} becomes its problem+json; anything else is logged with
 * its stack and answered with a bare 500 that reveals nothing.
 */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const chatError = error instanceof ChatError ? error : isBodyParserError(error) ? fromBodyParser(error) : undefined;
    const known = chatError ?? new ChatError(ErrorCode.internal, 'the server failed to handle this request');
    if (!chatError) log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return res.destroy();
    const problem = toProblem(known);
    if (known.code === ErrorCode.unauthorized) res.setHeader('WWW-Authenticate', 'Bearer');
    if (known.details.retryAfterMs !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(known.details.retryAfterMs / 1000))));
    }
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}

/** Answers a route that exists with a method it does not support. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Allow', allowed.join(', '));
    next(new ChatError(ErrorCode.methodNotAllowed, `${req.method} is not allowed here; use ${allowed.join(' or ')}`));
  };
}

/** Answers a path no route knows. */
export const notFound: RequestHandler = (req, _res, next) =>
  next(new ChatError(ErrorCode.notFound, `no route for ${req.method} ${req.path}`));
