import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settings } from '../src/config.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** `hearth-server …args` as an operator types it, with nothing of the test's environment. */
function hearthServer(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', TSX, '--conditions=source', MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function problemsOf(argv: string[]): string[] {
  try {
    loadConfig({ HEARTH_GUEST: '1' }, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the hearth-server command line', () => {
  it('--help lists every flag with its variable and default, and exits 0 without starting', () => {
    const { code, stdout } = hearthServer('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: hearth-server \[flags\]/);
    for (const setting of settings()) {
      const line = new RegExp(`^  ${setting.flag}( <value>)?\\n      ${setting.variable} \\(([^)]+)\\)\\. \\S`, 'm');
      const match = line.exec(stdout);
      expect(match, `${setting.flag} is missing from --help`).not.toBeNull();
      expect(match?.[2]).toBe(setting.defaultValue === undefined ? 'unset by default' : `default ${setting.defaultValue || 'none'}`);
    }
    expect(stdout).toMatch(/^ {2}--port <value>\n {6}PORT \(default 8000\)/m);
    expect(stdout).toMatch(/^ {2}--demo\n {6}HEARTH_DEMO \(default false\)/m);
    expect(stdout).not.toContain('Hearth is running');
  });

  it('--version prints the package version', () => {
    const { code, stdout } = hearthServer('--version');
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('reports a mistyped flag as typed, with the flag it probably meant, and exits 2', () => {
    const { code, stderr, stdout } = hearthServer('--prot', '9000', '--guest');
    expect(code).toBe(2);
    expect(stderr).toContain('--prot: unknown flag; did you mean --port? (see --help)');
    expect(stderr).not.toContain('HEARTH_PROT');
    // The value of the unknown flag went with it, not on to be read as a stray argument.
    expect(stderr).not.toContain('9000');
    expect(stdout).toBe('');
  });

  it('names unknown flags far from any known one without a guess, and keeps reading the others', () => {
    expect(problemsOf(['--colour=blue', '--port', '70000'])).toEqual([
      '--colour: unknown flag (see --help)',
      'PORT: Too big: expected number to be <=65535, got "70000"',
    ]);
    expect(problemsOf(['--jwt-secert', 'x'.repeat(32)])).toEqual(['--jwt-secert: unknown flag; did you mean --jwt-secret? (see --help)']);
  });
});
