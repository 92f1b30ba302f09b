import { ErrorCode } from '@hearth/sdk/protocol';

export { ErrorCode };

/**
 * The one error type services throw. Transports map `code` to an HTTP status or an `error` frame;
 * the message is meant for the developer reading it and never carries internals.
 */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ChatError';
  }
}
