/**
 * Run as a child process by the SQLite writer test: appends to a channel without pause through the
 * writer thread, prints each append as it resolves (`acked <id> <seq>`, written synchronously so
 * that nothing printed is lost), and kills itself with SIGKILL after `HEARTH_KILL_AFTER` of them,
 * with more appends queued and in flight.
 */
import { writeSync } from 'node:fs';
import { createSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const file = process.env.HEARTH_TEST_DB ?? '';
const channelId = process.env.HEARTH_TEST_CHANNEL ?? '';
const killAfter = Number(process.env.HEARTH_KILL_AFTER ?? '100');
const storage = createSqliteStorage({ path: file, synchronous: 'full', writer: 'thread' });
const author = { id: 'u_crash', name: 'Crash', avatarUrl: null };
let acked = 0;
let sent = 0;
const sendSome = () => {
  for (let index = 0; index < 20; index++) {
    const clientId = `c${sent++}`;
    void storage.messages.append({ channelId, author, clientId, content: `message ${clientId}` }).then((result) => {
      writeSync(1, `acked ${result.message.id} ${result.message.seq}\n`);
      if (++acked === killAfter) process.kill(process.pid, 'SIGKILL');
    });
  }
  setImmediate(sendSome);
};
sendSome();
