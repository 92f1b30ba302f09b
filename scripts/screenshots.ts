// Regenerates the screenshots in docs/screenshots/ (shown by the READMEs) from the real elements:
// the drop-in page served by the reference server with the demo data, in Chromium.
// Run: npm run screenshots (emoji need a colour emoji font; on Debian, fonts-noto-color-emoji)
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, signIn } from '../examples/e2e/support/browser.js';
import { startDropIn } from '../examples/e2e/support/drop-in-server.js';
import { gradientPng } from '../packages/reference-server/test/support/png.js';

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
  // The page's own sign-in card, before anyone signs in: light and dark at 1200 px, then 400 px.
  await page.goto(`${server.url}/`);
  await page.locator('#sign-in').waitFor();
  await page.screenshot({ path: `${OUT}/sign-in-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${OUT}/sign-in-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 720 });
  await page.screenshot({ path: `${OUT}/sign-in-narrow.png` });
  await page.setViewportSize({ width: 1200, height: 720 });
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
  // Search from the channel's header: the results beside the channel, a match marked in each.
  await page.locator('chat-app [part="search-field"]').fill('reconnect');
  await page.locator('chat-app [part="search-field"]').press('Enter');
  await page.locator('chat-search [part~="hit"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/search.png` });
  await page.keyboard.press('Escape');
  // Files on a message: two pictures and a PDF sent together, then a file waiting in the composer.
  const picker = page.locator('chat-messages input[type="file"]');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await picker.setInputFiles([
    { name: 'sunset.png', mimeType: 'image/png', buffer: gradientPng(480, [250, 120, 60], [90, 40, 140]) },
    { name: 'harbour.png', mimeType: 'image/png', buffer: gradientPng(480, [40, 140, 200], [20, 60, 90]) },
    { name: 'release-notes.pdf', mimeType: 'application/pdf', buffer: pdf },
  ]);
  await page.locator('chat-messages [part~="upload"][part~="done"]').nth(2).waitFor();
  await post(page, 'Pictures from the release party, and the notes.');
  await page.locator('chat-messages article [part="file-name"]', { hasText: 'release-notes.pdf' }).waitFor();
  await picker.setInputFiles([{ name: 'draft-plan.pdf', mimeType: 'application/pdf', buffer: pdf }]);
  await page.locator('chat-messages [part~="upload"][part~="done"]').waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${OUT}/attachments-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/attachments-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('chat-messages [part="remove-file"]').click();
  await page.locator('chat-messages article [part="image"]').first().click();
  await page.locator('chat-messages [part="lightbox-image"]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/lightbox.png` });
  await page.keyboard.press('Escape');
  // Explore: the grid of server cards under the category filter, light and dark, then 400 px.
  await page.goto(`${server.url}/`);
  await page.locator('chat-app [part="card"] [part="joined"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/explore.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/explore-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 720 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/explore-narrow.png` });
  await page.setViewportSize({ width: 1200, height: 720 });

  // Create a server: the "+" in the rail, filled in, an icon chosen.
  await page.locator('chat-server-list [part="create-server"]').click();
  const create = page.locator('chat-create-server');
  await create.locator('input[name="name"]').fill('Night Owls');
  await create.locator('textarea[name="description"]').fill('For people who code after midnight.');
  await create.locator('select[name="categoryId"] option').first().waitFor({ state: 'attached' });
  await create
    .locator('input[name="icon"]')
    .setInputFiles({ name: 'owl.png', mimeType: 'image/png', buffer: gradientPng(128, [40, 60, 160], [240, 140, 60]) });
  await create.locator('[part="icon-preview"]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/create-server.png` });
  await create.locator('[part="submit"]').click();
  await page.locator('chat-channels [part="server-menu-button"]', { hasText: 'Night Owls' }).waitFor();
  const serverId = (await page.locator('chat-app').getAttribute('server-id'))!;
  const { token } = JSON.parse(await page.evaluate<string>('sessionStorage.getItem("hearth-guest") ?? "{}"')) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // A few members, one of them a moderator and one timed out, so the Members tab shows each kind of row.
  for (const [name, change] of [
    ['Grace', { role: 'moderator' }],
    ['Linus', { timeoutSeconds: 3600 }],
    ['Margaret', undefined],
  ] as const) {
    const guest = (await (
      await fetch(`${server.url}/api/auth/guest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      })
    ).json()) as { token: string; user: { id: string } };
    await fetch(`${server.url}/api/servers/${serverId}/members`, { method: 'POST', headers: { authorization: `Bearer ${guest.token}` } });
    if (change) {
      await fetch(`${server.url}/api/servers/${serverId}/members/${guest.user.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify(change),
      });
    }
  }
  // Server settings, Members tab: light and dark at 1200 px, then 400 px.
  await page.locator('chat-channels [part="server-menu-button"]').click();
  await page.locator('chat-server-menu [data-action="serverSettings"]').click();
  const settings = page.locator('chat-server-settings');
  await settings.locator('[role="tab"][data-tab="members"]').click();
  await settings.locator('[part="member-row"]').nth(3).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/settings-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/settings-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Escape');
  // On a phone the channels sit in the drawer, and the settings open from there.
  await page.setViewportSize({ width: 400, height: 720 });
  await page.locator('chat-app [part="drawer-toggle"]').click();
  await page.locator('chat-channels [part="server-menu-button"]').click();
  await page.locator('chat-server-menu [data-action="serverSettings"]').click();
  await settings.locator('[role="tab"][data-tab="members"]').click();
  await settings.locator('[part="member-row"]').nth(3).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/settings-narrow.png` });
  await page.keyboard.press('Escape');

  // The invite a new user sees when they follow an invite link.
  const invite = (await (await fetch(`${server.url}/api/servers/${serverId}/invites`, { method: 'POST', headers, body: '{}' })).json()) as {
    code: string;
  };
  const guestContext = await browser.newContext({ viewport: { width: 1200, height: 720 }, colorScheme: 'light' });
  const guestPage = await guestContext.newPage();
  await guestPage.goto(`${server.url}/?invite=${invite.code}`);
  await guestPage.fill('#name', 'Edsger');
  await guestPage.click('text=Join the chat');
  await guestPage.locator('chat-invite [part="accept"]').waitFor();
  await guestPage.waitForTimeout(300);
  await guestPage.screenshot({ path: `${OUT}/invite.png` });
  console.log(
    'wrote docs/screenshots/: sign-in-light.png, sign-in-dark.png, sign-in-narrow.png, drop-in-light.png, drop-in-dark.png, drop-in-narrow.png, thread.png, search.png, attachments-light.png, attachments-dark.png, lightbox.png, explore.png, explore-dark.png, explore-narrow.png, create-server.png, settings-light.png, settings-dark.png, settings-narrow.png, invite.png',
  );
} finally {
  await browser.close();
  await server.stop();
}
