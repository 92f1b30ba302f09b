import type { Problem as ProblemDocument } from './protocol/problem.js';

/**
 * The problem+json body of a failed REST call (RFC 9457), with Hearth's stable `code` when the
 * server gave one (`invalid_response` when its answer broke the contract).
 */
export type Problem = ProblemDocument<string | undefined>;

/**
 * A REST call that failed: the server answered with an error status (its problem details are in
 * `problem`), or with a body that breaks the contract (`problem.code` is `invalid_response`).
 * Network failures are not wrapped: `fetch`'s own error is rethrown.
 *
 * @example
 * try { await chat.servers.get('s_1'); }
 * catch (err) { if (err instanceof ChatApiError && err.status === 404) goHome(); }
 */
export class ChatApiError extends Error {
  override name = 'ChatApiError';
  // Declared, not parameter properties: those compile to a field declaration and an assignment each.
  declare readonly status: number;
  declare readonly problem: Problem;
  /** With 429: how long the server asks to wait before trying again (`Retry-After`). */
  declare readonly retryAfterMs?: number;
  constructor(status: number, problem: Problem, retryAfterMs?: number) {
    super(`${problem.title}: ${problem.detail}`);
    Object.assign(this, { status, problem, retryAfterMs });
  }

  /** The stable error code (`not_member`, `unknown_channel`…). */
  get code(): string {
    return this.problem.code ?? 'unknown';
  }
}

/**
 * An `error` frame from the socket, or a connection the client gave up on. `code` is the
 * server's stable code (`not_member`, `content_too_long`, `rate_limited`, `timed_out`,
 * `unauthorized`…); `ref` names what it is about (a send's `clientId`, a subscribe's `channelId`).
 * The client adds its own codes: `access_revoked` when the server ends a subscription (`ref` is the
 * channel, whose pending sends fail with it; `reason` says why), `discarded`, `unknown_send`.
 *
 * @example
 * chat.on('error', (err) => { if (err.code === 'unauthorized') signIn(); });
 * chat.on('error', (err) => { if (err.code === 'rate_limited') showCountdown(err.retryAfterMs); });
 */
export class ChatSocketError extends Error {
  override name = 'ChatSocketError';
  declare readonly code: string;
  declare readonly ref?: string;
  /** With `rate_limited` (a channel's slow mode included) and `timed_out`: how long until it is allowed. */
  declare readonly retryAfterMs?: number;
  /**
   * With `access_revoked`: why the server ended the subscription: `left`, `kicked`, `banned`,
   * `private` (the server turned private), `deleted` (the channel was deleted), or a newer reason.
   */
  declare readonly reason?: string;
  constructor(code: string, message: string, ref?: string, retryAfterMs?: number, reason?: string) {
    super(message);
    Object.assign(this, { code, ref, retryAfterMs, reason });
  }
}
