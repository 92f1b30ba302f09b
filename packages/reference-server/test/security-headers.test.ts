import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { solidPng } from './support/png.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let page: TestServer;
let bare: TestServer;
let framed: TestServer;
let community: Community;
let iconUrl: string;
let staticDir: string;

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) parsed.set(name, values);
  }
  return parsed;
}

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'hearth-page-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>page</title><script type="module" src="./page.js"></script>');
  writeFileSync(path.join(staticDir, 'page.js'), 'document.title = "ran";');
  [page, bare, framed] = await Promise.all([
    startTestServer({ HEARTH_STATIC_DIR: staticDir }),
    startTestServer(),
    startTestServer({ HEARTH_FRAME_ANCESTORS: "'self' https://host.example https://*.host.example" }),
  ]);
  community = await createCommunity(page);
  const uploaded = await api(page.url).put<Server>(`/api/servers/${community.publicServer.id}/icon`, {
    token: community.alice.token,
    body: solidPng(8, [9, 9, 9]),
    headers: { 'content-type': 'image/png' },
  });
  iconUrl = uploaded.body.iconUrl ?? '';
});
afterAll(async () => {
  await Promise.all([page.stop(), bare.stop(), framed.stop()]);
  rmSync(staticDir, { recursive: true, force: true });
});

describe('X-Content-Type-Options: nosniff on every response', () => {
  it.each([
    ['the page', '/', 200],
    ['a static script', '/page.js', 200],
    ['health', '/healthz', 200],
    ['the contract', '/api/openapi.yaml', 200],
    ['an API call without a token', '/api/servers', 401],
    ['an unknown path', '/nothing/here', 404],
    ['a path that is not valid percent-encoding', '/api/servers/%ZZ', 400],
    ['a wrong method', '/healthz', 405],
  ])('%s', async (_kind, url, status) => {
    const res = await fetch(`${page.url}${url}`, { method: status === 405 ? 'DELETE' : 'GET' });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('an API answer and an uploaded image', async () => {
    const listed = await fetch(`${page.url}/api/servers`, { headers: { authorization: `Bearer ${community.alice.token}` } });
    expect(listed.headers.get('x-content-type-options')).toBe('nosniff');
    const image = await fetch(`${page.url}${iconUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    // Host sites on other origins show icons with <img>: the resource policy must not block them.
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});

describe('the Content-Security-Policy of the served page', () => {
  it.each([
    ['the static page', () => page, '/'],
    ['the landing page', () => bare, '/'],
  ])('%s allows scripts, stylesheets and connections from itself only, and no framing by other sites', async (_kind, server, url) => {
    const res = await fetch(`${server().url}${url}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('lets HEARTH_FRAME_ANCESTORS name the sites that may frame it, and then sends no X-Frame-Options that would contradict it', async () => {
    const res = await fetch(`${framed.url}/`);
    expect(directives(res.headers.get('content-security-policy')).get('frame-ancestors')).toEqual([
      "'self'",
      'https://host.example',
      'https://*.host.example',
    ]);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('relaxes only styles for the API docs, whose swagger-ui sets inline styles', async () => {
    const res = await fetch(`${page.url}/api/docs/`);
    expect(res.status).toBe(200);
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
  });
});
