import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { gifHeader, jpegHeader, pngHeader, webpExtendedHeader, webpLosslessHeader, webpLossyHeader } from './support/image-headers.js';
import { solidPng } from './support/png.js';
import { type TestServer, startTestServer } from './support/test-server.js';

const MAX_UPLOAD = 64 * 1024;
const MAX_SIDE = 2048;

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_MAX_UPLOAD_BYTES: String(MAX_UPLOAD), HEARTH_MAX_IMAGE_SIDE: String(MAX_SIDE) });
  community = await createCommunity(server);
  client = api(server.url);
});
afterAll(() => server.stop());

const iconPath = () => `/api/servers/${community.publicServer.id}/icon`;

describe('server images', () => {
  it('accepts a real PNG icon and serves it back byte for byte as image/png, nosniff and cacheable', async () => {
    const png = solidPng(16, [232, 89, 12]);
    const res = await client.put<Server>(iconPath(), {
      token: community.alice.token,
      body: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(res.status).toBe(200);
    expect(res.body.iconUrl).toMatch(/^\/media\/[0-9a-f]+\.png$/);

    const served = await fetch(`${server.url}${res.body.iconUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    const listed = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token: community.bob.token });
    expect(listed.body.iconUrl).toBe(res.body.iconUrl);
  });

  it('accepts a banner by its bytes even when the declared type is generic', async () => {
    const res = await client.put<Server>(`/api/servers/${community.publicServer.id}/banner`, {
      token: community.alice.token,
      body: solidPng(32, [20, 20, 80]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.body.bannerUrl).toMatch(/\.png$/);
  });

  it.each([
    ['an HTML page', '<!doctype html><script>alert(1)</script>'],
    ['an SVG image', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'],
  ])('refuses %s renamed to .png with 400', async (_kind, text) => {
    const res = await client.put(iconPath(), {
      token: community.alice.token,
      body: Buffer.from(text),
      headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="icon.png"' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses an image over the size limit with 413', async () => {
    const big = Buffer.concat([solidPng(4, [0, 0, 0]), Buffer.alloc(MAX_UPLOAD)]);
    const res = await client.put(iconPath(), {
      token: community.alice.token,
      body: big,
      headers: { 'content-type': 'image/png' },
    });
    expect(res.status).toBe(413);
  });

  it('refuses an upload by a member who is not the owner with 403, and by a stranger to a private server with 404', async () => {
    const png = solidPng(8, [1, 2, 3]);
    const headers = { 'content-type': 'image/png' };
    expect((await client.put(iconPath(), { token: community.bob.token, body: png, headers })).status).toBe(403);
    const hidden = `/api/servers/${community.privateServer.id}/icon`;
    expect((await client.put(hidden, { token: community.carol.token, body: png, headers })).status).toBe(404);
  });

  it.each([
    ['a GIF', gifHeader(MAX_SIDE, 40), 'gif'],
    ['a JPEG', jpegHeader(400, MAX_SIDE), 'jpg'],
    ['a lossy WebP', webpLossyHeader(128, 128), 'webp'],
    ['a lossless WebP', webpLosslessHeader(64, 64), 'webp'],
    ['an extended WebP', webpExtendedHeader(MAX_SIDE, MAX_SIDE), 'webp'],
  ])('accepts %s whose header declares dimensions within the limit', async (_kind, bytes, extension) => {
    const res = await client.put<Server>(iconPath(), {
      token: community.alice.token,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.body.iconUrl).toMatch(new RegExp(`\\.${extension}$`));
  });

  it.each([
    ['a bare PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a bare GIF signature', Buffer.from('GIF89a')],
    ['a bare JPEG signature', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
    ['a bare WebP signature', Buffer.from('RIFF\0\0\0\0WEBP')],
    ['a PNG declaring no pixels', pngHeader(0, 0)],
  ])('refuses %s with 400 unsupported_media_type naming the body', async (_kind, bytes) => {
    const res = await client.put(iconPath(), { token: community.alice.token, body: bytes, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'unsupported_media_type', field: 'body' });
    expect((res.body as { detail: string }).detail).toMatch(/dimensions/);
  });

  it.each([
    ['an icon', 'icon', pngHeader(MAX_SIDE + 1, 16)],
    ['a banner', 'banner', jpegHeader(64, MAX_SIDE + 1)],
    ['an icon', 'icon', webpExtendedHeader(16_777_216, 16_777_216)],
  ])('refuses %s over the pixel limit with 413, saying the size and the limit', async (_kind, kind, bytes) => {
    const before = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token: community.alice.token });
    const res = await client.put(`/api/servers/${community.publicServer.id}/${kind}`, {
      token: community.alice.token,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large', field: 'body' });
    expect((res.body as { detail: string }).detail).toContain(`${MAX_SIDE}×${MAX_SIDE}`);
    const after = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token: community.alice.token });
    expect(after.body).toEqual(before.body);
  });

  it('serves nothing for an unknown media file', async () => {
    const res = await fetch(`${server.url}/media/0000.png`);
    expect(res.status).toBe(404);
  });
});
