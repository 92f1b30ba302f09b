import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn } from './support/browser.js';
import { useDropInSession } from './support/drop-in-session.js';

/** A demo channel with no history, so the test knows every message in it. */
const CHANNEL_ID = 'c_pixel_lfg';
const CHANNEL = `#/s_pixel/${CHANNEL_ID}`;
const WORD = 'marmalade';
const OLD_TEXT = `bring the ${WORD} for the picnic`;
const SECRET = `the vault code is 4711, ${WORD} jar`;

const session = useDropInSession('search');
const { api } = session;

/** A fresh browser (its own guest session), signed in and joined to the demo server, in the test's channel. */
async function member(name: string): Promise<Page> {
  const context = await session.newContext();
  const page = await context.newPage();
  await signIn(page, session.server.url, name, CHANNEL);
  await page.locator('chat-messages [part="join"]').click();
  await page.locator('chat-messages textarea').waitFor();
  return page;
}

/** The request headers of the guest a page signed in as. */
async function headersOf(page: Page): Promise<Record<string, string>> {
  const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('hearth-guest') ?? '{}') as { token: string }).token);
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** A guest signed in over REST only (no browser), as its request headers. */
async function restGuest(name: string): Promise<Record<string, string>> {
  const { token } = await api<{ token: string }>('POST', '/api/auth/guest', { 'content-type': 'application/json' }, { name });
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** The texts of the stored messages a page shows. */
function shownTexts(page: Page): Promise<string[]> {
  return page.locator('chat-messages article [part="content"]').allTextContents();
}

describe('search in the drop-in page against the reference server', () => {
  it('finds an old message by a word and from:, marks the word, and opens the channel at it; a private server stays hidden', async () => {
    const [alice, bob] = await Promise.all([member('Alice'), member('Bob')]);
    const [aliceHeaders, bobHeaders] = await Promise.all([headersOf(alice), headersOf(bob)]);

    // Alice writes 80 messages, the word in the 5th; Bob writes it once too, which from:alice leaves out.
    const contents = Array.from({ length: 80 }, (_, index) => (index === 4 ? OLD_TEXT : `planning message ${index + 1}`));
    for (const content of contents) await api('POST', `/api/channels/${CHANNEL_ID}/messages`, aliceHeaders, { content });
    await api('POST', `/api/channels/${CHANNEL_ID}/messages`, bobHeaders, { content: `I have no ${WORD} at all` });

    // Carol's private server has the word too; she finds it there, which proves it is searchable.
    const carol = await restGuest('Carol');
    const [category] = await api<Array<{ id: string }>>('GET', '/api/categories', carol);
    const vault = await api<{ id: string; channels: Array<{ id: string }> }>('POST', '/api/servers', carol, {
      name: 'The Vault',
      description: 'Members only.',
      categoryId: category!.id,
      visibility: 'private',
    });
    await api('POST', `/api/channels/${vault.channels[0]!.id}/messages`, carol, { content: SECRET });
    const carolFinds = await api<{ results: Array<{ message: { content: string } }> }>('GET', `/api/search?q=${WORD}`, carol);
    expect(carolFinds.results.map((hit) => hit.message.content)).toContain(SECRET);

    // Bob's page shows the newest messages; the old one is not among those loaded.
    await bob.reload();
    await expect.poll(() => shownTexts(bob), { timeout: 10_000 }).toContain(`I have no ${WORD} at all`);
    expect(await shownTexts(bob)).not.toContain(OLD_TEXT);

    // Bob searches from the header's field: its hints show once it has the focus, Enter searches.
    const field = bob.locator('chat-app [part="search-field"]');
    await field.focus();
    await bob.locator('chat-app [part="hints"]').waitFor({ timeout: 10_000 });
    await field.fill(`${WORD} from:alice`);
    await field.press('Enter');
    const hits = bob.locator('chat-app chat-search [part~="hit"]');
    await expect.poll(() => hits.count(), { timeout: 10_000 }).toBe(1);
    const hit = hits.first();
    expect(await hit.locator('[part="author"]').textContent()).toBe('Alice');
    expect((await hit.locator('[part="excerpt"]').textContent())?.trim()).toBe(OLD_TEXT);
    expect(await hit.locator('mark[part="match"]').allTextContents()).toEqual([WORD]);
    await bob.screenshot({ path: `${ARTIFACTS}/search-results.png` });

    // Opening the result shows the message in the channel: loaded, in view, focused and flashed.
    await bob.locator('chat-app chat-messages').evaluate((messages) => {
      const flashed: string[] = [];
      (window as unknown as { flashed: string[] }).flashed = flashed;
      new MutationObserver((records) => {
        for (const record of records) {
          const row = record.target as Element;
          if (row.localName === 'article' && row.classList.contains('flash')) flashed.push(row.textContent ?? '');
        }
      }).observe(messages.shadowRoot!, { subtree: true, attributes: true, attributeFilter: ['class'] });
    });
    await hit.click();
    const row = bob.locator('chat-messages article').filter({ has: bob.locator('[part="content"]', { hasText: OLD_TEXT }) });
    await row.waitFor({ timeout: 10_000 });
    await expect
      .poll(
        () =>
          row.evaluate((article) => {
            const list = (article.getRootNode() as ShadowRoot).querySelector('[part="list"]')!.getBoundingClientRect();
            const box = article.getBoundingClientRect();
            return (
              box.top >= list.top - 1 && box.bottom <= list.bottom + 1 && (article.getRootNode() as ShadowRoot).activeElement === article
            );
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    const flashed = await bob.evaluate(() => (window as unknown as { flashed: string[] }).flashed);
    expect(flashed.some((text) => text.includes(OLD_TEXT))).toBe(true);
    expect(await bob.locator('chat-app').getAttribute('channel-id')).toBe(CHANNEL_ID);

    // A search over every server Bob can read (a <chat-search> without a server) finds the public
    // messages and nothing of Carol's private server: not its message, not its text.
    await bob.evaluate((word) => {
      const search = document.createElement('chat-search');
      search.setAttribute('query', word);
      search.id = 'everywhere';
      document.getElementById('chat')!.append(search);
    }, WORD);
    const allHits = bob.locator('#everywhere [part~="hit"]');
    await expect.poll(() => allHits.count(), { timeout: 10_000 }).toBe(2);
    const allText = await bob.locator('#everywhere').evaluate((search) => search.shadowRoot!.textContent ?? '');
    expect(allText).toContain(OLD_TEXT);
    expect(allText).not.toContain('vault code');
    expect(allText).not.toContain('The Vault');
    const bobFinds = await api<{ results: Array<{ message: { content: string } }> }>('GET', `/api/search?q=${WORD}`, bobHeaders);
    expect(bobFinds.results.map((found) => found.message.content).sort()).toEqual([OLD_TEXT, `I have no ${WORD} at all`].sort());
  });
});
