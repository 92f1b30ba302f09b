import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/types.js';
import type { Problem } from '../src/http/problem.js';
import { api } from './support/api.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  client = api(server.url);
});
afterAll(() => server.stop());

const signIn = (name: string) => client.post<{ token: string; user: User } | Problem>('/api/auth/guest', { json: { name } });

describe('guest names (POST /api/auth/guest)', () => {
  it.each([
    ['a right-to-left override', 'Ada\u202egnp.exe'],
    ['a control character', 'Ada\u001b[2J'],
    ['only zero-width characters', '\u200b\u200c\u200d'],
    ['the reserved name system', 'System'],
    ['the reserved name Hearth', 'hearth'],
  ])('refuses %s with 400 invalid_input naming name', async (_kind, name) => {
    const res = await signIn(name);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', field: 'name' });
  });

  it('stores the name trimmed and in NFC, in the token and in what /api/me answers', async () => {
    const res = await signIn('  Zoe\u0308  ');
    expect(res.status).toBe(201);
    const { token, user } = res.body as { token: string; user: User };
    expect(user.name).toBe('Zoë');
    const me = await client.get<User>('/api/me', { token });
    expect(me.body).toEqual(user);
  });
});

describe('names from host tokens are cleaned, never refused', () => {
  it('removes bidirectional overrides and controls, and normalises', async () => {
    const token = await tokenFor({ id: 'host_mallory', name: ' Mallory\u202e\u0007 cod.exe ' });
    const me = await client.get<User>('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('Mallory cod.exe');
  });

  it('falls back to the user id when nothing visible is left', async () => {
    const token = await tokenFor({ id: 'host_ghost', name: '\u200b\u2066\u2069' });
    const me = await client.get<User>('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('host_ghost');
  });

  it('keeps a name the host chose even if guests may not take it', async () => {
    const token = await tokenFor({ id: 'host_system', name: 'System' });
    expect((await client.get<User>('/api/me', { token })).body.name).toBe('System');
  });
});
