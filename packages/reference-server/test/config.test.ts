import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts from defaults on port 8000 with guest mode when asked', () => {
    const config = loadConfig({ HEARTH_GUEST: '1' });
    expect(config.port).toBe(8000);
    expect(config.guest).toBe(true);
    expect(config.database).toMatchObject({ engine: 'sqlite', synchronous: 'full' });
    expect(config.database.engine === 'sqlite' && config.database.path).toMatch(/hearth\.db$/);
    expect(config.redis).toBeUndefined();
  });

  it('lets flags override the environment; --demo turns guest mode on', () => {
    const config = loadConfig({ PORT: '9000', HEARTH_JWT_SECRET: 'x'.repeat(32) }, [
      '--port',
      '9100',
      '--demo',
      '--origins=https://a.example,https://b.example',
    ]);
    expect(config.port).toBe(9100);
    expect(config.demo).toBe(true);
    expect(config.guest).toBe(true);
    expect(config.origins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reports every bad setting at once, naming each variable and its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', HEARTH_MISSED_LIMIT: '0', HEARTH_LOG_LEVEL: 'loud' }, ['--bogus']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: expected an integer, got "eighty"$/),
        expect.stringMatching(/^HEARTH_MISSED_LIMIT: .*got "0"$/),
        expect.stringMatching(/^HEARTH_LOG_LEVEL: /),
        expect.stringMatching(/^HEARTH_JWT_SECRET: required unless/),
        expect.stringMatching(/^HEARTH_BOGUS: |^--bogus: /),
      ]),
    );
  });

  it('reports an on/off setting that is neither as a bad setting, the demo switch included', () => {
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_DEMO: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_DEMO: 'maybe' })).toThrow(/HEARTH_DEMO: .*got "maybe"/);
    expect(() => loadConfig({ HEARTH_GUEST: 'sometimes' })).toThrow(/HEARTH_GUEST: .*got "sometimes"/);
  });

  it('refuses a short JWT secret and a database URL it cannot use', () => {
    expect(() => loadConfig({ HEARTH_JWT_SECRET: 'short' })).toThrow(/HEARTH_JWT_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ HEARTH_GUEST: '1', DATABASE_URL: 'mysql://db' })).toThrow(
      /DATABASE_URL: expected sqlite:.* or postgres:\/\//,
    );
  });

  it('chooses PostgreSQL for postgres:// and postgresql:// URLs, and Redis fan-out when REDIS_URL is set', () => {
    const config = loadConfig({ HEARTH_GUEST: '1', DATABASE_URL: 'postgres://hearth:pw@db:5432/hearth', REDIS_URL: 'redis://cache:6379' });
    expect(config.database).toEqual({ engine: 'postgres', url: 'postgres://hearth:pw@db:5432/hearth', poolSize: 10 });
    expect(config.redis).toEqual({ url: 'redis://cache:6379', prefix: 'hearth:' });
    const flags = loadConfig({ HEARTH_GUEST: '1' }, [
      '--database-url',
      'postgresql://db/chat',
      '--redis-url=rediss://cache:6380',
      '--redis-prefix',
      'site-a:',
    ]);
    expect(flags.database).toMatchObject({ engine: 'postgres', url: 'postgresql://db/chat' });
    expect(flags.redis).toEqual({ url: 'rediss://cache:6380', prefix: 'site-a:' });
    expect(loadConfig({ HEARTH_GUEST: '1', DATABASE_URL: 'sqlite:/srv/hearth/x.db' }).database).toMatchObject({
      engine: 'sqlite',
      path: '/srv/hearth/x.db',
    });
  });

  it('names what is wrong with a PostgreSQL or Redis URL, without printing its password', () => {
    let error: unknown;
    try {
      loadConfig({
        HEARTH_GUEST: '1',
        DATABASE_URL: 'postgres://hearth:hunter2@db:5432',
        REDIS_URL: 'http://cache:6379',
        HEARTH_PG_POOL_SIZE: '1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL: expected sqlite:<path> (e.g. sqlite:.data/hearth.db) or postgres://user@host:5432/database; this PostgreSQL URL names no database, got "postgres://hearth:***@db:5432"',
        'REDIS_URL: expected redis://host:6379 or rediss://host:6380 (TLS), got "http://cache:6379"',
        expect.stringMatching(/^HEARTH_PG_POOL_SIZE: .*got "1"$/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});

describe('HEARTH_ORIGINS', () => {
  it('refuses an entry without a scheme, naming it and showing the form that works', () => {
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_ORIGINS: 'https://ok.example,example.com' })).toThrow(
      /HEARTH_ORIGINS: "example\.com" has no scheme; write it as https:\/\/example\.com/,
    );
    expect(() => loadConfig({ HEARTH_GUEST: '1' }, ['--origins', 'localhost:5173'])).toThrow(
      /HEARTH_ORIGINS: "localhost:5173" has no scheme/,
    );
  });

  it('accepts origins with a scheme, and *', () => {
    expect(loadConfig({ HEARTH_GUEST: '1', HEARTH_ORIGINS: 'https://a.example, http://localhost:5173/' }).origins).toEqual([
      'https://a.example',
      'http://localhost:5173/',
    ]);
    expect(loadConfig({ HEARTH_GUEST: '1', HEARTH_ORIGINS: '*' }).origins).toEqual(['*']);
  });
});

describe('HEARTH_FRAME_ANCESTORS', () => {
  it("defaults to 'self' and accepts a list of sources, quoting self and none", () => {
    expect(loadConfig({ HEARTH_GUEST: '1' }).frameAncestors).toEqual(["'self'"]);
    expect(
      loadConfig({ HEARTH_GUEST: '1', HEARTH_FRAME_ANCESTORS: 'self https://a.example, https://*.b.example:8443' }).frameAncestors,
    ).toEqual(["'self'", 'https://a.example', 'https://*.b.example:8443']);
    expect(loadConfig({ HEARTH_GUEST: '1', HEARTH_FRAME_ANCESTORS: "'none'" }).frameAncestors).toEqual(["'none'"]);
  });

  it('refuses a source that is not an origin, naming it', () => {
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(
      /HEARTH_FRAME_ANCESTORS: .*"'self';"/,
    );
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_FRAME_ANCESTORS: 'example.com' })).toThrow(
      /HEARTH_FRAME_ANCESTORS: "example\.com" /,
    );
  });
});

describe('caps per user and per address', () => {
  it('defaults to caps a person never meets and takes others from the environment or flags', () => {
    expect(loadConfig({ HEARTH_GUEST: '1' }).limits).toMatchObject({
      socketsPerUser: 20,
      socketsPerAddress: 200,
      userMessages: { limit: 100, windowMs: 10_000 },
      recovery: { perSocket: 2000, perUser: 5000, windowMs: 60_000 },
    });
    const config = loadConfig({ HEARTH_GUEST: '1', HEARTH_SOCKETS_PER_USER: '3' }, [
      '--user-messages-per-window',
      '7',
      '--recovery-window-ms=500',
    ]);
    expect(config.limits).toMatchObject({ socketsPerUser: 3, userMessages: { limit: 7 }, recovery: { windowMs: 500 } });
  });

  it('refuses a cap of 0, naming the variable', () => {
    expect(() => loadConfig({ HEARTH_GUEST: '1', HEARTH_SOCKETS_PER_ADDRESS: '0', HEARTH_USER_MESSAGE_WINDOW_MS: '5' })).toThrow(
      /HEARTH_SOCKETS_PER_ADDRESS: .*got "0"[\s\S]*HEARTH_USER_MESSAGE_WINDOW_MS: .*got "5"/,
    );
  });
});
