import type { DatabaseError, Pool, PoolClient } from 'pg';
import { newId } from '../../domain/ids.js';
import type { Message, ThreadUpdate, User } from '../../domain/types.js';
import { AppendRefusal, type AppendRefusalReason } from '../append-refusal.js';
import { AttachmentTaken, type UploadPlace, attachFiles, uploadPlaces } from './attachments.js';
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
 * duplicate), or PostgreSQL broke a deadlock or a serialization conflict by aborting this batch; or
 * an upload a send names was taken by another process's send meanwhile (the retry refuses it).
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof AttachmentTaken) return true;
  const { code, constraint } = error as Partial<DatabaseError>;
  return (code === '23505' && constraint === 'messages_by_author_client') || code === '40P01' || code === '40001';
}

const keyOf = (authorId: string, clientId: string) => `${authorId}\u0000${clientId}`;

/**
 * Appends a batch of messages in one transaction, with the same outcome as appending them one by
 * one in order: each either returns the message stored earlier under its `(author, clientId)`
 * (a duplicate, also when the earlier one is in this very batch), or is stored with its channel's
 * next seq, or fails alone (an unknown channel, a reply or thread reply to no fit message). A
 * thread reply raises its root's summary in the same transaction.
 *
 * Locks are always taken in the same order, changed authors by id, thread roots by id, then channels by id, so
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
  const places = await placesOf(client, items);
  const uploads = await uploadPlaces(client, [...new Set(items.flatMap((item) => item.attachments ?? []))]);
  /** Uploads that an earlier item of this batch takes: a later item naming one is refused. */
  const claimed = new Set<string>();

  // Sort the items out: duplicates of stored messages, duplicates of earlier items of this batch
  // (resolved once that item has its seq), refused ones, and new messages, counted per channel.
  const outcomes: Array<BatchOutcome<AppendResult> | undefined> = [];
  const firstInBatch = new Map<string, number>();
  const sameAs = new Map<number, number>();
  const perChannel = new Map<string, number[]>();
  const repeats: number[] = [];
  items.forEach((item, index) => {
    if (item.clientId !== null) {
      const key = keyOf(item.author.id, item.clientId);
      const stored = existing.get(key);
      if (stored) {
        outcomes[index] = { ok: true, value: { message: stored, duplicate: true } };
        repeats.push(index);
        return;
      }
      const earlier = firstInBatch.get(key);
      if (earlier !== undefined) {
        sameAs.set(index, earlier);
        return;
      }
      firstInBatch.set(key, index);
    }
    const refusal = refusalOf(item, places) ?? attachmentRefusal(item, uploads, claimed);
    if (refusal) {
      outcomes[index] = { ok: false, error: new AppendRefusal(refusal) };
      return;
    }
    const list = perChannel.get(item.channelId);
    if (list) list.push(index);
    else perChannel.set(item.channelId, [index]);
  });

  const lastSeqs = await bumpChannels(client, perChannel);
  const now = new Date().toISOString();
  const fresh: Array<{ index: number; item: NewMessage; message: Message }> = [];
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
        replyTo: null,
        threadId: item.threadId ?? null,
        thread: null,
        mentions: [],
        attachments: [],
      };
      fresh.push({ index, item, message });
    }
  }
  await insertMessages(client, fresh);
  await insertMentions(client, fresh);
  await attachFiles(
    client,
    fresh.flatMap(({ item, message }) =>
      item.attachments?.length
        ? [{ messageId: message.id, channelId: message.channelId, authorId: item.author.id, ids: item.attachments }]
        : [],
    ),
  );
  const threads = await raiseThreads(client, fresh);
  // The quotes, the mentioned names and the files are read back as any reader would see them.
  const readBack = await readBackFresh(
    client,
    fresh.filter(({ item }) => item.replyTo != null || (item.mentions?.length ?? 0) > 0 || (item.attachments?.length ?? 0) > 0),
  );
  for (const { index, message } of fresh) {
    const thread = threads.get(message.id);
    outcomes[index] = { ok: true, value: { message: readBack.get(message.id) ?? message, duplicate: false, ...(thread && { thread }) } };
  }
  await addCurrentThreads(
    client,
    repeats.map((index) => outcomes[index]),
  );

  for (const [index, earlier] of sameAs) {
    const first = outcomes[earlier];
    outcomes[index] = first?.ok ? { ok: true, value: { ...first.value, duplicate: true } } : first;
  }
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('append produced no outcome') });
}

/** Where a message named by `replyTo` or `threadId` is. */
interface Place {
  channel_id: string;
  thread_id: string | null;
  deleted: boolean;
}

/**
 * Where the batch's quoted messages and thread roots are. The roots are locked, in id order,
 * before the channels, as a change locks its message before its channel: a root cannot be
 * deleted while a reply goes in, and the two never wait for each other the wrong way round.
 */
async function placesOf(client: PoolClient, items: NewMessage[]): Promise<Map<string, Place>> {
  const roots = [...new Set(items.flatMap((item) => (item.threadId != null ? [item.threadId] : [])))].sort();
  const quoted = [...new Set(items.flatMap((item) => (item.replyTo != null ? [item.replyTo] : [])))];
  const places = new Map<string, Place>();
  const select = 'SELECT id, channel_id, thread_id, deleted FROM messages WHERE id = ANY($1::text[])';
  if (roots.length > 0) {
    const { rows } = await client.query<Place & { id: string }>(`${select} ORDER BY id FOR UPDATE`, [roots]);
    for (const row of rows) places.set(row.id, row);
  }
  const others = quoted.filter((id) => !places.has(id));
  if (others.length > 0) {
    const { rows } = await client.query<Place & { id: string }>(select, [others]);
    for (const row of rows) places.set(row.id, row);
  }
  return places;
}

/** Why an item cannot be stored as asked, if it cannot. */
function refusalOf(item: NewMessage, places: Map<string, Place>): AppendRefusalReason | undefined {
  if (item.replyTo != null && places.get(item.replyTo)?.channel_id !== item.channelId) return 'unknown_reply';
  if (item.threadId != null) {
    const root = places.get(item.threadId);
    if (!root || root.channel_id !== item.channelId || root.deleted) return 'unknown_root';
    if (root.thread_id !== null) return 'nested_thread';
  }
  return undefined;
}

/**
 * Why an item's files cannot be attached, if they cannot: each must be a pending upload of its
 * author's to its channel, and not one an earlier item of the batch takes. Claims the item's
 * uploads when they fit.
 */
function attachmentRefusal(item: NewMessage, uploads: Map<string, UploadPlace>, claimed: Set<string>): AppendRefusalReason | undefined {
  const ids = item.attachments ?? [];
  const fits = (id: string) => {
    const upload = uploads.get(id);
    return upload?.uploader_id === item.author.id && upload.channel_id === item.channelId && upload.message_id === null && !claimed.has(id);
  };
  if (!ids.every(fits)) return 'unknown_attachment';
  for (const id of ids) claimed.add(id);
  return undefined;
}

/**
 * Raises each root's thread summary by its replies in the batch, and returns each reply's
 * thread update as that reply left it (replies of one root come in seq order).
 */
async function raiseThreads(client: PoolClient, fresh: Array<{ message: Message }>): Promise<Map<string, ThreadUpdate>> {
  const byRoot = new Map<string, Message[]>();
  for (const { message } of fresh) {
    if (message.threadId === null) continue;
    const replies = byRoot.get(message.threadId);
    if (replies) replies.push(message);
    else byRoot.set(message.threadId, [message]);
  }
  const updates = new Map<string, ThreadUpdate>();
  if (byRoot.size === 0) return updates;
  const roots = [...byRoot.entries()];
  const { rows } = await client.query<{ id: string; reply_count: number }>(
    `UPDATE messages m SET reply_count = m.reply_count + w.n, last_reply_at = w.at, last_reply_seq = w.seq
     FROM unnest($1::text[], $2::integer[], $3::integer[], $4::timestamptz[]) AS w (id, n, seq, at)
     WHERE m.id = w.id
     RETURNING m.id, m.reply_count`,
    [
      roots.map(([rootId]) => rootId),
      roots.map(([, replies]) => replies.length),
      roots.map(([, replies]) => (replies.at(-1) as Message).seq),
      roots.map(([, replies]) => (replies.at(-1) as Message).createdAt),
    ],
  );
  for (const row of rows) {
    const replies = byRoot.get(row.id) ?? [];
    replies.forEach((reply, position) => {
      const replyCount = row.reply_count - (replies.length - 1 - position);
      updates.set(reply.id, { rootId: row.id, replyCount, lastReplyAt: reply.createdAt, lastReplySeq: reply.seq });
    });
  }
  return updates;
}

/** A repeated thread reply is acked with its thread's summary as it stands now. */
async function addCurrentThreads(client: PoolClient, outcomes: Array<BatchOutcome<AppendResult> | undefined>): Promise<void> {
  const replies = outcomes.flatMap((outcome) => (outcome?.ok && outcome.value.message.threadId !== null ? [outcome.value] : []));
  if (replies.length === 0) return;
  const { rows } = await client.query<{ id: string; reply_count: number; last_reply_at: Date; last_reply_seq: number }>(
    'SELECT id, reply_count, last_reply_at, last_reply_seq FROM messages WHERE id = ANY($1::text[]) AND reply_count > 0',
    [[...new Set(replies.map((reply) => reply.message.threadId as string))]],
  );
  const summaries = new Map(rows.map((row) => [row.id, row]));
  for (const reply of replies) {
    const row = summaries.get(reply.message.threadId as string);
    if (row) {
      reply.thread = {
        rootId: row.id,
        replyCount: row.reply_count,
        lastReplyAt: row.last_reply_at.toISOString(),
        lastReplySeq: row.last_reply_seq,
      };
    }
  }
}

/** The stored state of new messages that quote or mention, by id. */
async function readBackFresh(client: PoolClient, fresh: Array<{ message: Message }>): Promise<Map<string, Message>> {
  if (fresh.length === 0) return new Map();
  const { rows } = await client.query<MessageRow>(MESSAGE_QUERIES.byIds, [fresh.map(({ message }) => message.id)]);
  return new Map((await readMessages(client, rows, undefined)).map((message) => [message.id, message]));
}

async function insertMentions(client: PoolClient, fresh: Array<{ item: NewMessage; message: Message }>): Promise<void> {
  const mentions = fresh.flatMap(({ item, message }) =>
    (item.mentions ?? []).map((userId, position) => ({ messageId: message.id, position, userId })),
  );
  if (mentions.length === 0) return;
  await client.query(
    `INSERT INTO mentions (message_id, position, user_id)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])`,
    [mentions.map((mention) => mention.messageId), mentions.map((mention) => mention.position), mentions.map((mention) => mention.userId)],
  );
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

async function insertMessages(client: PoolClient, fresh: Array<{ item: NewMessage; message: Message }>): Promise<void> {
  if (fresh.length === 0) return;
  const messages = fresh.map(({ message }) => message);
  await client.query(
    `INSERT INTO messages (id, channel_id, seq, version, author_id, client_id, content, created_at, reply_to_id, thread_id)
     SELECT id, channel_id, seq, seq, author_id, client_id, content, created_at, reply_to_id, thread_id
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[])
       AS input (id, channel_id, seq, author_id, client_id, content, created_at, reply_to_id, thread_id)`,
    [
      messages.map((message) => message.id),
      messages.map((message) => message.channelId),
      messages.map((message) => message.seq),
      messages.map((message) => message.author.id),
      messages.map((message) => message.clientId),
      messages.map((message) => message.content),
      messages.map((message) => message.createdAt),
      fresh.map(({ item }) => item.replyTo ?? null),
      messages.map((message) => message.threadId),
    ],
  );
}
