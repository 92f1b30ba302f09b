import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts from defaults on port 8000 with guest mode when asked', () => {
    const config = loadConfig({ HEARTH_GUEST: '1' });
    expect(config.port).toBe(8000);
    expect(config.guest).toBe(true);
    expect(config.databasePath).toMatch(/hearth\.db$/);
  });

  it('lets flags override the environment; --demo turns guest mode on', () => {
    const config = loadConfig({ PORT: '9000', HEARTH_JWT_SECRET: 'x'.repeat(32) }, ['--port', '9100', '--demo', '--origins=https://a.example,https://b.example']);
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

  it('refuses a short JWT secret and a database URL it cannot use', () => {
    expect(() => loadConfig({ HEARTH_JWT_SECRET: 'short' })).toThrow(/HEARTH_JWT_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ HEARTH_GUEST: '1', DATABASE_URL: 'mysql://db' })).toThrow(/DATABASE_URL: expected sqlite:/);
  });
});
