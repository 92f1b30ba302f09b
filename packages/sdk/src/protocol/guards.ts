import type { Shape } from './shape.js';
import { mismatch } from './shape.js';
import type { ServerFrame } from './frames.js';

/** The shape of a user as the server sends it. */
export const USER = { id: 's', name: 's', avatarUrl: 's?' } as const satisfies Shape;

/** The shape of a stored message. */
export const MESSAGE = {
  id: 's',
  channelId: 's',
  seq: 'i',
  author: USER,
  content: 's',
  createdAt: 's',
  clientId: 's?',
} as const satisfies Shape;

const SERVER_FRAMES: Record<ServerFrame['type'], Shape> = {
  ready: { user: USER },
  subscribed: { channelId: 's', missed: [MESSAGE], complete: 'b', lastSeq: 'i' },
  unsubscribed: { channelId: 's' },
  message: { message: MESSAGE },
  changed: { message: MESSAGE },
  ack: { clientId: 's', message: MESSAGE },
  typing: { channelId: 's', user: USER },
  presence: { channelId: 's', users: [USER] },
  read: { state: { channelId: 's', serverId: 's', lastReadSeq: 'i', lastSeq: 'i', unread: 'i', mentions: 'i' } },
  activity: { channelId: 's', serverId: 's', seq: 'i', authorId: 's', mentionIds: ['s'] },
  member_presence: { serverId: 's', user: USER, online: 'b' },
  server_update: { server: { id: 's', name: 's', channels: [{ id: 's', serverId: 's', name: 's', position: 'i' }] } },
  member_update: { serverId: 's', user: USER, role: 's?', mutedUntil: 's?', change: 's' },
  error: { code: 's', message: 's' },
  pong: {},
};

/**
 * Whether a parsed socket frame is one the client understands. The client core checks frames
 * with this instead of the zod schemas (which stay out of the size budget); a test holds the two
 * to the same verdicts.
 */
export function isServerFrame(value: unknown): value is ServerFrame {
  const type = (value as { type?: unknown } | null)?.type;
  const shape = typeof type === 'string' && Object.hasOwn(SERVER_FRAMES, type) ? SERVER_FRAMES[type as ServerFrame['type']] : undefined;
  return shape !== undefined && mismatch(value, shape) === undefined;
}
