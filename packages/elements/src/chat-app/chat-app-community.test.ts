import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

const inner = <T extends HTMLElement = HTMLElement>(root: Element | ShadowRoot | null | undefined, selector: string) =>
  (root as ParentNode | null | undefined)?.querySelector<T>(selector) ?? null;
const shadow = (el: Element | null) => el?.shadowRoot ?? null;

async function app(hearth = new FakeHearth(), attributes: Record<string, string> = {}, width = 1200): Promise<ChatApp> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 600px">
      <chat-app .client=${hearth.client()}></chat-app>
    </div>`,
  );
  const el = wrapper.querySelector<ChatApp>('chat-app')!;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

describe('chat-app community', () => {
  it('creates a server from the "+" button (name, category, visibility, icon) and opens it', async () => {
    const hearth = new FakeHearth();
    const el = await app(hearth);
    const list = inner(el.shadowRoot, 'chat-server-list')!;
    await eventually(() => inner(shadow(list), '[part="create-server"]'), 'no + button');
    const plus = inner<HTMLButtonElement>(shadow(list), '[part="create-server"]')!;
    plus.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => inner(shadow(inner(shadow(list), 'chat-create-server')), 'option'), 'no dialog with categories');
    const dialog = inner(shadow(list), 'chat-create-server')!;
    expect(inner<HTMLDialogElement>(shadow(dialog), 'dialog')!.open).to.equal(true);
    await expect(dialog).to.be.accessible();
    const form = inner<HTMLFormElement>(shadow(dialog), 'form')!;
    form.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Chess Club';
    form.querySelector<HTMLSelectElement>('select[name="categoryId"]')!.value = 'ct_music';
    form.querySelector<HTMLInputElement>('input[value="private"]')!.click();
    const icon = form.querySelector<HTMLInputElement>('input[name="icon"]')!;
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'icon.png', { type: 'image/png' }));
    icon.files = files.files;
    icon.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await eventually(() => inner<HTMLImageElement>(shadow(dialog), '[part="icon-preview"]'), 'no preview');
    form.requestSubmit();
    await eventually(() => el.serverId === 's_new2', `the new server did not open (${el.serverId})`);
    expect(hearth.bodies[hearth.requests.indexOf('POST /api/servers')]).to.deep.equal({
      name: 'Chess Club',
      categoryId: 'ct_music',
      visibility: 'private',
    });
    expect(hearth.requests).to.include('PUT /api/servers/s_new2/icon');
    await eventually(() => !dialog.isConnected, 'the dialog stayed');
    expect(shadow(list)!.activeElement).to.equal(plus);
    await eventually(() => shadow(list)!.textContent.includes('Chess Club'), 'the rail does not list it');
  });

  it('shows an invite given as an attribute, and accepting it opens the server', async () => {
    const hearth = new FakeHearth();
    const server = hearth.addServer({ id: 's_club', name: 'Secret Club', categoryId: 'ct_games', channels: ['lobby'], member: false });
    server.visibility = 'private';
    hearth.community.invites.push({
      code: 'club',
      serverId: 's_club',
      createdBy: { id: 'u_owner', name: 'Owner', avatarUrl: null },
      createdAt: new Date().toISOString(),
      expiresAt: null,
      maxUses: null,
      uses: 0,
    });
    const el = await app(hearth, { invite: 'club' });
    await eventually(() => inner(shadow(inner(el.shadowRoot, 'chat-invite')), '[part="accept"]'), 'no invite');
    inner(shadow(inner(el.shadowRoot, 'chat-invite')), '[part="accept"]')!.click();
    await eventually(() => el.serverId === 's_club', 'the server did not open');
    expect(el.invite).to.equal(undefined);
    await eventually(() => inner(el.shadowRoot, 'chat-messages'), 'no messages view');
  });

  it('takes a banned user from the open server to Explore with a notice', async () => {
    const hearth = new FakeHearth();
    const el = await app(hearth, { 'server-id': 's_one', 'channel-id': 'c_one_general' });
    await eventually(() => hearth.subscribers('c_one_general') > 0, 'never subscribed');
    hearth.community.remove('s_one', 'banned');
    await eventually(() => inner(el.shadowRoot, '[part="notice"]'), 'no notice');
    expect(inner(el.shadowRoot, '[part="notice"]')!.textContent).to.equal('You were banned from Pixel Pals.');
    expect(el.serverId).to.equal(undefined);
    await eventually(() => inner(el.shadowRoot, '[part="explore"]'), 'not in Explore');
  });

  it("shows a server's landing view with its banner, icon, description and member count, and Join for a non-member", async () => {
    const hearth = new FakeHearth();
    hearth.servers[1]!.bannerUrl = '/media/banner.png';
    const el = await app(hearth, { 'server-id': 's_two' });
    const messages = () => inner(el.shadowRoot, 'chat-messages');
    await eventually(() => inner(shadow(messages()), '[part~="landing-join"]'), 'no Join');
    const landing = inner(shadow(messages()), '[part="landing"]')!;
    expect(inner<HTMLImageElement>(landing, '[part="landing-banner"]')!.src).to.equal('http://hearth.test/media/banner.png');
    expect(inner(landing, '[part="landing-icon"]')!.textContent).to.equal('LL');
    expect(landing.textContent).to.contain('Welcome to Lo-fi Lounge').and.to.contain('About Lo-fi Lounge').and.to.contain('3 members');
    inner(landing, '[part~="landing-join"]')!.click();
    await eventually(() => hearth.members.has('s_two:u_me'), 'did not join');
    await eventually(() => inner(shadow(messages()), '[part="landing"]')?.textContent.includes('4 members'), 'count did not follow');
  });

  it('is usable at 400 px: the settings dialog fits the width', async () => {
    const hearth = new FakeHearth();
    hearth.community.roles.set('s_one:u_me', 'admin');
    const el = await app(hearth, { 'server-id': 's_one' }, 400);
    const channels = inner(el.shadowRoot, 'chat-channels')!;
    await eventually(() => inner(shadow(channels), '[part="server-menu-button"]'), 'no menu button');
    inner(shadow(channels), '[part="server-menu-button"]')!.click();
    await eventually(() => inner(shadow(inner(shadow(channels), 'chat-server-menu')), '[data-action="serverSettings"]'), 'no menu');
    inner(shadow(inner(shadow(channels), 'chat-server-menu')), '[data-action="serverSettings"]')!.click();
    await eventually(() => inner(shadow(inner(shadow(channels), 'chat-server-settings')), '[role="tab"]'), 'no settings');
    const dialog = inner(shadow(inner(shadow(channels), 'chat-server-settings')), 'dialog')!;
    expect(dialog.getBoundingClientRect().width).to.be.at.most(window.innerWidth);
  });
});
