import type { Attachment, Message, StoredAttachment } from '../domain/types.js';

/** The columns of an {@link AttachmentRow}, on both engines. */
export const ATTACHMENT_COLUMNS =
  'id, channel_id, server_id, uploader_id, message_id, position, name, content_type, size, width, height, created_at';

/** An `attachments` row. */
export interface AttachmentRow {
  id: string;
  channel_id: string;
  server_id: string;
  uploader_id: string;
  message_id: string | null;
  position: number | null;
  name: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  /** SQLite answers the ISO text it was given, PostgreSQL a Date. */
  created_at: string | Date;
}

/** Where an attachment's bytes are served, whoever asks (the route checks who may read them). */
export const attachmentUrl = (id: string): string => `/api/attachments/${id}`;

/** A row as a message carries it. */
export const toAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  name: row.name,
  contentType: row.content_type,
  size: Number(row.size),
  url: attachmentUrl(row.id),
  width: row.width,
  height: row.height,
});

/** A row with where it was uploaded, by whom, and the message carrying it. */
export const toStoredAttachment = (row: AttachmentRow): StoredAttachment => ({
  ...toAttachment(row),
  channelId: row.channel_id,
  serverId: row.server_id,
  uploaderId: row.uploader_id,
  messageId: row.message_id,
  createdAt: typeof row.created_at === 'string' ? row.created_at : row.created_at.toISOString(),
});

/** The messages with their attachments filled in from `rows`, which come ordered by message and position. */
export function withAttachments(messages: Message[], rows: AttachmentRow[]): Message[] {
  if (rows.length === 0) return messages;
  const byMessage = new Map<string, Attachment[]>();
  for (const row of rows) {
    if (row.message_id === null) continue;
    const list = byMessage.get(row.message_id);
    if (list) list.push(toAttachment(row));
    else byMessage.set(row.message_id, [toAttachment(row)]);
  }
  return messages.map((message) => {
    const attachments = byMessage.get(message.id);
    return attachments ? { ...message, attachments } : message;
  });
}
