/**
 * The stable error codes of Hearth, shared by the REST problem `type` (`/problems/{code}`) and the
 * socket's `error` frame. Codes are snake_case and never change meaning; messages may.
 *
 * @example
 * if (err.code === ErrorCode.notMember) showJoinButton();
 */
export const ErrorCode = {
  /** A socket frame that is not JSON text. */
  invalidJson: 'invalid_json',
  /** A socket frame of an unknown type, or with a missing or mistyped field. */
  invalidFrame: 'invalid_frame',
  /** A value that breaks a rule (an empty message, a bad query parameter); `field` names it. */
  invalidInput: 'invalid_input',
  /** Message content over the limit. */
  contentTooLong: 'content_too_long',
  /** A body or upload over the size limit. */
  payloadTooLarge: 'payload_too_large',
  /**
   * An upload that cannot be taken as sent: an icon or banner that is not a PNG, JPEG, WebP or GIF
   * image, an image whose header cannot be read, or a compressed request body.
   */
  unsupportedMediaType: 'unsupported_media_type',
  /** No token, or a token that is expired, forged or otherwise invalid. */
  unauthorized: 'unauthorized',
  /** The user may not do this (not the owner, guest mode off). */
  forbidden: 'forbidden',
  /** Posting needs membership of the channel's server. */
  notMember: 'not_member',
  /** No server with this id is visible to the user. */
  unknownServer: 'unknown_server',
  /** No channel with this id is visible to the user. */
  unknownChannel: 'unknown_channel',
  /** No message with this id in this channel (or it was deleted). */
  unknownMessage: 'unknown_message',
  /** The user is banned from this server: they cannot join it, use its invites or read its channels. */
  banned: 'banned',
  /** The user is timed out in this server: they cannot post or react until `retryAfterMs` has passed. */
  timedOut: 'timed_out',
  /**
   * No attachment with this id that the user may use or read: never uploaded, removed, another
   * user's upload, an upload to another channel, one a message carries already, or a file of a
   * channel the user cannot read.
   */
  unknownAttachment: 'unknown_attachment',
  /** No invite with this code (never made, or revoked). */
  unknownInvite: 'unknown_invite',
  /** The invite expired or was used as many times as it allows. */
  inviteExpired: 'invite_expired',
  /** No such route. */
  notFound: 'not_found',
  /** The route exists but not with this method. */
  methodNotAllowed: 'method_not_allowed',
  /** The request conflicts with the current state (a duplicate name, the owner leaving). */
  conflict: 'conflict',
  /**
   * Too many requests or frames, or a channel's slow mode; `Retry-After` / `retryAfterMs` says
   * when to try again.
   */
  rateLimited: 'rate_limited',
  /** The server failed; nothing about the request was wrong. */
  internal: 'internal',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
