import type { Message } from '@hearth/sdk/protocol';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { MESSAGE_QUERIES as POSTGRES_QUERIES } from '../src/storage/postgres/message-queries.js';
import { MESSAGE_QUERIES as SQLITE_QUERIES } from '../src/storage/sqlite/message-queries.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { TEST_ENGINE } from './support/test-storage.js';

const TOTAL = 10_000;

let server: TestServer;
let community: Community;
let page: (query: string) => Promise<{ status: number; body: { messages: Message[]; hasMore: boolean } }>;

beforeAll(async () => {
  server = await startTestServer();
  community = await createCommunity(server);
  const author = { id: community.alice.id, name: 'Alice', avatarUrl: null };
  // Appended concurrently, as a burst of sends would be: the group commit stores them in few transactions.
  await Promise.all(
    Array.from({ length: TOTAL }, (_, index) =>
      server.storage.messages.append({ channelId: community.general, author, clientId: `h-${index}`, content: `#${index + 1}` }),
    ),
  );
  const client = api(server.url, { token: community.bob.token });
  page = (query) => client.get(`/api/channels/${community.general}/messages?${query}`);
}, 60_000);
afterAll(() => server.stop());

const seqs = (messages: Message[]) => messages.map((message) => message.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('history paging on a channel of 10,000 messages', () => {
  it('returns the newest page by default, oldest first, with hasMore', async () => {
    const res = await page('');
    expect(seqs(res.body.messages)).toEqual(range(TOTAL - 49, TOTAL));
    expect(res.body.hasMore).toBe(true);
    expect(res.body.messages.at(-1)?.content).toBe(`#${TOTAL}`);
  });

  it('pages backwards with before, and says hasMore: false at the start', async () => {
    expect(seqs((await page('before=101&limit=100')).body.messages)).toEqual(range(1, 100));
    const first = await page('before=11&limit=10');
    expect(seqs(first.body.messages)).toEqual(range(1, 10));
    expect(first.body.hasMore).toBe(false);
    const partial = await page('before=6&limit=10');
    expect(seqs(partial.body.messages)).toEqual(range(1, 5));
    expect(partial.body.hasMore).toBe(false);
  });

  it('pages forwards with after, and says hasMore: false at the end', async () => {
    const res = await page('after=5000&limit=20');
    expect(seqs(res.body.messages)).toEqual(range(5001, 5020));
    expect(res.body.hasMore).toBe(true);
    const end = await page(`after=${TOTAL - 3}&limit=20`);
    expect(seqs(end.body.messages)).toEqual(range(TOTAL - 2, TOTAL));
    expect(end.body.hasMore).toBe(false);
  });

  it('caps limit at 100', async () => {
    const res = await page('limit=5000');
    expect(res.body.messages).toHaveLength(100);
  });

  it('walks the whole history backwards without a gap or a repeat', async () => {
    const seen: number[] = [];
    let before = TOTAL + 1;
    for (;;) {
      const res = await page(`before=${before}&limit=100`);
      seen.unshift(...seqs(res.body.messages));
      if (!res.body.hasMore) break;
      before = res.body.messages[0]?.seq ?? 0;
    }
    expect(seen).toEqual(range(1, TOTAL));
  });

  if (TEST_ENGINE === 'sqlite')
    it('serves the main line from its partial index, a thread from (thread_id, seq) and recovery from (channel_id, version), never by scanning (SQLite query plans)', () => {
      if (server.database.engine !== 'sqlite') throw new Error('expected a SQLite test server');
      const db = new Database(server.database.path, { readonly: true });
      try {
        const plans = {
          newest: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.newest}`).all(community.general, 51),
          before: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.before}`).all(community.general, 500, 51),
          after: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.after}`).all(community.general, 500, 51),
          threadNewest: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.threadNewest}`).all('m_root', 51),
          threadBefore: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.threadBefore}`).all('m_root', 500, 51),
          threadAfter: db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.threadAfter}`).all('m_root', 500, 51),
        };
        for (const [name, rows] of Object.entries(plans)) {
          const details = (rows as Array<{ detail: string }>).map((row) => row.detail).join(' | ');
          const index = name.startsWith('thread')
            ? /SEARCH m USING INDEX messages_by_thread \(thread_id=\?/
            : /SEARCH m USING INDEX messages_main_line \(channel_id=\?/;
          expect(details, name).toMatch(index);
          // The quoted message and the authors are looked up by primary key.
          expect(details, name).toMatch(/SEARCH q USING INDEX sqlite_autoindex_messages_\d+ \(id=\?\)/);
          expect(details, name).not.toMatch(/SCAN (m|q|u|qu)\b/);
          expect(details, name).not.toMatch(/TEMP B-TREE/);
        }
        const recovery = db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES.changesAfter}`).all(community.general, 500, 51) as Array<{
          detail: string;
        }>;
        const details = recovery.map((row) => row.detail).join(' | ');
        expect(details).toMatch(/SEARCH m USING INDEX messages_by_channel_version \(channel_id=\? AND version>\?\)/);
        expect(details).not.toMatch(/SCAN m\b|TEMP B-TREE/);
      } finally {
        db.close();
      }
    });

  if (TEST_ENGINE === 'postgres')
    it('serves the main line from its partial index, a thread from (thread_id, seq) and recovery from (channel_id, version), never by scanning (PostgreSQL EXPLAIN)', async () => {
      if (server.database.engine !== 'postgres') throw new Error('expected a PostgreSQL test server');
      const client = new pg.Client({ connectionString: server.database.url });
      await client.connect();
      try {
        // With fresh statistics, as a database that has lived a while would have them.
        await client.query('ANALYZE messages');
        const plans = {
          newest: await explain(client, POSTGRES_QUERIES.newest, [community.general, 51]),
          before: await explain(client, POSTGRES_QUERIES.before, [community.general, 500, 51]),
          after: await explain(client, POSTGRES_QUERIES.after, [community.general, 500, 51]),
          threadNewest: await explain(client, POSTGRES_QUERIES.threadNewest, ['m_root', 51]),
          threadBefore: await explain(client, POSTGRES_QUERIES.threadBefore, ['m_root', 500, 51]),
          threadAfter: await explain(client, POSTGRES_QUERIES.threadAfter, ['m_root', 500, 51]),
        };
        for (const [name, nodes] of Object.entries(plans)) {
          const onMessages = nodes.filter((node) => node['Relation Name'] === 'messages' && node.Alias === 'm');
          expect(
            onMessages.map((node) => [node['Node Type'], node['Index Name']]),
            name,
          ).toEqual([['Index Scan', name.startsWith('thread') ? 'messages_by_thread' : 'messages_main_line']]);
          // The quoted message is looked up by primary key (when the plan looks it up at all).
          expect(
            nodes.filter((node) => node.Alias === 'q').map((node) => node['Node Type']),
            name,
          ).not.toContain('Seq Scan');
          expect(
            nodes.map((node) => node['Node Type']),
            name,
          ).not.toContain('Sort');
        }
        const recovery = await explain(client, POSTGRES_QUERIES.changesAfter, [community.general, 500, 51]);
        expect(
          recovery
            .filter((node) => node['Relation Name'] === 'messages' && node.Alias === 'm')
            .map((node) => [node['Node Type'], node['Index Name']]),
        ).toEqual([['Index Scan', 'messages_channel_version']]);
        expect(recovery.map((node) => node['Node Type'])).not.toContain('Sort');
      } finally {
        await client.end();
      }
    });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  Plans?: PlanNode[];
}

/** Every node of the plan PostgreSQL picks for `query`, flattened. */
async function explain(client: pg.Client, query: string, values: unknown[]): Promise<PlanNode[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${query}`, values);
  const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
  const root = rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (!root) throw new Error('EXPLAIN returned no plan');
  return flatten(root);
}
