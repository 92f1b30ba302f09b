import type { StoredMessage } from './chat-channel.js';
import type { Message, ReplyQuote, ThreadSummary } from './protocol/frames.js';
import { excerptOf } from './protocol/excerpt.js';

/** The seq of a message's latest change (its own seq until it changes, or from an older server). */
export const versionOf = (message: Message): number => message.version ?? message.seq;

/**
 * The later of two thread summaries. A summary is ordered by the seq of the reply it counts last,
 * not by the root's version (a thread reply leaves its root's version alone).
 */
function laterSummary(incoming: ThreadSummary | null | undefined, held: ThreadSummary | null | undefined) {
  if (!incoming) return held;
  return !held || incoming.lastReplySeq >= held.lastReplySeq ? incoming : held;
}

/** A held message's state after `incoming`: the newer version, with the later thread summary. */
export function newerState(held: StoredMessage, incoming: StoredMessage): StoredMessage {
  const next = versionOf(incoming) > versionOf(held) ? incoming : held;
  const thread = laterSummary(incoming.thread, next.thread);
  return thread === next.thread ? next : { ...next, thread };
}

/** Rows with `message` put in: replacing the row of its id by the newer state, or added in seq order. */
export function mergeRow(rows: readonly StoredMessage[], message: StoredMessage): readonly StoredMessage[] {
  const held = rows.find((row) => row.id === message.id);
  if (!held) return [...rows, message].sort((a, b) => a.seq - b.seq);
  const next = newerState(held, message);
  return next === held ? rows : rows.map((row) => (row === held ? next : row));
}

/** The quote of a held message, for a reply to it. */
export const quoteOf = (message: StoredMessage): ReplyQuote => ({
  id: message.id,
  seq: message.seq,
  author: message.author,
  excerpt: excerptOf(message.content, message.mentions),
  deleted: message.deleted === true,
});

/** Rows whose reply quotes `original` show its new content, or that it was deleted. */
export function requote(rows: readonly StoredMessage[], original: StoredMessage): readonly StoredMessage[] {
  if (!rows.some((row) => row.replyTo?.id === original.id)) return rows;
  const quote = quoteOf(original);
  return rows.map((row) => (row.replyTo?.id === original.id ? { ...row, replyTo: quote } : row));
}
