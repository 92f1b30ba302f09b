import type { Pool, PoolClient } from 'pg';
import { ATTACHMENT_COLUMNS, type AttachmentRow, toStoredAttachment } from '../attachment-rows.js';
import type { Storage } from '../types.js';

/** The attachments of an array of message ids ($1), in message and position order. */
export const ATTACHMENTS_OF = `SELECT ${ATTACHMENT_COLUMNS} FROM attachments
  WHERE message_id = ANY($1::text[]) ORDER BY message_id, position`;

/**
 * Thrown inside an append's transaction when an upload that was pending as the batch began was
 * taken by a send that committed meanwhile: the batch is tried again, and then refuses that send.
 */
export class AttachmentTaken extends Error {
  constructor() {
    super('an upload was taken by another send while the batch ran');
    this.name = 'AttachmentTaken';
  }
}

/** An upload as an append checks it: whose, where, and whether a message carries it. */
export interface UploadPlace {
  uploader_id: string;
  channel_id: string;
  message_id: string | null;
}

/** Where the uploads with these ids are, by id; unknown ids are missing. */
export async function uploadPlaces(client: PoolClient, ids: readonly string[]): Promise<Map<string, UploadPlace>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<UploadPlace & { id: string }>(
    'SELECT id, uploader_id, channel_id, message_id FROM attachments WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Gives new messages their files, each still a pending upload of the message's author to its
 * channel. Runs after the channels are locked, so the attachment rows are always locked last (as a
 * delete locks them); an upload another send took since {@link uploadPlaces} read it makes the
 * whole batch try again ({@link AttachmentTaken}).
 */
export async function attachFiles(
  client: PoolClient,
  claims: ReadonlyArray<{ messageId: string; channelId: string; authorId: string; ids: readonly string[] }>,
): Promise<void> {
  const rows = claims.flatMap((claim) => claim.ids.map((id, position) => ({ ...claim, id, position })));
  if (rows.length === 0) return;
  const updated = await client.query(
    `UPDATE attachments a SET message_id = w.message_id, position = w.position
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[]) AS w (id, message_id, position, uploader_id, channel_id)
     WHERE a.id = w.id AND a.uploader_id = w.uploader_id AND a.channel_id = w.channel_id AND a.message_id IS NULL`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.messageId),
      rows.map((row) => row.position),
      rows.map((row) => row.authorId),
      rows.map((row) => row.channelId),
    ],
  );
  if (updated.rowCount !== rows.length) throw new AttachmentTaken();
}

/** The `attachments` namespace on PostgreSQL. */
export function createPostgresAttachments(pool: Pool): Storage['attachments'] {
  return {
    async create(upload) {
      const { rows } = await pool.query<AttachmentRow>(
        `INSERT INTO attachments (id, channel_id, server_id, uploader_id, name, content_type, size, width, height, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${ATTACHMENT_COLUMNS}`,
        [
          upload.id,
          upload.channelId,
          upload.serverId,
          upload.uploaderId,
          upload.name,
          upload.contentType,
          upload.size,
          upload.width ?? null,
          upload.height ?? null,
          new Date().toISOString(),
        ],
      );
      return toStoredAttachment(rows[0] as AttachmentRow);
    },
    async get(id) {
      const { rows } = await pool.query<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1`, [id]);
      return rows[0] && toStoredAttachment(rows[0]);
    },
    async removePending(id, uploaderId) {
      const { rows } = await pool.query<AttachmentRow>(
        `DELETE FROM attachments WHERE id = $1 AND uploader_id = $2 AND message_id IS NULL RETURNING ${ATTACHMENT_COLUMNS}`,
        [id, uploaderId],
      );
      return rows[0] && toStoredAttachment(rows[0]);
    },
    async removeStale(before, limit) {
      // SKIP LOCKED: two processes sweeping at once take different rows, and neither waits on a
      // send that is taking one of them. A locking CTE runs once, so LIMIT bounds the delete.
      const { rows } = await pool.query<AttachmentRow>(
        `WITH doomed AS (
           SELECT id FROM attachments WHERE message_id IS NULL AND created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         DELETE FROM attachments a USING doomed WHERE a.id = doomed.id AND a.message_id IS NULL
         RETURNING ${ATTACHMENT_COLUMNS.split(', ')
           .map((column) => `a.${column}`)
           .join(', ')}`,
        [before.toISOString(), limit],
      );
      return rows.map(toStoredAttachment);
    },
    async pendingCount(uploaderId) {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM attachments WHERE uploader_id = $1 AND message_id IS NULL',
        [uploaderId],
      );
      return rows[0]?.n ?? 0;
    },
    async idsInChannel(channelId) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM attachments WHERE channel_id = $1', [channelId]);
      return rows.map((row) => row.id);
    },
  };
}
