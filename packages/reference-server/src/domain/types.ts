import type { Attachment, Message as ProtocolMessage, Reaction, ReplyQuote, ThreadSummary, ThreadUpdate, User } from '@hearth/sdk/protocol';

export type { Attachment, Reaction, ReplyQuote, ThreadSummary, ThreadUpdate, User };

/**
 * A stored message as the server sends it: the protocol's message with its change fields always
 * present (a client tolerates their absence from older servers; this server never omits them).
 */
export type Message = ProtocolMessage & {
  /** The seq of the message's latest change; its own seq until it changes. */
  version: number;
  editedAt: string | null;
  deleted: boolean;
  /** Its reactions, in the order their emoji first appeared; `me` as the reader it is read for sees it. */
  reactions: Reaction[];
  /** The message this one answers, as it stands now; null when it is no reply. */
  replyTo: ReplyQuote | null;
  /** The root of the thread this one is a reply in; null in the channel's main line. */
  threadId: string | null;
  /** On a thread's root, its summary; null when nobody replied in a thread. */
  thread: ThreadSummary | null;
  /** The members it mentions, by their current names, in the order first mentioned. */
  mentions: User[];
  /** Its files in the order sent; empty once deleted. */
  attachments: Attachment[];
};

/**
 * An uploaded file as the server keeps it: the attachment clients see, where it was uploaded and by
 * whom, the message that carries it (null while it waits to be sent), and when it was uploaded.
 * Its bytes are in the blob store under its `id`.
 */
export interface StoredAttachment extends Attachment {
  channelId: string;
  serverId: string;
  uploaderId: string;
  messageId: string | null;
  createdAt: string;
}

/** One message a search found, with where it is and the matched part of its content. */
export interface SearchHit {
  message: Message;
  serverId: string;
  channelName: string;
  /** Part of the content around the first matches, plain text. */
  excerpt: string;
  /** The matched ranges of `excerpt`, in UTF-16 code units, in order, not overlapping. */
  highlights: { start: number; end: number }[];
}

/** A reaction added or removed, as a `changed` event carries it so that each client sets its own `me`. */
export interface ReactionEvent {
  emoji: string;
  userId: string;
  added: boolean;
}

/** A group of servers, as in the seed's Explore view. */
export interface Category {
  id: string;
  name: string;
  description: string;
  iconUrl: string | null;
}

/** Who can see a server: anyone signed in, or only its members. */
export type Visibility = 'public' | 'private';

/** A member's role in a server, highest first: owner > admin > moderator > member. */
export type Role = 'owner' | 'admin' | 'moderator' | 'member';

/** The roles from highest to lowest; a role outranks every role after it. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];

/** A room inside a server. */
export interface Channel {
  id: string;
  serverId: string;
  name: string;
  topic: string;
  position: number;
  /** How long a member below moderator waits between two messages; 0 when slow mode is off. */
  slowModeSeconds: number;
}

/** A community: its channels, members and look. */
export interface Server {
  id: string;
  name: string;
  description: string;
  iconUrl: string | null;
  bannerUrl: string | null;
  categoryId: string;
  ownerId: string;
  visibility: Visibility;
  memberCount: number;
  channels: Channel[];
}

/** A member of a server as a listing shows them: the user and their role. */
export interface Member {
  user: User;
  role: Role;
  /** Until when they are timed out (cannot post or react); null when they are not. */
  mutedUntil: string | null;
  /** At least one socket of theirs is subscribed to a channel of the server, on any process. */
  online: boolean;
}

/**
 * Where a user stands in one channel: read up to `lastReadSeq`; `unread` messages of others after
 * it (main line, not deleted), `mentions` of the user among the messages of others after it;
 * `lastSeq` the channel's newest seq when they were counted (an activity at or below it is in them).
 */
export interface ReadState {
  channelId: string;
  serverId: string;
  lastReadSeq: number;
  lastSeq: number;
  unread: number;
  mentions: number;
}

/** A user's place in a server. */
export interface Membership {
  serverId: string;
  userId: string;
  role: Role;
  /** Until when they are timed out (cannot post or react); null when they are not. */
  mutedUntil: string | null;
}

/** A user banned from a server: they cannot join it, use its invites or read its channels. */
export interface Ban {
  serverId: string;
  user: User;
  /** Who banned them. */
  by: User;
  reason: string | null;
  createdAt: string;
}

/** A code that lets whoever has it join a server, until it expires or is used up. */
export interface Invite {
  code: string;
  serverId: string;
  createdBy: User;
  createdAt: string;
  /** When it stops working; null when never. */
  expiresAt: string | null;
  /** How many joins it allows; null when unlimited. */
  maxUses: number | null;
  /** How many users joined with it. */
  uses: number;
}

/** What an audit log entry records. */
export type AuditAction =
  | 'server_update'
  | 'server_icon'
  | 'server_banner'
  | 'channel_create'
  | 'channel_update'
  | 'channel_delete'
  | 'channel_reorder'
  | 'member_role'
  | 'member_timeout'
  | 'member_kick'
  | 'member_ban'
  | 'member_unban'
  | 'invite_create'
  | 'invite_revoke'
  | 'message_delete';

/** What an audit entry acted on: its kind, its id, and a label to show (a name, a code, an excerpt). */
export interface AuditTarget {
  kind: 'server' | 'channel' | 'user' | 'invite' | 'message';
  id: string;
  label: string;
}

/**
 * One moderation or management action in a server: who did what to whom, when and why.
 * `details` holds what changed (`{ role: 'moderator' }`, `{ name: 'news', slowModeSeconds: 10 }`).
 */
export interface AuditEntry {
  id: number;
  serverId: string;
  actor: User;
  action: AuditAction;
  target: AuditTarget | null;
  reason: string | null;
  details: Record<string, string | number | boolean | null>;
  createdAt: string;
}
