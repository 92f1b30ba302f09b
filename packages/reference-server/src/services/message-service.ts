import { MAX_ATTACHMENTS, MAX_CLIENT_ID_LENGTH, MAX_DISTINCT_REACTIONS, can, excerptOf } from '@hearth/sdk/protocol';
import type { BlobStore } from '../blobs/blob-store.js';
import { discardBlobs } from '../blobs/discard-blobs.js';
import type { Channel, Membership, Message, ReactionEvent, User } from '../domain/types.js';
import { AppendRefusal } from '../storage/append-refusal.js';
import type { AppendResult, MessagePage, NewMessage, PageQuery, ReactorPage, Storage } from '../storage/types.js';
import type { AuditLog } from './audit-log.js';
import { unknownAttachment } from './attachment-refusals.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { resolveMentions } from './mentions.js';
import { SlowMode } from './slow-mode.js';
import { assertWellFormed, isStorable, validateContent, validateEmoji } from './text-rules.js';

/**
 * Which page of a channel's history to read: by seq, before, after or around a point, at most
 * `limit` messages; of the main line, or of the thread of the root `thread`.
 */
export type HistoryQuery = PageQuery;

/** The largest page of history one request returns. */
export const MAX_PAGE_LIMIT = 100;

/** The largest list of reactors one request returns. */
export const MAX_REACTOR_LIMIT = 100;

/** What a reaction did: the message as its reactor sees it, whether it changed, and the reaction. */
export interface ReactionOutcome {
  message: Message;
  /** False when the reaction was already there (or already gone): no seq was taken. */
  changed: boolean;
  reaction: ReactionEvent;
}

/** A message as its author sends it. */
export interface NewMessageInput {
  content: unknown;
  clientId?: string | null | undefined;
  /** The id of the message of the same channel it answers. */
  replyTo?: string | undefined;
  /** The id of the root message whose thread it goes in. */
  threadId?: string | undefined;
  /** The ids of the author's pending uploads to the channel that it carries, in order. */
  attachments?: unknown;
}

/** What a subscriber missed after a given `seq`. */
export interface Missed {
  /** Every message added or changed after the seq, in its current state, by `version`. */
  missed: Message[];
  /** False when more were missed than the bound: `missed` covers up to its last `version`. */
  complete: boolean;
  lastSeq: number;
}

/** An edit of a message as its author sends it. */
export interface MessageEditInput {
  content: unknown;
}

/** A channel as a user may use it: the channel as it is now, and their membership of its server, if any. */
export interface ChannelAccess {
  channel: Channel;
  membership: Membership | undefined;
}

/** A channel a member may post in, and their membership. */
export interface WriterAccess extends ChannelAccess {
  membership: Membership;
}

/**
 * The rules of messages: who may read and post where, content limits, idempotent sends, history.
 * Posting itself (store, then publish) is the delivery core's `post`, which both transports call.
 */
export class MessageService {
  // A channel never moves to another server, so that much can be remembered; its name, slow mode
  // and existence, its server's visibility and the user's membership are read on every call, since
  // another process may have changed them.
  private readonly serverIds = new Map<string, string>();
  private readonly slowMode: SlowMode;

  constructor(
    private readonly storage: Storage,
    private readonly missedLimit: number,
    private readonly audit?: AuditLog,
    /** The current time; tests may move it. */
    private readonly now: () => number = Date.now,
    /** Where the bytes of files are, deleted with their message. */
    private readonly blobs?: BlobStore,
  ) {
    this.slowMode = new SlowMode(now);
  }

  /**
   * The checks of a post: who may post where, content and clientId. Apart from {@link store} so
   * that a connection can admit its sends one after another, in the order they came, while their
   * commits still share transactions with everyone else's.
   */
  async admit(user: User, channelId: string, input: NewMessageInput): Promise<NewMessage> {
    const { channel, membership } = await this.requireWriter(user, channelId);
    const attachments = validateAttachmentIds(input.attachments);
    const content = validateContent(input.content, { allowBlank: attachments.length > 0 });
    const clientId = validateClientId(input.clientId);
    const replyTo = validateTargetId(input.replyTo, 'replyTo');
    const threadId = validateTargetId(input.threadId, 'threadId');
    const mentions = await this.mentionsIn(channel.serverId, content);
    const message: NewMessage = { channelId, author: user, clientId, content, replyTo, threadId, mentions, attachments };
    try {
      this.assertNotTimedOut(membership);
      await this.assertPendingUploads(user, channelId, attachments);
      if (channel.slowModeSeconds > 0 && !can(membership.role, 'bypassSlowMode')) {
        const lastPostAt = await this.storage.messages.lastPostAt(channelId, user.id);
        this.slowMode.take(channelId, user.id, channel.slowModeSeconds, lastPostAt);
      }
    } catch (error) {
      // A resend of a message stored already, however long ago, is answered with it, never
      // refused: the client would otherwise never learn that its first try went through.
      if (clientId !== null && (await this.storage.messages.byClientId(user.id, clientId))) return message;
      throw error;
    }
    return message;
  }

  /**
   * Stores a message {@link admit} let through (or finds the one stored earlier with the same
   * `clientId`). The message is queued for storage before this returns, so messages stored in the
   * order of these calls get their seqs in that order. Whether `replyTo` and `threadId` name fit
   * messages is decided in the append's transaction, after a repeat was looked for: a repeat
   * returns the original even if its root was deleted since.
   */
  store(message: NewMessage): Promise<AppendResult> {
    return this.storage.messages.append(message).catch(async (error: unknown) => {
      // Nothing was posted: the slow mode taken for it is handed back.
      this.slowMode.release(message.channelId, message.author.id);
      if (error instanceof AppendRefusal) throw refusalError(error, message);
      // The channel was deleted between the checks and the write: the send meets what a later one would.
      if (!(await this.storage.channels.get(message.channelId))) throw unknownChannel(message.channelId);
      throw error;
    });
  }

  /**
   * Replaces the content of one of `user`'s own messages; the edit takes the channel's next seq.
   * Resolves with the message as edited, once it is durable.
   */
  async edit(user: User, channelId: string, messageId: string, input: MessageEditInput): Promise<Message> {
    const { channel, membership } = await this.requireWriter(user, channelId);
    this.assertNotTimedOut(membership);
    const message = await this.requireLiveMessage(channelId, messageId);
    if (message.author.id !== user.id) throw new ChatError(ErrorCode.forbidden, 'only its author may edit a message');
    // A message with files may lose its text, as it could be sent without any.
    const content = validateContent(input.content, { allowBlank: message.attachments.length > 0 });
    const mentions = await this.mentionsIn(channel.serverId, content);
    return this.applied(await this.storage.messages.change({ kind: 'edit', channelId, messageId, content, mentions }, user.id), messageId);
  }

  /**
   * Deletes a message (its author, or a moderator and up of its server, which the audit log
   * records): it becomes a tombstone that keeps its seq, and the delete takes the channel's next
   * seq. Resolves with the tombstone.
   */
  async delete(user: User, channelId: string, messageId: string): Promise<Message> {
    const { channel, membership } = await this.requireWriter(user, channelId);
    const message = await this.requireLiveMessage(channelId, messageId);
    const moderated = message.author.id !== user.id;
    if (moderated && !can(membership.role, 'deleteOthersMessages')) {
      throw new ChatError(ErrorCode.forbidden, 'only its author or a moderator of the server may delete a message');
    }
    const tombstone = this.applied(await this.storage.messages.change({ kind: 'delete', channelId, messageId }, user.id), messageId);
    // The rows went in the delete's transaction; the bytes go only now that it is committed (see discardBlobs).
    const files = message.attachments.map((attachment) => attachment.id);
    if (this.blobs && files.length > 0) await discardBlobs(this.blobs, files);
    if (moderated) {
      await this.audit?.record({
        actor: user,
        serverId: channel.serverId,
        action: 'message_delete',
        target: { kind: 'message', id: messageId, label: excerptOf(message.content, message.mentions) },
        details: { channelId, authorId: message.author.id },
      });
    }
    return tombstone;
  }

  /**
   * Adds (`added`) or removes `user`'s reaction with one emoji; idempotent. Resolves with the
   * message as `user` sees it, whether anything changed (a change takes the channel's next seq),
   * and the reaction as a `changed` event carries it.
   */
  async react(user: User, channelId: string, messageId: string, emoji: unknown, added: boolean): Promise<ReactionOutcome> {
    const { membership } = await this.requireWriter(user, channelId);
    this.assertNotTimedOut(membership);
    const valid = validateEmoji(emoji);
    requireStorableId(messageId);
    const result = await this.storage.messages.react({ channelId, messageId, user, emoji: valid, added });
    if ('message' in result) return { ...result, reaction: { emoji: valid, userId: user.id, added } };
    if (result.refused === 'reaction_limit') {
      throw new ChatError(ErrorCode.conflict, `a message carries at most ${MAX_DISTINCT_REACTIONS} distinct emoji`, { field: 'emoji' });
    }
    throw unknownMessage(messageId);
  }

  /**
   * A page of history. With `thread`, of the replies in that root's thread: the root must be a
   * message of the channel's main line (deleted or not), else `unknown_message`.
   */
  async history(user: User, channelId: string, query: HistoryQuery): Promise<MessagePage> {
    await this.requireReadable(user, channelId);
    if (query.thread !== undefined) {
      requireStorableId(query.thread, 'thread');
      const root = await this.storage.messages.get(channelId, query.thread);
      if (!root || root.threadId !== null) throw unknownMessage(query.thread, 'thread');
    }
    return this.storage.messages.page(channelId, { ...query, limit: Math.min(query.limit, MAX_PAGE_LIMIT) }, user.id);
  }

  /** One message of the channel in its current state (a tombstone once deleted), `me` for the reader. */
  async message(user: User, channelId: string, messageId: string): Promise<Message> {
    await this.requireReadable(user, channelId);
    requireStorableId(messageId);
    const message = await this.storage.messages.get(channelId, messageId, user.id);
    if (!message) throw unknownMessage(messageId);
    return message;
  }

  /**
   * Who reacted to a message with an emoji, first `limit` (capped at {@link MAX_REACTOR_LIMIT})
   * in reaction order, and how many did; for whoever may read the channel.
   */
  async reactors(user: User, channelId: string, messageId: string, emoji: unknown, limit: number): Promise<ReactorPage> {
    await this.requireReadable(user, channelId);
    const valid = validateEmoji(emoji);
    requireStorableId(messageId);
    const page = await this.storage.messages.reactors(channelId, messageId, valid, Math.min(limit, MAX_REACTOR_LIMIT));
    if (!page) throw unknownMessage(messageId);
    return page;
  }

  /** The messages after `afterSeq`, up to the missed-message bound. */
  async missedSince(user: User, channelId: string, afterSeq: number | undefined): Promise<Missed> {
    await this.requireReadable(user, channelId);
    const lastSeq = await this.storage.messages.lastSeq(channelId);
    if (afterSeq === undefined || afterSeq >= lastSeq) return { missed: [], complete: true, lastSeq };
    const page = await this.storage.messages.changesAfter(channelId, afterSeq, this.missedLimit, user.id);
    // A commit between the two reads puts versions in `missed` past the `lastSeq` read first.
    return { missed: page.messages, complete: !page.hasMore, lastSeq: Math.max(lastSeq, page.messages.at(-1)?.version ?? 0) };
  }

  /**
   * The channel's newest seq, for the socket hub: no permission check, since the hub only serves
   * subscribers already let in.
   */
  lastSeq(channelId: string): Promise<number> {
    return this.storage.messages.lastSeq(channelId);
  }

  /**
   * Up to `limit` messages added or changed after `afterSeq`, in their current state by version
   * (reactions with `me: false`, as broadcast), for the socket hub filling a gap the fan-out left:
   * no permission check, since the hub only serves subscribers already let in.
   */
  changesAfter(channelId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    return this.storage.messages.changesAfter(channelId, afterSeq, limit);
  }

  /**
   * The server of a channel already let in (remembered since, so no storage read): for the
   * delivery core's `activity` after a post.
   */
  async serverIdOf(channelId: string): Promise<string> {
    const known = this.serverIds.get(channelId);
    if (known) return known;
    const channel = await this.storage.channels.get(channelId);
    if (!channel) throw unknownChannel(channelId);
    this.serverIds.set(channelId, channel.serverId);
    return channel.serverId;
  }

  /**
   * The channel, if `user` may post in it now: a member of its server (`not_member`, `banned`)
   * who is not timed out (`timed_out`). Uploading a file to it takes the same.
   */
  async requirePoster(user: User, channelId: string): Promise<WriterAccess> {
    const access = await this.requireWriter(user, channelId);
    this.assertNotTimedOut(access.membership);
    return access;
  }

  /** The channel, if `user` may post in it (and so type in it): they must belong to its server. */
  async requireWriter(user: User, channelId: string): Promise<WriterAccess> {
    const access = await this.requireReadable(user, channelId);
    if (!access.membership) throw new ChatError(ErrorCode.notMember, 'join the server to post in its channels');
    return access as WriterAccess;
  }

  /**
   * The channel, if `user` may read it: any channel of a server they belong to, or of a public one
   * they are not banned from (`banned`).
   */
  async requireReadable(user: User, channelId: string): Promise<ChannelAccess> {
    // No id holds NUL, and PostgreSQL refuses to even look one up.
    if (channelId.includes('\u0000')) throw unknownChannel(channelId);
    // A channel seen before names its server: both are read at once, one round trip on a network database.
    const knownServerId = this.serverIds.get(channelId);
    const [channel, knownMembership] = await Promise.all([
      this.storage.channels.get(channelId),
      knownServerId === undefined ? undefined : this.storage.servers.membership(knownServerId, user.id),
    ]);
    if (!channel) throw unknownChannel(channelId);
    this.serverIds.set(channelId, channel.serverId);
    const membership = knownServerId === undefined ? await this.storage.servers.membership(channel.serverId, user.id) : knownMembership;
    if (membership) return { channel, membership };
    if (await this.storage.servers.banOf(channel.serverId, user.id)) {
      throw new ChatError(ErrorCode.banned, 'you are banned from the server of this channel');
    }
    // The visibility alone: the whole server would read its every channel on each subscribe.
    const visibility = await this.storage.servers.visibility(channel.serverId);
    if (visibility !== 'public') throw unknownChannel(channelId);
    return { channel, membership: undefined };
  }

  /** Refuses a member who is timed out, saying how long it lasts (`timed_out` with `retryAfterMs`). */
  private assertNotTimedOut(membership: Membership): void {
    const until = membership.mutedUntil === null ? Number.NaN : Date.parse(membership.mutedUntil);
    const left = until - this.now();
    if (left > 0) {
      throw new ChatError(ErrorCode.timedOut, `you are timed out in this server until ${membership.mutedUntil ?? ''}`, {
        retryAfterMs: Math.ceil(left),
      });
    }
  }

  /**
   * Refuses a send whose files are not all pending uploads of the author's to this channel
   * (`unknown_attachment` on `attachments`). The append checks again in its transaction, since
   * another send may take one meanwhile.
   */
  private async assertPendingUploads(user: User, channelId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const upload = await this.storage.attachments.get(id);
      if (!upload || upload.uploaderId !== user.id || upload.channelId !== channelId || upload.messageId !== null) {
        throw unknownAttachment(id, 'attachments');
      }
    }
  }

  /** The ids of the server's members that `content` mentions, as a message keeps them. */
  private mentionsIn(serverId: string, content: string): Promise<string[]> {
    return resolveMentions(content, (userIds) => this.storage.servers.membersAmong(serverId, userIds));
  }

  /** The message, unless the channel has no such message or it is deleted. */
  private async requireLiveMessage(channelId: string, messageId: string): Promise<Message> {
    requireStorableId(messageId);
    const message = await this.storage.messages.get(channelId, messageId);
    if (!message || message.deleted) throw unknownMessage(messageId);
    return message;
  }

  /** A change's result; none means the message was deleted meanwhile. */
  private applied(message: Message | undefined, messageId: string): Message {
    if (!message) throw unknownMessage(messageId);
    return message;
  }
}

/** No message id holds what storage cannot keep, and PostgreSQL refuses to even look one up. */
function requireStorableId(messageId: string, field?: string): void {
  if (!isStorable(messageId)) throw unknownMessage(messageId, field);
}

function unknownMessage(messageId: string, field?: string): ChatError {
  return new ChatError(ErrorCode.unknownMessage, `no message with id ${messageId} in this channel`, {
    ...(field !== undefined && { field }),
  });
}

/** A `replyTo` or `threadId`: absent, or an id that storage could hold. */
function validateTargetId(id: unknown, field: 'replyTo' | 'threadId'): string | null {
  if (id === undefined || id === null) return null;
  if (typeof id !== 'string' || id.length < 1 || id.length > 64) {
    throw new ChatError(ErrorCode.invalidInput, `${field} must be a message id`, { field });
  }
  requireStorableId(id, field);
  return id;
}

/** The error a send gets when its `replyTo` or `threadId` names no fit message. */
function refusalError(refusal: AppendRefusal, message: NewMessage): ChatError {
  switch (refusal.reason) {
    case 'unknown_reply':
      return unknownMessage(message.replyTo ?? '', 'replyTo');
    case 'unknown_root':
      return new ChatError(
        ErrorCode.unknownMessage,
        `no message with id ${message.threadId ?? ''} in this channel to post in the thread of (or it is deleted)`,
        {
          field: 'threadId',
        },
      );
    case 'nested_thread':
      return new ChatError(ErrorCode.invalidInput, 'a thread reply cannot be the root of a thread; reply in its thread instead', {
        field: 'threadId',
      });
    case 'unknown_attachment':
      return new ChatError(
        ErrorCode.unknownAttachment,
        'an attachment is no upload of yours to this channel that no message carries yet (another send may have taken it)',
        { field: 'attachments' },
      );
  }
}

/** `attachments`: absent, or up to {@link MAX_ATTACHMENTS} distinct ids that storage could hold. */
function validateAttachmentIds(ids: unknown): string[] {
  if (ids === undefined || ids === null) return [];
  const invalid = (message: string) => new ChatError(ErrorCode.invalidInput, `attachments ${message}`, { field: 'attachments' });
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string' && id.length >= 1 && id.length <= 64)) {
    throw invalid('must be a list of attachment ids');
  }
  if (ids.length > MAX_ATTACHMENTS) throw invalid(`may name at most ${MAX_ATTACHMENTS} files, not ${ids.length}`);
  if (new Set(ids).size !== ids.length) throw invalid('must not name a file twice');
  for (const id of ids) assertWellFormed(id, 'attachments');
  return ids;
}

function unknownChannel(channelId: string): ChatError {
  return new ChatError(ErrorCode.unknownChannel, `no channel with id ${channelId}`);
}

function validateClientId(clientId: unknown): string | null {
  if (clientId === undefined || clientId === null) return null;
  if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ChatError(ErrorCode.invalidInput, `clientId must be 1 to ${MAX_CLIENT_ID_LENGTH} characters`, {
      field: 'clientId',
    });
  }
  assertWellFormed(clientId, 'clientId');
  return clientId;
}
