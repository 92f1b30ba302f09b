import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import { type CapturedLog, captureLog } from './support/captured-log.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestServer, makeDataDir, startTestServer } from './support/test-server.js';

let server: TestServer;
let community: Community;
let captured: CapturedLog;

beforeAll(async () => {
  captured = captureLog();
  server = await startTestServer({}, makeDataDir(), { log: captured.log });
  community = await createCommunity(server);
});
afterAll(() => server.stop());

describe('a path that is not valid percent-encoding', () => {
  it.each([
    ['a bad hex pair', '/api/servers/%ZZ'],
    ['a lone percent sign', '/api/servers/%'],
    ['a truncated UTF-8 sequence', '/api/servers/%E0%A4%A'],
    ['an overlong UTF-8 encoding', '/api/servers/%C0%AF'],
    ['a bad channel id with a query', '/api/channels/%ZZ/messages?limit=5'],
    ['a bad segment outside the API', '/media/%E0%A4%A.png'],
  ])('answers %s with 400 problem+json naming the path, and logs no error', async (_kind, path) => {
    const before = captured.errors().length;
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${community.bob.token}` } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({ status: 400, code: 'invalid_input', field: 'path' });
    expect(problem.detail).toMatch(/percent-encod/);
    expect(captured.errors().slice(before)).toEqual([]);
  });

  it('answers a path holding %00 (NUL, which no id holds) with 400 naming the path, and logs no error', async () => {
    const before = captured.errors().length;
    const res = await fetch(`${server.url}/api/servers/s_%00`, { headers: { authorization: `Bearer ${community.bob.token}` } });
    expect(res.status).toBe(400);
    expect((await res.json()) as Problem).toMatchObject({ status: 400, code: 'invalid_input', field: 'path' });
    expect(captured.errors().slice(before)).toEqual([]);
  });

  it('still answers a well-encoded unknown id with 404', async () => {
    const before = captured.errors().length;
    const res = await fetch(`${server.url}/api/servers/%C3%A9t%C3%A9`, { headers: { authorization: `Bearer ${community.bob.token}` } });
    expect(res.status).toBe(404);
    expect(captured.errors().slice(before)).toEqual([]);
  });
});
