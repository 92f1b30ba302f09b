import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import { type CapturedLog, LOG_LEVEL, captureLog } from './support/captured-log.js';
import { type TestServer, makeDataDir, startTestServer } from './support/test-server.js';

let server: TestServer;
let captured: CapturedLog;

beforeAll(async () => {
  captured = captureLog();
  server = await startTestServer({ HEARTH_ORIGINS: 'https://allowed.example' }, makeDataDir(), { log: captured.log });
});
afterAll(() => server.stop());

const preflight = (origin: string, path = '/api/servers') =>
  fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });

describe('a preflight from an origin that is not allowed', () => {
  it('gets 403 problem+json that names the origin and HEARTH_ORIGINS, with no CORS grant', async () => {
    const res = await preflight('https://elsewhere.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problem.detail).toContain('https://elsewhere.example');
    expect(problem.detail).toContain('HEARTH_ORIGINS');
  });

  it('logs one line at info naming the origin and the setting, however often it asks', async () => {
    const origin = 'https://noisy.example';
    for (let attempt = 0; attempt < 3; attempt++) expect((await preflight(origin)).status).toBe(403);
    const lines = captured.records().filter((record) => JSON.stringify(record).includes(origin));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: LOG_LEVEL.info, origin });
    expect(lines[0]?.msg).toContain('HEARTH_ORIGINS');
    expect(captured.errors()).toEqual([]);
  });

  it('still grants an allowed origin, and leaves plain OPTIONS and foreign non-preflight requests as they were', async () => {
    const allowed = await preflight('https://allowed.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    const foreignGet = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://elsewhere.example' } });
    expect(foreignGet.status).toBe(200);
    expect(foreignGet.headers.get('access-control-allow-origin')).toBeNull();
    const plainOptions = await fetch(`${server.url}/api/servers`, { method: 'OPTIONS' });
    expect(plainOptions.status).not.toBe(403);
  });
});
