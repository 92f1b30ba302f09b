import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerUntilExit } from './support/server-process.js';
import { makeDataDir, testEnvironment } from './support/test-server.js';

// Port 1 on the loopback: nothing listens there, so each connection is refused at once.
const dataDir = makeDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a start that cannot reach its services', () => {
  it('exits 1 naming the PostgreSQL it could not use, without its password or a stack trace', async () => {
    const result = await runServerUntilExit(testEnvironment(dataDir, { DATABASE_URL: 'postgres://hearth:hunter2@127.0.0.1:1/hearth' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^hearth: could not start: cannot use PostgreSQL at postgres:\/\/hearth:\*\*\*@127\.0\.0\.1:1\/hearth: .*ECONNREFUSED.*\n$/,
    );
    expect(result.stderr).not.toContain('hunter2');
  });

  it('exits 1 naming the Redis it could not reach', async () => {
    const result = await runServerUntilExit(testEnvironment(dataDir, { REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hearth: could not start: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .+\n$/);
  });

  it('exits 2 listing a DATABASE_URL it does not understand, before connecting to anything', async () => {
    const result = await runServerUntilExit(testEnvironment(dataDir, { DATABASE_URL: 'mysql://db/hearth' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'DATABASE_URL: expected sqlite:<path> (e.g. sqlite:.data/hearth.db) or postgres://user@host:5432/database, got "mysql://db/hearth"',
    );
  });
});
