import type { Pool } from 'pg';
import type { Message } from '../../domain/types.js';
import type { MessageChange } from '../types.js';
import { MESSAGE_QUERIES, type MessageRow } from './message-queries.js';
import { toMessage } from './rows.js';
import { inTransaction } from './transaction.js';

/**
 * Applies an edit or a delete in one transaction with the channel's next seq as the message's
 * version. The message row is locked first, so of two changes racing on one message the second
 * sees the first (a delete after a delete finds a tombstone). Then the channel row is bumped and
 * stays locked until COMMIT, as in an append: seq order is commit order, for new messages and
 * changes alike.
 */
export async function changeMessage(pool: Pool, change: MessageChange): Promise<Message | undefined> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<{ deleted: boolean }>('SELECT deleted FROM messages WHERE id = $1 AND channel_id = $2 FOR UPDATE', [
      change.messageId,
      change.channelId,
    ]);
    if (!found.rows[0] || found.rows[0].deleted) return undefined;
    const bumped = await client.query<{ last_seq: number }>(
      'UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
      [change.channelId],
    );
    const version = bumped.rows[0]?.last_seq;
    if (version === undefined) return undefined;
    if (change.kind === 'edit') {
      await client.query('UPDATE messages SET content = $1, edited_at = $2, version = $3 WHERE id = $4', [
        change.content,
        new Date().toISOString(),
        version,
        change.messageId,
      ]);
    } else {
      await client.query("UPDATE messages SET content = '', deleted = true, version = $1 WHERE id = $2", [version, change.messageId]);
    }
    const { rows } = await client.query<MessageRow>(MESSAGE_QUERIES.byId, [change.messageId, change.channelId]);
    return rows[0] && toMessage(rows[0]);
  });
}
