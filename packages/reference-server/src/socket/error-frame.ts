import { ErrorCode, type ServerFrameOf } from '@hearth/sdk/protocol';
import type { Logger } from 'pino';
import { ChatError } from '../services/chat-error.js';

/**
 * The `error` frame for a refusal: a `ChatError` as it is; anything else is a fault of the
 * server, logged here and answered with `internal`, never with its message or stack.
 */
export function errorFrame(error: unknown, ref: string | undefined, log: Logger): ServerFrameOf<'error'> {
  if (!(error instanceof ChatError)) {
    log.error({ err: error }, 'frame failed');
    error = new ChatError(ErrorCode.internal, 'the server failed to handle this frame');
  }
  const { code, message, details } = error as ChatError;
  return {
    type: 'error',
    code,
    message,
    ...(ref !== undefined && { ref }),
    ...(details.field !== undefined && { field: details.field }),
    ...(details.retryAfterMs !== undefined && { retryAfterMs: details.retryAfterMs }),
  };
}
