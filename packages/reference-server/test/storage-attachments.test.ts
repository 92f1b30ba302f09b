import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/domain/ids.js';
import type { User } from '../src/domain/types.js';
import { AppendRefusal } from '../src/storage/append-refusal.js';
import { openStorage } from '../src/storage/open-storage.js';
import type { NewAttachment, Storage } from '../src/storage/types.js';
import { TEST_CATEGORY, makeDataDir, prepareEnvironment } from './support/test-server.js';
import { TEST_ENGINE, releaseStorage } from './support/test-storage.js';

const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob: User = { id: 'u_bob', name: 'Bob', avatarUrl: null };

let dataDir: string;
let first: Storage;
let second: Storage;
let serverId: string;
let general: string;
let other: string;

// Two storages on one database, as two processes hold it: what one commits, the other sees.
beforeAll(async () => {
  dataDir = makeDataDir();
  const { database } = loadConfig(await prepareEnvironment(dataDir));
  const silent = pino({ level: 'silent' });
  [first, second] = await Promise.all([openStorage(database, silent), openStorage(database, silent)]);
  const server = await first.servers.create({
    name: 'Files',
    description: '',
    categoryId: TEST_CATEGORY,
    owner: ada,
    visibility: 'public',
    firstChannel: { name: 'general', topic: '' },
  });
  await first.users.upsert(bob);
  serverId = server.id;
  general = server.channels[0]?.id as string;
  const created = await first.channels.create({ serverId, name: 'other', topic: '' });
  if (!('created' in created)) throw new Error('could not create a channel');
  other = created.created.id;
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  rmSync(dataDir, { recursive: true, force: true });
  await releaseStorage(dataDir);
});

const upload = (uploader: User, channelId: string, overrides: Partial<NewAttachment> = {}) =>
  first.attachments.create({
    id: newId('a'),
    channelId,
    serverId,
    uploaderId: uploader.id,
    name: 'photo.png',
    contentType: 'image/png',
    size: 1234,
    width: 40,
    height: 30,
    ...overrides,
  });

describe.each([TEST_ENGINE])('Storage contract: attachments on %s', () => {
  it('records an upload as pending, with its url, and counts it among the uploader’s pending ones', async () => {
    const before = await first.attachments.pendingCount(bob.id);
    const created = await upload(bob, general);
    expect(created).toMatchObject({
      channelId: general,
      serverId,
      uploaderId: bob.id,
      messageId: null,
      name: 'photo.png',
      contentType: 'image/png',
      size: 1234,
      width: 40,
      height: 30,
      url: `/api/attachments/${created.id}`,
    });
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
    expect(await second.attachments.get(created.id)).toEqual(created);
    expect(await second.attachments.pendingCount(bob.id)).toBe(before + 1);
  });

  it('attaches the files of a send in order, and every read of the message carries them', async () => {
    const [one, two] = [
      await upload(ada, general, { name: 'one.pdf', contentType: 'application/pdf', width: null, height: null }),
      await upload(ada, general),
    ];
    const sent = await first.messages.append({
      channelId: general,
      author: ada,
      clientId: 'files-1',
      content: '',
      attachments: [two.id, one.id],
    });
    expect(sent.message.attachments.map((file) => file.id)).toEqual([two.id, one.id]);
    expect(sent.message.attachments[1]).toEqual({
      id: one.id,
      name: 'one.pdf',
      contentType: 'application/pdf',
      size: 1234,
      url: `/api/attachments/${one.id}`,
      width: null,
      height: null,
    });
    const id = sent.message.id;
    const ids = (files: { id: string }[] | undefined) => files?.map((file) => file.id);
    expect(ids((await second.messages.get(general, id))?.attachments)).toEqual([two.id, one.id]);
    expect(ids((await second.messages.page(general, { limit: 50 })).messages.find((m) => m.id === id)?.attachments)).toEqual([
      two.id,
      one.id,
    ]);
    expect(ids((await second.messages.changesAfter(general, 0, 100)).messages.find((m) => m.id === id)?.attachments)).toEqual([
      two.id,
      one.id,
    ]);
    expect(ids((await second.messages.byClientId(ada.id, 'files-1'))?.attachments)).toEqual([two.id, one.id]);
    expect((await second.attachments.get(one.id))?.messageId).toBe(id);

    const repeat = await second.messages.append({ channelId: general, author: ada, clientId: 'files-1', content: '', attachments: [] });
    expect(repeat.duplicate).toBe(true);
    expect(ids(repeat.message.attachments)).toEqual([two.id, one.id]);
  });

  it('a page of many messages reads each one’s own files', async () => {
    const sent = [];
    for (let index = 0; index < 3; index++) {
      const file = await upload(ada, other, { name: `f${index}.png` });
      sent.push(
        (await first.messages.append({ channelId: other, author: ada, clientId: null, content: `${index}`, attachments: [file.id] }))
          .message,
      );
    }
    const plain = await first.messages.append({ channelId: other, author: ada, clientId: null, content: 'no files' });
    const page = await second.messages.page(other, { limit: 10 });
    expect(page.messages.map((message) => message.attachments.map((file) => file.name))).toEqual([['f0.png'], ['f1.png'], ['f2.png'], []]);
    expect(plain.message.attachments).toEqual([]);
  });

  it.each([
    ['another user’s upload', () => upload(bob, general)],
    ['an upload to another channel', () => upload(ada, other)],
    ['an unknown id', async () => ({ id: 'a_missing' })],
  ])('refuses %s with unknown_attachment and stores nothing', async (_case, make) => {
    const file = await make();
    const channelId = general;
    const lastSeq = await first.messages.lastSeq(channelId);
    const refused = first.messages.append({ channelId, author: ada, clientId: null, content: 'x', attachments: [file.id] });
    await expect(refused).rejects.toEqual(new AppendRefusal('unknown_attachment'));
    await expect(refused).rejects.toMatchObject({ reason: 'unknown_attachment' });
    expect(await first.messages.lastSeq(channelId)).toBe(lastSeq);
  });

  it('gives an upload named by two concurrent sends to one of them; the other is refused and takes no seq', async () => {
    const file = await upload(ada, general);
    const lastSeq = await first.messages.lastSeq(general);
    const outcomes = await Promise.allSettled([
      first.messages.append({ channelId: general, author: ada, clientId: null, content: 'a', attachments: [file.id] }),
      second.messages.append({ channelId: general, author: ada, clientId: null, content: 'b', attachments: [file.id] }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ reason: 'unknown_attachment' });
    expect(await first.messages.lastSeq(general)).toBe(lastSeq + 1);
    // An already sent upload is refused too.
    await expect(
      first.messages.append({ channelId: general, author: ada, clientId: null, content: 'c', attachments: [file.id] }),
    ).rejects.toMatchObject({ reason: 'unknown_attachment' });
  });

  it('a delete removes the files’ rows with the message: the tombstone carries none', async () => {
    const file = await upload(ada, general);
    const sent = await first.messages.append({ channelId: general, author: ada, clientId: null, content: 'bye', attachments: [file.id] });
    const tombstone = await second.messages.change({ kind: 'delete', channelId: general, messageId: sent.message.id });
    expect(tombstone?.deleted).toBe(true);
    expect(tombstone?.attachments).toEqual([]);
    expect(await first.attachments.get(file.id)).toBeUndefined();
  });

  it('removes only the uploader’s own pending upload, once', async () => {
    const file = await upload(bob, general);
    expect(await first.attachments.removePending(file.id, ada.id)).toBeUndefined();
    expect((await second.attachments.removePending(file.id, bob.id))?.id).toBe(file.id);
    expect(await first.attachments.removePending(file.id, bob.id)).toBeUndefined();
    const sent = await upload(ada, general);
    await first.messages.append({ channelId: general, author: ada, clientId: null, content: 'kept', attachments: [sent.id] });
    expect(await first.attachments.removePending(sent.id, ada.id)).toBeUndefined();
    expect(await first.attachments.get(sent.id)).toBeDefined();
  });

  it('removes stale pending uploads oldest first in bounded batches, never a sent one, each once across two storages', async () => {
    // Whatever earlier tests left pending goes first, so the count below is this test's own.
    while ((await first.attachments.removeStale(new Date(Date.now() + 1000), 100)).length > 0);
    const stale = [await upload(bob, general), await upload(bob, general), await upload(bob, other)];
    const sent = await upload(bob, general);
    await first.messages.append({ channelId: general, author: bob, clientId: null, content: 'kept', attachments: [sent.id] });
    const cutoff = new Date(Date.now() + 1000);
    const fresh = await upload(bob, general, {});
    const [a, b] = await Promise.all([first.attachments.removeStale(cutoff, 2), second.attachments.removeStale(cutoff, 2)]);
    const rest = await first.attachments.removeStale(cutoff, 2);
    const removed = [...a, ...b, ...rest].map((file) => file.id);
    expect(a.length).toBeLessThanOrEqual(2);
    expect(b.length).toBeLessThanOrEqual(2);
    // `fresh` was made before the cutoff too (it is in the future): what matters is no row twice and no sent one.
    expect(new Set(removed).size).toBe(removed.length);
    expect(removed).toEqual(expect.arrayContaining(stale.map((file) => file.id)));
    expect(removed).not.toContain(sent.id);
    expect(await first.attachments.get(sent.id)).toBeDefined();
    expect(removed.filter((id) => id === fresh.id).length).toBeLessThanOrEqual(1);
    expect(await first.attachments.removeStale(new Date(0), 10)).toEqual([]);
  });

  it('lists every file of a channel, sent or pending; a channel delete removes their rows', async () => {
    const created = await first.channels.create({ serverId, name: 'doomed', topic: '' });
    if (!('created' in created)) throw new Error('could not create a channel');
    const doomed = created.created.id;
    const pending = await upload(bob, doomed);
    const sent = await upload(ada, doomed);
    await first.messages.append({ channelId: doomed, author: ada, clientId: null, content: 'x', attachments: [sent.id] });
    expect((await second.attachments.idsInChannel(doomed)).sort()).toEqual([pending.id, sent.id].sort());
    expect(await first.channels.delete(doomed)).toBe(true);
    expect(await second.attachments.get(pending.id)).toBeUndefined();
    expect(await second.attachments.get(sent.id)).toBeUndefined();
    expect(await second.attachments.idsInChannel(doomed)).toEqual([]);
  });
});
