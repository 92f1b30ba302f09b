import { configDefaults, defineConfig } from 'vitest/config';

const SERVER_TESTS = 'packages/reference-server/{src,test}/**/*.test.ts';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    // Two cores: servers started by the tests compete with the test workers for CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'sdk', include: ['packages/sdk/{src,test}/**/*.test.ts'] } },
      // The repository's own checks: the dependency rules shown to bite on small trees of their own.
      {
        extends: true,
        test: { name: 'tooling', include: ['scripts/**/*.test.ts'], exclude: [...configDefaults.exclude, 'scripts/packing.test.ts'] },
      },
      // The packages built, packed, installed from their tarballs outside the repository, run and type-checked there.
      // It rebuilds every package's dist/, as the e2e tests rebuild the server's and hearth-elements.js: run it on its
      // own (npm run test:packing; npm test runs it after the rest), not beside them.
      { extends: true, test: { name: 'packing', include: ['scripts/packing.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      // Node-side checks of the elements (their browser tests run in Chromium under web-test-runner).
      { extends: true, test: { name: 'elements', include: ['packages/elements/test/**/*.test.ts'] } },
      // The examples end to end: Chromium (playwright-core) against the real server, started by each file.
      // One file at a time: each builds hearth-elements.js next to the drop-in page.
      { extends: true, test: { name: 'e2e', include: ['examples/e2e/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false } },
      // The server suite runs twice: on SQLite with in-process fan-out (needs no service, and must
      // keep passing without one), and on PostgreSQL with Redis fan-out, where each test file gets a
      // database and a Redis prefix of its own. Several processes sharing them are tested only there.
      {
        extends: true,
        test: {
          name: 'server-sqlite',
          include: [SERVER_TESTS],
          exclude: [...configDefaults.exclude, 'packages/reference-server/test/scale-out/**'],
          env: { HEARTH_TEST_STORAGE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: { name: 'server-postgres', include: [SERVER_TESTS], env: { HEARTH_TEST_STORAGE: 'postgres' } },
      },
    ],
  },
});
