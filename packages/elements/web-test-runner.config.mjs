// Element tests run in Debian's Chromium (no browser download), one file group per element.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './count-reporter.mjs';

import { readdirSync } from 'node:fs';

const source = new URL('./src/', import.meta.url);
/** One group per element folder that has tests: `npm run test:browser -- --group chat-messages`. */
const elements = readdirSync(source, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(new URL(`${entry.name}/`, source)).some((file) => file.endsWith('.test.ts')))
  .map((entry) => entry.name);

export default {
  rootDir: '../..',
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), ...(process.env.HEARTH_WTR_COUNTS ? [countReporter(process.env.HEARTH_WTR_COUNTS)] : [])],
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000, retries: 0 } },
  // nanostores reads process.env.NODE_ENV. "ResizeObserver loop completed with undelivered
  // notifications" is the browser saying it deferred some resize notifications to the next frame
  // (the message list re-measures its rows when its width changes); it is reported as an error event but is not
  // one, so it must not fail a test. Every other error still does.
  testRunnerHtml: (testFramework) => `<!doctype html><html><head>
    <script>window.process = { env: { NODE_ENV: 'development' } };
      window.addEventListener('error', (event) => {
        if (String(event.message).startsWith('ResizeObserver loop')) event.stopImmediatePropagation();
      });</script>
    </head><body><script type="module" src="${testFramework}"></script></body></html>`,
  groups: elements.map((name) => ({ name, files: `packages/elements/src/${name}/**/*.test.ts` })),
};
