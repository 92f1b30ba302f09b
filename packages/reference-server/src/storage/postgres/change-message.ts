import type { Pool } from 'pg';
import type { Message } from '../../domain/types.js';
import { MAX_DISTINCT_REACTIONS } from '@hearth/sdk/protocol';
import type { MessageChange, ReactionChange, ReactionResult } from '../types.js';
import { MESSAGE_QUERIES, type MessageRow } from './message-queries.js';
import { readMessages } from './rows.js';
import { inTransaction } from './transaction.js';

/**
 * Applies an edit (its mentions rewritten) or a delete (its reactions, mentions and files' rows removed) in one transaction with the channel's next seq as the message's
 * version. The message row is locked first, so of two changes racing on one message the second
 * sees the first (a delete after a delete finds a tombstone). Then the channel row is bumped and
 * stays locked until COMMIT, as in an append: seq order is commit order, for new messages and
 * changes alike.
 */
export async function changeMessage(pool: Pool, change: MessageChange, viewerId: string | undefined): Promise<Message | undefined> {
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
      await client.query('DELETE FROM mentions WHERE message_id = $1', [change.messageId]);
      const mentions = change.mentions ?? [];
      if (mentions.length > 0) {
        await client.query(
          `INSERT INTO mentions (message_id, position, user_id)
           SELECT $1, position - 1, user_id FROM unnest($2::text[]) WITH ORDINALITY AS input (user_id, position)`,
          [change.messageId, mentions],
        );
      }
    } else {
      await client.query("UPDATE messages SET content = '', deleted = true, version = $1 WHERE id = $2", [version, change.messageId]);
      await client.query('DELETE FROM reactions WHERE message_id = $1', [change.messageId]);
      await client.query('DELETE FROM mentions WHERE message_id = $1', [change.messageId]);
      await client.query('DELETE FROM attachments WHERE message_id = $1', [change.messageId]);
    }
    const { rows } = await client.query<MessageRow>(MESSAGE_QUERIES.byId, [change.messageId, change.channelId]);
    return (await readMessages(client, rows, viewerId))[0];
  });
}

const UPSERT_USER = `INSERT INTO users (id, name, avatar_url) VALUES ($1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url
  WHERE users.name IS DISTINCT FROM excluded.name OR users.avatar_url IS DISTINCT FROM excluded.avatar_url`;

/**
 * Adds or removes a reaction in one transaction with the channel's next seq as the message's
 * version, unless it changes nothing. The message row is locked first, as in
 * {@link changeMessage}: concurrent reactors to one message, in any process, take turns, so the
 * limit of distinct emoji holds and every count is exact.
 */
export async function reactToMessage(pool: Pool, change: ReactionChange): Promise<ReactionResult> {
  return inTransaction(pool, async (client) => {
    const { channelId, messageId, emoji, user } = change;
    const locked = await client.query<MessageRow>(`${MESSAGE_QUERIES.byId} FOR UPDATE OF m`, [messageId, channelId]);
    const row = locked.rows[0];
    if (!row || row.deleted) return { refused: 'unknown_message' as const };
    const present = await client.query('SELECT 1 FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3', [
      messageId,
      emoji,
      user.id,
    ]);
    if ((present.rowCount ?? 0) > 0 === change.added) {
      return { message: (await readMessages(client, [row], user.id))[0] as Message, changed: false };
    }
    if (change.added) {
      const { rows } = await client.query<{ emoji: string }>('SELECT DISTINCT emoji FROM reactions WHERE message_id = $1', [messageId]);
      const emojiNow = rows.map((entry) => entry.emoji);
      if (!emojiNow.includes(emoji) && emojiNow.length >= MAX_DISTINCT_REACTIONS) return { refused: 'reaction_limit' as const };
    }
    await client.query(UPSERT_USER, [user.id, user.name, user.avatarUrl]);
    const bumped = await client.query<{ last_seq: number }>(
      'UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
      [channelId],
    );
    const version = bumped.rows[0]?.last_seq;
    if (version === undefined) return { refused: 'unknown_message' as const };
    if (change.added) {
      await client.query('INSERT INTO reactions (message_id, emoji, user_id, added_seq) VALUES ($1, $2, $3, $4)', [
        messageId,
        emoji,
        user.id,
        version,
      ]);
    } else {
      await client.query('DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3', [messageId, emoji, user.id]);
    }
    await client.query('UPDATE messages SET version = $1 WHERE id = $2', [version, messageId]);
    const { rows } = await client.query<MessageRow>(MESSAGE_QUERIES.byId, [messageId, channelId]);
    return { message: (await readMessages(client, rows, user.id))[0] as Message, changed: true };
  });
}
