// The client core checks frames with the small hand-written guard; the server and opt-in clients use
// the zod/mini schemas. Both must give the same verdict on the frames below, or a frame the server
// may send would be dropped by one kind of client and accepted by the other.
import { describe, expect, it } from 'vitest';
import { serverFrame } from './frames.js';
import { isServerFrame } from './guards.js';

const user = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const message = {
  id: 'm_1',
  channelId: 'c_1',
  seq: 1,
  author: user,
  content: 'hi',
  createdAt: '2025-01-01T00:00:00.000Z',
  clientId: 'k_1',
};
const readState = { channelId: 'c_1', serverId: 's_1', lastReadSeq: 3, lastSeq: 7, unread: 4, mentions: 1 };
const without = <T extends object>(value: T, key: keyof T): Omit<T, typeof key> => {
  const { [key]: _dropped, ...rest } = value;
  return rest;
};

const valid: Array<[string, unknown]> = [
  ['ready', { type: 'ready', user }],
  ['ready with an avatar URL', { type: 'ready', user: { ...user, avatarUrl: 'https://example.com/a.png' } }],
  ['subscribed with nothing missed', { type: 'subscribed', channelId: 'c_1', missed: [], complete: true, lastSeq: 0 }],
  [
    'subscribed with missed messages',
    { type: 'subscribed', channelId: 'c_1', missed: [message, { ...message, id: 'm_2', seq: 2 }], complete: false, lastSeq: 9 },
  ],
  ['unsubscribed', { type: 'unsubscribed', channelId: 'c_1' }],
  ['unsubscribed with a reason', { type: 'unsubscribed', channelId: 'c_1', reason: 'left' }],
  ['message', { type: 'message', message }],
  ['message with a null clientId', { type: 'message', message: { ...message, clientId: null } }],
  ['message without a clientId', { type: 'message', message: without(message, 'clientId') }],
  ['changed (an edit)', { type: 'changed', message: { ...message, version: 9, editedAt: '2026-12-01T10:00:00.000Z', deleted: false } }],
  ['ack', { type: 'ack', clientId: 'k_1', message }],
  ['typing', { type: 'typing', channelId: 'c_1', user }],
  ['presence', { type: 'presence', channelId: 'c_1', users: [user, { ...user, id: 'u_2', name: 'Bo' }] }],
  ['presence of nobody', { type: 'presence', channelId: 'c_1', users: [] }],
  ['error', { type: 'error', code: 'not_member', message: 'join first' }],
  [
    'error with ref, field and retryAfterMs',
    { type: 'error', code: 'rate_limited', message: 'slow down', ref: 'k_1', field: 'content', retryAfterMs: 1500 },
  ],
  ['pong', { type: 'pong' }],
  ['ready with read states', { type: 'ready', user, readStates: [readState] }],
  ['read', { type: 'read', state: readState }],
  ['activity', { type: 'activity', channelId: 'c_1', serverId: 's_1', seq: 4, authorId: 'u_2', mentionIds: ['u_ada'] }],
  [
    'activity of a thread reply',
    { type: 'activity', channelId: 'c_1', serverId: 's_1', seq: 5, authorId: 'u_2', threadId: 'm_1', mentionIds: [] },
  ],
  ['member_presence', { type: 'member_presence', serverId: 's_1', user, online: true }],
  [
    'server_update',
    {
      type: 'server_update',
      server: {
        id: 's_1',
        name: 'Hearth',
        description: '',
        iconUrl: null,
        bannerUrl: null,
        categoryId: 'ct_1',
        ownerId: 'u_ada',
        visibility: 'public',
        memberCount: 2,
        channels: [{ id: 'c_1', serverId: 's_1', name: 'general', topic: '', position: 0, slowModeSeconds: 10 }],
      },
    },
  ],
  ['member_update', { type: 'member_update', serverId: 's_1', user, role: 'moderator', mutedUntil: null, change: 'role' }],
  ['member_update of a member removed', { type: 'member_update', serverId: 's_1', user, role: null, mutedUntil: null, change: 'banned' }],
  [
    'ready with memberships',
    { type: 'ready', user, memberships: [{ serverId: 's_1', userId: 'u_ada', role: 'admin', mutedUntil: '2026-12-01T10:00:00.000Z' }] },
  ],
  ['a frame with extra properties (a newer server)', { type: 'message', message: { ...message, editedAt: null }, trace: 'x' }],
];

const invalid: Array<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a string', 'pong'],
  ['an empty object', {}],
  ['an empty array', []],
  ['an array of a valid frame', [{ type: 'pong' }]],
  ['an unknown type', { type: 'welcome' }],
  ['a client frame type', { type: 'hello', token: 't', protocol: 1 }],
  ['a type that is not a string', { type: 1 }],
  ['the type in the wrong case', { type: 'PONG' }],
  ['a type naming an Object.prototype member', { type: 'toString' }],
  ['a type of __proto__', JSON.parse('{"type":"__proto__"}')],
  ['a type of constructor', { type: 'constructor' }],
  ['ready without a user', { type: 'ready' }],
  ['ready with a null user', { type: 'ready', user: null }],
  ['ready with a user whose name is a number', { type: 'ready', user: { ...user, name: 7 } }],
  ['ready with a user whose avatarUrl is a number', { type: 'ready', user: { ...user, avatarUrl: 1 } }],
  ['subscribed without missed', without({ type: 'subscribed', channelId: 'c_1', missed: [], complete: true, lastSeq: 0 }, 'missed')],
  ['subscribed with missed as an object', { type: 'subscribed', channelId: 'c_1', missed: {}, complete: true, lastSeq: 0 }],
  [
    'subscribed with a bad message in missed',
    { type: 'subscribed', channelId: 'c_1', missed: [message, { ...message, seq: '2' }], complete: true, lastSeq: 2 },
  ],
  ['subscribed with complete as a string', { type: 'subscribed', channelId: 'c_1', missed: [], complete: 'true', lastSeq: 0 }],
  ['subscribed with a negative lastSeq', { type: 'subscribed', channelId: 'c_1', missed: [], complete: true, lastSeq: -1 }],
  ['subscribed with a fractional lastSeq', { type: 'subscribed', channelId: 'c_1', missed: [], complete: true, lastSeq: 1.5 }],
  ['unsubscribed without channelId', { type: 'unsubscribed' }],
  ['message without message', { type: 'message' }],
  ['message whose message is an array', { type: 'message', message: [message] }],
  ['message with seq as a string', { type: 'message', message: { ...message, seq: '1' } }],
  ['message with a fractional seq', { type: 'message', message: { ...message, seq: 1.5 } }],
  ['message with a negative seq', { type: 'message', message: { ...message, seq: -3 } }],
  ['message without an author', { type: 'message', message: without(message, 'author') }],
  ['message without content', { type: 'message', message: without(message, 'content') }],
  ['message with null content', { type: 'message', message: { ...message, content: null } }],
  ['message without createdAt', { type: 'message', message: without(message, 'createdAt') }],
  ['message with a numeric clientId', { type: 'message', message: { ...message, clientId: 5 } }],
  ['message with a numeric id', { type: 'message', message: { ...message, id: 1 } }],
  ['ack without clientId', { type: 'ack', message }],
  ['ack without message', { type: 'ack', clientId: 'k_1' }],
  ['typing without user (the client frame of that name)', { type: 'typing', channelId: 'c_1' }],
  ['typing without channelId', { type: 'typing', user }],
  ['presence without users', { type: 'presence', channelId: 'c_1' }],
  ['presence with a user without a name', { type: 'presence', channelId: 'c_1', users: [without(user, 'name')] }],
  ['error without code', { type: 'error', message: 'x' }],
  ['error without message', { type: 'error', code: 'internal' }],
  ['error with a numeric code', { type: 'error', code: 500, message: 'x' }],
  ['read without state', { type: 'read' }],
  ['read with a fractional lastReadSeq', { type: 'read', state: { ...readState, lastReadSeq: 1.5 } }],
  ['read without lastSeq', { type: 'read', state: without(readState, 'lastSeq') }],
  ['activity without mentionIds', { type: 'activity', channelId: 'c_1', serverId: 's_1', seq: 4, authorId: 'u_2' }],
  ['activity with a string seq', { type: 'activity', channelId: 'c_1', serverId: 's_1', seq: '4', authorId: 'u_2', mentionIds: [] }],
  ['member_presence without online', { type: 'member_presence', serverId: 's_1', user }],
  ['server_update without server', { type: 'server_update' }],
  ['server_update whose channels are not an array', { type: 'server_update', server: { id: 's_1', name: 'x', channels: {} } }],
  ['member_update without change', { type: 'member_update', serverId: 's_1', user, role: null, mutedUntil: null }],
  ['member_update with a numeric role', { type: 'member_update', serverId: 's_1', user, role: 1, mutedUntil: null, change: 'role' }],
];

describe('isServerFrame agrees with the serverFrame schema', () => {
  it.each(valid)('accepts %s', (_name, frame) => {
    expect(serverFrame.safeParse(frame).success).toBe(true);
    expect(isServerFrame(frame)).toBe(true);
  });

  it.each(invalid)('rejects %s', (_name, frame) => {
    expect(serverFrame.safeParse(frame).success).toBe(false);
    expect(isServerFrame(frame)).toBe(false);
  });

  it('checks every server frame type the schema knows', () => {
    const types = new Set(valid.map(([, frame]) => (frame as { type: string }).type));
    expect([...types].sort()).toEqual(serverFrame.def.options.map((option) => option.def.shape.type.def.values[0]).sort());
  });
});
