import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, shownMessages, signIn } from './support/browser.js';
import { type DropInServer, startDropIn } from './support/drop-in-server.js';

const GENERAL = '#/s_hearth/c_hearth_general';
const HELP = '#/s_hearth/c_hearth_help';

let server: DropInServer;
let browser: Browser;
const pages: Page[] = [];

async function newPage(width = 1200): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 720 } });
  const page = await context.newPage();
  pages.push(page);
  return page;
}

/** Signs in and joins the demo server, ready to post in `hash`. */
async function member(name: string, hash = GENERAL): Promise<Page> {
  const page = await newPage();
  await signIn(page, server.url, name, hash);
  await page.locator('chat-messages [part="join"]').click();
  await page.locator('chat-messages textarea').waitFor();
  return page;
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('chat-messages textarea').fill(text);
  await page.locator('chat-messages textarea').press('Enter');
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDropIn(), launchChromium()]);
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the drop-in page against the reference server', () => {
  it('lets two guests chat: each sees the other message once, in the same order', async () => {
    const [ada, bob] = await Promise.all([member('Ada'), member('Bob')]);
    await send(ada, 'hello from Ada');
    await expect.poll(() => shownMessages(bob), { timeout: 10_000 }).toContain('hello from Ada');
    await send(bob, 'hello from Bob');
    await expect.poll(() => shownMessages(ada), { timeout: 10_000 }).toContain('hello from Bob');
    const [seenByAda, seenByBob] = await Promise.all([shownMessages(ada), shownMessages(bob)]);
    expect(seenByAda).toEqual(seenByBob);
    expect(seenByAda.filter((text) => text === 'hello from Ada')).toHaveLength(1);
    await ada.screenshot({ path: `${ARTIFACTS}/two-guests.png` });
  });

  it('keeps the history across a reload', async () => {
    const page = await member('Reloader');
    await send(page, 'still here after a reload');
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('still here after a reload');
    await page.reload();
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('still here after a reload');
    expect(await shownMessages(page)).toContain('Welcome to Hearth! Join the server to start chatting.');
  });

  it('shows only the open channel, and a message to another channel does not appear in it', async () => {
    const [reader, writer] = await Promise.all([member('Reader', HELP), member('Writer')]);
    await send(writer, 'only in general');
    await expect.poll(() => shownMessages(writer), { timeout: 10_000 }).toContain('only in general');
    await reader.waitForTimeout(300);
    expect(await shownMessages(reader)).not.toContain('only in general');
    expect(await shownMessages(reader)).toContain('Ask anything about the SDK, the elements or self-hosting.');
    await reader.locator('chat-channels [role="option"]', { hasText: 'general' }).click();
    await expect.poll(() => shownMessages(reader), { timeout: 10_000 }).toContain('only in general');
    expect(reader.url()).toContain(GENERAL);
  });

  it('shows that it is reconnecting while the server is down, and sends what was typed then once', async () => {
    const [ada, bob] = await Promise.all([member('Outage Ada'), member('Outage Bob')]);
    await server.kill();
    await ada.locator('chat-messages [part="banner"]').waitFor();
    expect(await ada.locator('chat-messages [part="banner"]').textContent()).toContain('Reconnecting');
    await send(ada, 'typed during the outage');
    await ada.waitForTimeout(1500);
    await server.restart();
    await expect.poll(() => shownMessages(bob), { timeout: 20_000 }).toContain('typed during the outage');
    await expect.poll(() => shownMessages(ada), { timeout: 20_000 }).toContain('typed during the outage');
    await ada.locator('chat-messages [part="banner"]').waitFor({ state: 'detached' });
    const [seenByAda, seenByBob] = await Promise.all([shownMessages(ada), shownMessages(bob)]);
    expect(seenByAda).toEqual(seenByBob);
    expect(seenByAda.filter((text) => text === 'typed during the outage')).toHaveLength(1);
  });

  it('uses the drawer layout at 400px, shows the landing view without a channel, and falls back to it for an unknown channel', async () => {
    const page = await newPage(400);
    await signIn(page, server.url, 'Narrow', '#/s_hearth/c_does_not_exist');
    await page.locator('chat-messages [part="landing"] h2').waitFor();
    expect(await page.locator('chat-messages [part="landing"] h2').textContent()).toBe('Welcome to Hearth');
    expect(page.url()).not.toContain('c_does_not_exist');
    expect(await page.locator('chat-channels').isVisible()).toBe(false);
    await page.locator('chat-app [part="drawer-toggle"]').click();
    expect(await page.locator('chat-channels').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/narrow-drawer.png` });
    await page.locator('chat-channels [role="option"]', { hasText: 'general' }).click();
    expect(await page.locator('chat-channels').isVisible()).toBe(false);
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('Welcome to Hearth! Join the server to start chatting.');
  });
});
