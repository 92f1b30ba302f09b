import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shownMessages } from './support/browser.js';
import { type ExampleServer, type Guest, everyRow, guestInChannel, send, serveExample } from './support/framework-example.js';

const EXAMPLES = [
  { framework: 'React', dir: fileURLToPath(new URL('../react/', import.meta.url)) },
  { framework: 'Vue', dir: fileURLToPath(new URL('../vue/', import.meta.url)) },
  { framework: 'Svelte', dir: fileURLToPath(new URL('../svelte/', import.meta.url)) },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(EXAMPLES)('the $framework example, built and served by the reference server', ({ framework, dir }) => {
  let app: ExampleServer;
  const guests: Guest[] = [];

  async function guest(name: string): Promise<Guest> {
    const joined = await guestInChannel(browser, app.url, name, 'Pixel Pals', 'looking-for-group');
    guests.push(joined);
    return joined;
  }

  beforeAll(async () => {
    app = await serveExample(dir);
  });
  afterEach(async () => {
    await Promise.all(guests.splice(0).map(({ page }) => page.context().close()));
  });
  afterAll(() => app?.stop());

  it(`lets two guests pick a channel from its ${framework} lists and chat: each message shows once on both sides`, async () => {
    const [ada, bob] = await Promise.all([guest('Ada'), guest('Bob')]);
    expect(await ada.page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hearth with ${framework}`);
    // Rendered by the framework: the servers from the SDK's $list store, the state from its $connection store.
    expect(await ada.page.getByRole('navigation', { name: 'Servers' }).getByRole('button').allTextContents()).toHaveLength(5);
    expect(await ada.page.locator('.connection').textContent()).toBe('Online');

    await send(ada.page, 'hello from Ada');
    await expect.poll(() => shownMessages(bob.page), { timeout: 10_000 }).toContain('hello from Ada');
    await expect.poll(() => shownMessages(ada.page), { timeout: 10_000 }).toContain('hello from Ada');
    await send(bob.page, 'hello from Bob');
    await expect.poll(() => shownMessages(ada.page), { timeout: 10_000 }).toContain('hello from Bob');
    await expect.poll(() => shownMessages(bob.page), { timeout: 10_000 }).toContain('hello from Bob');

    // Every row, pending ones included: a send shown twice (optimistic and stored) would count two.
    expect(await everyRow(ada.page)).toEqual(['hello from Ada', 'hello from Bob']);
    expect(await everyRow(bob.page)).toEqual(['hello from Ada', 'hello from Bob']);
    expect([...ada.errors, ...bob.errors]).toEqual([]);
  });
});
