import type { ChatMessage } from '@hearth/sdk';
import { dayKey } from '../internal/time-format.js';

/**
 * A row of the message list: the channel's beginning (once its oldest message is loaded), a day
 * separator, the "New" divider above the first message the user had not read, or a message
 * (shown as a continuation when grouped).
 */
export type Row =
  | { kind: 'beginning'; key: string }
  | { kind: 'day'; key: string; at: string }
  | { kind: 'unread'; key: typeof UNREAD_KEY }
  | { kind: 'message'; key: string; message: ChatMessage; grouped: boolean };

/** Consecutive messages of one author closer together than this share one header. */
const GROUP_WINDOW_MS = 7 * 60 * 1000;

/**
 * Turns a channel's messages into rows: the beginning first when `fromBeginning` (nothing older
 * is left to load), a separator before each new day, and messages of one author in a row grouped
 * under the first one's avatar and name (a reply starts a group of its own).
 */
export function toRows(messages: readonly ChatMessage[], fromBeginning = false): Row[] {
  const rows: Row[] = fromBeginning ? [{ kind: 'beginning', key: 'beginning' }] : [];
  let previous: ChatMessage | undefined;
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    const newDay = !previous || dayKey(previous.createdAt) !== day;
    if (newDay) rows.push({ kind: 'day', key: `day:${day}`, at: message.createdAt });
    // A reply shows its quote above an author line of its own.
    const grouped =
      !newDay &&
      !message.replyTo &&
      previous !== undefined &&
      previous.author?.id === message.author?.id &&
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_WINDOW_MS;
    rows.push({ kind: 'message', key: message.id, message, grouped });
    previous = message;
  }
  return rows;
}

/** The key of the "New" divider's row. */
export const UNREAD_KEY = 'unread';

/**
 * Puts the "New" divider above the message with `messageId` (the first the user had not read),
 * which then heads a group of its own.
 */
export function withUnreadDivider(rows: Row[], messageId: string | undefined): Row[] {
  const index = messageId === undefined ? -1 : rows.findIndex((row) => row.kind === 'message' && row.key === messageId);
  const row = rows[index];
  if (row?.kind !== 'message') return rows;
  return [...rows.slice(0, index), { kind: 'unread', key: UNREAD_KEY }, { ...row, grouped: false }, ...rows.slice(index + 1)];
}
