// @hearth/sdk/community at unit level: msw answers REST on a made-up origin, so each action's route,
// body and answer check can be seen. packages/sdk/test/community.test.ts runs it against a real server.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { acceptInvite, manageServer, previewInvite } from './community.js';
import { type ChatClient, ChatApiError, type Membership, createChatClient } from './index.js';
import { ada, api, bob, mock, origin, stops, until } from './scripted-server.test-support.js';

const channel = { id: 'c_1', serverId: 's_1', name: 'general', topic: '', position: 0, slowModeSeconds: 0 };
const server = {
  id: 's_1',
  name: 'Hearth',
  description: '',
  iconUrl: null,
  bannerUrl: null,
  categoryId: 'ct_1',
  ownerId: ada.id,
  visibility: 'private',
  memberCount: 2,
  channels: [channel],
};
const member = { user: bob, role: 'moderator', mutedUntil: null, online: false };
const ban = { serverId: 's_1', user: bob, by: ada, reason: 'spam', createdAt: '2026-12-01T10:00:00.000Z' };
const invite = {
  code: 'abc123',
  serverId: 's_1',
  createdBy: ada,
  createdAt: '2026-12-01T10:00:00.000Z',
  expiresAt: null,
  maxUses: 5,
  uses: 0,
};
const auditPage = {
  entries: [
    {
      id: 7,
      serverId: 's_1',
      action: 'member_kick',
      actor: ada,
      target: { kind: 'user', id: bob.id, label: bob.name },
      details: {},
      reason: 'spam',
      createdAt: '2026-12-01T10:00:00.000Z',
    },
  ],
  hasMore: false,
};

function client(): ChatClient {
  const chat = createChatClient({ url: origin, token: 't' });
  stops.push(() => chat.close());
  return chat;
}

/** Every request the mock answers, as `METHOD /path?query body`. */
function recordAll(): string[] {
  const seen: string[] = [];
  mock.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    void request
      .clone()
      .text()
      .then((body) => seen.push(`${request.method} ${url.pathname}${url.search}${body ? ` ${body}` : ''}`));
  });
  stops.push(() => mock.events.removeAllListeners());
  return seen;
}

describe('manageServer', () => {
  it('calls each route of the contract with its body and resolves with the answer', async () => {
    const noContent = () => new HttpResponse(null, { status: 204 });
    mock.use(
      http.patch(api('/api/servers/s_1'), () => HttpResponse.json(server)),
      http.post(api('/api/servers/s_1/channels'), () => HttpResponse.json(channel, { status: 201 })),
      http.patch(api('/api/channels/c_1'), () => HttpResponse.json(channel)),
      http.delete(api('/api/channels/c_2'), noContent),
      http.put(api('/api/servers/s_1/channels/order'), () => HttpResponse.json([channel])),
      http.patch(api('/api/servers/s_1/members/u_bob'), () => HttpResponse.json(member)),
      http.delete(api('/api/servers/s_1/members/u_bob'), noContent),
      http.put(api('/api/servers/s_1/bans/u_bob'), () => HttpResponse.json(ban)),
      http.delete(api('/api/servers/s_1/bans/u_bob'), noContent),
      http.get(api('/api/servers/s_1/bans'), () => HttpResponse.json([ban])),
      http.get(api('/api/servers/s_1/invites'), () => HttpResponse.json([invite])),
      http.post(api('/api/servers/s_1/invites'), () => HttpResponse.json(invite, { status: 201 })),
      http.delete(api('/api/servers/s_1/invites/abc123'), noContent),
      http.get(api('/api/servers/s_1/audit-log'), () => HttpResponse.json(auditPage)),
    );
    const seen = recordAll();
    const admin = manageServer(client(), 's_1');

    expect(admin.serverId).toBe('s_1');
    expect(await admin.update({ name: 'Hearth', visibility: 'private' })).toEqual(server);
    expect(await admin.createChannel({ name: 'news' })).toEqual(channel);
    expect(await admin.updateChannel('c_1', { slowModeSeconds: 10 })).toEqual(channel);
    expect(await admin.deleteChannel('c_2')).toBeUndefined();
    expect(await admin.reorderChannels(['c_1'])).toEqual([channel]);
    expect(await admin.setRole('u_bob', 'moderator', 'helps a lot')).toEqual(member);
    expect(await admin.timeOut('u_bob', 600)).toEqual(member);
    expect(await admin.kick('u_bob', 'spam and more')).toBeUndefined();
    expect(await admin.ban('u_bob', 'spam')).toEqual(ban);
    expect(await admin.unban('u_bob')).toBeUndefined();
    expect(await admin.bans()).toEqual([ban]);
    expect(await admin.invites()).toEqual([invite]);
    expect(await admin.createInvite({ maxUses: 5 })).toEqual(invite);
    expect(await admin.revokeInvite('abc123')).toBeUndefined();
    expect(await admin.auditLog({ before: 9, limit: 1 })).toEqual(auditPage);
    expect(await admin.auditLog()).toEqual(auditPage);
    // The bodies are read apart from the answers: let the last one be recorded.
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(seen).toEqual([
      'PATCH /api/servers/s_1 {"name":"Hearth","visibility":"private"}',
      'POST /api/servers/s_1/channels {"name":"news"}',
      'PATCH /api/channels/c_1 {"slowModeSeconds":10}',
      'DELETE /api/channels/c_2',
      'PUT /api/servers/s_1/channels/order {"channelIds":["c_1"]}',
      'PATCH /api/servers/s_1/members/u_bob {"role":"moderator","reason":"helps a lot"}',
      'PATCH /api/servers/s_1/members/u_bob {"timeoutSeconds":600}',
      'DELETE /api/servers/s_1/members/u_bob?reason=spam+and+more',
      'PUT /api/servers/s_1/bans/u_bob {"reason":"spam"}',
      'DELETE /api/servers/s_1/bans/u_bob',
      'GET /api/servers/s_1/bans',
      'GET /api/servers/s_1/invites',
      'POST /api/servers/s_1/invites {"maxUses":5}',
      'DELETE /api/servers/s_1/invites/abc123',
      'GET /api/servers/s_1/audit-log?before=9&limit=1',
      'GET /api/servers/s_1/audit-log',
    ]);
  });

  it('rejects with the ChatApiError of a refusal, its code and field', async () => {
    mock.use(
      http.patch(api('/api/channels/c_1'), () =>
        HttpResponse.json(
          {
            type: '/problems/invalid_input',
            title: 'Invalid input',
            status: 400,
            detail: 'too slow',
            code: 'invalid_input',
            field: 'slowModeSeconds',
          },
          { status: 400 },
        ),
      ),
      http.put(api('/api/servers/s_1/bans/u_owner'), () =>
        HttpResponse.json(
          { type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'owner', code: 'forbidden' },
          { status: 403 },
        ),
      ),
    );
    const admin = manageServer(client(), 's_1');

    const tooSlow = await admin.updateChannel('c_1', { slowModeSeconds: 99_999 }).catch((error: unknown) => error);
    expect(tooSlow).toBeInstanceOf(ChatApiError);
    expect(tooSlow).toMatchObject({ status: 400, code: 'invalid_input', problem: { field: 'slowModeSeconds' } });
    expect(await admin.ban('u_owner').catch((error: unknown) => error)).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('rejects an answer that breaks the contract with invalid_response', async () => {
    mock.use(http.get(api('/api/servers/s_1/invites'), () => HttpResponse.json([{ ...invite, uses: 'many' }])));

    const broken = await manageServer(client(), 's_1')
      .invites()
      .catch((error: unknown) => error);

    expect(broken).toBeInstanceOf(ChatApiError);
    expect(broken).toMatchObject({ code: 'invalid_response' });
    expect((broken as ChatApiError).message).toContain('0.uses');
  });

  it('refuses something that is no client of this SDK with a TypeError', () => {
    expect(() => manageServer({} as ChatClient, 's_1')).toThrow(TypeError);
  });
});

describe('invites', () => {
  it('previewInvite shows where the code leads', async () => {
    const preview = {
      code: 'abc123',
      expiresAt: null,
      server: { id: 's_1', name: 'Hearth', description: '', iconUrl: null, bannerUrl: null, memberCount: 2, visibility: 'private' },
    };
    mock.use(http.get(api('/api/invites/abc123'), () => HttpResponse.json(preview)));

    expect(await previewInvite(client(), 'abc123')).toEqual(preview);
  });

  it('acceptInvite adds the server to $roles and $memberships at once, with a membership event', async () => {
    const joined: Membership = { serverId: 's_1', userId: ada.id, role: 'member', mutedUntil: null };
    mock.use(
      http.get(api('/api/servers'), () => HttpResponse.json([])),
      http.post(api('/api/invites/abc123'), () => HttpResponse.json(joined, { status: 201 })),
    );
    const chat = client();
    const changes: unknown[] = [];
    stops.push(chat.on('membership', (change) => changes.push(change)));
    stops.push(chat.$memberships.listen(() => {}));
    await until(chat.$memberships, (state) => state.state === 'ready');
    mock.use(http.get(api('/api/servers'), () => new Promise<never>(() => {})));

    expect(await acceptInvite(chat, 'abc123')).toEqual(joined);

    expect(chat.$roles.get()).toEqual({ s_1: joined });
    expect(chat.$memberships.get()).toMatchObject({ state: 'ready', value: ['s_1'] });
    expect(changes).toEqual([{ serverId: 's_1', member: true }]);
  });

  for (const [status, code] of [
    [404, 'unknown_invite'],
    [410, 'invite_expired'],
    [403, 'banned'],
  ] as const) {
    it(`acceptInvite rejects with ${code} and changes nothing`, async () => {
      mock.use(
        http.post(api('/api/invites/abc123'), () =>
          HttpResponse.json({ type: `/problems/${code}`, title: code, status, detail: code, code }, { status }),
        ),
      );
      const chat = client();

      expect(await acceptInvite(chat, 'abc123').catch((error: unknown) => error)).toMatchObject({ status, code });
      expect(chat.$roles.get()).toEqual({});
    });
  }
});
