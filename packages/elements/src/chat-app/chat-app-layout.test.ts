import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { deepActive } from '../../test/community-ui.js';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatChannelSelectEvent, ChatServerSelectEvent } from '../events.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

const inner = <T extends HTMLElement>(root: Element | ShadowRoot | null | undefined, selector: string) =>
  (root as ParentNode | null | undefined)?.querySelector<T>(selector) ?? null;
const shadow = (el: Element | null) => el?.shadowRoot ?? null;
const shown = (el: Element | null) => !!el && el.checkVisibility();

/**
 * `<chat-app>` as a host page places it: under the page's own header (a `banner` landmark), at
 * `width`, on Pixel Pals' #general unless `attributes` say otherwise.
 */
async function app(width: number, hearth = new FakeHearth(), attributes = 'server-id=s_one&channel-id=c_one_general') {
  const page = await fixture<HTMLDivElement>(
    html`<div>
      <header><p>Host page</p></header>
      <div style="width: ${width}px; height: 600px"><chat-app .client=${hearth.client()}></chat-app></div>
    </div>`,
  );
  const el = page.querySelector<ChatApp>('chat-app')!;
  for (const [name, value] of new URLSearchParams(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  const root = el.shadowRoot!;
  const messages = () => shadow(inner(root, 'chat-messages'));
  if (el.channelId) await eventually(() => inner(messages(), '[part="header"] h2')?.textContent?.includes('general'), 'no channel header');
  return { el, root, hearth, messages, channels: () => shadow(inner(root, 'chat-channels')) };
}

/** Opens the drawer with its button, and waits for the focus to move into it. */
async function openDrawer(root: ShadowRoot): Promise<HTMLButtonElement> {
  const toggle = inner<HTMLButtonElement>(root, '[part="drawer-toggle"]')!;
  toggle.click();
  await eventually(() => deepActive() === inner(root, '[part="explore-button"]'), 'the drawer did not take the focus');
  return toggle;
}

/** The line under a header: the bottom of its box. */
const bottom = (el: Element | null) => el!.getBoundingClientRect().bottom;
/** Where a heading's text sits: the bottom of its first line of text. */
function textBottom(heading: Element | null): number {
  const range = document.createRange();
  range.selectNodeContents(heading!);
  return range.getClientRects()[0]!.bottom;
}

/**
 * Checks the whole page with axe, every rule (landmarks included: the page's banner beside the
 * elements') but those about the test page itself (its title, language and h1); `also` leaves
 * out more.
 */
async function expectPageAccessible(...also: string[]): Promise<void> {
  await expect(document).to.be.accessible({ ignoredRules: ['document-title', 'html-has-lang', 'page-has-heading-one', ...also] });
}

describe('chat-app layout', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  describe('narrow layout (400px)', () => {
    it('names the server and channel in the top bar, truncated with the whole as its tooltip', async () => {
      const { root, el } = await app(400);
      const title = inner(root, '[part="title"]')!;
      await eventually(() => title.textContent === 'Pixel Pals › #general', `top bar says "${title.textContent}"`);
      expect(title.title).to.equal('Pixel Pals › #general');
      expect(getComputedStyle(title).textOverflow).to.equal('ellipsis');
      el.removeAttribute('server-id');
      await el.updateComplete;
      expect(title.textContent).to.equal('Explore');
    });

    it('opens the drawer over a scrim, keeps the messages inert, and closes on Escape with the focus back on its button', async () => {
      const { root } = await app(400);
      const toggle = await openDrawer(root);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(shown(inner(root, '[part="scrim"]'))).to.equal(true);
      expect(inner(root, 'main')!.inert).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await eventually(() => !shown(inner(root, 'chat-channels')), 'Escape did not close the drawer');
      expect(deepActive()).to.equal(toggle);
      expect(inner(root, 'main')!.inert).to.equal(false);
      expect(inner(root, '[part="scrim"]')).to.equal(null);
    });

    it('closes the drawer on a click on the scrim', async () => {
      const { root } = await app(400);
      await openDrawer(root);
      const scrim = inner(root, '[part="scrim"]')!;
      // The strip of scrim beside the drawer, where a user taps to close it.
      const box = scrim.getBoundingClientRect();
      const drawer = inner(root, '.drawer')!.getBoundingClientRect();
      expect(box.right - drawer.right).to.be.greaterThan(20);
      expect(root.elementFromPoint(box.right - 10, box.top + 10) === scrim).to.equal(true);
      scrim.click();
      await eventually(() => !shown(inner(root, 'chat-channels')), 'the scrim did not close the drawer');
    });

    it('keeps the focus in the drawer: Tab from its last control goes to the button, Shift+Tab back', async () => {
      const { root, channels } = await app(400);
      const toggle = await openDrawer(root);
      const lastChannel = inner(channels(), '[role="option"][tabindex="0"]')!;
      lastChannel.focus();
      await sendKeys({ press: 'Tab' });
      expect(deepActive()).to.equal(toggle);
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(deepActive()).to.equal(lastChannel);
      // Forward from the button goes into the drawer, not to the inert messages.
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(deepActive()).to.equal(inner(root, '[part="explore-button"]'));
    });

    it('gives the server names room in the drawer: none is cut to a few letters', async () => {
      const hearth = new FakeHearth();
      hearth.servers[1]!.name = 'TypeScript Study Group';
      const { root } = await app(400, hearth);
      await openDrawer(root);
      const rail = shadow(inner(root, 'chat-server-list'));
      await eventually(() => rail?.querySelectorAll('[part="name"]').length === 2, 'no servers in the rail');
      for (const name of rail!.querySelectorAll<HTMLElement>('[part="name"]')) {
        // Every word shows whole: a long name takes a second line instead.
        expect(name.scrollWidth, name.textContent ?? '').to.be.at.most(name.clientWidth);
        expect(name.scrollHeight, name.textContent ?? '').to.be.at.most(name.clientHeight);
        expect(name.closest('[role="option"]')!.getAttribute('title')).to.equal(name.textContent);
      }
    });

    it('keeps a dialog opened from the drawer (Invite people) showing, and the drawer with it', async () => {
      const hearth = new FakeHearth();
      hearth.community.roles.set(`s_one:${hearth.user.id}`, 'admin');
      const { root, channels } = await app(400, hearth);
      await openDrawer(root);
      await eventually(() => inner(channels(), '[part="server-menu-button"]'), 'no server menu button');
      inner<HTMLButtonElement>(channels(), '[part="server-menu-button"]')!.click();
      const item = () => inner(shadow(inner(channels(), 'chat-server-menu')), '[data-action="invitePeople"]');
      // The menu's code is fetched on this first click: a loaded machine may take a while.
      await eventually(item, 'the menu did not open', { timeout: 15_000 });
      item()!.click();
      const dialog = () => inner<HTMLDialogElement>(shadow(inner(channels(), 'chat-invite-dialog')), 'dialog');
      await eventually(() => dialog()?.open, 'the invite dialog did not open');
      // A click where the scrim is lands on the dialog's backdrop, and does not close the drawer under it.
      inner(root, '[part="scrim"]')?.click();
      await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(shown(dialog())).to.equal(true);
      expect(shown(inner(root, 'chat-channels'))).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await eventually(() => !dialog()?.open, 'Escape did not close the dialog');
      // Escape closed the dialog only; the drawer it was opened from is still there.
      expect(shown(inner(root, 'chat-channels'))).to.equal(true);
    });

    it('passes axe, landmark rules included, with the drawer open', async () => {
      const { root } = await app(400);
      await openDrawer(root);
      // The messages are inert under the open drawer, as the page is under a modal dialog: no main then.
      await expectPageAccessible('landmark-one-main');
    });
  });

  describe('headers', () => {
    for (const width of [1200, 900]) {
      it(`line up across the three columns at ${width}px, with the members beside the messages, light and dark`, async () => {
        const { root, messages, channels } = await app(width);
        inner<HTMLButtonElement>(root, '[part="members-toggle"]')!.click();
        await eventually(() => shadow(inner(root, 'chat-members'))?.querySelector('h2'), 'no members panel');
        await eventually(() => channels()?.querySelector('h2'), 'no channels header');
        for (const scheme of ['light', 'dark'] as const) {
          await emulateMedia({ colorScheme: scheme });
          const headers = [channels(), messages(), shadow(inner(root, 'chat-members'))].map((column) =>
            column!.querySelector('[part="header"]'),
          );
          const [first, ...others] = headers.map(bottom);
          for (const other of others)
            expect(other, `${scheme}: header bottoms ${headers.map(bottom).join(', ')}`).to.be.closeTo(first!, 0.5);
          const baselines = headers.map((header) => textBottom(header!.querySelector('h2')));
          for (const baseline of baselines.slice(1))
            expect(baseline, `${scheme}: baselines ${baselines.join(', ')}`).to.be.closeTo(baselines[0]!, 1);
          // Nothing spills out of the messages' header: the search field and the Members button fit.
          const header = messages()!.querySelector('[part="header"]')!.getBoundingClientRect();
          const toggle = inner(root, '[part="members-toggle"]')!.getBoundingClientRect();
          expect(toggle.right).to.be.at.most(header.right);
        }
      });
    }

    it('show the topic only where it has room to be read, and always in the channel name’s tooltip', async () => {
      const { root, messages } = await app(1200);
      const topic = () => messages()!.querySelector<HTMLElement>('.topic')!;
      expect(topic().getBoundingClientRect().width).to.be.greaterThan(80);
      expect(messages()!.querySelector('h2')!.title).to.equal('#general: All about general');
      inner<HTMLButtonElement>(root, '[part="members-toggle"]')!.click();
      await eventually(() => inner(root, 'chat-members'), 'no members panel');
      await eventually(() => !shown(topic()), 'the topic stayed, squeezed beside the members');
    });

    it('truncate a long server name with an ellipsis and a tooltip, keeping the member count', async () => {
      const hearth = new FakeHearth();
      hearth.servers[0]!.name = 'The International Society of Extremely Long Server Names';
      hearth.servers[0]!.memberCount = 1;
      const { channels } = await app(1200, hearth);
      await eventually(() => channels()?.querySelector('h2'), 'no channels header');
      const heading = channels()!.querySelector('h2')!;
      const header = channels()!.querySelector('[part="header"]')!;
      expect(heading.title).to.equal(hearth.servers[0]!.name);
      expect(header.scrollWidth).to.be.at.most(header.clientWidth);
      expect(header.getBoundingClientRect().height).to.equal(48);
      expect(channels()!.querySelector('.members')!.textContent).to.equal('1 member');
    });
  });

  describe('landmarks', () => {
    it('passes axe over the page, landmark rules included, in a channel, with the members, and in Explore', async () => {
      const { el, root } = await app(1200);
      await expectPageAccessible();
      inner<HTMLButtonElement>(root, '[part="members-toggle"]')!.click();
      await eventually(() => shadow(inner(root, 'chat-members'))?.querySelector('[part="list"]'), 'no members panel');
      await expectPageAccessible();
      el.removeAttribute('server-id');
      await eventually(() => root.querySelectorAll('[part="card"]').length > 0, 'Explore never listed');
      await expectPageAccessible();
    });

    it('puts the servers and the channels in named navigation landmarks, and has no banner of its own', async () => {
      const { root } = await app(1200);
      expect(inner(root, 'nav[part="rail"]')!.getAttribute('aria-label')).to.equal('Servers');
      const channels = inner(root, 'chat-channels')!;
      expect([channels.getAttribute('role'), channels.getAttribute('aria-label')]).to.deep.equal(['navigation', 'Channels']);
      for (const column of [channels, inner(root, 'chat-messages')])
        expect(inner(shadow(column), 'header')!.getAttribute('role')).to.equal('none');
    });
  });

  describe('for the host page', () => {
    it('focus() goes to the open channel’s composer, else to the rail’s Explore button', async () => {
      const { el, root, messages } = await app(1200);
      await eventually(() => inner(messages(), '[part="input"]'), 'no composer');
      el.focus();
      expect(deepActive()).to.equal(inner(messages(), '[part="input"]'));
      el.removeAttribute('server-id');
      await el.updateComplete;
      el.focus();
      expect(deepActive()).to.equal(inner(root, '[part="explore-button"]'));
    });

    it('focus() goes to the drawer button in the narrow layout when no channel is open', async () => {
      const { el, root } = await app(400, undefined, '');
      el.focus();
      expect(deepActive()).to.equal(inner(root, '[part="drawer-toggle"]'));
    });

    it('names the server and the channel in the select events', async () => {
      const { el, root, channels } = await app(1200);
      const rail = shadow(inner(root, 'chat-server-list'));
      await eventually(() => inner(rail, '[data-id="s_two"]'), 'no servers');
      await eventually(() => inner(channels(), '[data-id="c_one_random"]'), 'no channels');
      setTimeout(() => inner(channels(), '[data-id="c_one_random"]')!.click());
      const channel = await oneEvent<ChatChannelSelectEvent>(el, 'chat-channel-select');
      expect(channel.detail).to.deep.equal({
        serverId: 's_one',
        channelId: 'c_one_random',
        serverName: 'Pixel Pals',
        channelName: 'random',
      });
      setTimeout(() => inner(rail, '[data-id="s_two"]')!.click());
      const server = await oneEvent<ChatServerSelectEvent>(el, 'chat-server-select');
      expect(server.detail).to.deep.equal({ serverId: 's_two', serverName: 'Lo-fi Lounge' });
    });

    it('reflects invite to an attribute', async () => {
      const { el } = await app(1200);
      el.invite = 'CODE1';
      await el.updateComplete;
      expect(el.getAttribute('invite')).to.equal('CODE1');
    });
  });
});
