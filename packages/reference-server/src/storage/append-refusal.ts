/** Why a message was not stored: what its `replyTo`, `threadId` or `attachments` named does not fit. */
export type AppendRefusalReason =
  /** `replyTo` names no message of the channel. */
  | 'unknown_reply'
  /** `threadId` names no message of the channel, or a deleted one. */
  | 'unknown_root'
  /** `threadId` names a thread reply, which cannot be a root. */
  | 'nested_thread'
  /** `attachments` names an id that is no upload of the author's to the channel that no message carries yet. */
  | 'unknown_attachment';

/**
 * The error an append rejects with when the message it was asked to store cannot be stored as
 * asked. Decided inside the append's transaction, after a repeat of an earlier send was looked
 * for, so a repeat still returns the original.
 */
export class AppendRefusal extends Error {
  constructor(readonly reason: AppendRefusalReason) {
    super(`append refused: ${reason}`);
    this.name = 'AppendRefusal';
  }
}
