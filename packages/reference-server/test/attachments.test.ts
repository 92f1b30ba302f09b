import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_ATTACHMENTS } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../src/blobs/local-blob-store.js';
import type { Attachment, Channel, Message } from '../src/domain/types.js';
import { MAX_PENDING_UPLOADS } from '../src/services/attachment-service.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { pngHeader } from './support/image-headers.js';
import { gradientPng, solidPng } from './support/png.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

const MAX_BYTES = 256 * 1024;
const ORIGIN = 'https://host.example';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;
let blobs: LocalBlobStore;
const sockets = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_MAX_ATTACHMENT_BYTES: String(MAX_BYTES),
    HEARTH_MAX_IMAGE_PIXELS: '1000000',
    HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
    HEARTH_ORIGINS: ORIGIN,
  });
  community = await createCommunity(server);
  client = api(server.url);
  blobs = new LocalBlobStore(path.join(server.dataDir, 'attachments'));
});
afterEach(() => sockets.closeAll());
afterAll(() => server.stop());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');

/** Uploads `bytes` as `name` to a channel; the raw response. */
function uploadRaw(
  token: string | undefined,
  channelId: string,
  name: string | undefined,
  bytes: Buffer,
  headers: Record<string, string> = {},
) {
  const query = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
  return client.post<Attachment>(`/api/channels/${channelId}/attachments${query}`, {
    token,
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });
}

/** Uploads and expects it stored. */
async function upload(token: string, channelId: string, name: string, bytes: Buffer): Promise<Attachment> {
  const res = await uploadRaw(token, channelId, name, bytes);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Posts a message over REST. */
function post(token: string, channelId: string, body: Record<string, unknown>) {
  return client.post<Message>(`/api/channels/${channelId}/messages`, { token, json: { content: '', ...body } });
}

/** Fetches a file's bytes with a token. */
async function fetchFile(id: string, token: string | undefined, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${server.url}/api/attachments/${id}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function expectServedSafely(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
}

describe('upload, send, read, delete', () => {
  it('an image and a PDF: uploaded, sent with no text, in history, served byte for byte, gone with their message', async () => {
    const { alice, bob, carol, general } = community;
    const png = gradientPng(24, [10, 80, 200], [250, 200, 20]);
    const image = await upload(bob.token, general, 'sunset.png', png);
    expect(image).toEqual({
      id: image.id,
      name: 'sunset.png',
      contentType: 'image/png',
      size: png.length,
      url: `/api/attachments/${image.id}`,
      width: 24,
      height: 24,
    });
    const pdf = await upload(bob.token, general, 'notes – 2026.pdf', PDF);
    expect(pdf).toMatchObject({ contentType: 'application/pdf', width: null, height: null, size: PDF.length });

    const sent = await post(bob.token, general, { content: '  ', clientId: 'two-files', attachments: [image.id, pdf.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([image, pdf]);
    // A resend of the same clientId is acked with the original, whatever it names now.
    const again = await post(bob.token, general, { content: '  ', clientId: 'two-files', attachments: [image.id, pdf.id] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(sent.body.id);

    const history = await client.get<{ messages: Message[] }>(`/api/channels/${general}/messages`, { token: alice.token });
    expect(history.body.messages.find((message) => message.id === sent.body.id)?.attachments).toEqual([image, pdf]);

    // Anyone signed in may read a public server's files, members or not.
    for (const reader of [alice, bob, carol]) {
      const { res, bytes } = await fetchFile(image.id, reader.token);
      expect(res.status).toBe(200);
      expect(bytes.equals(png)).toBe(true);
    }
    const served = await fetchFile(image.id, carol.token, { origin: ORIGIN });
    expect(served.res.headers.get('content-type')).toBe('image/png');
    expect(served.res.headers.get('content-disposition')).toBe(`inline; filename="sunset.png"; filename*=UTF-8''sunset.png`);
    expect(served.res.headers.get('etag')).toBe(`"${image.id}"`);
    expect(served.res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(served.res.headers.get('access-control-expose-headers')).toMatch(/Content-Disposition/);
    expectServedSafely(served.res.headers);

    const notModified = await fetchFile(image.id, carol.token, { 'if-none-match': `"${image.id}"` });
    expect(notModified.res.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    const head = await fetchFile(pdf.id, alice.token, {}, 'HEAD');
    expect(head.res.status).toBe(200);
    expect(head.res.headers.get('content-length')).toBe(String(PDF.length));
    expect(head.bytes.length).toBe(0);

    const document = await fetchFile(pdf.id, alice.token);
    expect(document.bytes.equals(PDF)).toBe(true);
    expect(document.res.headers.get('content-type')).toBe('application/pdf');
    expect(document.res.headers.get('content-disposition')).toBe(
      `attachment; filename="notes _ 2026.pdf"; filename*=UTF-8''notes%20%E2%80%93%202026.pdf`,
    );
    expectServedSafely(document.res.headers);

    // The owner deletes Bob's message as a moderator: the tombstone carries no files, and their bytes are gone.
    expect(existsSync(blobs.pathOf(image.id))).toBe(true);
    const deleted = await client.delete<Message>(`/api/channels/${general}/messages/${sent.body.id}`, { token: alice.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.attachments).toEqual([]);
    for (const file of [image, pdf]) {
      expect(existsSync(blobs.pathOf(file.id))).toBe(false);
      expect((await fetchFile(file.id, bob.token)).res.status).toBe(404);
    }
  });

  it('sends files over the socket: the ack and every subscriber’s message carry them', async () => {
    const { alice, bob, general } = community;
    const file = await upload(bob.token, general, 'dot.png', solidPng(2, [1, 2, 3]));
    const listener = await sockets.connect(alice.token);
    await listener.subscribe(general);
    const sender = await sockets.connect(bob.token);
    sender.send({ type: 'send', channelId: general, clientId: 'socket-file', content: '', attachments: [file.id] });
    const ack = await sender.next('ack', (frame) => frame.clientId === 'socket-file');
    expect(ack.message.attachments).toEqual([file]);
    const heard = await listener.next('message', (frame) => frame.message.id === ack.message.id);
    expect(heard.message.attachments).toEqual([file]);
  });

  it('a pending upload is its uploader’s alone, to read and to remove; removed, its bytes are gone', async () => {
    const { alice, bob, general } = community;
    const file = await upload(bob.token, general, 'draft.txt', Buffer.from('not sent yet'));
    expect(file.contentType).toBe('text/plain; charset=utf-8');
    expect((await fetchFile(file.id, bob.token)).res.status).toBe(200);
    const peek = await client.get(`/api/attachments/${file.id}`, { token: alice.token });
    expect(peek.status).toBe(404);
    expect(peek.body).toMatchObject({ code: 'unknown_attachment' });
    expect((await client.delete(`/api/attachments/${file.id}`, { token: alice.token })).status).toBe(404);
    expect((await client.delete(`/api/attachments/${file.id}`, { token: bob.token })).status).toBe(204);
    expect(existsSync(blobs.pathOf(file.id))).toBe(false);
    expect((await fetchFile(file.id, bob.token)).res.status).toBe(404);
    expect((await client.delete(`/api/attachments/${file.id}`, { token: bob.token })).status).toBe(404);
  });

  it('a sent file cannot be removed on its own: it goes with its message, whose text may be edited away', async () => {
    const { bob, general } = community;
    const file = await upload(bob.token, general, 'kept.txt', Buffer.from('kept'));
    const sent = await post(bob.token, general, { content: 'here', attachments: [file.id] });
    expect(sent.status).toBe(201);
    const edited = await client.patch<Message>(`/api/channels/${general}/messages/${sent.body.id}`, {
      token: bob.token,
      json: { content: '' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ content: '', attachments: [file] });
    const res = await client.delete(`/api/attachments/${file.id}`, { token: bob.token });
    expect(res.status).toBe(404);
    expect((await fetchFile(file.id, bob.token)).res.status).toBe(200);
  });

  it('a channel delete deletes the bytes of its files, sent and pending', async () => {
    const { alice, bob, publicServer } = community;
    const created = await client.post<Channel>(`/api/servers/${publicServer.id}/channels`, {
      token: alice.token,
      json: { name: 'doomed' },
    });
    const doomed = created.body.id;
    const sent = await upload(alice.token, doomed, 'a.txt', Buffer.from('a'));
    await post(alice.token, doomed, { attachments: [sent.id] });
    const pending = await upload(bob.token, doomed, 'b.txt', Buffer.from('b'));
    expect((await client.delete(`/api/channels/${doomed}`, { token: alice.token })).status).toBe(204);
    for (const file of [sent, pending]) {
      expect(existsSync(blobs.pathOf(file.id))).toBe(false);
      expect((await fetchFile(file.id, alice.token)).res.status).toBe(404);
    }
  });
});

describe('files are served as nothing that can run', () => {
  it.each([
    ['an HTML file named .png', 'cute.png', HTML],
    ['an SVG', 'logo.svg', SVG],
  ])('%s is kept as text and served as a download, nosniff, sandboxed', async (_case, name, bytes) => {
    const { alice, bob, general } = community;
    const file = await upload(bob.token, general, name, bytes);
    expect(file).toMatchObject({ contentType: 'text/plain; charset=utf-8', width: null, height: null });
    await post(bob.token, general, { attachments: [file.id] });
    const { res, bytes: served } = await fetchFile(file.id, alice.token);
    expect(res.status).toBe(200);
    expect(served.equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${name.replace('.', '\\.')}"`));
    expectServedSafely(res.headers);
  });

  it('an unknown binary is application/octet-stream, a zip application/zip', async () => {
    const { bob, general } = community;
    expect((await upload(bob.token, general, 'blob.bin', Buffer.from([0, 1, 2, 3, 255]))).contentType).toBe('application/octet-stream');
    expect((await upload(bob.token, general, 'a.zip', Buffer.from('PK\u0003\u0004rest'))).contentType).toBe('application/zip');
    // A body that declares JSON is still the file's bytes, not parsed by the API's JSON parser.
    const declared = await uploadRaw(bob.token, general, 'data.json', Buffer.from('{"a": 1}'), { 'content-type': 'application/json' });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ contentType: 'text/plain; charset=utf-8', size: 8 });
  });
});

describe('bad uploads', () => {
  const problemOf = (res: { status: number; headers: Headers; body: unknown }) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return res.body as { code: string; field?: string; detail: string };
  };

  it('a file over the size limit is 413', async () => {
    const res = await uploadRaw(community.bob.token, community.general, 'big.bin', Buffer.alloc(MAX_BYTES + 1, 7));
    expect(res.status).toBe(413);
    expect(problemOf(res)).toMatchObject({ code: 'payload_too_large' });
    expect(problemOf(res).detail).toContain(String(MAX_BYTES));
  });

  it('a file of exactly the limit is taken', async () => {
    const res = await uploadRaw(community.bob.token, community.general, 'edge.bin', Buffer.alloc(MAX_BYTES, 7));
    expect(res.status).toBe(201);
  });

  it('a decompression bomb, a small PNG declaring 30000×30000 pixels, is 413 with its size', async () => {
    const bomb = Buffer.concat([pngHeader(30_000, 30_000), Buffer.alloc(100 * 1024)]);
    const res = await uploadRaw(community.bob.token, community.general, 'bomb.png', bomb);
    expect(res.status).toBe(413);
    expect(problemOf(res)).toMatchObject({ code: 'payload_too_large' });
    expect(problemOf(res).detail).toContain('30000×30000');
  });

  it('a compressed body (Content-Encoding: gzip) is 400 unsupported_media_type, never inflated', async () => {
    const res = await uploadRaw(community.bob.token, community.general, 'zipped.txt', gzipSync(Buffer.alloc(MAX_BYTES * 4)), {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('an image signature with no readable header is 400 unsupported_media_type', async () => {
    const res = await uploadRaw(
      community.bob.token,
      community.general,
      'broken.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
    );
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('an empty body is 400 invalid_input', async () => {
    const res = await uploadRaw(community.bob.token, community.general, 'empty.txt', Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ code: 'invalid_input' });
  });

  it.each([
    ['missing', undefined],
    ['blank', '   '],
    ['a path only', 'photos/'],
    ['control characters only', '\u0007\u202e'],
  ])('a name %s is 400 invalid_input on name', async (_case, name) => {
    const res = await uploadRaw(community.bob.token, community.general, name, Buffer.from('x'));
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ code: 'invalid_input', field: 'name' });
  });

  it('a name is kept as its last path segment, without control or bidi characters, cut keeping its extension', async () => {
    const { bob, general } = community;
    expect((await upload(bob.token, general, 'C:\\Users\\bob/../evil\u202egnp.exe', Buffer.from('x'))).name).toBe('evilgnp.exe');
    const long = await upload(bob.token, general, `${'a'.repeat(300)}.tar.gz`, Buffer.from('x'));
    expect(long.name.length).toBe(200);
    expect(long.name.endsWith('a.gz')).toBe(true);
  });

  it('who may not post may not upload: a non-member 403, an unknown channel 404, no token 401', async () => {
    const { carol, general, bob } = community;
    const stranger = await uploadRaw(carol.token, general, 'x.txt', Buffer.from('x'));
    expect(stranger.status).toBe(403);
    expect(problemOf(stranger)).toMatchObject({ code: 'not_member' });
    const hidden = await uploadRaw(bob.token, community.secret, 'x.txt', Buffer.from('x'));
    expect(hidden.status).toBe(404);
    expect(problemOf(hidden)).toMatchObject({ code: 'unknown_channel' });
    expect((await uploadRaw(undefined, general, 'x.txt', Buffer.from('x'))).status).toBe(401);
  });

  it('a member timed out may not upload (403 timed_out); one banned may neither upload (403 banned) nor read the server’s files (404)', async () => {
    const { alice, bob, general, publicServer } = community;
    const file = await upload(bob.token, general, 'shared.txt', Buffer.from('for members and passers-by'));
    expect((await post(bob.token, general, { attachments: [file.id] })).status).toBe(201);
    const [erin, frank] = [
      { id: 'u_erin', name: 'Erin' },
      { id: 'u_frank', name: 'Frank' },
    ];
    const [erinToken, frankToken] = await Promise.all([tokenFor(erin), tokenFor(frank)]);
    for (const token of [erinToken, frankToken]) await client.post(`/api/servers/${publicServer.id}/members`, { token });
    expect((await fetchFile(file.id, frankToken)).res.status).toBe(200);

    const timeout = await client.patch(`/api/servers/${publicServer.id}/members/${erin.id}`, {
      token: alice.token,
      json: { timeoutSeconds: 600 },
    });
    expect(timeout.status).toBe(200);
    const timedOut = await uploadRaw(erinToken, general, 'x.txt', Buffer.from('x'));
    expect(timedOut.status).toBe(403);
    expect(problemOf(timedOut)).toMatchObject({ code: 'timed_out' });

    expect((await client.put(`/api/servers/${publicServer.id}/bans/${frank.id}`, { token: alice.token })).status).toBe(200);
    const banned = await uploadRaw(frankToken, general, 'x.txt', Buffer.from('x'));
    expect(banned.status).toBe(403);
    expect(problemOf(banned)).toMatchObject({ code: 'banned' });
    const read = await client.get(`/api/attachments/${file.id}`, { token: frankToken });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'unknown_attachment' });
  });

  it(`a user may hold ${MAX_PENDING_UPLOADS} pending uploads; one more is 429 until they send some`, async () => {
    const dave = { id: 'u_dave', name: 'Dave' };
    const token = await tokenFor(dave);
    await client.post(`/api/servers/${community.publicServer.id}/members`, { token });
    const held: Attachment[] = [];
    for (let index = 0; index < MAX_PENDING_UPLOADS; index++)
      held.push(await upload(token, community.general, `${index}.txt`, Buffer.from(`${index}`)));
    const refused = await uploadRaw(token, community.general, 'one-more.txt', Buffer.from('x'));
    expect(refused.status).toBe(429);
    expect(problemOf(refused)).toMatchObject({ code: 'rate_limited' });
    expect((await post(token, community.general, { attachments: held.slice(0, 2).map((file) => file.id) })).status).toBe(201);
    expect((await uploadRaw(token, community.general, 'one-more.txt', Buffer.from('x'))).status).toBe(201);
  });
});

describe('bad sends', () => {
  it(`more than ${MAX_ATTACHMENTS} files is 400 invalid_input on attachments, over REST and the socket, and nothing is stored`, async () => {
    const { bob, general } = community;
    const ids = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, index) => `a_${index}`);
    const before = await client.get<{ messages: Message[] }>(`/api/channels/${general}/messages?limit=1`, { token: bob.token });
    const rest = await post(bob.token, general, { content: 'many', attachments: ids });
    expect(rest.status).toBe(400);
    expect(rest.body).toMatchObject({ code: 'invalid_input', field: 'attachments' });
    const socket = await sockets.connect(bob.token);
    socket.send({ type: 'send', channelId: general, clientId: 'too-many', content: 'many', attachments: ids });
    const error = await socket.next('error', (frame) => frame.ref === 'too-many');
    expect(error).toMatchObject({ code: 'invalid_input', field: 'attachments' });
    const after = await client.get<{ messages: Message[] }>(`/api/channels/${general}/messages?limit=1`, { token: bob.token });
    expect(after.body.messages[0]?.id).toBe(before.body.messages[0]?.id);
  });

  it('the same file twice is 400 invalid_input', async () => {
    const file = await upload(community.bob.token, community.general, 'twice.txt', Buffer.from('x'));
    const res = await post(community.bob.token, community.general, { attachments: [file.id, file.id] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', field: 'attachments' });
  });

  it('no text and no file is still refused as blank', async () => {
    const res = await post(community.bob.token, community.general, { content: ' ', attachments: [] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', field: 'content' });
  });

  it.each([
    ['an unknown id', async () => 'a_doesNotExist000000'],
    ['another user’s upload', async () => (await upload(community.alice.token, community.general, 'alice.txt', Buffer.from('a'))).id],
    ['an upload to another channel', async () => (await upload(community.bob.token, community.random, 'random.txt', Buffer.from('r'))).id],
    [
      'an upload sent already',
      async () => {
        const file = await upload(community.bob.token, community.general, 'sent.txt', Buffer.from('s'));
        await post(community.bob.token, community.general, { attachments: [file.id] });
        return file.id;
      },
    ],
  ])('%s is 404 unknown_attachment over REST and the socket, and the send is not stored', async (_case, make) => {
    const { bob, general } = community;
    const id = await make();
    const rest = await post(bob.token, general, { content: 'with a file', attachments: [id] });
    expect(rest.status).toBe(404);
    expect(rest.body).toMatchObject({ code: 'unknown_attachment', field: 'attachments' });
    const socket = await sockets.connect(bob.token);
    const clientId = `bad-${id}`;
    socket.send({ type: 'send', channelId: general, clientId, content: 'with a file', attachments: [id] });
    expect(await socket.next('error', (frame) => frame.ref === clientId)).toMatchObject({ code: 'unknown_attachment' });
    const stored = await client.get<{ messages: Message[] }>(`/api/channels/${general}/messages?limit=5`, { token: bob.token });
    expect(stored.body.messages.some((message) => message.content === 'with a file')).toBe(false);
  });
});

describe('a private server’s files', () => {
  it('are read by its members only: a non-member gets 404, no token 401', async () => {
    const { alice, bob, carol, secret } = community;
    const file = await upload(alice.token, secret, 'plans.pdf', PDF);
    expect((await post(alice.token, secret, { content: 'plans', attachments: [file.id] })).status).toBe(201);
    expect((await fetchFile(file.id, alice.token)).res.status).toBe(200);
    for (const outsider of [bob, carol]) {
      const res = await client.get(`/api/attachments/${file.id}`, { token: outsider.token });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'unknown_attachment' });
    }
    // Knowing the entity tag gains nothing either: access is checked before freshness.
    expect((await fetchFile(file.id, carol.token, { 'if-none-match': `"${file.id}"` })).res.status).toBe(404);
    const anonymous = await client.get(`/api/attachments/${file.id}`);
    expect(anonymous.status).toBe(401);
  });
});
