import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Where screenshots taken by the e2e tests go (a test artifact, not committed). */
export const ARTIFACTS = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));

/** Debian's Chromium, headless, kept off the network (CHROMIUM_PATH overrides the binary). */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  });
}

/** Signs a page in as a guest through the drop-in page's own form, and opens `hash`. */
export async function signIn(page: Page, baseUrl: string, name: string, hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.fill('#name', name);
  await page.click('text=Join the chat');
  await page.locator('text=Signed in as').waitFor();
}

/** The stored messages shown by the page's <chat-messages>, as `author: content`, in order. */
export async function shownMessages(page: Page): Promise<string[]> {
  return page
    .locator('chat-messages article')
    .evaluateAll((rows) =>
      rows
        .filter((row) => !(row.getAttribute('part') ?? '').match(/pending|failed/))
        .map((row) => row.querySelector('[part="content"]')?.textContent?.trim() ?? ''),
    );
}
