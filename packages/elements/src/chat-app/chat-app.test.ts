import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { FakeHearth } from '../../test/fake-hearth.js';
import '../chat-provider/chat-provider.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

const inner = <T extends HTMLElement>(root: Element | ShadowRoot | null | undefined, selector: string) =>
  (root as ParentNode | null | undefined)?.querySelector<T>(selector) ?? null;
const shadow = (el: Element | null) => el?.shadowRoot ?? null;
const visible = (el: Element | null) => !!el && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;

async function app(width: number, hearth = new FakeHearth(), attributes = ''): Promise<ChatApp> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 600px">
      <chat-app .client=${hearth.client()}></chat-app>
    </div>`,
  );
  const el = wrapper.querySelector<ChatApp>('chat-app')!;
  if (attributes) for (const [name, value] of new URLSearchParams(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

describe('chat-app', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('shows all three columns at 1200px', async () => {
    const el = await app(1200, undefined, 'server-id=s_one&channel-id=c_one_general');
    const root = el.shadowRoot!;
    await eventually(() => visible(inner(root, 'chat-channels')) && visible(inner(root, 'chat-messages')), 'columns missing');
    expect(visible(inner(root, '.rail'))).to.equal(true);
    expect(visible(inner(root, '[part="topbar"]'))).to.equal(false);
  });

  it('shows one column at 400px and opens the channels as a drawer from a button', async () => {
    const el = await app(400, undefined, 'server-id=s_one');
    const root = el.shadowRoot!;
    await eventually(() => visible(inner(root, 'chat-messages')), 'messages column missing');
    expect(visible(inner(root, 'chat-channels'))).to.equal(false);
    expect(visible(inner(root, '.rail'))).to.equal(false);
    const toggle = inner<HTMLButtonElement>(root, '[part="drawer-toggle"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await eventually(() => toggle.getAttribute('aria-expanded') === 'true', 'the drawer did not open');
    expect(visible(inner(root, 'chat-channels'))).to.equal(true);
    const channels = inner(root, 'chat-channels')!;
    await eventually(() => inner(shadow(channels), '[role="option"]'), 'no channels in the drawer');
    inner<HTMLElement>(shadow(channels), '[role="option"]')!.click();
    await eventually(() => !visible(inner(root, 'chat-channels')), 'the drawer stayed open');
    expect(el.getAttribute('channel-id')).to.equal('c_one_general');
  });

  it('shows an error with Retry in Explore and in the rail when the server list fails, and the servers after Retry', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers');
    const el = await app(1200, hearth);
    const root = el.shadowRoot!;
    const rail = () => shadow(inner(root, 'chat-server-list'));
    await eventually(
      () => inner(root, '[part="main"] [part="retry"]') && inner(rail(), '[part="retry"]'),
      'no Retry in Explore and in the rail',
    );
    expect(inner(root, '[part="main"] [part="status"]')!.getAttribute('role')).to.equal('alert');
    expect(inner(root, '[part="main"] [part="status"]')!.textContent).to.contain('Could not load.');
    expect(root.querySelectorAll('[part="card"]')).to.have.length(0);
    expect(inner(rail(), '[role="option"]')).to.equal(null);

    hearth.unavailable.delete('/api/servers');
    inner<HTMLButtonElement>(root, '[part="main"] [part="retry"]')!.click();
    await eventually(() => root.querySelectorAll('[part="card"]').length === 2, 'Explore not listed after Retry');
    // Explore and the rail watch the same store: one Retry brings both back.
    await eventually(() => rail()!.querySelectorAll('[role="option"]').length === 2, 'rail not listed after Retry');
    expect(inner(root, '[part="retry"]')).to.equal(null);
    expect(inner(rail(), '[part="retry"]')).to.equal(null);
  });

  it('lists servers by category in Explore and opens one from its card', async () => {
    const el = await app(1200);
    const root = el.shadowRoot!;
    await eventually(() => root.querySelectorAll('[part="card"]').length === 2, 'explore not listed');
    const filter = [...root.querySelectorAll('[part="category-chip"]')].map((node) => node.textContent.trim());
    expect(filter).to.deep.equal(['All', 'Gaming', 'Music']);
    setTimeout(() => inner<HTMLElement>(root, '[part="card"]')!.click());
    expect((await oneEvent(el, 'chat-server-select')).detail).to.deep.equal({ serverId: 's_one', serverName: 'Pixel Pals' });
    await el.updateComplete;
    const messages = inner(root, 'chat-messages')!;
    await eventually(() => inner(shadow(messages), '[part="landing"] h2')?.textContent === 'Welcome to Pixel Pals', 'no landing view');
  });

  it('stays where it is when the page cancels the selection of a server or a channel', async () => {
    const el = await app(1200, undefined, 'server-id=s_one&channel-id=c_one_general');
    const root = el.shadowRoot!;
    const cancel = (event: Event) => event.preventDefault();
    el.addEventListener('chat-server-select', cancel);
    el.addEventListener('chat-channel-select', cancel);
    const servers = inner(root, 'chat-server-list')!;
    const channels = inner(root, 'chat-channels')!;
    await eventually(() => shadow(servers)!.querySelectorAll('[role="option"]').length === 2, 'servers not listed');
    await eventually(() => shadow(channels)!.querySelectorAll('[role="option"]').length === 2, 'channels not listed');
    shadow(servers)!.querySelector<HTMLElement>('[data-id="s_two"]')!.click();
    shadow(channels)!.querySelector<HTMLElement>('[data-id="c_one_random"]')!.click();
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect([el.getAttribute('server-id'), el.getAttribute('channel-id')]).to.deep.equal(['s_one', 'c_one_general']);
    el.removeEventListener('chat-channel-select', cancel);
    shadow(channels)!.querySelector<HTMLElement>('[data-id="c_one_random"]')!.click();
    await eventually(() => el.getAttribute('channel-id') === 'c_one_random', 'did not follow an uncanceled selection');
  });

  it('falls back to Explore for an unknown server id', async () => {
    const el = await app(1200, undefined, 'server-id=s_missing');
    await eventually(() => !el.hasAttribute('server-id'), 'did not fall back');
    await eventually(() => el.shadowRoot!.querySelector('[part="explore"]'), 'explore not shown');
  });

  it('lets a keyboard user choose a server and a channel, then write and send a message', async () => {
    const hearth = new FakeHearth();
    const el = await app(1200, hearth);
    const root = el.shadowRoot!;
    const list = inner(root, 'chat-server-list')!;
    await eventually(() => inner(shadow(list), '[role="option"]'), 'no servers');
    inner<HTMLElement>(shadow(list), '[role="option"]')!.focus();
    await sendKeys({ press: 'Enter' });
    const channels = await eventually(() => inner(root, 'chat-channels'), 'channels not shown').then(() => inner(root, 'chat-channels')!);
    await eventually(() => inner(shadow(channels), '[role="option"]'), 'no channels');
    // Past the "Create a server" button and the server's menu button, the channels.
    for (let presses = 0; presses < 3 && shadow(channels)!.activeElement?.getAttribute('role') !== 'option'; presses++) {
      await sendKeys({ press: 'Tab' });
    }
    await eventually(() => shadow(channels)!.activeElement?.getAttribute('role') === 'option', 'tab did not reach the channels');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => el.getAttribute('channel-id') === 'c_one_random', 'channel not chosen');
    const messages = inner(root, 'chat-messages')!;
    await eventually(
      () => inner<HTMLTextAreaElement>(shadow(messages), 'textarea') && !inner<HTMLTextAreaElement>(shadow(messages), 'textarea')!.disabled,
      'no composer',
    );
    inner<HTMLTextAreaElement>(shadow(messages), 'textarea')!.focus();
    await sendKeys({ type: 'typed with keys only' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => hearth.messages.get('c_one_random')!.some((message) => message.content === 'typed with keys only'), 'not sent');
  });

  it('turns dark with prefers-color-scheme, and the theme attribute overrides it', async () => {
    const el = await app(1200);
    const background = () => getComputedStyle(el).backgroundColor;
    const light = background();
    await emulateMedia({ colorScheme: 'dark' });
    await eventually(() => background() !== light, 'prefers-color-scheme: dark not applied');
    const dark = background();
    el.setAttribute('theme', 'light');
    await el.updateComplete;
    expect(background()).to.equal(light);
    await emulateMedia({ colorScheme: 'light' });
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    expect(background()).to.equal(dark);
  });

  it('keeps two apps with different providers apart, and closes sockets when removed', async () => {
    const first = new FakeHearth();
    const second = new FakeHearth();
    second.servers[0]!.name = 'Second Pals';
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <chat-provider .client=${first.client()}
          ><chat-app server-id="s_one" channel-id="c_one_general" style="height:300px"></chat-app
        ></chat-provider>
        <chat-provider .client=${second.client()}
          ><chat-app server-id="s_one" channel-id="c_one_general" style="height:300px"></chat-app
        ></chat-provider>
      </div>`,
    );
    const [a, b] = [...wrapper.querySelectorAll<ChatApp>('chat-app')];
    const channelsTitle = (el: ChatApp) => inner(shadow(inner(el.shadowRoot, 'chat-channels')), 'h2')?.textContent.trim();
    await eventually(() => channelsTitle(a!) === 'Pixel Pals' && channelsTitle(b!) === 'Second Pals', 'apps did not load their own data');
    await eventually(() => first.openSockets === 1 && second.openSockets === 1, 'each app should have its own socket');
    first.post('c_one_general', 'only in the first');
    const texts = (el: ChatApp) => shadow(inner(el.shadowRoot, 'chat-messages'))!.textContent;
    await eventually(() => texts(a!).includes('only in the first'), 'first app did not get its message');
    expect(texts(b!)).not.to.include('only in the first');
    expect(first.subscribers('c_one_general')).to.equal(1);
    wrapper.remove();
    // Removed elements stop watching their channel (after nanostores' one-second unmount delay).
    await eventually(() => first.subscribers('c_one_general') === 0 && second.subscribers('c_one_general') === 0, 'still subscribed', {
      timeout: 4000,
    });
  });

  it('passes an accessibility check in light and dark', async () => {
    const el = await app(1200, undefined, 'server-id=s_one&channel-id=c_one_general');
    await eventually(() => inner(shadow(inner(el.shadowRoot, 'chat-channels')), '[role="option"]'), 'not loaded');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
