#!/usr/bin/env node
// Runs every suite of the project in turn and ends with one line, `N passed, N failed`, that sums
// them: each check (lint, dependency rules, eslint, formatting, stale generated files, type check)
// counts as one, each test runner adds its own counts. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const only = process.argv.slice(2);
const reportDir = mkdtempSync(path.join(tmpdir(), 'hearth-report-'));
let passed = 0;
let failed = 0;

function run(command, args) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } }).status === 0;
}

/** A check that passes or fails as a whole. */
function check(name, command, args) {
  const ok = run(command, args);
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'FAILED'}: ${name}`);
}

/** vitest on `projects` (`!name` leaves one out), counted test by test from its JSON report. */
function vitest(name, projects) {
  const report = path.join(reportDir, `vitest-${name}.json`);
  const ok = run('npx', [
    'vitest',
    'run',
    ...projects.map((project) => `--project=${project}`),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    if (!ok && results.numFailedTests === 0) failed++;
  } catch {
    failed++;
    console.log(`FAILED: vitest (${name}) wrote no report`);
  }
}

/** web-test-runner in Chromium, counted by the elements' count reporter. */
function browser() {
  const report = path.join(reportDir, 'wtr.json');
  const ok =
    spawnSync('npx', ['web-test-runner', '--config', 'packages/elements/web-test-runner.config.mjs'], {
      stdio: 'inherit',
      env: { ...process.env, HEARTH_WTR_COUNTS: report },
    }).status === 0;
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.passed;
    failed += results.failed;
    if (!ok && results.failed === 0) failed++;
  } catch {
    failed++;
    console.log('FAILED: web-test-runner wrote no report');
  }
}

const suites = {
  lint: () => check('openapi.yaml passes redocly lint', 'npx', ['redocly', 'lint', '--format=stylish', 'openapi.yaml']),
  deps: () => check('dependency rules', 'npm', ['run', '--silent', 'deps']),
  eslint: () => check('eslint', 'npx', ['eslint', '.']),
  format: () => check('prettier --check', 'npx', ['prettier', '--check', '.']),
  generated: () => check('generated files are up to date', 'node', ['scripts/generate.mjs', '--check']),
  typecheck: () => check('type check', 'npm', ['run', '--silent', 'typecheck']),
  size: () => check('bundle sizes stay under their ceilings', 'node', ['scripts/check-size.mjs']),
  // Every vitest project but the packing test, which builds the packages' dist/ and so runs after
  // the others (the e2e test of `npm start` builds the server's too).
  unit: () => vitest('unit', ['!packing']),
  browser,
  // The packages packed, installed outside the repository, linted (publint, attw), run and type-checked.
  packing: () => vitest('packing', ['packing']),
};

for (const [name, suite] of Object.entries(suites)) {
  if (only.length === 0 || only.includes(name)) suite();
}
rmSync(reportDir, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
