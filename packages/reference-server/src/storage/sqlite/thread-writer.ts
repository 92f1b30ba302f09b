import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AsyncGroupCommit } from '../async-group-commit.js';
import type { MessageWriter } from './message-writer.js';
import { type MessageWrite, type WriteOutcome, type WriteResult, settle } from './message-writes.js';
import type { WriterReply, WriterRequest, WriterSettings } from './writer-protocol.js';

/**
 * The most writes one batch carries: a burst is committed in a few transactions of this size
 * rather than one that holds the write lock (and the replies) for long.
 */
const MAX_BATCH = 1000;

/**
 * The ESM entry of tsx's API, found from this module rather than from the working directory (which
 * may lie outside the repository): its CommonJS twin cannot be imported.
 */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx has no ESM API entry');
  return new URL(entry, pathToFileURL(manifest)).href;
}

/**
 * Starts the writer thread. Run from the TypeScript sources (tests, `tsx`), the thread has no
 * loader of its own: it registers tsx before it imports the worker module.
 */
function startWorker(settings: WriterSettings): Worker {
  const url = new URL(import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './writer-worker.js', import.meta.url);
  if (url.pathname.endsWith('.js')) return new Worker(url, { workerData: settings });
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: settings });
}

/**
 * A {@link MessageWriter} whose transactions run on a thread of their own, on a connection of
 * their own (WAL lets the event loop's connection read meanwhile). One batch is in flight at a
 * time; the writes submitted while it commits go together in the next. A write resolves only
 * when the thread replied that the transaction holding it committed, so an ack still means the
 * message is durable; the event loop meanwhile goes on delivering, instead of waiting for the disk.
 */
export function createThreadWriter(settings: WriterSettings): MessageWriter {
  const worker = startWorker(settings);
  const waiting = new Map<number, (outcomes: WriteOutcome[]) => void>();
  let nextId = 0;
  let failure: Error | undefined;
  let closing = false;

  const fail = (error: Error) => {
    failure ??= error;
    for (const [id, answer] of waiting) {
      waiting.delete(id);
      answer([]);
    }
  };
  worker.on('message', (reply: WriterReply) => {
    const answer = waiting.get(reply.id);
    waiting.delete(reply.id);
    answer?.(reply.outcomes);
  });
  worker.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!closing || code !== 0) fail(new Error(`the SQLite writer thread exited (${code})`));
      resolve();
    }),
  );

  const commitBatch = (writes: MessageWrite[]) =>
    new Promise<Array<{ ok: true; value: WriteResult } | { ok: false; error: unknown }>>((resolve) => {
      const failed = () => writes.map(() => ({ ok: false as const, error: failure }));
      if (failure) return resolve(failed());
      const id = nextId++;
      waiting.set(id, (outcomes) => resolve(failure && outcomes.length === 0 ? failed() : outcomes.map(settle)));
      worker.postMessage({ type: 'batch', id, writes } satisfies WriterRequest);
    });
  const commits = new AsyncGroupCommit<MessageWrite, WriteResult>(commitBatch, MAX_BATCH);

  return {
    submit<W extends MessageWrite>(write: W) {
      return commits.submit(write) as Promise<WriteResult<W['kind']>>;
    },
    async close() {
      await commits.drained();
      closing = true;
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
      failure ??= new Error('the SQLite writer is closed');
    },
  };
}
