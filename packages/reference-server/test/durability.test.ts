import { CloseCode } from '@hearth/sdk/protocol';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Community, createCommunity } from './support/community.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';
import { fullHistory } from './support/full-history.js';
import { TestSocket } from './support/socket-client.js';
import { makeDataDir, prepareEnvironment } from './support/test-server.js';
import { releaseStorage } from './support/test-storage.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A data directory with the test category in its database (a SQLite file there, or a PostgreSQL
 * database of its own), and the environment to serve it.
 */
async function prepare(): Promise<Record<string, string>> {
  const dataDir = makeDataDir();
  cleanups.push(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await releaseStorage(dataDir);
  });
  return prepareEnvironment(dataDir, {
    HEARTH_SQLITE_SYNC: 'full',
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
  });
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer(env);
  cleanups.push(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

/** Sends from each socket every few milliseconds until stopped. */
function keepSending(sockets: TestSocket[], channelId: string): () => void {
  let count = 0;
  const timer = setInterval(() => {
    for (const [index, socket] of sockets.entries()) {
      if (socket.ws.readyState !== socket.ws.OPEN) continue;
      socket.send({ type: 'send', channelId, clientId: `s${index}-${count}`, content: `message ${count} from ${index}` });
    }
    count++;
  }, 2);
  return () => clearInterval(timer);
}

async function senders(server: ServerProcess, community: Community): Promise<TestSocket[]> {
  return Promise.all([community.alice, community.bob].map((member) => TestSocket.connect(server.socketUrl, member.token)));
}

describe('acked means durable', () => {
  it('keeps every acked message, with its seq, after the process is killed with SIGKILL mid-stream', async () => {
    const env = await prepare();
    const first = await start(env);
    const community = await createCommunity(first);
    const sockets = await senders(first, community);
    const stop = keepSending(sockets, community.general);
    await Promise.all(sockets.map((socket) => socket.waitForCount('ack', 150)));
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    stop();
    await Promise.all(sockets.map((socket) => socket.closed));
    const acked = sockets.flatMap((socket) => socket.all('ack').map((frame) => frame.message));
    expect(acked.length).toBeGreaterThanOrEqual(300);

    const second = await start(env);
    const stored = await fullHistory(second.url, community.general, community.alice.token);
    const byId = new Map(stored.map((message) => [message.id, message]));
    for (const message of acked) expect(byId.get(message.id)).toEqual(message);
    expect(stored.map((message) => message.seq)).toEqual(stored.map((_, index) => index + 1));
    // Two server processes start one after the other: on a loaded machine each start alone can take
    // several seconds, so this test gets the time of two.
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the writes in flight, closes sockets with 1001 and exits 0', async () => {
    const env = await prepare();
    const first = await start(env);
    const community = await createCommunity(first);
    const sockets = await senders(first, community);
    const stop = keepSending(sockets, community.general);
    await Promise.all(sockets.map((socket) => socket.waitForCount('ack', 50)));
    first.child.kill('SIGTERM');
    const closes = await Promise.all(sockets.map((socket) => socket.closed));
    stop();
    expect(closes.map((close) => close.code)).toEqual([CloseCode.goingAway, CloseCode.goingAway]);
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const acked = sockets.flatMap((socket) => socket.all('ack').map((frame) => frame.message));
    const second = await start(env);
    const stored = await fullHistory(second.url, community.general, community.alice.token);
    // Nothing was stored without its ack reaching the sender, and nothing acked was lost.
    expect(new Set(stored.map((message) => message.id))).toEqual(new Set(acked.map((message) => message.id)));
  });
});
