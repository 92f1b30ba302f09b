import type {
  AuditAction,
  AuditEntry,
  AuditTarget,
  Ban,
  Category,
  Channel,
  Invite,
  Member,
  Membership,
  Message,
  ReadState,
  Role,
  SearchHit,
  Server,
  StoredAttachment,
  ThreadUpdate,
  User,
  Visibility,
} from '../domain/types.js';

/** A message to store; the storage assigns `id`, `seq` and `createdAt`. */
export interface NewMessage {
  channelId: string;
  author: User;
  clientId: string | null;
  content: string;
  /** The message of the same channel it answers. */
  replyTo?: string | null | undefined;
  /** The root (a main-line message of the same channel, not deleted) of the thread it goes in. */
  threadId?: string | null | undefined;
  /** The ids of the members it mentions, in order; each must be a known user. */
  mentions?: readonly string[] | undefined;
  /**
   * The ids of the files it carries, in order: each an upload of the author's to this channel that
   * no message carries yet (the service checks first; the append attaches them in its transaction
   * and refuses with `unknown_attachment` when one was taken meanwhile).
   */
  attachments?: readonly string[] | undefined;
}

/** An upload to record; its bytes are in the blob store under `id` already. */
export type NewAttachment = Omit<StoredAttachment, 'url' | 'messageId' | 'createdAt'>;

/**
 * A parsed search: the words to match (each a run of letters, digits and marks, lowercased; each
 * whole, the last also as a prefix when `prefix`) and the filters, over `channelIds`, the channels the searcher
 * can read (resolved by the service; never empty).
 */
export interface SearchQuery {
  words: readonly string[];
  /** Whether the last word also matches as the start of a longer one. */
  prefix: boolean;
  channelIds: readonly string[];
  /** Only messages by these users (the `from:` filter, resolved to ids; never empty when given). */
  authorIds?: readonly string[] | undefined;
  /** Only messages with at least one file, or one image. */
  has?: 'file' | 'image' | undefined;
  /** Only messages sent before `before`, and at or after `after` (ISO 8601 instants). */
  before?: string | undefined;
  after?: string | undefined;
  limit: number;
  offset: number;
  /** Whose `me` the reactions of the messages found show. */
  viewerId: string;
}

/** A message a search found and where it is; the service adds the excerpt from its content. */
export type SearchMatch = Omit<SearchHit, 'excerpt' | 'highlights'>;

/** A page of search results, best first. */
export interface SearchPage {
  results: SearchMatch[];
  hasMore: boolean;
}

/**
 * The stored message, and whether it was stored earlier under the same `(author, clientId)`.
 * `thread` is set for a thread reply: its thread's summary as this reply left it (for a repeat,
 * as it stands now).
 */
export interface AppendResult {
  message: Message;
  duplicate: boolean;
  thread?: ThreadUpdate;
}

/** A change to a stored message: new content (and the mentions it now makes), or its deletion (a tombstone). */
export type MessageChange = { channelId: string; messageId: string } & (
  { kind: 'edit'; content: string; mentions?: readonly string[] | undefined } | { kind: 'delete' }
);

/** A reaction to add or remove: the reactor, the emoji, and which. */
export interface ReactionChange {
  channelId: string;
  messageId: string;
  user: User;
  emoji: string;
  added: boolean;
}

/**
 * What a reaction change did: `changed` false when there was nothing to do (the reaction was
 * there already, or was not); `refused` when the message is unknown or deleted, or it carries the
 * most distinct emoji already.
 */
export type ReactionResult = { message: Message; changed: boolean } | { refused: 'unknown_message' | 'reaction_limit' };

/** A page of a channel's history, oldest first. */
export interface MessagePage {
  messages: Message[];
  /** More messages exist beyond this page in the direction paged (older ones, for `around`). */
  hasMore: boolean;
  /** Only for `around`: newer messages exist after this page. */
  hasNewer?: boolean;
}

/**
 * Which page of history: the newest, before a `seq`, after one, or around one (about half
 * before). Of the channel's main line, or with `thread` of the replies in that root's thread.
 */
export type PageQuery = { limit: number; thread?: string | undefined } & (
  | { before: number; after?: never; around?: never }
  | { after: number; before?: never; around?: never }
  | { around: number; before?: never; after?: never }
  | { before?: never; after?: never; around?: never }
);

/** The first users who reacted to a message with an emoji, in reaction order, and how many did. */
export interface ReactorPage {
  users: User[];
  count: number;
}

/**
 * Which members of a server to list: those whose name starts with `prefix` (ignoring case), the
 * `online` ones first, then by name, at most `limit` after skipping `offset`.
 */
export interface MemberQuery {
  prefix: string;
  limit: number;
  offset: number;
  /** The ids of the users online in the server; each member listed says whether it is one. */
  online: readonly string[];
}

/** A read state with the position stored when it was read. */
export interface ChannelReadState extends ReadState {
  /** The stored position; `lastReadSeq` is further when read as if up to a later seq. */
  storedSeq: number;
}

/** A user's position to raise in a channel. */
export interface ReadMark {
  userId: string;
  channelId: string;
  seq: number;
}

/** Members of a server by name, and whether more match. */
export interface MemberPage {
  members: Member[];
  hasMore: boolean;
}

/** Which servers to list, as seen by `viewerId`. */
export interface ServerQuery {
  viewerId: string;
  categoryId?: string | undefined;
  memberOnly?: boolean | undefined;
  limit: number;
}

/** A server to create; its owner becomes its first member and it gets a first channel. */
export interface NewServer {
  name: string;
  description: string;
  categoryId: string;
  owner: User;
  visibility: Visibility;
  firstChannel: { id?: string; name: string; topic: string };
}

/** The fields of a server to change; those left out stay. */
export interface ServerPatch {
  name?: string | undefined;
  description?: string | undefined;
  categoryId?: string | undefined;
  visibility?: Visibility | undefined;
}

/** The fields of a channel to change; those left out stay. */
export interface ChannelPatch {
  name?: string | undefined;
  topic?: string | undefined;
  slowModeSeconds?: number | undefined;
}

/** A ban to record: the user loses their membership in the same transaction. */
export interface NewBan {
  serverId: string;
  userId: string;
  byId: string;
  reason: string | null;
}

/** An invite to store, with the code the service drew. */
export interface NewInvite {
  code: string;
  serverId: string;
  createdById: string;
  expiresAt: string | null;
  maxUses: number | null;
}

/**
 * What using an invite did: the user joined (`created` false when they were a member already, which
 * uses nothing), or why it was refused: no such code (or revoked), expired or used up, or the user
 * is banned from its server.
 */
export type InviteUse =
  { joined: Membership; created: boolean; serverId: string } | { refused: 'unknown_invite' | 'invite_expired' | 'banned' };

/** An audit entry to record; the storage assigns `id` and `createdAt`. */
export interface NewAuditEntry {
  serverId: string;
  actorId: string;
  action: AuditAction;
  target: AuditTarget | null;
  reason: string | null;
  details: Record<string, string | number | boolean | null>;
}

/** A page of a server's audit log, newest first, and whether older entries exist. */
export interface AuditPage {
  entries: AuditEntry[];
  hasMore: boolean;
}

/** A category to create (the demo data set and operators' tools use it). */
export type NewCategory = Omit<Category, 'id'> & { id?: string };

/** The outcome of creating something whose name must be unique in its parent. */
export type CreateResult<T> = { created: T } | { conflict: 'name' };

/**
 * Everything Hearth keeps. Every method is async so that a network database fits behind it; each
 * method is one atomic operation named after the need it serves, never a generic transaction.
 */
export interface Storage {
  users: {
    /** Inserts or refreshes a user's name and avatar. */
    upsert(user: User): Promise<void>;
  };
  categories: {
    list(): Promise<Category[]>;
    get(id: string): Promise<Category | undefined>;
    create(category: NewCategory): Promise<Category>;
  };
  servers: {
    /** Public servers and the viewer's private ones, with member counts and channels. */
    list(query: ServerQuery): Promise<Server[]>;
    get(id: string): Promise<Server | undefined>;
    /** The server's visibility alone, without reading its channels; undefined for an unknown server. */
    visibility(id: string): Promise<Visibility | undefined>;
    create(server: NewServer & { id?: string }): Promise<Server>;
    setImage(id: string, kind: 'icon' | 'banner', url: string): Promise<void>;
    /** Changes the fields given; resolves with the new state, or undefined for an unknown server. */
    update(id: string, patch: ServerPatch): Promise<Server | undefined>;
    roleOf(serverId: string, userId: string): Promise<Role | undefined>;
    /** The user's membership (role and time-out), or undefined when they are no member. */
    membership(serverId: string, userId: string): Promise<Membership | undefined>;
    /** The user's membership in every server they belong to, in no particular order. */
    membershipsOf(userId: string): Promise<Membership[]>;
    /** Sets a member's role (never `owner`); false when the user is no member. */
    setRole(serverId: string, userId: string, role: Exclude<Role, 'owner'>): Promise<boolean>;
    /** Times a member out until `until` (null lifts it); false when the user is no member. */
    setMutedUntil(serverId: string, userId: string, until: string | null): Promise<boolean>;
    /** Removes the membership and records the ban in one transaction (a second ban replaces the reason). */
    ban(ban: NewBan): Promise<Ban>;
    /** Lifts a ban; false when the user was not banned. */
    unban(serverId: string, userId: string): Promise<boolean>;
    /** The user's ban from the server, if any. */
    banOf(serverId: string, userId: string): Promise<Ban | undefined>;
    /** The server's bans, newest first. */
    bans(serverId: string): Promise<Ban[]>;
    /** Adds a member; false when the user was one already. */
    join(serverId: string, user: User): Promise<boolean>;
    /**
     * Adds a user by id on the owner's behalf (an invitation to a private server); a user Hearth
     * has not seen yet is recorded under their id until their first sign-in names them.
     * False when they were a member already.
     */
    addMember(serverId: string, userId: string): Promise<boolean>;
    /** Removes a member; false when the user was not one. */
    leave(serverId: string, userId: string): Promise<boolean>;
    /** The server's members by name (case-insensitive), those whose name starts with the prefix, ignoring case. */
    members(serverId: string, query: MemberQuery): Promise<MemberPage>;
    /**
     * One member of the server as {@link members} lists them, found by id in one indexed lookup;
     * undefined when the user is no member. `online` names the users online in the server.
     */
    member(serverId: string, userId: string, online: readonly string[]): Promise<Member | undefined>;
    /** The ids of the servers the user belongs to, in no particular order. */
    idsOf(userId: string): Promise<string[]>;
    /** Which of `userIds` are members of the server, in no particular order. */
    membersAmong(serverId: string, userIds: readonly string[]): Promise<string[]>;
    count(): Promise<number>;
  };
  channels: {
    get(id: string): Promise<Channel | undefined>;
    create(
      channel: Omit<Channel, 'id' | 'position' | 'slowModeSeconds'> & { id?: string; slowModeSeconds?: number },
    ): Promise<CreateResult<Channel>>;
    /** Changes the fields given; `conflict` when the new name is taken in the server, undefined for an unknown channel. */
    update(id: string, patch: ChannelPatch): Promise<CreateResult<Channel> | undefined>;
    /**
     * Deletes a channel with its messages, reactions, mentions and read states in one
     * transaction, and closes the gap in the positions of the rest; false for an unknown channel.
     */
    delete(id: string): Promise<boolean>;
    /**
     * Gives the server's channels the positions of their order in `channelIds` (0, 1, 2…), which
     * names every channel of the server once (the service checks that first). Resolves with them in order.
     */
    reorder(serverId: string, channelIds: readonly string[]): Promise<Channel[]>;
  };
  invites: {
    create(invite: NewInvite): Promise<Invite>;
    /** The invite, expired and used-up ones too; undefined when unknown or revoked. */
    get(code: string): Promise<Invite | undefined>;
    /** The server's invites (expired and used-up ones too), newest first. */
    list(serverId: string): Promise<Invite[]>;
    /** Revokes (deletes) an invite of the server; false when it has no such code. */
    revoke(serverId: string, code: string): Promise<boolean>;
    /**
     * Joins `user` to the invite's server, in one transaction: refused when the code is unknown,
     * expired at `now`, used up, or the user is banned; a new member counts as one use. A user who
     * is a member already gets their membership (`created` false) whatever the invite's state, and
     * uses nothing.
     */
    use(code: string, user: User, now: Date): Promise<InviteUse>;
  };
  audit: {
    append(entry: NewAuditEntry): Promise<AuditEntry>;
    /** The server's entries with an id below `before` (all when undefined), newest first, at most `limit`. */
    page(serverId: string, query: { before?: number | undefined; limit: number }): Promise<AuditPage>;
  };
  messages: {
    /**
     * Stores a message with the channel's next `seq`, or returns the one stored earlier with the
     * same `(author, clientId)`, in one transaction. A thread reply raises its root's summary in
     * the same transaction (the root's `version` stays). Resolves only once the message is
     * durable; rejects with {@link AppendRefusal} when `replyTo` or `threadId` names no fit message.
     */
    append(message: NewMessage): Promise<AppendResult>;
    /**
     * A page of history: the main line (no thread replies), or with `query.thread` the replies
     * in that root's thread; reactions say `me` for `viewerId` (false for all when it is undefined).
     */
    page(channelId: string, query: PageQuery, viewerId?: string): Promise<MessagePage>;
    lastSeq(channelId: string): Promise<number>;
    /**
     * When the user last posted a message in the channel (main line or thread), for slow mode;
     * null when never.
     */
    lastPostAt(channelId: string, userId: string): Promise<string | null>;
    /**
     * The message the author stored earlier with this `clientId`, in any channel, deleted or not,
     * found on the `(author, clientId)` index that makes sends idempotent; `me` is the author's.
     */
    byClientId(authorId: string, clientId: string): Promise<Message | undefined>;
    /** The message with this id in this channel, deleted or not; `me` as for {@link page}. */
    get(channelId: string, messageId: string, viewerId?: string): Promise<Message | undefined>;
    /**
     * Applies a change with the channel's next `seq`, which becomes the message's `version`, in
     * one transaction; a delete empties the content and removes the reactions and the files' rows
     * (the caller deletes their bytes after, by the ids of the message's `attachments`). Resolves with the
     * new state (`me` for `viewerId`) once it is durable, or undefined when the channel has no such
     * message or it is deleted already.
     */
    change(change: MessageChange, viewerId?: string): Promise<Message | undefined>;
    /**
     * Adds or removes a reaction with the channel's next `seq` as the message's `version`, in one
     * transaction, unless it changes nothing. Resolves with the new state (`me` for the reactor)
     * once it is durable.
     */
    react(change: ReactionChange): Promise<ReactionResult>;
    /**
     * Up to `limit` messages of the channel added or changed after `afterSeq` (`version` above it),
     * in their current state, by `version`, `me` as for {@link page}. `hasMore` says the bound cut
     * the list short. The root of each thread reply listed comes too, in its current state just
     * before the reply's first mention, when its own version is not above `afterSeq` (a thread
     * reply does not change its root's version, only its summary).
     */
    changesAfter(channelId: string, afterSeq: number, limit: number, viewerId?: string): Promise<MessagePage>;
    /**
     * Who reacted to the message with the emoji, in the order they did, at most `limit`, and how
     * many did; undefined when the channel has no such message or it is deleted.
     */
    reactors(channelId: string, messageId: string, emoji: string, limit: number): Promise<ReactorPage | undefined>;
  };
  attachments: {
    /** Records an upload that no message carries yet. */
    create(upload: NewAttachment): Promise<StoredAttachment>;
    /** The upload or sent file with this id; undefined when unknown or removed. */
    get(id: string): Promise<StoredAttachment | undefined>;
    /**
     * Removes the user's upload if no message carries it yet, resolving with it (its bytes are
     * then the caller's to delete); undefined otherwise.
     */
    removePending(id: string, uploaderId: string): Promise<StoredAttachment | undefined>;
    /** Removes at most `limit` uploads that no message carries and were made before `before`, resolving with them. */
    removeStale(before: Date, limit: number): Promise<StoredAttachment[]>;
    /** How many uploads of the user no message carries yet. */
    pendingCount(uploaderId: string): Promise<number>;
    /**
     * The ids of every file of the channel's messages and uploads (whose bytes a channel delete
     * leaves to the caller); the rows go with the channel.
     */
    idsInChannel(channelId: string): Promise<string[]>;
  };
  search: {
    /**
     * Messages matching the query, best first (newest first among equals, and when there are no
     * words), not deleted, in their current text; `hasMore` when more follow the page.
     */
    messages(query: SearchQuery): Promise<SearchPage>;
    /** The ids of the users with this id, or with this name ignoring case (several may share one). */
    userIds(nameOrId: string): Promise<string[]>;
  };
  readStates: {
    /**
     * The user's read state in every channel of every server they belong to, with each channel's
     * newest seq, in one query whatever the number of channels.
     */
    list(userId: string): Promise<ChannelReadState[]>;
    /**
     * The user's read state in one channel as if read up to at least `atLeast` (clamped to the
     * channel's newest seq; the stored position when it is further), without storing anything;
     * undefined for an unknown channel.
     */
    get(userId: string, channelId: string, atLeast: number): Promise<ChannelReadState | undefined>;
    /**
     * Raises each user's position in each channel to the mark's seq, clamped to the channel's
     * newest; a position already further stays. One transaction for all of them.
     */
    raise(marks: readonly ReadMark[]): Promise<void>;
  };
  /** Finishes pending writes, then releases the database. */
  close(): Promise<void>;
}
