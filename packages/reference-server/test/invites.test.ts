import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Invite, Membership, Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { solidPng } from './support/png.js';
import { socketPool } from './support/socket-client.js';
import { type StaffedServer, newUser, staffedServer } from './support/staff.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let client: ReturnType<typeof api>;
let hidden: StaffedServer;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000' });
  client = api(server.url);
  hidden = await staffedServer(server.url, 'inv', 'private');
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

describe('invites', () => {
  it('bring a stranger into a private server: preview, accept (201, then 200), live member_update, one use counted', async () => {
    const created = await client.post<Invite>(`/api/servers/${hidden.server.id}/invites`, {
      token: hidden.admin.token,
      json: { maxAgeSeconds: 3600, maxUses: 3 },
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(created.body).toMatchObject({ serverId: hidden.server.id, createdBy: { id: hidden.admin.id }, maxUses: 3, uses: 0 });
    expect(Date.parse(created.body.expiresAt ?? '') - Date.now()).toBeGreaterThan(3590_000);

    const guest = await newUser('inv', 'Guest');
    expect((await client.get(`/api/servers/${hidden.server.id}`, { token: guest.token })).status).toBe(404);
    const preview = await client.get(`/api/invites/${created.body.code}`, { token: guest.token });
    expect(preview.body).toEqual({
      code: created.body.code,
      expiresAt: created.body.expiresAt,
      server: {
        id: hidden.server.id,
        name: hidden.server.name,
        description: hidden.server.description,
        iconUrl: null,
        bannerUrl: null,
        visibility: 'private',
        memberCount: 4,
      },
    });

    const [watcher, guestSocket] = await Promise.all([pool.connect(hidden.owner.token), pool.connect(guest.token)]);
    const accepted = await client.post<Membership>(`/api/invites/${created.body.code}`, { token: guest.token });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual({ serverId: hidden.server.id, userId: guest.id, role: 'member', mutedUntil: null });
    for (const socket of [watcher, guestSocket]) {
      expect(await socket.next('member_update')).toMatchObject({
        serverId: hidden.server.id,
        user: { id: guest.id },
        role: 'member',
        change: 'joined',
      });
    }
    expect((await client.post(`/api/invites/${created.body.code}`, { token: guest.token })).status).toBe(200);
    expect((await client.get(`/api/servers/${hidden.server.id}`, { token: guest.token })).status).toBe(200);
    await guestSocket.subscribe(hidden.general);

    const invites = await client.get<Invite[]>(`/api/servers/${hidden.server.id}/invites`, { token: hidden.admin.token });
    expect(invites.body.find((invite) => invite.code === created.body.code)?.uses).toBe(1);
  });

  it('answer a member who follows a used-up or expired invite again with 200 and their membership, using nothing', async () => {
    const single = await client.post<Invite>(`/api/servers/${hidden.server.id}/invites`, {
      token: hidden.admin.token,
      json: { maxUses: 1 },
    });
    const guest = await newUser('inv', 'Returning');
    expect((await client.post(`/api/invites/${single.body.code}`, { token: guest.token })).status).toBe(201);
    const expired = await server.storage.invites.create({
      code: 'GoneAlready',
      serverId: hidden.server.id,
      createdById: hidden.owner.id,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      maxUses: null,
    });

    const watcher = await pool.connect(hidden.owner.token);
    for (const code of [single.body.code, expired.code]) {
      const again = await client.post<Membership>(`/api/invites/${code}`, { token: guest.token });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ serverId: hidden.server.id, userId: guest.id, role: 'member', mutedUntil: null });
    }
    // A stranger still meets the spent invites.
    const stranger = await newUser('inv', 'Late');
    for (const code of [single.body.code, expired.code]) {
      expect((await client.post(`/api/invites/${code}`, { token: stranger.token })).status).toBe(410);
    }
    const invites = await client.get<Invite[]>(`/api/servers/${hidden.server.id}/invites`, { token: hidden.admin.token });
    const usesOf = (code: string) => invites.body.find((invite) => invite.code === code)?.uses;
    expect([usesOf(single.body.code), usesOf(expired.code)]).toEqual([1, 0]);
    // No member_update for a membership that did not change: the next one the owner sees is a new join.
    const newcomer = await newUser('inv', 'Newcomer');
    await client.post(`/api/servers/${hidden.server.id}/members`, { token: hidden.owner.token, json: { userId: newcomer.id } });
    expect((await watcher.next('member_update')).user.id).toBe(newcomer.id);
  });

  it('draw a different code every time', async () => {
    const codes = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await client.post<Invite>(`/api/servers/${hidden.server.id}/invites`, { token: hidden.owner.token })).body.code,
      ),
    );
    expect(new Set(codes).size).toBe(20);
  });
});

describe('icons and banners', () => {
  it('may be set by an admin (not a moderator); each upload is audited and reaches the members as server_update', async () => {
    const watcher = await pool.connect(hidden.member.token);
    const png = solidPng(8, [10, 20, 30]);
    const refused = await client.put(`/api/servers/${hidden.server.id}/icon`, {
      token: hidden.moderator.token,
      body: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(refused.status).toBe(403);
    const icon = await client.put<Server>(`/api/servers/${hidden.server.id}/icon`, {
      token: hidden.admin.token,
      body: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(icon.status).toBe(200);
    expect((await watcher.next('server_update')).server.iconUrl).toBe(icon.body.iconUrl);
    const banner = await client.put<Server>(`/api/servers/${hidden.server.id}/banner`, {
      token: hidden.admin.token,
      body: solidPng(16, [1, 2, 3]),
      headers: { 'content-type': 'image/png' },
    });
    expect((await watcher.next('server_update', (frame) => frame.server.bannerUrl !== null)).server.bannerUrl).toBe(banner.body.bannerUrl);

    const log = await client.get<{ entries: Array<{ action: string; actor: { id: string }; details: Record<string, unknown> }> }>(
      `/api/servers/${hidden.server.id}/audit-log?limit=2`,
      { token: hidden.admin.token },
    );
    expect(log.body.entries.map((entry) => [entry.action, entry.actor.id, entry.details.url])).toEqual([
      ['server_banner', hidden.admin.id, banner.body.bannerUrl],
      ['server_icon', hidden.admin.id, icon.body.iconUrl],
    ]);
  });
});

describe('the audit log', () => {
  it('pages newest first with before and limit', async () => {
    const on = await staffedServer(server.url, 'audit');
    for (const topic of ['one', 'two', 'three']) {
      await client.patch(`/api/channels/${on.general}`, { token: on.admin.token, json: { topic } });
    }
    const first = await client.get<{ entries: Array<{ id: number; details: { topic?: string } }>; hasMore: boolean }>(
      `/api/servers/${on.server.id}/audit-log?limit=2`,
      { token: on.admin.token },
    );
    expect(first.body.entries.map((entry) => entry.details.topic)).toEqual(['three', 'two']);
    expect(first.body.hasMore).toBe(true);
    const before = first.body.entries.at(-1)?.id as number;
    const next = await client.get<{ entries: Array<{ details: { topic?: string } }> }>(
      `/api/servers/${on.server.id}/audit-log?limit=1&before=${before}`,
      { token: on.admin.token },
    );
    expect(next.body.entries.map((entry) => entry.details.topic)).toEqual(['one']);
    expect((await client.get(`/api/servers/${on.server.id}/audit-log?limit=0`, { token: on.admin.token })).status).toBe(400);
  });
});
