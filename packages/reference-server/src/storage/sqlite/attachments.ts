import type Database from 'better-sqlite3';
import type { StoredAttachment } from '../../domain/types.js';
import { AppendRefusal } from '../append-refusal.js';
import { ATTACHMENT_COLUMNS, type AttachmentRow, toStoredAttachment } from '../attachment-rows.js';
import type { Storage } from '../types.js';

/** The attachments of a JSON array of message ids, in message and position order. */
export const ATTACHMENTS_OF = `SELECT ${ATTACHMENT_COLUMNS} FROM attachments
  WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, position`;

/** The `attachments` namespace on SQLite, and what appends, reads and deletes of messages need of it. */
export interface SqliteAttachments {
  namespace: Storage['attachments'];
  /** The rows of the messages with the ids of a JSON array, for {@link withAttachments}. */
  rowsOf(messageIdsJson: string): AttachmentRow[];
  /**
   * Gives a new message its files, in order, inside the append's savepoint: each must be a pending
   * upload of the author's to the channel, else the append is refused.
   */
  attach(messageId: string, channelId: string, authorId: string, ids: readonly string[]): void;
  /** Removes the rows of a deleted message (its bytes are the caller's to delete). */
  detach(messageId: string): void;
}

/** The `attachments` table on SQLite. */
export function createSqliteAttachments(db: Database.Database): SqliteAttachments {
  const statements = {
    insert: db.prepare<[string, string, string, string, string, string, number, number | null, number | null, string]>(
      `INSERT INTO attachments (id, channel_id, server_id, uploader_id, name, content_type, size, width, height, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare<[string], AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`),
    removePending: db.prepare<[string, string], AttachmentRow>(
      `DELETE FROM attachments WHERE id = ? AND uploader_id = ? AND message_id IS NULL RETURNING ${ATTACHMENT_COLUMNS}`,
    ),
    removeStale: db.prepare<[string, number], AttachmentRow>(
      `DELETE FROM attachments WHERE id IN (
         SELECT id FROM attachments
         WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?
       ) RETURNING ${ATTACHMENT_COLUMNS}`,
    ),
    pendingCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM attachments WHERE uploader_id = ? AND message_id IS NULL'),
    idsInChannel: db.prepare<[string], { id: string }>('SELECT id FROM attachments WHERE channel_id = ?'),
    rowsOf: db.prepare<[string], AttachmentRow>(ATTACHMENTS_OF),
    attach: db.prepare<[string, number, string, string, string]>(
      `UPDATE attachments SET message_id = ?, position = ?
       WHERE id = ? AND uploader_id = ? AND channel_id = ? AND message_id IS NULL`,
    ),
    detach: db.prepare<[string]>('DELETE FROM attachments WHERE message_id = ?'),
  };

  const namespace: Storage['attachments'] = {
    async create(upload) {
      const createdAt = new Date().toISOString();
      statements.insert.run(
        upload.id,
        upload.channelId,
        upload.serverId,
        upload.uploaderId,
        upload.name,
        upload.contentType,
        upload.size,
        upload.width ?? null,
        upload.height ?? null,
        createdAt,
      );
      const row = statements.get.get(upload.id);
      if (!row) throw new Error(`attachment ${upload.id} vanished after insert`);
      return toStoredAttachment(row);
    },
    async get(id) {
      const row = statements.get.get(id);
      return row && toStoredAttachment(row);
    },
    async removePending(id, uploaderId) {
      const row = statements.removePending.get(id, uploaderId);
      return row && toStoredAttachment(row);
    },
    async removeStale(before, limit): Promise<StoredAttachment[]> {
      return statements.removeStale.all(before.toISOString(), limit).map(toStoredAttachment);
    },
    async pendingCount(uploaderId) {
      return statements.pendingCount.get(uploaderId)?.n ?? 0;
    },
    async idsInChannel(channelId) {
      return statements.idsInChannel.all(channelId).map((row) => row.id);
    },
  };

  return {
    namespace,
    rowsOf: (messageIdsJson) => statements.rowsOf.all(messageIdsJson),
    attach(messageId, channelId, authorId, ids) {
      ids.forEach((id, position) => {
        if (statements.attach.run(messageId, position, id, authorId, channelId).changes !== 1)
          throw new AppendRefusal('unknown_attachment');
      });
    },
    detach: (messageId) => void statements.detach.run(messageId),
  };
}
