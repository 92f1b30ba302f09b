import { MESSAGE, USER } from './protocol/guards.js';
import type { Shape } from './protocol/shape.js';

/** Shapes of the REST responses, checked before any of them reaches the caller. */
export const CATEGORY = { id: 's', name: 's', description: 's', iconUrl: 's?' } as const satisfies Shape;
export const CHANNEL = { id: 's', serverId: 's', name: 's', topic: 's', position: 'i' } as const satisfies Shape;
export const SERVER = {
  id: 's',
  name: 's',
  description: 's',
  iconUrl: 's?',
  bannerUrl: 's?',
  categoryId: 's',
  ownerId: 's',
  visibility: 's',
  memberCount: 'i',
  channels: [CHANNEL],
} as const satisfies Shape;
export const MEMBERSHIP = { serverId: 's', userId: 's', role: 's' } as const satisfies Shape;
export const MESSAGE_PAGE = { messages: [MESSAGE], hasMore: 'b' } as const satisfies Shape;
export const REACTORS = { users: [USER], count: 'i' } as const satisfies Shape;
export const MEMBER_PAGE = { members: [{ user: USER, role: 's' }], hasMore: 'b' } as const satisfies Shape;
export const READ_STATE = {
  channelId: 's',
  serverId: 's',
  lastReadSeq: 'i',
  lastSeq: 'i',
  unread: 'i',
  mentions: 'i',
} as const satisfies Shape;
export const GUEST_TOKEN = { token: 's', user: USER, expiresAt: 's' } as const satisfies Shape;
export { MESSAGE, USER };

// The community entry's responses (`@hearth/sdk/community`); the core bundles none of them.
export const MEMBER = { user: USER, role: 's', mutedUntil: 's?' } as const satisfies Shape;
export const BAN = { serverId: 's', user: USER, by: USER, reason: 's?', createdAt: 's' } as const satisfies Shape;
export const INVITE = {
  code: 's',
  serverId: 's',
  createdBy: USER,
  createdAt: 's',
  expiresAt: 's?',
  maxUses: '?',
  uses: 'i',
} as const satisfies Shape;
export const INVITE_PREVIEW = {
  code: 's',
  expiresAt: 's?',
  server: { id: 's', name: 's', description: 's', iconUrl: 's?', bannerUrl: 's?', memberCount: 'i', visibility: 's' },
} as const satisfies Shape;
export const AUDIT_LOG_PAGE = {
  entries: [{ id: 'i', serverId: 's', action: 's', actor: USER, target: '?', details: '?', reason: 's?', createdAt: 's' }],
  hasMore: 'b',
} as const satisfies Shape;

// The attachments and search entries' responses (`@hearth/sdk/attachments`, `/search`); the core bundles none of them.
export const ATTACHMENT = { id: 's', name: 's', contentType: 's', size: 'i', url: 's', width: '?', height: '?' } as const satisfies Shape;
export const SEARCH_PAGE = {
  results: [{ message: MESSAGE, serverId: 's', channelName: 's', excerpt: 's', highlights: [{ start: 'i', end: 'i' }] }],
  hasMore: 'b',
} as const satisfies Shape;
