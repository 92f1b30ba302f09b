import type { Browser, Page, WebSocket } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { type DropInServer, startDropIn } from './support/drop-in-server.js';

const GENERAL = '#/s_hearth/c_hearth_general';
const HELP = '#/s_hearth/c_hearth_help';

/** The elements' palette (packages/elements' theme), which the page mirrors. */
const RAIL = { light: 'rgb(227, 229, 232)', dark: 'rgb(30, 31, 34)' };
const MESSAGES_BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(49, 51, 56)' };

let server: DropInServer;
let browser: Browser;
const pages: Page[] = [];
/** Dialogs (alert, confirm, prompt) any page opened: the page must explain itself inline. */
let dialogs: string[] = [];
/** Everything the pages' Content-Security-Policy refused. */
let cspViolations: string[] = [];

async function newPage(width = 1200, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 720 }, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  pages.push(page);
  return page;
}

/** Signs in through the page's card and waits for the top bar to name the user. */
async function signIn(page: Page, name: string, hash = GENERAL): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await page.locator('#name').fill(name);
  await page.getByRole('button', { name: 'Join the chat' }).click();
  await page.locator('#user-name', { hasText: name }).waitFor();
}

/** The element that has the focus, looked for through shadow roots: its part, else its id. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('part') ?? active?.id ?? active?.tagName ?? '';
  });
}

/** The background colour of the page's top bar, of `<chat-app>`'s server rail and of `<chat-messages>`. */
function colours(page: Page): Promise<{ topbar: string; rail: string; messages: string }> {
  return page.evaluate(() => {
    const app = document.querySelector('chat-app')!;
    const rail = app.shadowRoot!.querySelector('[part="rail"]')!;
    const messages = app.shadowRoot!.querySelector('chat-messages')!;
    return {
      topbar: getComputedStyle(document.querySelector('body > header')!).backgroundColor,
      rail: getComputedStyle(rail).backgroundColor,
      messages: getComputedStyle(messages).backgroundColor,
    };
  });
}

const signedInCard = (page: Page) => ({
  card: page.locator('#sign-in'),
  chat: page.locator('chat-app'),
  account: page.locator('#account'),
});

// Building hearth-elements.js, starting the server and Chromium: on a loaded machine each alone
// can take most of the usual 30 s.
beforeAll(async () => {
  [server, browser] = await Promise.all([startDropIn(), launchChromium()]);
}, 120_000);
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()));
  const [opened, refused] = [dialogs, cspViolations];
  [dialogs, cspViolations] = [[], []];
  expect(opened).toEqual([]);
  expect(refused).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the drop-in page signing in and out', () => {
  it('asks for a name on a card of its own, explains a refused name under the field, is busy while asking, and starts at the servers', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/${GENERAL}`);
    const { card, chat, account } = signedInCard(page);
    await card.waitFor();
    // Nothing of the chat shows before signing in (no element waiting on "Loading…").
    expect(await chat.isVisible()).toBe(false);
    expect(await account.isVisible()).toBe(false);
    expect(await page.getByText('Loading…').evaluateAll((shown) => shown.filter((element) => element.checkVisibility()).length)).toBe(0);
    expect(await focused(page)).toBe('name');
    await page.screenshot({ path: `${ARTIFACTS}/sign-in-card.png` });

    const nameField = page.getByLabel('Your name');
    const error = page.locator('#name-error');
    const join = page.getByRole('button', { name: 'Join the chat' });
    await join.click();
    expect(await error.textContent()).toBe('Enter a name to join.');

    await nameField.fill('admin');
    await join.click();
    await expect.poll(() => error.textContent()).toBe('The name "admin" is reserved; choose another.');
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('name');
    expect(await card.isVisible()).toBe(true);
    // The field's description reads the error out with it.
    expect(await nameField.getAttribute('aria-describedby')).toContain('name-error');
    await page.screenshot({ path: `${ARTIFACTS}/sign-in-refused.png` });

    // Typing again clears the complaint.
    await nameField.fill('Hostess');
    expect(await error.textContent()).toBe('');
    expect(await nameField.getAttribute('aria-invalid')).toBeNull();

    // While the server is asked, the button says so and cannot be pressed twice.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/auth/guest', async (route) => {
      await answered;
      await route.continue();
    });
    await page.locator('#join').click();
    await expect.poll(() => page.locator('#join').textContent()).toBe('Joining…');
    expect(await page.locator('#join').isDisabled()).toBe(true);
    answer();

    await page.locator('#user-name', { hasText: 'Hostess' }).waitFor();
    expect(await page.getByText('Signed in as').isVisible()).toBe(true);
    expect(await card.isVisible()).toBe(false);
    expect(await chat.isVisible()).toBe(true);
    // The keyboard starts at the server rail: its first button, Explore.
    await expect.poll(() => focused(page)).toBe('explore-button');
  });

  it('at 400 px starts the keyboard at the button that opens the servers, and still names the user', async () => {
    const page = await newPage(400);
    await signIn(page, 'Narrow Host');
    await expect.poll(() => focused(page)).toBe('drawer-toggle');
    expect(await page.locator('#user-name').isVisible()).toBe(true);
    const bar = await page.locator('body > header').boundingBox();
    expect(bar?.height).toBe(48);
    await page.screenshot({ path: `${ARTIFACTS}/signed-in-narrow.png` });
  });

  it('signs out to the card: the socket closes, a reload stays signed out, and the next user sees nothing of the last', async () => {
    const page = await newPage();
    const sockets: WebSocket[] = [];
    page.on('websocket', (socket) => sockets.push(socket));
    await signIn(page, 'Leaver');
    await page.locator('chat-messages [part="join"]').click();
    await page.locator('chat-messages textarea').waitFor();
    expect(sockets.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    const { card, chat, account } = signedInCard(page);
    await card.waitFor();
    expect(await chat.isVisible()).toBe(false);
    expect(await account.isVisible()).toBe(false);
    expect(await focused(page)).toBe('name');
    expect(await page.title()).toBe('Hearth');
    expect(await page.evaluate(() => sessionStorage.getItem('hearth-guest'))).toBeNull();
    await expect.poll(() => sockets.every((socket) => socket.isClosed())).toBe(true);

    await page.reload();
    await card.waitFor();
    expect(await account.isVisible()).toBe(false);
    expect(await chat.isVisible()).toBe(false);

    // Leaver had joined the server and had a composer; Arriver has not joined and is asked to.
    await page.locator('#name').fill('Arriver');
    await page.getByRole('button', { name: 'Join the chat' }).click();
    await page.locator('#user-name', { hasText: 'Arriver' }).waitFor();
    await page.locator('chat-messages [part="join"]').waitFor();
    expect(await page.locator('chat-messages textarea').count()).toBe(0);
    const guest = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hearth-guest') ?? '{}') as { user?: { name: string } });
    expect(guest.user?.name).toBe('Arriver');
  });
});

describe('the drop-in page keeping the place', () => {
  it('records channel changes in history: Back and Forward move between channels, a correction adds no entry, and the title follows with its unread prefix', async () => {
    const page = await newPage();
    await signIn(page, 'Wanderer');
    await page.locator('chat-messages [part="join"]').click();
    await page.locator('chat-messages textarea').waitFor();
    await expect.poll(() => page.title()).toBe('#general · Hearth · Hearth');
    const entries = await page.evaluate(() => history.length);
    const selected = () => page.locator('chat-channels [role="option"][aria-selected="true"]').textContent();

    await page.locator('chat-channels [role="option"]', { hasText: 'help' }).click();
    await expect.poll(() => page.url()).toContain(HELP);
    await expect.poll(() => page.title()).toBe('#help · Hearth · Hearth');
    expect(await page.evaluate(() => history.length)).toBe(entries + 1);

    await page.goBack();
    await expect.poll(() => page.url()).toContain(GENERAL);
    await expect.poll(() => page.locator('chat-app').getAttribute('channel-id')).toBe('c_hearth_general');
    await expect.poll(selected).toContain('general');
    await expect.poll(() => page.title()).toBe('#general · Hearth · Hearth');

    await page.goForward();
    await expect.poll(() => page.url()).toContain(HELP);
    await expect.poll(selected).toContain('help');
    await expect.poll(() => page.title()).toBe('#help · Hearth · Hearth');

    // A link to a channel that does not exist lands on the server's landing view, in place of
    // the broken address: Back then returns to #help, not to the address that was corrected.
    await page.evaluate(() => (location.hash = '#/s_hearth/c_does_not_exist'));
    await expect.poll(() => page.url()).toMatch(/#\/s_hearth$/);
    await expect.poll(() => page.title()).toBe('Hearth · Hearth');
    await page.goBack();
    await expect.poll(() => page.url()).toContain(HELP);
    await expect.poll(() => page.title()).toBe('#help · Hearth · Hearth');

    // Another server, by the rail: its name in the title, and Back to #help again.
    await page.locator('chat-server-list [role="option"]', { hasText: 'Pixel Pals' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/s_pixel$/);
    await expect.poll(() => page.title()).toBe('Pixel Pals · Hearth');
    await page.goBack();
    await expect.poll(() => page.title()).toBe('#help · Hearth · Hearth');

    // A mention in another channel puts its count in front of the channel's name.
    const { user } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hearth-guest')!) as { user: { id: string } });
    const poster = (await (
      await fetch(`${server.url}/api/auth/guest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Caller' }),
      })
    ).json()) as { token: string };
    const headers = { authorization: `Bearer ${poster.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/servers/s_hearth/members`, { method: 'POST', headers })).ok).toBe(true);
    const posted = await fetch(`${server.url}/api/channels/c_hearth_general/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ content: `<@${user.id}> over here` }),
    });
    expect(posted.status).toBe(201);
    await expect.poll(() => page.title()).toBe('(1) #help · Hearth · Hearth');
  });

  it('names an invite in the title while it shows, and Explore without a server', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/?invite=nosuchcode`);
    await page.locator('#name').fill('Invitee');
    await page.getByRole('button', { name: 'Join the chat' }).click();
    await page.locator('chat-invite').waitFor();
    await expect.poll(() => page.title()).toBe('Invite · Hearth');
    await page.locator('chat-app [part="explore-button"]').click();
    await expect.poll(() => page.title()).toBe('Explore · Hearth');
    expect(page.url()).toBe(`${server.url}/`);
  });
});

describe('the drop-in page theme', () => {
  it("follows the system until the toggle is pressed, then switches the page and the elements' palette and keeps it after a reload", async () => {
    const page = await newPage(1200, 'light');
    await signIn(page, 'Painter');
    await page.locator('chat-messages').waitFor();
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await colours(page)).toEqual({ topbar: RAIL.light, rail: RAIL.light, messages: MESSAGES_BG.light });

    // No choice made yet: the page and the elements follow the system's scheme as it changes.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await colours(page)).toEqual({ topbar: RAIL.dark, rail: RAIL.dark, messages: MESSAGES_BG.dark });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('chat-app').getAttribute('theme')).toBe('dark');
    expect(await colours(page)).toEqual({ topbar: RAIL.dark, rail: RAIL.dark, messages: MESSAGES_BG.dark });
    await page.screenshot({ path: `${ARTIFACTS}/chosen-dark.png` });

    await page.reload();
    await page.locator('chat-messages').waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await colours(page)).toEqual({ topbar: RAIL.dark, rail: RAIL.dark, messages: MESSAGES_BG.dark });

    // Light chosen over a dark system stays light.
    await page.emulateMedia({ colorScheme: 'dark' });
    await toggle.click();
    await page.reload();
    await page.locator('chat-messages').waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('chat-app').getAttribute('theme')).toBe('light');
    expect(await colours(page)).toEqual({ topbar: RAIL.light, rail: RAIL.light, messages: MESSAGES_BG.light });
  });
});

describe('the drop-in page head', () => {
  it('links a favicon the server serves and describes itself', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    const head = await page.evaluate(() => ({
      icon: document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '',
      description: document.querySelector<HTMLMetaElement>('meta[name="description"]')?.content ?? '',
    }));
    expect(head.description).toMatch(/Hearth/);
    const icon = await fetch(head.icon);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
