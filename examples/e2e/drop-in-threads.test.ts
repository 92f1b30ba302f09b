import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, signIn } from './support/browser.js';
import { type DropInServer, startDropIn } from './support/drop-in-server.js';

const SERVER = 's_pixel';
const CHANNEL = 'c_pixel_lfg';

let server: DropInServer;
let browser: Browser;

/** A guest who joined the demo server, for posting over REST. */
async function guest(name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const res = await fetch(`${server.url}/api/auth/guest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const { token, user } = (await res.json()) as { token: string; user: { id: string } };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  expect((await fetch(`${server.url}/api/servers/${SERVER}/members`, { method: 'POST', headers })).ok).toBe(true);
  return { id: user.id, headers };
}

async function post(headers: Record<string, string>, body: object): Promise<{ id: string }> {
  const res = await fetch(`${server.url}/api/channels/${CHANNEL}/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDropIn(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('threads and mentions in the drop-in page against the reference server', () => {
  it('opens a thread from its reply count, replies in it with a picked mention, and closes it with Escape', async () => {
    const historian = await guest('Historian');
    const root = await post(historian.headers, { content: 'who is in for tonight?' });
    await post(historian.headers, { content: 'me, from the thread', threadId: root.id });

    const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
    const page: Page = await context.newPage();
    // The panel and the autocomplete are chunks loaded on demand: the page's policy must allow them.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await signIn(page, server.url, 'Ada', `#/${SERVER}/${CHANNEL}`);
    await page.locator('chat-messages [part="join"]').click();
    const summary = page.locator('chat-messages [part="thread-summary"]');
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toMatch(/^\s*1 reply · /);
    await summary.click();

    const thread = page.locator('chat-thread');
    await expect
      .poll(() => thread.locator('[part="list"] [part~="content"]').allTextContents(), { timeout: 10_000 })
      .toEqual(['who is in for tonight?', 'me, from the thread']);
    await thread.locator('textarea').click();
    await page.keyboard.type('count me in @Hist');
    await thread.locator('[role="option"]', { hasText: 'Historian' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');

    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toMatch(/^\s*2 replies · /);
    const replies = (await (
      await fetch(`${server.url}/api/channels/${CHANNEL}/messages?thread=${root.id}`, { headers: historian.headers })
    ).json()) as { messages: Array<{ content: string; threadId: string; mentions: Array<{ id: string }> }> };
    const sent = replies.messages.at(-1)!;
    expect(sent.content).toBe(`count me in <@${historian.id}> `);
    expect(sent.threadId).toBe(root.id);
    expect(sent.mentions.map((user) => user.id)).toEqual([historian.id]);
    await page.screenshot({ path: `${ARTIFACTS}/thread-panel.png` });

    await page.keyboard.press('Escape');
    await expect.poll(() => thread.count(), { timeout: 5_000 }).toBe(0);
    expect(refused).toEqual([]);
    await context.close();
  });
});
