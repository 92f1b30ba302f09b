/**
 * The writer thread of the SQLite storage (see `thread-writer.ts`): it owns a connection of its
 * own and commits the batches it is sent, one after another, so the commits and their fsyncs
 * happen off the event loop. It also keeps the search index caught up, for the same reason.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSqliteAttachments } from './attachments.js';
import { createMessageStore } from './message-store.js';
import { createWriteBatch, outcomeOfError } from './message-writes.js';
import { openDatabase } from './open-database.js';
import { CATCH_UP_MS, createSearchCatchUp } from './search-catch-up.js';
import type { WriterReply, WriterRequest, WriterSettings } from './writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('writer-worker runs as a worker thread');
const settings = workerData as WriterSettings;
const db = openDatabase(settings.path, settings.synchronous);
const runBatch = createWriteBatch(db, createMessageStore(db, createSqliteAttachments(db)));
const catchUp = createSearchCatchUp(db);
const timer = setInterval(() => {
  try {
    catchUp();
  } catch {
    // The index stays behind only until the next try, a second later, or the next search.
  }
}, CATCH_UP_MS);

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    clearInterval(timer);
    catchUp();
    db.close();
    port.close();
    return;
  }
  let outcomes;
  try {
    outcomes = runBatch(request.writes);
  } catch (error) {
    // The transaction itself failed (the disk, the lock): nothing of the batch was committed.
    const failed = outcomeOfError(error);
    outcomes = request.writes.map(() => failed);
  }
  port.postMessage({ id: request.id, outcomes } satisfies WriterReply);
});
