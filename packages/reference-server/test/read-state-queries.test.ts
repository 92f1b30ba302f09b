import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, createCommunity } from './support/community.js';
import { freshServer, postMessage, stateOf } from './support/read-state-fixtures.js';
import { TestSocket } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let owner: Member;

/**
 * Counts every statement the storage runs, whichever engine: the server runs in this process, so
 * the drivers' own entry points are wrapped (better-sqlite3's statement calls, pg's client query).
 */
function countQueries(): { readonly count: number; stop(): void } {
  let count = 0;
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const clientProto = pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const wrapped: Array<[Record<string, (...args: unknown[]) => unknown>, string, (...args: unknown[]) => unknown]> = [];
  const wrap = (target: Record<string, (...args: unknown[]) => unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    wrapped.push([target, name, original]);
    target[name] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  };
  for (const name of ['all', 'get', 'run', 'iterate']) wrap(statement, name);
  wrap(clientProto, 'query');
  return {
    get count() {
      return count;
    },
    stop() {
      for (const [target, name, original] of wrapped) target[name] = original;
    },
  };
}

/** How many statements the storage ran between `hello` and `ready` for `token`, and the ready frame. */
async function queriesAtReady(token: string) {
  const socket = new TestSocket(server.socketUrl);
  await socket.open();
  const counter = countQueries();
  try {
    socket.send({ type: 'hello', token, protocol: 1 });
    const ready = await socket.next('ready');
    return { queries: counter.count, ready };
  } finally {
    counter.stop();
    await socket.close();
  }
}

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000', HEARTH_USER_MESSAGES_PER_WINDOW: '100000' });
  owner = (await createCommunity(server, 'q')).alice;
});
afterAll(() => server.stop());

describe('read states at ready', () => {
  it('costs the same bounded number of queries for a user in 100 channels as for a user in one', { timeout: 60_000 }, async () => {
    const reader = { id: 'q_reader', name: 'Reader', token: await tokenFor({ id: 'q_reader', name: 'Reader' }) };
    const loner = { id: 'q_loner', name: 'Loner', token: await tokenFor({ id: 'q_loner', name: 'Loner' }) };
    // Ten servers of ten channels each, so the counts are grouped across servers as well as channels.
    const servers = await Promise.all(Array.from({ length: 10 }, () => freshServer(server.url, owner, [reader], 9)));
    const channelIds = servers.flatMap((each) => each.channelIds);
    expect(channelIds).toHaveLength(100);
    await freshServer(server.url, owner, [loner]);
    const busy = channelIds[42] as string;
    await postMessage(server.url, owner, busy, 'one');
    await postMessage(server.url, owner, busy, `two <@${reader.id}>`);
    await postMessage(server.url, owner, channelIds[99] as string, 'elsewhere');

    const many = await queriesAtReady(reader.token);
    const one = await queriesAtReady(loner.token);
    expect(many.ready.readStates).toHaveLength(100);
    expect(one.ready.readStates).toHaveLength(1);
    expect(stateOf(many.ready.readStates, busy)).toMatchObject({ unread: 2, mentions: 1, lastSeq: 2 });
    expect(stateOf(many.ready.readStates, channelIds[99] as string)).toMatchObject({ unread: 1, mentions: 0 });
    // The memberships, then every channel's counts in one grouped statement.
    expect(many.queries).toBe(one.queries);
    expect(many.queries).toBe(2);
  });
});
