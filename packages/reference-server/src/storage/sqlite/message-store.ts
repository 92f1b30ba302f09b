import type Database from 'better-sqlite3';
import { MAX_DISTINCT_REACTIONS } from '@hearth/sdk/protocol';
import { newId } from '../../domain/ids.js';
import type { Message, ThreadUpdate, User } from '../../domain/types.js';
import { AppendRefusal } from '../append-refusal.js';
import { withAttachments } from '../attachment-rows.js';
import { type MentionRow, mentionSources, withMentions, withQuoteExcerpts } from '../mention-rows.js';
import { type ReactionRow, withReactions } from '../reaction-rows.js';
import { replyPartsOf } from '../reply-columns.js';
import type { AppendResult, MessageChange, NewMessage, ReactionChange, ReactionResult } from '../types.js';
import type { SqliteAttachments } from './attachments.js';
import { MENTIONS_OF, MESSAGE_QUERIES, type MessageRow, REACTIONS_OF } from './message-queries.js';

/** A thread's summary columns on its root. */
interface ThreadRow {
  reply_count: number;
  last_reply_at: string;
  last_reply_seq: number;
}

/** A message as its row says, before its reactions, mentions and files are read. */
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  channelId: row.channel_id,
  seq: row.seq,
  author: { id: row.author_id, name: row.author_name, avatarUrl: row.author_avatar_url },
  content: row.content,
  createdAt: row.created_at,
  clientId: row.client_id,
  version: row.version,
  editedAt: row.edited_at,
  deleted: row.deleted === 1,
  reactions: [],
  ...replyPartsOf(row),
  mentions: [],
  attachments: [],
});

/**
 * The messages of one SQLite connection: reading them with their parts, and the three writes that
 * take a channel's next seq (append, change, react). Each write runs in whatever transaction the
 * caller opened, so a writer can group many of them under one commit.
 */
export interface MessageStore {
  /** Messages read from rows, with their reactions (`me` for `viewerId`), mentions and files. */
  read: (rows: MessageRow[], viewerId: string | undefined) => Message[];
  /** One message of a channel as `viewerId` sees it; undefined when the channel has no such message. */
  readOne: (channelId: string, messageId: string, viewerId: string | undefined) => Message | undefined;
  /** Stores a new message, or finds the one its author stored before with the same `clientId`. */
  append: (input: NewMessage) => AppendResult;
  /** Edits or deletes a live message; undefined when there is none. */
  change: (input: MessageChange, viewerId: string | undefined) => Message | undefined;
  /** Adds or removes a reaction. */
  react: (input: ReactionChange) => ReactionResult;
  /** Adds a user, or brings their name and avatar up to date. */
  upsertUser: (user: User) => void;
}

function prepareStatements(db: Database.Database) {
  return {
    upsertUser: db.prepare<[string, string, string | null]>(
      `INSERT INTO users (id, name, avatar_url) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url
       WHERE users.name IS NOT excluded.name OR users.avatar_url IS NOT excluded.avatar_url`,
    ),
    bumpSeq: db.prepare<[string], { last_seq: number }>('UPDATE channels SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertMessage: db.prepare<[string, string, number, number, string, string | null, string, string, string | null, string | null]>(
      `INSERT INTO messages (id, channel_id, seq, version, author_id, client_id, content, created_at, reply_to_id, thread_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    placeOf: db.prepare<[string], { channel_id: string; thread_id: string | null; deleted: number }>(
      'SELECT channel_id, thread_id, deleted FROM messages WHERE id = ?',
    ),
    raiseThread: db.prepare<[string, number, string], ThreadRow>(
      `UPDATE messages SET reply_count = reply_count + 1, last_reply_at = ?, last_reply_seq = ? WHERE id = ?
       RETURNING reply_count, last_reply_at, last_reply_seq`,
    ),
    threadOf: db.prepare<[string], ThreadRow>(
      'SELECT reply_count, last_reply_at, last_reply_seq FROM messages WHERE id = ? AND reply_count > 0',
    ),
    insertMention: db.prepare<[string, number, string]>('INSERT INTO mentions (message_id, position, user_id) VALUES (?, ?, ?)'),
    deleteMentions: db.prepare<[string]>('DELETE FROM mentions WHERE message_id = ?'),
    mentionsOf: db.prepare<[string], MentionRow>(MENTIONS_OF),
    byId: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byId),
    editMessage: db.prepare<[string, string, number, string]>(
      'UPDATE messages SET content = ?, edited_at = ?, version = ? WHERE id = ? AND deleted = 0',
    ),
    deleteMessage: db.prepare<[number, string]>("UPDATE messages SET content = '', deleted = 1, version = ? WHERE id = ? AND deleted = 0"),
    setVersion: db.prepare<[number, string]>('UPDATE messages SET version = ? WHERE id = ?'),
    reactionsOf: db.prepare<[string | null, string], ReactionRow>(REACTIONS_OF),
    hasReaction: db.prepare<[string, string, string], { found: number }>(
      'SELECT 1 AS found FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?',
    ),
    emojiOf: db.prepare<[string], { emoji: string }>('SELECT DISTINCT emoji FROM reactions WHERE message_id = ?'),
    insertReaction: db.prepare<[string, string, string, number]>(
      'INSERT INTO reactions (message_id, emoji, user_id, added_seq) VALUES (?, ?, ?, ?)',
    ),
    deleteReaction: db.prepare<[string, string, string]>('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?'),
    deleteReactions: db.prepare<[string]>('DELETE FROM reactions WHERE message_id = ?'),
    byAuthorClient: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byAuthorClient),
  };
}

/** The {@link MessageStore} of a connection, its statements prepared on it. */
export function createMessageStore(db: Database.Database, attachments: SqliteAttachments): MessageStore {
  const statements = prepareStatements(db);

  const upsertUser = (user: User) => {
    statements.upsertUser.run(user.id, user.name, user.avatarUrl);
  };

  const threadUpdate = (rootId: string, row: ThreadRow | undefined): { thread?: ThreadUpdate } =>
    row ? { thread: { rootId, replyCount: row.reply_count, lastReplyAt: row.last_reply_at, lastReplySeq: row.last_reply_seq } } : {};

  /** Refuses a reply to a message of another channel, and a thread whose root is not a live main-line message of it. */
  const checkPlace = (input: NewMessage): void => {
    if (input.replyTo != null && statements.placeOf.get(input.replyTo)?.channel_id !== input.channelId) {
      throw new AppendRefusal('unknown_reply');
    }
    if (input.threadId != null) {
      const root = statements.placeOf.get(input.threadId);
      if (!root || root.channel_id !== input.channelId || root.deleted === 1) throw new AppendRefusal('unknown_root');
      if (root.thread_id !== null) throw new AppendRefusal('nested_thread');
    }
  };

  const writeMentions = (messageId: string, userIds: readonly string[] | undefined) => {
    statements.deleteMentions.run(messageId);
    userIds?.forEach((userId, position) => statements.insertMention.run(messageId, position, userId));
  };

  /** Three more queries however many rows. */
  const read = (rows: MessageRow[], viewerId: string | undefined): Message[] => {
    const messages = rows.map(toMessage);
    if (messages.length === 0) return messages;
    const ids = JSON.stringify(messages.map((message) => message.id));
    const mentions = statements.mentionsOf.all(JSON.stringify(mentionSources(messages)));
    const withFiles = withAttachments(messages, attachments.rowsOf(ids));
    return withQuoteExcerpts(withMentions(withReactions(withFiles, statements.reactionsOf.all(viewerId ?? null, ids)), mentions), mentions);
  };
  const readOne = (channelId: string, messageId: string, viewerId: string | undefined): Message | undefined => {
    const row = statements.byId.get(messageId, channelId);
    return row && read([row], viewerId)[0];
  };

  const append = (input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = statements.byAuthorClient.get(input.author.id, input.clientId);
      if (existing) {
        const message = read([existing], input.author.id)[0] as Message;
        const thread = message.threadId === null ? {} : threadUpdate(message.threadId, statements.threadOf.get(message.threadId));
        return { message, duplicate: true, ...thread };
      }
    }
    checkPlace(input);
    upsertUser(input.author);
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) throw new Error(`channel ${input.channelId} does not exist`);
    const message: Message = {
      id: newId('m'),
      channelId: input.channelId,
      seq: bumped.last_seq,
      author: input.author,
      content: input.content,
      createdAt: new Date().toISOString(),
      clientId: input.clientId,
      version: bumped.last_seq,
      editedAt: null,
      deleted: false,
      reactions: [],
      replyTo: null,
      threadId: input.threadId ?? null,
      thread: null,
      mentions: [],
      attachments: [],
    };
    statements.insertMessage.run(
      message.id,
      message.channelId,
      message.seq,
      message.version,
      input.author.id,
      input.clientId,
      message.content,
      message.createdAt,
      input.replyTo ?? null,
      message.threadId,
    );
    if (input.mentions?.length) writeMentions(message.id, input.mentions);
    if (input.attachments?.length) attachments.attach(message.id, message.channelId, input.author.id, input.attachments);
    const thread =
      message.threadId === null
        ? {}
        : threadUpdate(message.threadId, statements.raiseThread.get(message.createdAt, message.seq, message.threadId));
    // The quote, the mentioned names and the files are read back as any reader would see them.
    const stored =
      input.replyTo != null || input.mentions?.length || input.attachments?.length
        ? (readOne(message.channelId, message.id, input.author.id) as Message)
        : message;
    return { message: stored, duplicate: false, ...thread };
  };

  const change = (input: MessageChange, viewerId: string | undefined): Message | undefined => {
    const row = statements.byId.get(input.messageId, input.channelId);
    if (!row || row.deleted === 1) return undefined;
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) return undefined;
    if (input.kind === 'edit') {
      statements.editMessage.run(input.content, new Date().toISOString(), bumped.last_seq, input.messageId);
      writeMentions(input.messageId, input.mentions);
    } else {
      statements.deleteMessage.run(bumped.last_seq, input.messageId);
      statements.deleteReactions.run(input.messageId);
      writeMentions(input.messageId, []);
      attachments.detach(input.messageId);
    }
    return readOne(input.channelId, input.messageId, viewerId);
  };

  const react = (input: ReactionChange): ReactionResult => {
    const row = statements.byId.get(input.messageId, input.channelId);
    if (!row || row.deleted === 1) return { refused: 'unknown_message' };
    const { messageId, emoji, user } = input;
    const present = statements.hasReaction.get(messageId, emoji, user.id) !== undefined;
    if (present === input.added) return { message: read([row], user.id)[0] as Message, changed: false };
    if (input.added) {
      const emojiNow = statements.emojiOf.all(messageId).map((entry) => entry.emoji);
      if (!emojiNow.includes(emoji) && emojiNow.length >= MAX_DISTINCT_REACTIONS) return { refused: 'reaction_limit' };
    }
    upsertUser(user);
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) return { refused: 'unknown_message' };
    if (input.added) statements.insertReaction.run(messageId, emoji, user.id, bumped.last_seq);
    else statements.deleteReaction.run(messageId, emoji, user.id);
    statements.setVersion.run(bumped.last_seq, messageId);
    return { message: readOne(input.channelId, messageId, user.id) as Message, changed: true };
  };

  return { read, readOne, append, change, react, upsertUser };
}
