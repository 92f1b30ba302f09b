import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, shownMessages, signIn } from './support/browser.js';
import { type DropInServer, startDropIn } from './support/drop-in-server.js';

const GENERAL = '#/s_hearth/c_hearth_general';
const HELP = '#/s_hearth/c_hearth_help';
/** A demo channel with no history of its own, so a test can fill it and know every message in it. */
const LFG = '#/s_pixel/c_pixel_lfg';
/** Another demo channel with no history, for the test of edits and deletes. */
const SHOWCASE = '#/s_typescript/c_ts_showcase';
const TS_GENERAL = '#/s_typescript/c_ts_general';

let server: DropInServer;
let browser: Browser;
const pages: Page[] = [];
/** Everything the pages' Content-Security-Policy refused, as the browser reported it. */
let cspViolations: string[] = [];

async function newPage(width = 1200): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 720 } });
  const page = await context.newPage();
  // Chromium reports a refusal twice: as a console error and as a securitypolicyviolation event
  // (which also fires for what the shadow roots of the elements do). Listen to both.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      void report(`${event.violatedDirective} refused ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
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

/** Posts `contents` in order to a channel over REST, as a guest who joins `serverId` first. */
async function postHistory(serverId: string, channelId: string, contents: string[]): Promise<void> {
  const guest = await fetch(`${server.url}/api/auth/guest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Historian' }),
  });
  const { token } = (await guest.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  expect((await fetch(`${server.url}/api/servers/${serverId}/members`, { method: 'POST', headers })).ok).toBe(true);
  for (const content of contents) {
    const res = await fetch(`${server.url}/api/channels/${channelId}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ content }),
    });
    expect(res.status).toBe(201);
  }
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
  const refused = cspViolations;
  cspViolations = [];
  // Every test runs the page under the server's Content-Security-Policy: nothing it does may be refused.
  expect(refused).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the drop-in page under its Content-Security-Policy', () => {
  it('is served with a policy that allows no inline script and no framing by other sites', async () => {
    const res = await fetch(`${server.url}/`);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lets a guest sign in and post with nothing refused', async () => {
    const page = await member('Strict Ada');
    await send(page, 'posted under the policy');
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('posted under the policy');
  });

  it('renders the API docs with nothing refused', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/api/docs/`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
  });
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

  it('lets a guest react from the emoji picker: the other sees the chip, and hovering it names who reacted', async () => {
    const [ada, bob] = await Promise.all([member('Ada', HELP), member('Bob', HELP)]);
    const text = `react to me ${Date.now()}`;
    await send(ada, text);
    await expect.poll(() => shownMessages(bob), { timeout: 10_000 }).toContain(text);
    const row = bob.locator('chat-messages article', { hasText: text });
    await row.hover();
    await row.locator('[part="toolbar"] [aria-label="Add reaction"]').click();
    await bob.locator('chat-messages chat-emoji-picker [part="search"]').fill('popper');
    await bob.locator('chat-messages chat-emoji-picker [part="emoji"]').first().click();
    const chip = ada.locator('chat-messages article', { hasText: text }).locator('[part~="reaction"]');
    await expect.poll(() => chip.textContent(), { timeout: 10_000 }).toMatch(/🎉\s*1/);
    await chip.hover();
    await expect.poll(() => ada.locator('chat-messages [part="reactors"]').textContent(), { timeout: 10_000 }).toBe('Bob');
  });

  it('lets one guest edit and delete their messages: the other sees each change live and after a reload', async () => {
    const [ada, bob] = await Promise.all([member('Ada', SHOWCASE), member('Bob', SHOWCASE)]);
    await send(ada, 'first, soon deleted');
    await send(ada, 'secnod, soon fixed');
    await expect.poll(() => shownMessages(bob), { timeout: 10_000 }).toEqual(['first, soon deleted', 'secnod, soon fixed']);

    // Up in the empty composer edits Ada's last message; Enter saves.
    await ada.locator('chat-messages [part="input"]').press('ArrowUp');
    await ada.locator('chat-messages [part="edit-input"]').fill('second, fixed');
    await ada.locator('chat-messages [part="edit-input"]').press('Enter');
    // Delete from the row's toolbar, confirmed within the row.
    const doomed = ada.locator('chat-messages article', { hasText: 'first, soon deleted' });
    await doomed.hover();
    await doomed.getByRole('button', { name: 'Delete' }).click();
    await doomed.locator('[part="confirm-delete"]').click();

    const changesShown = async (page: Page) => ({
      contents: await shownMessages(page),
      edited: await page.locator('chat-messages [part="edited"]').count(),
      tombstones: await page.locator('chat-messages [part="tombstone"]').allTextContents(),
    });
    const expected = { contents: ['', 'second, fixed'], edited: 1, tombstones: ['Message deleted'] };
    await expect.poll(() => changesShown(bob), { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => changesShown(ada), { timeout: 10_000 }).toEqual(expected);
    await bob.reload();
    await expect.poll(() => changesShown(bob), { timeout: 10_000 }).toEqual(expected);
    // Bob may react to Ada's message, reply to it, open its thread and copy a link to it, but not edit or delete it.
    const theirs = bob.locator('chat-messages article', { hasText: 'second, fixed' });
    await theirs.hover();
    expect(
      await theirs.locator('[part~="action"]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label'))),
    ).toEqual(['Add reaction', 'Reply', 'Open thread', 'Copy link']);
  });

  it('lets two guests react, reply and talk in a thread: each sees the other live and after a reload', async () => {
    const [ada, bob] = await Promise.all([member('Ada', TS_GENERAL), member('Bob', TS_GENERAL)]);
    // The row whose own text is `text` (a reply's quote shows the original's text too).
    const row = (page: Page, text: string) =>
      page.locator('chat-messages article').filter({ has: page.locator('[part="content"]', { hasText: text }) });
    await send(ada, 'lunch at noon?');
    await row(bob, 'lunch at noon?').waitFor({ timeout: 10_000 });

    // Bob reacts from the toolbar's picker; Ada's chip counts him.
    await row(bob, 'lunch at noon?').hover();
    await row(bob, 'lunch at noon?').getByRole('button', { name: 'Add reaction' }).click();
    const firstEmoji = bob.locator('chat-messages [part="emoji"]').first();
    const emoji = (await firstEmoji.textContent())?.trim() ?? '';
    await firstEmoji.click();
    const chips = (page: Page, text = 'lunch at noon?') => row(page, text).locator('[part~="reaction"]').allTextContents();
    await expect.poll(async () => (await chips(ada)).map((text) => text.replace(/\s+/g, '')), { timeout: 10_000 }).toEqual([`${emoji}1`]);

    // Bob replies; Ada sees the quote, which follows her edit of the original.
    await row(bob, 'lunch at noon?').hover();
    await row(bob, 'lunch at noon?').getByRole('button', { name: 'Reply' }).click();
    await bob.locator('chat-messages [part="reply-bar"]').waitFor();
    await send(bob, 'count me in');
    const quoteOf = (page: Page) => row(page, 'count me in').locator('[part="reply-quote"]').textContent();
    await expect.poll(() => quoteOf(ada), { timeout: 10_000 }).toContain('lunch at noon?');
    await ada.locator('chat-messages [part="input"]').press('ArrowUp');
    await ada.locator('chat-messages [part="edit-input"]').fill('lunch at one?');
    await ada.locator('chat-messages [part="edit-input"]').press('Enter');
    await expect.poll(() => quoteOf(bob), { timeout: 10_000 }).toContain('lunch at one?');

    // Ada opens the thread and answers in it; Bob's row counts the reply.
    await row(ada, 'lunch at one?').hover();
    await row(ada, 'lunch at one?').getByRole('button', { name: 'Open thread' }).click();
    await ada.locator('chat-thread textarea').fill('booked a table');
    await ada.locator('chat-thread textarea').press('Enter');
    const summary = (page: Page) => row(page, 'lunch at one?').locator('[part="thread-summary"]').textContent();
    await expect.poll(() => summary(bob), { timeout: 10_000 }).toMatch(/^\s*1 reply/);

    const shown = async (page: Page) => ({
      chips: (await chips(page, 'lunch at one?')).map((text) => text.replace(/\s+/g, '')),
      quote: (await quoteOf(page))?.includes('lunch at one?'),
      summary: (await summary(page))?.trim().startsWith('1 reply'),
      inMainLine: (await shownMessages(page)).filter((text) => text === 'booked a table').length,
    });
    const expected = { chips: [`${emoji}1`], quote: true, summary: true, inMainLine: 0 };
    await expect.poll(() => shown(ada), { timeout: 10_000 }).toEqual(expected);
    await Promise.all([ada.reload(), bob.reload()]);
    await expect.poll(() => shown(bob), { timeout: 15_000 }).toEqual(expected);
    await expect.poll(() => shown(ada), { timeout: 15_000 }).toEqual(expected);
    await bob.screenshot({ path: `${ARTIFACTS}/conversation.png` });
  });

  it('shows members online and offline: a second guest appears online when they open the channel and offline when they leave', async () => {
    // Names no other test of this file uses: guests of earlier tests stay members (offline).
    const ada = await member('Mira', HELP);
    await ada.locator('chat-app [part="members-toggle"]').click();
    const members = ada.locator('chat-members');
    const group = (kind: 'online' | 'offline') => members.locator(`[part~="member"][part~="${kind}"] [part="name"]`).allTextContents();
    await expect.poll(() => group('online'), { timeout: 10_000 }).toContain('Mira');
    expect(await group('offline')).toEqual(expect.arrayContaining(['Linus', 'Grace']));

    const bob = await member('Otto', HELP);
    await expect.poll(() => group('online'), { timeout: 5_000 }).toContain('Otto');
    await bob.context().close();
    pages.splice(pages.indexOf(bob), 1);
    await expect.poll(() => group('offline'), { timeout: 5_000 }).toContain('Otto');
    expect(await group('online')).not.toContain('Otto');
    await ada.screenshot({ path: `${ARTIFACTS}/members.png` });
  });

  it('shows Explore as cards fetched on first use, and a card opens its server', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, server.url, 'Explorer');
    const card = page.locator('chat-app [part="card"]', { hasText: 'Pixel Pals' });
    await card.waitFor({ timeout: 10_000 });
    await card.click();
    await expect
      .poll(() => page.locator('chat-channels [role="option"]').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('looking-for-group')]));
    expect(errors).toEqual([]);
  });

  it('keeps the history across a reload', async () => {
    const page = await member('Reloader');
    await send(page, 'still here after a reload');
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('still here after a reload');
    await page.reload();
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('still here after a reload');
    expect(await shownMessages(page)).toContain('Welcome to Hearth! Join the server to start chatting.');
  });

  it('after a reload shows the newest messages, and scrolling up loads the older ones back to the first', async () => {
    // 120 messages: more than two of the pages the SDK loads (50 each), so the start of the
    // channel can only come from scrolling up, twice at least.
    const history = Array.from({ length: 120 }, (_, index) => `history ${String(index + 1).padStart(3, '0')}`);
    const page = await member('Scroller', LFG);
    await postHistory('s_pixel', 'c_pixel_lfg', history);
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('history 120');

    const olderPages: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/channels/c_pixel_lfg/messages' && url.searchParams.has('before')) olderPages.push(url.search);
    });
    const beginning = page.getByText('This is the beginning of #looking-for-group.');
    await page.reload();
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('history 120');
    const atReload = await shownMessages(page);
    expect(atReload).toEqual(history.slice(-atReload.length));
    expect(atReload).not.toContain('history 001');
    expect(await beginning.count()).toBe(0);
    expect(olderPages).toEqual([]);

    const list = page.locator('chat-messages [part="list"]');
    const box = await list.boundingBox();
    if (!box) throw new Error('the message list is not on the page');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // Up until the channel's beginning shows above its first message (the list keeps only the
    // rows near the view, so the beginning is there once the view reaches the top).
    const atBeginning = async () => (await shownMessages(page)).includes('history 001') && (await beginning.count()) > 0;
    for (let turn = 0; turn < 100 && !(await atBeginning()); turn++) {
      await page.mouse.wheel(0, -1500);
      await page.waitForTimeout(100);
    }
    const atTop = await shownMessages(page);
    // The rows at the top are the channel's first messages, in order, none missing or doubled.
    expect(atTop[0]).toBe('history 001');
    expect(atTop).toEqual(history.slice(0, atTop.length));
    expect(olderPages.length).toBeGreaterThanOrEqual(2);
    await beginning.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/scrolled-to-the-beginning.png` });
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
    await page.locator('chat-channels').waitFor({ state: 'visible' });
    await page.screenshot({ path: `${ARTIFACTS}/narrow-drawer.png` });
    await page.locator('chat-channels [role="option"]', { hasText: 'general' }).click();
    expect(await page.locator('chat-channels').isVisible()).toBe(false);
    await expect.poll(() => shownMessages(page), { timeout: 10_000 }).toContain('Welcome to Hearth! Join the server to start chatting.');
  });
});
