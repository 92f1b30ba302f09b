import type { DatabaseError, Pool, PoolClient } from 'pg';
import { newId } from '../../domain/ids.js';
import type { Message, User } from '../../domain/types.js';
import type { BatchOutcome } from '../batch-outcome.js';
import type { AppendResult, NewMessage } from '../types.js';
import { MESSAGE_QUERIES, type MessageRow } from './message-queries.js';
import { readMessages } from './rows.js';
import { inTransaction } from './transaction.js';

/** How often a batch is tried again after losing a race it can win on a second try. */
const MAX_ATTEMPTS = 5;

/**
 * SQLSTATEs worth one more try: another process committed the same `(author, clientId)` while
 * this batch ran (23505 on that index: the retry finds the original and returns it as a
 * duplicate), or PostgreSQL broke a deadlock or a serialization conflict by aborting this batch.
 */
function isRetryable(error: unknown): boolean {
  const { code, constraint } = error as Partial<DatabaseError>;
  return (code === '23505' && constraint === 'messages_by_author_client') || code === '40P01' || code === '40001';
}

const keyOf = (authorId: string, clientId: string) => `${authorId}\u0000${clientId}`;

/**
 * Appends a batch of messages in one transaction, with the same outcome as appending them one by
 * one in order: each either returns the message stored earlier under its `(author, clientId)`
 * (a duplicate, also when the earlier one is in this very batch), or is stored with its channel's
 * next seq, or fails alone (an unknown channel).
 *
 * Locks are always taken in the same order, changed authors by id and then channels by id, so
 * batches of several processes wait for each other instead of deadlocking. The channel rows stay locked until
 * COMMIT: a writer in another process bumps `last_seq` only after this batch is committed, so seq
 * order is commit order and a committed seq never has an uncommitted one below it.
 */
export async function appendBatch(pool: Pool, items: NewMessage[]): Promise<Array<BatchOutcome<AppendResult>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, (client) => appendInTransaction(client, items));
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

async function appendInTransaction(client: PoolClient, items: NewMessage[]): Promise<Array<BatchOutcome<AppendResult>>> {
  await upsertAuthors(client, items);
  const existing = await storedEarlier(client, items);

  // Sort the items out: duplicates of stored messages, duplicates of earlier items of this batch
  // (resolved once that item has its seq), and new messages, counted per channel.
  const outcomes: Array<BatchOutcome<AppendResult> | undefined> = [];
  const firstInBatch = new Map<string, number>();
  const sameAs = new Map<number, number>();
  const perChannel = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (item.clientId !== null) {
      const key = keyOf(item.author.id, item.clientId);
      const stored = existing.get(key);
      if (stored) {
        outcomes[index] = { ok: true, value: { message: stored, duplicate: true } };
        return;
      }
      const earlier = firstInBatch.get(key);
      if (earlier !== undefined) {
        sameAs.set(index, earlier);
        return;
      }
      firstInBatch.set(key, index);
    }
    const list = perChannel.get(item.channelId);
    if (list) list.push(index);
    else perChannel.set(item.channelId, [index]);
  });

  const lastSeqs = await bumpChannels(client, perChannel);
  const now = new Date().toISOString();
  const fresh: Message[] = [];
  for (const [channelId, indexes] of perChannel) {
    const last = lastSeqs.get(channelId);
    for (const [position, index] of indexes.entries()) {
      if (last === undefined) {
        outcomes[index] = { ok: false, error: new Error(`channel ${channelId} does not exist`) };
        continue;
      }
      const item = items[index] as NewMessage;
      const seq = last - indexes.length + 1 + position;
      const message: Message = {
        id: newId('m'),
        channelId,
        seq,
        author: item.author,
        content: item.content,
        createdAt: now,
        clientId: item.clientId,
        version: seq,
        editedAt: null,
        deleted: false,
        reactions: [],
      };
      fresh.push(message);
      outcomes[index] = { ok: true, value: { message, duplicate: false } };
    }
  }
  await insertMessages(client, fresh);

  for (const [index, earlier] of sameAs) {
    const first = outcomes[earlier];
    outcomes[index] = first?.ok ? { ok: true, value: { message: first.value.message, duplicate: true } } : first;
  }
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('append produced no outcome') });
}

/**
 * Records each new author and refreshes a changed name or avatar. An author whose row is unchanged
 * is not locked, so batches of one author in several processes do not wait for each other here;
 * rows that are inserted or updated are taken in id order.
 */
async function upsertAuthors(client: PoolClient, items: NewMessage[]): Promise<void> {
  const authors = new Map<string, User>();
  for (const item of items) authors.set(item.author.id, item.author);
  const sorted = [...authors.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await client.query(
    `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS input (id, name, avatar_url)),
     inserted AS (INSERT INTO users (id, name, avatar_url) SELECT * FROM input ORDER BY id ON CONFLICT (id) DO NOTHING)
     UPDATE users SET name = input.name, avatar_url = input.avatar_url FROM input
     WHERE users.id = input.id AND (users.name IS DISTINCT FROM input.name OR users.avatar_url IS DISTINCT FROM input.avatar_url)`,
    [sorted.map((user) => user.id), sorted.map((user) => user.name), sorted.map((user) => user.avatarUrl)],
  );
}

/** The messages already stored under the batch's `(author, clientId)` pairs, by pair, with their reactions. */
async function storedEarlier(client: PoolClient, items: NewMessage[]): Promise<Map<string, Message>> {
  const withClientId = items.filter((item) => item.clientId !== null);
  if (withClientId.length === 0) return new Map();
  const { rows } = await client.query<MessageRow>(MESSAGE_QUERIES.byAuthorClients, [
    withClientId.map((item) => item.author.id),
    withClientId.map((item) => item.clientId),
  ]);
  // A repeat is rare: its reactions are read per author, so `me` is the author's own as in any answer to them.
  const byAuthor = new Map<string, MessageRow[]>();
  for (const row of rows) byAuthor.set(row.author_id, [...(byAuthor.get(row.author_id) ?? []), row]);
  const found = new Map<string, Message>();
  for (const [authorId, authored] of byAuthor) {
    for (const message of await readMessages(client, authored, authorId)) found.set(keyOf(authorId, message.clientId ?? ''), message);
  }
  return found;
}

/**
 * Reserves `count` seqs in each channel: locks the channel rows in id order, then raises each
 * `last_seq` by its count. Returns each existing channel's new `last_seq`; unknown channels are
 * missing from the result.
 */
async function bumpChannels(client: PoolClient, perChannel: Map<string, number[]>): Promise<Map<string, number>> {
  if (perChannel.size === 0) return new Map();
  const ids = [...perChannel.keys()].sort();
  // ORDER BY sits below the row-locking step in the plan, so the rows are locked in this order.
  await client.query('SELECT id FROM channels WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [ids]);
  const { rows } = await client.query<{ id: string; last_seq: number }>(
    `UPDATE channels c SET last_seq = c.last_seq + wanted.count
     FROM unnest($1::text[], $2::integer[]) AS wanted (id, count)
     WHERE c.id = wanted.id
     RETURNING c.id, c.last_seq`,
    [ids, ids.map((id) => perChannel.get(id)?.length ?? 0)],
  );
  return new Map(rows.map((row) => [row.id, row.last_seq]));
}

async function insertMessages(client: PoolClient, messages: Message[]): Promise<void> {
  if (messages.length === 0) return;
  await client.query(
    `INSERT INTO messages (id, channel_id, seq, version, author_id, client_id, content, created_at)
     SELECT id, channel_id, seq, seq, author_id, client_id, content, created_at
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       AS input (id, channel_id, seq, author_id, client_id, content, created_at)`,
    [
      messages.map((message) => message.id),
      messages.map((message) => message.channelId),
      messages.map((message) => message.seq),
      messages.map((message) => message.author.id),
      messages.map((message) => message.clientId),
      messages.map((message) => message.content),
      messages.map((message) => message.createdAt),
    ],
  );
}
