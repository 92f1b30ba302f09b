import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { type ServerProcess, spawnServer } from '../../../packages/reference-server/test/support/server-process.js';
import { makeDataDir, testEnvironment } from '../../../packages/reference-server/test/support/test-server.js';

/** A framework example, built by Vite and served by a real reference server at `/`. */
export interface ExampleServer {
  url: string;
  /** Stops the server and removes its data and the built app. */
  stop(): Promise<void>;
}

/** Builds the example in `exampleDir` with its own Vite config, into `outDir`. */
async function buildExample(exampleDir: string, outDir: string): Promise<void> {
  // vitest sets NODE_ENV=test, with which Vite would build React's and Vue's development bundles;
  // the test is about what `vite build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: exampleDir,
      configFile: path.join(exampleDir, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * Builds an example and starts the reference server on a random port with a fresh SQLite
 * database, demo data and guest mode, serving the built app: the app talks to the origin it is
 * served from, as it does in production.
 */
export async function serveExample(exampleDir: string): Promise<ExampleServer> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'hearth-example-'));
  const dataDir = makeDataDir();
  const removeFiles = () => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
  let server: ServerProcess;
  try {
    await buildExample(exampleDir, outDir);
    server = await spawnServer(
      testEnvironment(dataDir, {
        HEARTH_DEMO: '1',
        HEARTH_STATIC_DIR: outDir,
        HEARTH_HTTP_WRITES_PER_MINUTE: '6000',
        HEARTH_USER_MESSAGES_PER_WINDOW: '6000',
      }),
    );
  } catch (error) {
    removeFiles();
    throw error;
  }
  return {
    url: server.url,
    async stop() {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
      removeFiles();
    },
  };
}

/** A guest in a browser context of their own, and the uncaught errors and CSP refusals of their page. */
export interface Guest {
  page: Page;
  errors: string[];
}

/**
 * Signs a new guest in, opens `channel` of `server` through the framework's own lists, checks
 * that <chat-messages> shows that channel, and joins the server from there.
 */
export async function guestInChannel(browser: Browser, baseUrl: string, name: string, server: string, channel: string): Promise<Guest> {
  const page = await (await browser.newContext()).newPage();
  // Fail within the e2e project's usual wait rather than Playwright's 30 s.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The server serves the built app under its Content-Security-Policy: a refusal is an error too.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  await signInThroughForm(page, baseUrl, name);
  await openChannel(page, server, channel);
  await page.locator('chat-messages [part="header"] h2', { hasText: channel }).waitFor();
  await joinOpenServer(page);
  return { page, errors };
}

/** Signs in as a guest through the example's own form, and waits for the socket to say who we are. */
async function signInThroughForm(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the chat' }).click();
  // This line renders from the SDK's $user store, which is set once the socket is authenticated.
  await page.getByText(`Signed in as ${name}`).waitFor();
}

/** Opens a server, then one of its channels, through the lists the framework renders (not the elements'). */
async function openChannel(page: Page, server: string, channel: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Servers' }).getByRole('button', { name: server, exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Channels' })
    .getByRole('button', { name: `# ${channel}`, exact: true })
    .click();
}

/** Joins the open server with <chat-messages>' join button, and waits for its composer. */
async function joinOpenServer(page: Page): Promise<void> {
  await page.locator('chat-messages [part="join"]').click();
  await page.locator('chat-messages textarea').waitFor();
}

/** Types `text` into <chat-messages>' composer and sends it with Enter. */
export async function send(page: Page, text: string): Promise<void> {
  await page.locator('chat-messages textarea').fill(text);
  await page.locator('chat-messages textarea').press('Enter');
}

/** Every message row <chat-messages> shows, pending and failed sends included, as its text. */
export async function everyRow(page: Page): Promise<string[]> {
  return page
    .locator('chat-messages [part~="message"]')
    .evaluateAll((rows) => rows.map((row) => row.querySelector('[part="content"]')?.textContent?.trim() ?? ''));
}
