// Regenerates the screenshots in docs/screenshots/ (shown by the READMEs) from the real elements:
// the drop-in page served by the reference server with the demo data, in Chromium.
// Run: npm run screenshots (emoji need a colour emoji font; on Debian, fonts-noto-color-emoji)
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, signIn } from '../examples/e2e/support/browser.js';
import { startDropIn } from '../examples/e2e/support/drop-in-server.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function post(page: Page, text: string): Promise<void> {
  await page.locator('chat-messages textarea').fill(text);
  await page.locator('chat-messages textarea').press('Enter');
}

const server = await startDropIn();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 }, colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page, server.url, 'Ada', '#/s_hearth/c_hearth_general');
  await page.locator('chat-messages [part="join"]').click();
  await post(page, 'Dropping Hearth into a page took **one script tag**: `<script type="module" src="hearth-elements.js">`');
  await post(page, 'Open this page in a second tab to chat with yourself.');
  await page.locator('chat-messages article', { hasText: 'second tab' }).waitFor();
  // Up in the empty composer edits the last message: the row then says "(edited)".
  await page.locator('chat-messages textarea[part="input"]').press('ArrowUp');
  await page.locator('chat-messages [part="edit-input"]').fill('Open this page in a _second tab_ to chat with yourself.');
  await page.locator('chat-messages [part="edit-input"]').press('Enter');
  await page.locator('chat-messages [part="edited"]').waitFor();
  // The pointer rests on a message, so its toolbar shows.
  // The row whose own text says it (a reply's quote repeats the original's text).
  const row = (text: string) => page.locator('chat-messages article').filter({ has: page.locator('[part="content"]', { hasText: text }) });
  await row('Hi all').hover();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/drop-in-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/drop-in-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 720 });
  await page.locator('chat-app [part="drawer-toggle"]').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/drop-in-narrow.png` });
  await page.setViewportSize({ width: 1200, height: 720 });
  // The thread under Linus's message, open beside the channel.
  await row('Messages arrive over one WebSocket').locator('[part="thread-summary"]').click();
  await page.locator('chat-thread [part~="content"]').first().waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/thread.png` });
  await page.keyboard.press('Escape');
  await page.goto(`${server.url}/`);
  await page.locator('chat-app [part="card"]').first().waitFor();
  await page.screenshot({ path: `${OUT}/explore.png` });
  console.log('wrote docs/screenshots/: drop-in-light.png, drop-in-dark.png, drop-in-narrow.png, thread.png, explore.png');
} finally {
  await browser.close();
  await server.stop();
}
