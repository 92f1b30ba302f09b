import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let staticDir: string;
// Repetitive like a bundle, so that compression shows.
const bundle = `export const parts = [${Array.from({ length: 400 }, (_, index) => `"part-${index}"`).join(',')}];\n`;

/** A GET that leaves the body as sent (fetch would decode it), with the headers given. */
function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'hearth-static-'));
  writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><title>page</title><script type="module" src="./hearth-elements.js"></script>',
  );
  writeFileSync(path.join(staticDir, 'hearth-elements.js'), bundle);
  writeFileSync(path.join(staticDir, 'hearth-elements-chat-members-AB2CD3EF.js'), bundle.replace('parts', 'lazyParts'));
  writeFileSync(path.join(staticDir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(staticDir, '.secret.js'), 'secret');
  server = await startTestServer({ HEARTH_STATIC_DIR: staticDir });
});
afterAll(async () => {
  await server.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('static files', () => {
  it('are sent brotli-compressed to a browser that accepts it, and decode to the file', async () => {
    const res = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.body.byteLength).toBeLessThan(Buffer.byteLength(bundle) / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(bundle);
  });

  it('are sent gzip-compressed when brotli is not accepted, and as they are when nothing is', async () => {
    const zipped = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toBe(bundle);
    const plain = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bundle);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(bundle));
  });

  it('carry a validator: the same file answers 304 to If-None-Match, in any encoding', async () => {
    const first = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    const otherEncoding = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(otherEncoding.status).toBe(304);
    const stale = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'br', 'if-none-match': '"something-else"' });
    expect(stale.status).toBe(200);
  });

  it('are served anew once the file changes on disk, with a new validator', async () => {
    const file = path.join(staticDir, 'changing.js');
    writeFileSync(file, bundle);
    const before = await rawGet(`${server.url}/changing.js`, { 'accept-encoding': 'br' });
    writeFileSync(file, `${bundle}// v2\n`);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const after = await rawGet(`${server.url}/changing.js`, { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(after.body).toString()).toBe(`${bundle}// v2\n`);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('named by their content may be kept for a year; the page itself is revalidated', async () => {
    const lazy = await rawGet(`${server.url}/hearth-elements-chat-members-AB2CD3EF.js`, { 'accept-encoding': 'br' });
    expect(lazy.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await rawGet(`${server.url}/`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>page</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('answer HEAD with the headers and no body', async () => {
    const res = await rawGet(`${server.url}/hearth-elements.js`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.byteLength).toBe(0);
  });

  it('that are not text go out as they are, with the same caching rules', async () => {
    const res = await rawGet(`${server.url}/logo.png`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('never include dotfiles or anything outside the directory', async () => {
    expect((await rawGet(`${server.url}/.secret.js`, { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await rawGet(`${server.url}/%2e%2e%2fpackage.json`, { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await rawGet(`${server.url}/..%2f..%2fetc%2fpasswd`, { 'accept-encoding': 'br' })).status).toBe(404);
  });
});
