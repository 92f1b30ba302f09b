// @hearth/sdk/attachments and sends with files against a real server: uploads, sends that carry
// them to another client, the bytes fetched back with the token, private servers' files kept from
// strangers, and refusals as the SDK's errors.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchAttachment, removeUpload, uploadAttachment, type UploadProgress } from '../src/attachments.js';
import { type Attachment, type ChatClient, ChatApiError, ChatSocketError, isPending } from '../src/index.js';
import { TestXMLHttpRequest } from '../src/xhr.test-support.js';
import {
  type Community,
  GENEROUS_LIMITS,
  type TestServer,
  closeClients,
  createCommunity,
  gradientPng,
  nodeClient,
  pngHeader,
  startTestServer,
  until,
} from './support.js';

const MAX_BYTES = 64 * 1024;
let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({ ...GENEROUS_LIMITS, HEARTH_MAX_ATTACHMENT_BYTES: String(MAX_BYTES) });
  community = await createCommunity(server, 'at');
});
/** Unbinds run after each test. */
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  closeClients();
  vi.unstubAllGlobals();
});
afterAll(() => server.stop());

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** A client as `token` watching `channelId`, once its history is loaded and its socket open. */
async function watching(token: string, channelId: string): Promise<ChatClient> {
  const chat = nodeClient(server.url, { token });
  const channel = chat.channel(channelId);
  stops.push(channel.$messages.listen(() => {}));
  await until(channel.$status, (status) => status.state === 'ready');
  await until(chat.$connection, (state) => state === 'open');
  return chat;
}

describe('files from one client to another', () => {
  it('uploads with progress, sends, and the other client receives the files and fetches the same bytes', async () => {
    const alice = await watching(community.alice.token, community.general);
    const bob = await watching(community.bob.token, community.general);
    const png = gradientPng(32, [255, 120, 0], [0, 80, 255]);
    const progress: UploadProgress[] = [];

    const image = await uploadAttachment(alice, community.general, new File([new Uint8Array(png)], 'sunset.png'), {
      onProgress: (step) => progress.push(step),
    });
    const pdf = await uploadAttachment(alice, community.general, PDF, { name: 'notes.pdf' });
    expect(progress).toEqual([{ loaded: png.byteLength, total: png.byteLength }]);
    expect(image).toMatchObject({ name: 'sunset.png', contentType: 'image/png', size: png.byteLength, width: 32, height: 32 });
    expect(pdf).toMatchObject({ name: 'notes.pdf', contentType: 'application/pdf', width: null, height: null });

    const general = alice.channel(community.general);
    const sending = general.send('', { attachments: [image, pdf] });
    const pending = general.$messages.get().at(-1);
    expect(pending && isPending(pending) && pending.attachments).toEqual([image, pdf]);
    const sent = await sending;
    expect(sent.attachments).toEqual([image, pdf]);

    const rows = await until(bob.channel(community.general).$messages, (all) => all.some((row) => row.id === sent.id));
    const received = rows.find((row) => row.id === sent.id);
    expect(received?.content).toBe('');
    expect(received?.attachments).toEqual([image, pdf]);
    const [first, second] = received?.attachments as [Attachment, Attachment];
    const picture = await fetchAttachment(bob, first);
    expect(picture.type).toBe('image/png');
    expect(await bytesOf(picture)).toEqual(new Uint8Array(png));
    expect(await bytesOf(await fetchAttachment(bob, second))).toEqual(PDF);
  });

  it('reports progress as the body goes out where there is XMLHttpRequest, refreshing a refused token once', async () => {
    vi.stubGlobal('XMLHttpRequest', TestXMLHttpRequest);
    const tokens = ['not-a-token', community.alice.token];
    const getToken = vi.fn(async () => tokens.shift() ?? community.alice.token);
    const alice = nodeClient(server.url, { getToken });
    const png = gradientPng(16, [0, 0, 0], [255, 255, 255]);
    const progress: UploadProgress[] = [];

    const stored = await uploadAttachment(alice, community.general, png, { name: 'dusk.png', onProgress: (step) => progress.push(step) });

    expect(stored).toMatchObject({ name: 'dusk.png', contentType: 'image/png', width: 16, height: 16 });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(progress.at(-1)).toEqual({ loaded: png.byteLength, total: png.byteLength });
    expect(progress.length).toBeGreaterThan(1);
    expect(await bytesOf(await fetchAttachment(alice, stored))).toEqual(new Uint8Array(png));
  });

  it('posts files over REST too, as a bot would', async () => {
    const bot = nodeClient(server.url, { token: community.bob.token });
    const pdf = await uploadAttachment(bot, community.general, PDF, { name: 'report.pdf' });

    const posted = await bot.messages.post(community.general, { content: 'the weekly report', attachments: [pdf.id] });

    expect(posted.attachments).toEqual([pdf]);
  });
});

describe("a private server's files", () => {
  it('are fetched by its members and refused to anyone else, as if they did not exist', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const carol = nodeClient(server.url, { token: community.carol.token });
    const secret = await uploadAttachment(alice, community.secret, PDF, { name: 'plans.pdf' });
    const sent = await alice.messages.post(community.secret, { content: 'the plans', attachments: [secret.id] });
    const [file] = sent.attachments as [Attachment];

    expect(await bytesOf(await fetchAttachment(alice, file))).toEqual(PDF);
    const refused = await fetchAttachment(carol, file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ status: 404, code: 'unknown_attachment' });
  });

  it('cannot be uploaded by a stranger, to whom the channel does not exist', async () => {
    const carol = nodeClient(server.url, { token: community.carol.token });

    const refused = await uploadAttachment(carol, community.secret, PDF, { name: 'x.pdf' }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ status: 404, code: 'unknown_channel' });
  });
});

describe('refusals', () => {
  it('rejects a file over the size limit and a picture of too many pixels with payload_too_large', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });

    const tooBig = await uploadAttachment(alice, community.general, new Uint8Array(MAX_BYTES + 1), { name: 'big.bin' }).catch(
      (error: unknown) => error,
    );
    const bomb = await uploadAttachment(alice, community.general, pngHeader(30000, 30000), { name: 'bomb.png' }).catch(
      (error: unknown) => error,
    );

    expect(tooBig).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(bomb).toBeInstanceOf(ChatApiError);
    expect(bomb).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('fails a send whose upload was removed with unknown_attachment, and a retry names the same file', async () => {
    const alice = await watching(community.alice.token, community.random);
    const upload = await uploadAttachment(alice, community.random, PDF, { name: 'gone.pdf' });
    await removeUpload(alice, upload.id);
    const random = alice.channel(community.random);

    const refused = await random.send('with a removed file', { attachments: [upload] }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ChatSocketError);
    expect(refused).toMatchObject({ code: 'unknown_attachment' });
    const failed = random.$messages.get().find((row) => isPending(row) && row.state === 'failed');
    expect(failed && isPending(failed) && failed.attachments).toEqual([upload]);
    const again = await random.retry((failed as { clientId: string }).clientId).catch((error: unknown) => error);
    expect(again).toMatchObject({ code: 'unknown_attachment' });
  });

  it('refuses to remove an upload twice', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const upload = await uploadAttachment(alice, community.general, PDF, { name: 'once.pdf' });

    await removeUpload(alice, upload.id);

    await expect(removeUpload(alice, upload.id)).rejects.toMatchObject({ status: 404, code: 'unknown_attachment' });
  });
});
