// An outage as a user lives it: the server process dies and comes back on the same port and data.
// The page's socket must reopen by itself and send what was typed meanwhile, once; and the banner's
// "Reconnect now" must do it at the user's word. How long the socket took to open after the server
// answered /healthz is printed, not asserted: the bound (no wait over 5 s) is asserted by the SDK's
// unit tests with fake timers, since a test never times anything.
import type { Message } from '@hearth/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, shownMessages, signIn } from './support/browser.js';
import { useDropInSession } from './support/drop-in-session.js';

/** A demo channel with no history, so the test knows every message in it. */
const CHANNEL_ID = 'c_pixel_lfg';
const CHANNEL = `#/s_pixel/${CHANNEL_ID}`;

const session = useDropInSession('reconnect');

/** When each of the page's sockets opened (ms since the epoch), as the page saw it. */
type OpenTimes = { socketOpens: number[] };

/** A fresh browser signed in as `name` and joined to the demo server, which records when its sockets open. */
async function member(name: string): Promise<Page> {
  const page = await session.newPage();
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const times: OpenTimes = window as unknown as OpenTimes;
    times.socketOpens = [];
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('open', () => times.socketOpens.push(Date.now()));
      }
    };
  });
  await signIn(page, session.server.url, name, CHANNEL);
  await page.locator('chat-messages [part="join"]').click();
  await page.locator('chat-messages textarea').waitFor();
  return page;
}

const socketOpens = (page: Page) => page.evaluate(() => (window as unknown as OpenTimes).socketOpens);

/** Restarts the server and returns when its /healthz first answered (ms since the epoch). */
async function restartServer(): Promise<number> {
  await session.server.restart();
  const res = await fetch(`${session.server.url}/healthz`);
  expect(res.ok).toBe(true);
  return Date.now();
}

/** Resolves with the time the page's next socket opened, after `seen` had opened. */
async function nextOpen(page: Page, seen: number): Promise<number> {
  await expect.poll(async () => (await socketOpens(page)).length, { timeout: 30_000 }).toBeGreaterThan(seen);
  return (await socketOpens(page))[seen] as number;
}

/** The stored messages of the test's channel, as the page's guest reads them over REST. */
async function history(page: Page): Promise<Message[]> {
  const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('hearth-guest') ?? '{}') as { token: string }).token);
  const page1 = await session.api<{ messages: Message[] }>('GET', `/api/channels/${CHANNEL_ID}/messages?limit=100`, {
    authorization: `Bearer ${token}`,
  });
  return page1.messages;
}

describe('the drop-in page through a server restart', () => {
  it('reopens its socket by itself once the server is back, and sends what was typed during the outage once', async () => {
    const page = await member('Outage Ada');
    const opened = (await socketOpens(page)).length;
    await session.server.kill();
    const banner = page.locator('chat-messages [part="banner"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Reconnecting');

    const composer = page.locator('chat-messages textarea');
    await composer.fill('typed while the server was down');
    await composer.press('Enter');
    await page.locator('chat-messages article[part~="pending"]').waitFor();

    const answered = await restartServer();
    const reopened = await nextOpen(page, opened);
    console.log(`socket open ${Math.max(0, reopened - answered)} ms after /healthz answered (the backoff waits at most 5 s)`);
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('typed while the server was down');
    await expect.poll(async () => (await history(page)).map((message) => message.content)).toEqual(['typed while the server was down']);
    await page.screenshot({ path: `${ARTIFACTS}/reconnected.png` });
  });

  it('reconnects at once with "Reconnect now" in the banner, from the keyboard', async () => {
    const page = await member('Impatient Bob');
    await session.server.kill();
    const banner = page.locator('chat-messages [part="banner"]');
    const button = banner.getByRole('button', { name: 'Reconnect now' });
    await button.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/reconnect-banner.png` });

    await restartServer();
    const opened = (await socketOpens(page)).length;
    await button.focus();
    const pressed = Date.now();
    await page.keyboard.press('Enter');
    const reopened = await nextOpen(page, opened);
    console.log(`socket open ${Math.max(0, reopened - pressed)} ms after "Reconnect now" was pressed`);
    await banner.waitFor({ state: 'detached' });
    // The composer has the focus the button gave up.
    const focused = await page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.getAttribute('part');
    });
    expect(focused).toBe('input');
  });
});
