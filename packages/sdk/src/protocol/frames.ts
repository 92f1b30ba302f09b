import * as z from 'zod/mini';
import { MAX_CLIENT_ID_LENGTH } from './limits.js';

export * from './limits.js';

/** The protocol version a client names in `hello`; the server refuses any other. */
export const PROTOCOL_VERSION = 1;

/**
 * The close codes a Hearth server uses, and what a client should do on each.
 *
 * @example
 * if (event.code === CloseCode.tokenInvalid) token = await getToken();
 */
export const CloseCode = {
  /** The server is shutting down; reconnect. */
  goingAway: 1001,
  /** A binary or otherwise unsupported frame; do not resend it. */
  unsupportedData: 1003,
  /** Policy: an unsupported protocol version; do not reconnect with the same client. */
  policyViolation: 1008,
  /** A frame over the server's `maxPayload`. */
  messageTooBig: 1009,
  /** The token is missing, expired or invalid (or `hello` never came); get a new token, then reconnect. */
  tokenInvalid: 4401,
  /**
   * The user, or the client's address, already has as many sockets open as the server allows;
   * close another one (or share one socket between tabs) before reconnecting.
   */
  tooManySockets: 4409,
  /** Too many frames for too long; reconnect later. */
  flood: 4429,
} as const;

/** A close code of {@link CloseCode}. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const id = z.string().check(z.minLength(1), z.maxLength(64));
const seq = z.number().check(z.int(), z.nonnegative());

/** A user as other users see them. */
export const userSchema = z.object({
  id,
  name: z.string(),
  avatarUrl: z.nullable(z.string()),
});

/**
 * One emoji on a message: how many users reacted with it, and whether the reader is one of them
 * (`me` is false in broadcast `changed` frames; see {@link changedFrame}).
 */
export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().check(z.int(), z.positive()),
  me: z.boolean(),
});

/**
 * The message a reply answers, as it stands now: its author and the start of its content
 * (`excerpt`, empty and `deleted: true` once the original is deleted).
 */
export const replyQuoteSchema = z.object({
  id,
  seq: seq.check(z.positive()),
  author: userSchema,
  excerpt: z.string(),
  deleted: z.boolean(),
});

/**
 * A thread's summary on its root message: how many replies it holds (deleted ones too: they stay
 * as tombstones), when the last came, and the seq that reply took, which orders summaries.
 */
export const threadSummarySchema = z.object({
  replyCount: z.number().check(z.int(), z.positive()),
  lastReplyAt: z.string(),
  lastReplySeq: seq.check(z.positive()),
});

/**
 * A file on a message. `url` is the server-relative address of its bytes (`/api/attachments/{id}`),
 * which answers only with the bearer token of a user who can read the channel: the URL alone grants
 * nothing, so a browser fetches it with the token and shows the result as a `blob:` URL.
 * `contentType` is what the server recognised from the bytes, never what the uploader declared;
 * `width` and `height` are set for images (PNG, JPEG, WebP, GIF), which alone are served inline.
 */
export const attachmentSchema = z.object({
  id,
  name: z.string(),
  contentType: z.string(),
  size: z.number().check(z.int(), z.nonnegative()),
  url: z.string(),
  width: z.optional(z.nullable(z.number().check(z.int(), z.positive()))),
  height: z.optional(z.nullable(z.number().check(z.int(), z.positive()))),
});

/**
 * A stored message, as it stands now. `seq` is its place in its channel, 1, 2, 3… with no gaps;
 * every later change to it (an edit, a delete) takes the channel's next seq too, and `version` is
 * the seq of its latest change (`seq` itself until it changes). A deleted message is a tombstone:
 * `deleted: true`, empty `content`, the same `seq`.
 */
export const messageSchema = z.object({
  id,
  channelId: id,
  seq: seq.check(z.positive()),
  author: userSchema,
  content: z.string(),
  createdAt: z.string(),
  clientId: z.optional(z.nullable(z.string())),
  /** The seq of the message's latest change; absent from servers older than edits means `seq`. */
  version: z.optional(seq.check(z.positive())),
  /** When the author last edited it; null when never. */
  editedAt: z.optional(z.nullable(z.string())),
  /** A tombstone: the message was deleted. */
  deleted: z.optional(z.boolean()),
  /** Its reactions, in the order their emoji first appeared; absent from servers older than reactions. */
  reactions: z.optional(z.array(reactionSchema)),
  /** The message this one replies to; null when it is no reply. */
  replyTo: z.optional(z.nullable(replyQuoteSchema)),
  /** The root message of the thread this one is a reply in; null in the channel's main line. */
  threadId: z.optional(z.nullable(id)),
  /** On a thread's root: the thread's summary; null when nobody replied in a thread. */
  thread: z.optional(z.nullable(threadSummarySchema)),
  /** The members mentioned by `<@USER_ID>` in `content`, by their current names; empty once deleted. */
  mentions: z.optional(z.array(userSchema)),
  /** Its files, in the order sent; empty once deleted (the files are gone from storage too). */
  attachments: z.optional(z.array(attachmentSchema)),
});

/** A member's role in a server, highest first: owner > admin > moderator > member. */
export const roleSchema = z.enum(['owner', 'admin', 'moderator', 'member']);

/**
 * A room inside a server. `slowModeSeconds` (0 when off) is how long a member below moderator
 * waits between two messages in it.
 */
export const channelSchema = z.object({
  id,
  serverId: id,
  name: z.string(),
  topic: z.string(),
  position: z.number().check(z.int(), z.nonnegative()),
  slowModeSeconds: z.optional(z.number().check(z.int(), z.nonnegative())),
});

/** A community as its members see it: its look, who owns it, how many belong, its channels by position. */
export const serverSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  iconUrl: z.nullable(z.string()),
  bannerUrl: z.nullable(z.string()),
  categoryId: id,
  ownerId: id,
  visibility: z.enum(['public', 'private']),
  memberCount: z.number().check(z.int(), z.nonnegative()),
  channels: z.array(channelSchema),
});

/**
 * A user's place in a server: their role, and until when they are timed out (cannot post or react;
 * null when they are not).
 */
export const membershipSchema = z.object({
  serverId: id,
  userId: id,
  role: roleSchema,
  mutedUntil: z.optional(z.nullable(z.string())),
});

/** First frame of every connection: authenticates it. */
export const helloFrame = z.object({
  type: z.literal('hello'),
  token: z.string().check(z.minLength(1)),
  protocol: z.literal(PROTOCOL_VERSION),
});

/** Starts live delivery of a channel; `afterSeq` asks for what came after it as `missed`. */
export const subscribeFrame = z.object({
  type: z.literal('subscribe'),
  channelId: id,
  afterSeq: z.optional(seq),
});

/** Stops live delivery of a channel. */
export const unsubscribeFrame = z.object({
  type: z.literal('unsubscribe'),
  channelId: id,
});

/**
 * Posts a message. `clientId` makes the send idempotent per author. `replyTo` quotes a message of
 * the same channel; `threadId` posts in the thread of a root message of the channel (a message of
 * the main line, never a thread reply). `attachments` names up to `MAX_ATTACHMENTS` (10) of the
 * author's own uploads to this channel that no message carries yet (`POST
 * /api/channels/{id}/attachments`); `content` may be empty when it names at least one.
 */
export const sendFrame = z.object({
  type: z.literal('send'),
  channelId: id,
  clientId: z.string().check(z.minLength(1), z.maxLength(MAX_CLIENT_ID_LENGTH)),
  content: z.string(),
  replyTo: z.optional(id),
  threadId: z.optional(id),
  attachments: z.optional(z.array(id)),
});

/** Replaces the content of one of the user's own messages; the change takes the channel's next seq. */
export const editFrame = z.object({
  type: z.literal('edit'),
  channelId: id,
  messageId: id,
  content: z.string(),
});

/**
 * Deletes a message (the author's own, or anyone's as a moderator, admin or owner of its server): it becomes a tombstone that
 * keeps its seq, and the change takes the channel's next seq.
 */
export const deleteFrame = z.object({
  type: z.literal('delete'),
  channelId: id,
  messageId: id,
});

/**
 * Adds the user's reaction with one emoji to a message (idempotent: a second one changes nothing);
 * a reaction added takes the channel's next seq.
 */
export const reactFrame = z.object({
  type: z.literal('react'),
  channelId: id,
  messageId: id,
  emoji: z.string(),
});

/** Removes the user's reaction with one emoji from a message (idempotent); a removal takes the channel's next seq. */
export const unreactFrame = z.object({
  type: z.literal('unreact'),
  channelId: id,
  messageId: id,
  emoji: z.string(),
});

/**
 * Marks the channel read up to `seq` for the user: the position never moves backwards, and a seq
 * past the channel's newest counts as its newest. Every socket of the user receives `read`.
 */
export const readFrame = z.object({
  type: z.literal('read'),
  channelId: id,
  seq,
});

/** Tells a channel's other subscribers that the user is typing. */
export const typingFrame = z.object({
  type: z.literal('typing'),
  channelId: id,
});

/**
 * Asks for every `member_presence` of a server the user belongs to, however many of its members are
 * online (a client shows its members list). In a server with many members online, only the
 * sockets that asked hear who comes and goes; a server the user does not belong to is ignored.
 */
export const watchMembersFrame = z.object({
  type: z.literal('watch_members'),
  serverId: id,
});

/** Stops what `watch_members` asked for (the members list is gone). */
export const unwatchMembersFrame = z.object({
  type: z.literal('unwatch_members'),
  serverId: id,
});

/** Asks for a `pong`; lets a client notice a dead connection. */
export const pingFrame = z.object({ type: z.literal('ping') });

/** Every frame a client may send. */
export const clientFrame = z.discriminatedUnion('type', [
  helloFrame,
  subscribeFrame,
  unsubscribeFrame,
  sendFrame,
  editFrame,
  deleteFrame,
  reactFrame,
  unreactFrame,
  readFrame,
  typingFrame,
  watchMembersFrame,
  unwatchMembersFrame,
  pingFrame,
]);

/**
 * Where the user stands in one channel: read up to `lastReadSeq`; `unread` messages of others after
 * it (main line, not deleted; edits, deletes and reactions never count), `mentions` of the user
 * among the messages after it (thread replies included). `lastSeq` is the channel's newest seq when
 * the counts were taken: an `activity` at or below it is counted already.
 */
export const readStateSchema = z.object({
  channelId: id,
  serverId: id,
  lastReadSeq: seq,
  lastSeq: seq,
  unread: z.number().check(z.int(), z.nonnegative()),
  mentions: z.number().check(z.int(), z.nonnegative()),
});

/**
 * The connection is authenticated as `user`. `readStates` holds the user's read state in every
 * channel of every server they belong to (absent from servers older than read state);
 * `memberships` the user's place in each of those servers (absent from servers older than roles).
 */
export const readyFrame = z.object({
  type: z.literal('ready'),
  user: userSchema,
  readStates: z.optional(z.array(readStateSchema)),
  memberships: z.optional(z.array(membershipSchema)),
});

/**
 * The channel is subscribed. `missed` holds the messages after the requested `afterSeq`, oldest
 * first; `complete: false` means more were missed than fit and the rest must be paged over REST.
 * `lastSeq` is the channel's newest `seq` when the subscription began.
 */
export const subscribedFrame = z.object({
  type: z.literal('subscribed'),
  channelId: id,
  missed: z.array(messageSchema),
  complete: z.boolean(),
  lastSeq: seq,
});

/**
 * The channel is no longer delivered: the answer to `unsubscribe`, or, with `reason`, sent unasked
 * when the user lost access to the channel: `left` (they left its server), `kicked`, `banned`,
 * `private` (its server turned private and they are no member), `deleted` (the channel was deleted).
 * Other reasons may come; a client treats an unknown one as a loss of access.
 */
export const unsubscribedFrame = z.object({ type: z.literal('unsubscribed'), channelId: id, reason: z.optional(z.string()) });

/**
 * The summary of the thread a new reply went into, as the reply left it: `rootId` names the root
 * message, whose `thread` it replaces when its `lastReplySeq` is not older than the one held.
 */
export const threadUpdateSchema = z.object({
  rootId: id,
  replyCount: z.number().check(z.int(), z.positive()),
  lastReplyAt: z.string(),
  lastReplySeq: seq.check(z.positive()),
});

/** A new message in a subscribed channel; `thread` is set when it is a thread reply. */
export const messageFrame = z.object({ type: z.literal('message'), message: messageSchema, thread: z.optional(threadUpdateSchema) });

/**
 * A message of a subscribed channel changed (edited or deleted): `message` is its new state, and
 * `message.version` the seq this change took. Changes and new messages share the channel's seq, so
 * a client applies both in seq order and sees a gap in either.
 */
export const changedFrame = z.object({
  type: z.literal('changed'),
  message: messageSchema,
  /**
   * Set when the change is a reaction added or removed: who did it, so that each client sets its
   * own `me` (the broadcast `message.reactions` carry `me: false`).
   */
  reaction: z.optional(z.object({ emoji: z.string(), userId: id, added: z.boolean() })),
});

/**
 * The user's read position in a channel moved (from this socket or any other of theirs, on any
 * process), with the counts after it.
 */
export const readEventFrame = z.object({
  type: z.literal('read'),
  state: readStateSchema,
});

/**
 * A new message in a channel of a server the user belongs to, sent to every socket of its members
 * whether they subscribe to the channel or not, so that unread and mention counts stay live:
 * a client counts it unread when `authorId` is not the user's, it is in the main line (no
 * `threadId`) and `seq` is past the channel's `lastReadSeq`; a mention when `mentionIds` names the user.
 */
export const activityFrame = z.object({
  type: z.literal('activity'),
  channelId: id,
  serverId: id,
  seq: seq.check(z.positive()),
  authorId: id,
  threadId: z.optional(id),
  mentionIds: z.array(id),
});

/**
 * A member of a server came online (their first socket on any process) or went offline (their
 * last socket closed, or their process died), sent to the sockets of the server's members. In a
 * server with more members online than the server's threshold (250 by default), it goes only to
 * the sockets that sent `watch_members` for it.
 */
export const memberPresenceFrame = z.object({
  type: z.literal('member_presence'),
  serverId: id,
  user: userSchema,
  online: z.boolean(),
});

/**
 * A server the user belongs to changed: its name, description, category, visibility, icon,
 * banner, or its channels (created, renamed, a new topic or slow mode, reordered, deleted).
 * `server` is its new state; sent to every socket of its members.
 */
export const serverUpdateFrame = z.object({ type: z.literal('server_update'), server: serverSchema });

/**
 * A member's place in a server changed: `change` says how (`joined`, `left`, `kicked`, `banned`,
 * `role`, `timeout`); `role` is null once they are no longer a member. Sent to every socket of the
 * server's members, and to the sockets of the member concerned, who learns this way that they
 * lost the server (their subscriptions to its channels end with `unsubscribed`).
 */
export const memberUpdateFrame = z.object({
  type: z.literal('member_update'),
  serverId: id,
  user: userSchema,
  role: z.nullable(roleSchema),
  mutedUntil: z.nullable(z.string()),
  change: z.string(),
});

/** The send with this `clientId` is stored (durably) as `message`. */
export const ackFrame = z.object({
  type: z.literal('ack'),
  clientId: z.string(),
  message: messageSchema,
  /** Set when the message is a thread reply, as in {@link messageFrame}. */
  thread: z.optional(threadUpdateSchema),
});

/** `user` is typing in `channelId`. */
export const typingEventFrame = z.object({
  type: z.literal('typing'),
  channelId: id,
  user: userSchema,
});

/**
 * Who has `channelId` open now: `count` users, each with at least one socket subscribed to it, in
 * any process of the server; `users` names at most `MAX_PRESENCE_USERS` (50) of them, the first to
 * come, sorted by name. Sent after `subscribed`, then whenever it changes. `count` is absent from
 * servers older than it, whose `users` names everyone.
 */
export const presenceFrame = z.object({
  type: z.literal('presence'),
  channelId: id,
  users: z.array(userSchema),
  count: z.optional(z.number().check(z.int(), z.nonnegative())),
});

/**
 * Something the client sent was refused. The connection stays open. `ref` names what the error
 * is about: the `clientId` of a refused send, or the `channelId` of a refused subscribe.
 */
export const errorFrame = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  ref: z.optional(z.string()),
  field: z.optional(z.string()),
  retryAfterMs: z.optional(z.number()),
});

/** Answer to `ping`. */
export const pongFrame = z.object({ type: z.literal('pong') });

/** Every frame a server may send. */
export const serverFrame = z.discriminatedUnion('type', [
  readyFrame,
  subscribedFrame,
  unsubscribedFrame,
  messageFrame,
  changedFrame,
  ackFrame,
  typingEventFrame,
  presenceFrame,
  readEventFrame,
  activityFrame,
  memberPresenceFrame,
  serverUpdateFrame,
  memberUpdateFrame,
  errorFrame,
  pongFrame,
]);

/** A user as other users see them. */
export type User = z.infer<typeof userSchema>;
/** A member's role in a server. */
export type Role = z.infer<typeof roleSchema>;
/** A user's place in a server. */
export type Membership = z.infer<typeof membershipSchema>;
/** A community with its channels, as frames carry it. */
export type ServerState = z.infer<typeof serverSchema>;
/** A stored message. */
export type Message = z.infer<typeof messageSchema>;
/** A file on a message. */
export type Attachment = z.infer<typeof attachmentSchema>;
/** One emoji's reactions on a message. */
export type Reaction = z.infer<typeof reactionSchema>;
/** The message a reply answers. */
export type ReplyQuote = z.infer<typeof replyQuoteSchema>;
/** A thread's summary on its root message. */
export type ThreadSummary = z.infer<typeof threadSummarySchema>;
/** Where the user stands in one channel: read position, unread and mention counts. */
export type ReadState = z.infer<typeof readStateSchema>;
/** A thread's summary after a new reply, naming its root. */
export type ThreadUpdate = z.infer<typeof threadUpdateSchema>;
/** Every frame a client may send. */
export type ClientFrame = z.infer<typeof clientFrame>;
/** Every frame a server may send. */
export type ServerFrame = z.infer<typeof serverFrame>;
/** The client frame of the given `type`. */
export type ClientFrameOf<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;
/** The server frame of the given `type`. */
export type ServerFrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/**
 * Full validation of an incoming frame with the zod schemas, for clients that opt in:
 * `createChatClient({ …, validate: validateServerFrame })`.
 */
export function validateServerFrame(frame: unknown): boolean {
  return serverFrame.safeParse(frame).success;
}
