import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { TEST_CATEGORY, type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor, unsignedToken } from './support/tokens.js';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '60', HEARTH_ORIGINS: 'https://allowed.example' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterAll(() => server.stop());

function expectProblem(res: { status: number; headers: Headers; body: unknown; text: string }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as Problem;
  expect(problem).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(problem.detail.length).toBeGreaterThan(0);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return problem;
}

describe('400: bad input names the field', () => {
  it.each([
    ['/api/channels/{general}/messages?limit=ten', 'limit'],
    ['/api/channels/{general}/messages?limit=0', 'limit'],
    ['/api/channels/{general}/messages?before=-3', 'before'],
    ['/api/channels/{general}/messages?after=1.5', 'after'],
    ['/api/channels/{general}/messages?before=5&after=1', 'after'],
    ['/api/channels/{general}/messages?colour=red', 'colour'],
    ['/api/servers?limit=many', 'limit'],
    ['/api/servers?member=you', 'member'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const res = await client.get(path.replace('{general}', community.general), { token: community.bob.token });
    expect(expectProblem(res, 400, 'invalid_input').field).toBe(field);
  });

  it.each([
    ['empty content', { content: '' }, 'content'],
    ['content that is not a string', { content: 7 }, 'content'],
    ['a clientId over 64 characters', { content: 'ok', clientId: 'x'.repeat(65) }, 'clientId'],
    ['content over 4000 characters', { content: 'x'.repeat(4001) }, 'content'],
  ])('POST a message with %s → 400 naming the field', async (_kind, json, field) => {
    const res = await client.post(`/api/channels/${community.general}/messages`, { token: community.bob.token, json });
    expect(res.status).toBe(400);
    expect((res.body as Problem).field).toBe(field);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await client.post('/api/servers', {
      token: community.bob.token,
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(expectProblem(res, 400, 'invalid_input').field).toBe('body');
  });

  it('refuses a server in an unknown category, naming categoryId', async () => {
    const res = await client.post('/api/servers', {
      token: community.bob.token,
      json: { name: 'Nowhere', categoryId: 'ct_missing' },
    });
    expect(expectProblem(res, 400, 'invalid_input').field).toBe('categoryId');
  });
});

describe('401: tokens', () => {
  it.each([
    ['no token', async () => undefined],
    ['a forged token', () => tokenFor(community.bob, { secret: 'some-other-secret-that-is-long-enough!!' })],
    ['an expired token', () => tokenFor(community.bob, { expiresIn: Math.floor(Date.now() / 1000) - 5 })],
    ['an alg:none token', async () => unsignedToken(community.bob)],
  ])('answers %s with 401', async (_kind, makeToken) => {
    const res = await client.get('/api/servers', { token: await makeToken() });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('403, 404, 405, 409', () => {
  it('answers an unknown server or channel with 404', async () => {
    expectProblem(await client.get('/api/servers/s_nope', { token: community.bob.token }), 404, 'unknown_server');
    expectProblem(await client.get('/api/channels/c_nope/messages', { token: community.bob.token }), 404, 'unknown_channel');
    expectProblem(await client.get('/api/nothing-here', { token: community.bob.token }), 404, 'not_found');
  });

  it('hides a private server and its channels from non-members with 404', async () => {
    const { carol, privateServer, secret } = community;
    expectProblem(await client.get(`/api/servers/${privateServer.id}`, { token: carol.token }), 404, 'unknown_server');
    expectProblem(await client.get(`/api/channels/${secret}/messages`, { token: carol.token }), 404, 'unknown_channel');
    expectProblem(await client.post(`/api/servers/${privateServer.id}/members`, { token: carol.token }), 404, 'unknown_server');
  });

  it('refuses posting without membership (403) and channel creation by a non-owner (403)', async () => {
    const { bob, carol, general, publicServer } = community;
    expectProblem(
      await client.post(`/api/channels/${general}/messages`, { token: carol.token, json: { content: 'hi' } }),
      403,
      'not_member',
    );
    expectProblem(
      await client.post(`/api/servers/${publicServer.id}/channels`, { token: bob.token, json: { name: 'mine' } }),
      403,
      'forbidden',
    );
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await client.request('PUT', `/api/servers/${community.publicServer.id}`, { token: community.bob.token });
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, PATCH');
  });

  it('answers a wrong method on the public endpoints with 405 too', async () => {
    expectProblem(await client.post('/healthz'), 405, 'method_not_allowed');
    expectProblem(await client.post('/api/openapi.yaml'), 405, 'method_not_allowed');
  });

  it('answers a duplicate channel name with 409', async () => {
    const res = await client.post(`/api/servers/${community.publicServer.id}/channels`, {
      token: community.alice.token,
      json: { name: 'General' },
    });
    expectProblem(res, 409, 'conflict');
  });
});

describe('413 and 429', () => {
  it('answers an oversized JSON body with 413', async () => {
    const res = await client.post('/api/servers', {
      token: community.bob.token,
      json: { name: 'Big', categoryId: TEST_CATEGORY, description: 'x'.repeat(100_000) },
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('rate limits writes with 429 and Retry-After, per user', async () => {
    const flooder = await tokenFor({ id: 'u_flooder', name: 'Flooder' });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof client.post>> | undefined;
    for (let index = 0; index < 40 && !limited; index++) {
      const res = await client.post(`/api/servers/${community.publicServer.id}/members`, { token: flooder });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    if (!limited) return;
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another user is not affected.
    const other = await client.post(`/api/servers/${community.publicServer.id}/members`, { token: community.carol.token });
    expect(other.status).toBe(201);
  });
});

describe('CORS follows the origin allow-list', () => {
  it('answers a preflight from an allowed origin and ignores a foreign one', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/servers`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://allowed.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
