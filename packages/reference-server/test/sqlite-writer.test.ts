import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/types.js';
import { AppendRefusal } from '../src/storage/append-refusal.js';
import { createInlineWriter } from '../src/storage/sqlite/message-writer.js';
import { createSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { createThreadWriter } from '../src/storage/sqlite/thread-writer.js';
import type { Storage } from '../src/storage/types.js';

const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob: User = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const TSX = createRequire(import.meta.url).resolve('tsx');
const CHILD = fileURLToPath(new URL('./support/append-until-killed.ts', import.meta.url));

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-writer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'hearth.db');
}

/** A storage on a fresh file, with the writer asked for, a public server and two channels. */
async function freshStorage(file: string, writer: 'thread' | 'main'): Promise<{ storage: Storage; general: string; other: string }> {
  const storage = createSqliteStorage({ path: file, synchronous: 'full', writer });
  cleanups.push(() => storage.close());
  await storage.categories.create({ id: 'ct_test', name: 'Test', description: '', iconUrl: null });
  const server = await storage.servers.create({
    name: 'Writer',
    description: '',
    categoryId: 'ct_test',
    owner: ada,
    visibility: 'public',
    firstChannel: { name: 'general', topic: '' },
  });
  const created = await storage.channels.create({ serverId: server.id, name: 'other', topic: '' });
  if (!('created' in created)) throw new Error('could not create a channel');
  return { storage, general: server.channels[0]?.id as string, other: created.created.id };
}

// SQLite's own writer, on files of its own: it needs no service, so it runs in both server projects.
describe.each(['thread', 'main'] as const)('SQLite message writer (%s)', (writer) => {
  it('resolves each write only once another connection can read it, in the order submitted, with gap-free seqs per channel', async () => {
    const file = tempFile();
    const { storage, general, other } = await freshStorage(file, writer);
    const reader = new Database(file, { readonly: true });
    cleanups.push(() => {
      reader.close();
    });
    const committed = reader.prepare<[string], { seq: number }>('SELECT seq FROM messages WHERE id = ?');
    const resolvedOrder: string[] = [];
    const seqsAtResolve: Array<number | undefined> = [];
    const submitted = Array.from({ length: 300 }, (_, index) => ({
      channelId: index % 3 === 0 ? other : general,
      author: index % 2 === 0 ? ada : bob,
      clientId: `w${index}`,
      content: `message ${index}`,
    }));
    const results = await Promise.all(
      submitted.map((input) =>
        storage.messages.append(input).then((result) => {
          resolvedOrder.push(input.clientId);
          // Read at once, on a connection of the test's own: the commit came before the answer.
          seqsAtResolve.push(committed.get(result.message.id)?.seq);
          return result;
        }),
      ),
    );
    expect(seqsAtResolve).toEqual(results.map((result) => result.message.seq));
    expect(resolvedOrder).toEqual(submitted.map((input) => input.clientId));
    const seqsOf = (channelId: string) =>
      results.filter((result) => result.message.channelId === channelId).map((result) => result.message.seq);
    expect(seqsOf(other)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(seqsOf(general)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
  });

  it('refuses a write submitted after the writer closed, instead of leaving it waiting for ever', async () => {
    const file = tempFile();
    const { storage, general } = await freshStorage(file, writer);
    await storage.close();
    const closed = writer === 'thread' ? createThreadWriter({ path: file, synchronous: 'full' }) : createInlineWriter(() => []);
    await closed.close();
    const late = closed.submit({ kind: 'append', input: { channelId: general, author: ada, clientId: 'late', content: 'too late' } });
    await expect(late).rejects.toThrow('closed');
  });

  it('gives appends, edits and reactions queued together the seqs of the order they were submitted in', async () => {
    const { storage, general } = await freshStorage(tempFile(), writer);
    const first = await storage.messages.append({ channelId: general, author: ada, clientId: 'first', content: 'first' });
    const [second, edited, reacted, third] = await Promise.all([
      storage.messages.append({ channelId: general, author: bob, clientId: 'second', content: 'second' }),
      storage.messages.change({ kind: 'edit', channelId: general, messageId: first.message.id, content: 'first, edited' }, ada.id),
      storage.messages.react({ channelId: general, messageId: first.message.id, user: bob, emoji: '👍', added: true }),
      storage.messages.append({ channelId: general, author: ada, clientId: 'third', content: 'third' }),
    ]);
    expect([
      first.message.seq,
      second.message.seq,
      edited?.version,
      'message' in reacted && reacted.message.version,
      third.message.seq,
    ]).toEqual([1, 2, 3, 4, 5]);
    expect((await storage.messages.get(general, first.message.id))?.content).toBe('first, edited');
  });

  it('hands a refusal decided in the transaction back as an AppendRefusal with its reason, and stores the rest of the batch', async () => {
    const { storage, general } = await freshStorage(tempFile(), writer);
    const [refused, stored] = await Promise.allSettled([
      storage.messages.append({ channelId: general, author: ada, clientId: 'r', content: 'reply', replyTo: 'm_nowhere' }),
      storage.messages.append({ channelId: general, author: ada, clientId: 's', content: 'stored' }),
    ]);
    expect(refused.status === 'rejected' && refused.reason instanceof AppendRefusal && refused.reason.reason).toBe('unknown_reply');
    expect(stored.status === 'fulfilled' && stored.value.message.seq).toBe(1);
  });

  it("lets the event loop's own writes (joins, read marks, channels) go on while messages commit, losing none", async () => {
    const { storage, general } = await freshStorage(tempFile(), writer);
    const serverId = (await storage.channels.get(general))?.serverId as string;
    const members = Array.from({ length: 40 }, (_, index): User => ({ id: `u_m${index}`, name: `Member ${index}`, avatarUrl: null }));
    const appends = members.flatMap((member) =>
      Array.from({ length: 5 }, (_, index) =>
        storage.messages.append({ channelId: general, author: member, clientId: `${member.id}-${index}`, content: 'hello' }),
      ),
    );
    const others = members.map(async (member, index) => {
      await storage.servers.join(serverId, member);
      await storage.readStates.raise([{ userId: member.id, channelId: general, seq: index + 1 }]);
      return storage.channels.create({ serverId, name: `room-${index}`, topic: '' });
    });
    const [appended, created] = await Promise.all([Promise.all(appends), Promise.all(others)]);
    expect(appended.map((result) => result.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
    expect(created.every((result) => 'created' in result)).toBe(true);
    const page = await storage.servers.members(serverId, { online: [], prefix: '', limit: 100, offset: 0 });
    expect(page.members).toHaveLength(41);
  });
});

describe('SQLite writer thread and SIGKILL', () => {
  it('never resolves an append its process did not commit: every one acked before the kill is stored, with its seq, and seqs have no gap', async () => {
    const file = tempFile();
    const { storage, general } = await freshStorage(file, 'thread');
    await storage.close();
    cleanups.pop();
    const child = spawn(process.execPath, ['--import', TSX, '--conditions=source', CHILD], {
      env: { PATH: process.env.PATH ?? '', HEARTH_TEST_DB: file, HEARTH_TEST_CHANNEL: general, HEARTH_KILL_AFTER: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, exitSignal) => resolve(exitSignal)));
    expect(signal, output).toBe('SIGKILL');
    const acked = [...output.matchAll(/^acked (\S+) (\d+)$/gm)].map((match) => ({ id: match[1] as string, seq: Number(match[2]) }));
    expect(acked.length).toBeGreaterThanOrEqual(200);

    const reader = new Database(file, { readonly: true });
    cleanups.push(() => {
      reader.close();
    });
    const stored = reader
      .prepare<[string], { id: string; seq: number }>('SELECT id, seq FROM messages WHERE channel_id = ? ORDER BY seq')
      .all(general);
    const seqById = new Map(stored.map((row) => [row.id, row.seq]));
    for (const message of acked) expect(seqById.get(message.id)).toBe(message.seq);
    expect(stored.map((row) => row.seq)).toEqual(stored.map((_, index) => index + 1));
  });
});
