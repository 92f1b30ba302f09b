import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ARTIFACTS, launchChromium } from './browser.js';
import { type DropInServer, startDropIn } from './drop-in-server.js';

/** The drop-in server and the browser of a test file, and the pages it opened. */
export interface DropInSession {
  /** The server, once `beforeAll` started it. */
  readonly server: DropInServer;
  /** A fresh browser context (its own guest session), closed after the file's tests. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context, at desktop width unless told otherwise. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** An API call with the headers given, expected to succeed; its JSON body (undefined for 204). */
  api: <T>(method: string, path: string, headers: Record<string, string>, body?: object) => Promise<T>;
}

/**
 * Starts one drop-in server and one Chromium for the calling test file, and registers its hooks:
 * after a failed test, a picture of every open page (`ARTIFACTS/<name>-failure-N.png`) shows what
 * the user saw; after the file, everything is closed.
 */
export function useDropInSession(name: string): DropInSession {
  let server: DropInServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  // Building hearth-elements.js comes first, and takes a while on a busy machine.
  beforeAll(async () => {
    [server, browser] = await Promise.all([startDropIn(), launchChromium()]);
  }, 120_000);
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const pages = contexts.flatMap((context) => context.pages());
    await Promise.all(
      pages.map((page, index) => page.screenshot({ path: `${ARTIFACTS}/${name}-failure-${index}.png` }).catch(() => undefined)),
    );
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  const session: DropInSession = {
    get server() {
      if (!server) throw new Error('the drop-in server starts in beforeAll');
      return server;
    },
    async newContext(options = {}) {
      if (!browser) throw new Error('the browser starts in beforeAll');
      const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
      contexts.push(context);
      return context;
    },
    async newPage(options = {}) {
      return (await session.newContext(options)).newPage();
    },
    api: async <T>(method: string, path: string, headers: Record<string, string>, body?: object): Promise<T> => {
      const res = await fetch(`${session.server.url}${path}`, { method, headers, ...(body && { body: JSON.stringify(body) }) });
      expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
  };
  return session;
}
