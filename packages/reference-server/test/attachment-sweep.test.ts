import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalBlobStore } from '../src/blobs/local-blob-store.js';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/domain/ids.js';
import type { Attachment, User } from '../src/domain/types.js';
import { AttachmentSweeper } from '../src/services/attachment-sweeper.js';
import { openStorage } from '../src/storage/open-storage.js';
import type { Storage } from '../src/storage/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { TEST_CATEGORY, type TestServer, makeDataDir, prepareEnvironment, startTestServer } from './support/test-server.js';
import { releaseStorage } from './support/test-storage.js';

const HOUR = 3_600_000;

describe('the sweeper started with the server', () => {
  let server: TestServer;
  let community: Community;

  // Every upload is stale at once here, and sweeps come quickly.
  beforeAll(async () => {
    server = await startTestServer({ HEARTH_PENDING_UPLOAD_TTL_MS: '1', HEARTH_ATTACHMENT_SWEEP_MS: '20' });
    community = await createCommunity(server);
  });
  afterAll(() => server.stop());

  it('removes an upload no message named, with its bytes', async () => {
    const client = api(server.url);
    const res = await client.post<Attachment>(`/api/channels/${community.general}/attachments?name=stale.txt`, {
      token: community.bob.token,
      body: Buffer.from('never sent'),
    });
    expect(res.status).toBe(201);
    const blobs = new LocalBlobStore(path.join(server.dataDir, 'attachments'));
    await vi.waitFor(
      async () => {
        expect(await server.storage.attachments.get(res.body.id)).toBeUndefined();
        expect(existsSync(blobs.pathOf(res.body.id))).toBe(false);
      },
      { timeout: 20_000, interval: 20 },
    );
    expect((await client.get(`/api/attachments/${res.body.id}`, { token: community.bob.token })).status).toBe(404);
  });
});

describe('a sweep', () => {
  const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: null };
  let dataDir: string;
  let storage: Storage;
  let blobs: LocalBlobStore;
  let serverId: string;
  let general: string;

  beforeAll(async () => {
    dataDir = makeDataDir();
    storage = await openStorage(loadConfig(await prepareEnvironment(dataDir)).database, pino({ level: 'silent' }));
    blobs = new LocalBlobStore(path.join(dataDir, 'attachments'));
    const server = await storage.servers.create({
      name: 'Sweep',
      description: '',
      categoryId: TEST_CATEGORY,
      owner: ada,
      visibility: 'public',
      firstChannel: { name: 'general', topic: '' },
    });
    serverId = server.id;
    general = server.channels[0]?.id as string;
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
    await releaseStorage(dataDir);
  });

  const stored = async (content: string) => {
    const id = newId('a');
    await blobs.put(id, Buffer.from(content));
    return storage.attachments.create({
      id,
      channelId: general,
      serverId,
      uploaderId: ada.id,
      name: `${content}.txt`,
      contentType: 'text/plain; charset=utf-8',
      size: content.length,
    });
  };

  it('removes the uploads older than the time limit with their bytes, and keeps sent and newer ones', async () => {
    const stale = await Promise.all(Array.from({ length: 130 }, (_, index) => stored(`stale-${index}`)));
    const sent = await stored('sent');
    await storage.messages.append({ channelId: general, author: ada, clientId: null, content: 'kept', attachments: [sent.id] });
    const sweepAt = (now: number) =>
      new AttachmentSweeper(storage, blobs, { pendingUploadTtlMs: HOUR, sweepMs: HOUR, onError: () => undefined, now: () => now });

    expect(await sweepAt(Date.now()).sweep()).toBe(0);
    // Past the hour: every pending upload goes, over more than one batch.
    expect(await sweepAt(Date.now() + 2 * HOUR).sweep()).toBe(stale.length);
    for (const file of stale) expect(existsSync(blobs.pathOf(file.id))).toBe(false);
    expect(await storage.attachments.get(stale[0]?.id as string)).toBeUndefined();
    expect(existsSync(blobs.pathOf(sent.id))).toBe(true);
    expect((await storage.attachments.get(sent.id))?.messageId).not.toBeNull();
  });
});
