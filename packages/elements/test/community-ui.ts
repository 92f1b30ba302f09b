import { fixture, html } from '@open-wc/testing';
import { eventually } from './eventually.js';
import { FakeHearth } from './fake-hearth.js';
import type { ChatChannels } from '../src/chat-channels/chat-channels.js';
import '../src/chat-channels/chat-channels.js';
import type { FakeRole } from './fake-community.js';
import type { ChatServerSettings } from '../src/chat-community/server-settings.js';

/** The first element `selector` finds in `root`'s shadow root. */
export const inside = <T extends HTMLElement = HTMLElement>(root: Element | null | undefined, selector: string) =>
  root?.shadowRoot?.querySelector<T>(selector) ?? null;

/** Every element `selector` finds in `root`'s shadow root. */
export const allInside = <T extends HTMLElement = HTMLElement>(root: Element | null | undefined, selector: string) => [
  ...(root?.shadowRoot?.querySelectorAll<T>(selector) ?? []),
];

/** The element that has the focus, inside shadow roots too. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** `<chat-channels>` on Pixel Pals for a user of `role` (the owner: the server's owner), once its menu button shows. */
export async function channelsAs(role: FakeRole | undefined, hearth = new FakeHearth()) {
  if (role === 'owner') hearth.servers[0]!.ownerId = hearth.user.id;
  else if (role && role !== 'member') hearth.community.roles.set(`s_one:${hearth.user.id}`, role);
  if (role === undefined) hearth.members.delete(`s_one:${hearth.user.id}`);
  const client = hearth.client();
  const el = await fixture<ChatChannels>(html`<chat-channels .client=${client} server-id="s_one"></chat-channels>`);
  await eventually(() => allInside(el, '[role="option"]').length > 0, 'channels never rendered');
  if (role !== undefined) await eventually(() => menuButton(el), 'no menu button');
  return { hearth, client, el };
}

export const menuButton = (el: ChatChannels) => inside<HTMLButtonElement>(el, '[part="server-menu-button"]');
export const menu = (el: ChatChannels) => el.shadowRoot!.querySelector('chat-server-menu');
export const menuItems = (el: ChatChannels) => allInside(menu(el), '[role="menuitem"]');

/** Opens the server menu with a click; resolves with its items' actions. */
export async function openMenu(el: ChatChannels): Promise<string[]> {
  menuButton(el)!.click();
  await eventually(() => menuItems(el).length > 0, 'the menu never opened');
  return menuItems(el).map((item) => item.dataset.action ?? '');
}

/** Opens Server settings from the menu; resolves with the dialog, once it shows its tabs. */
export async function openSettings(el: ChatChannels): Promise<ChatServerSettings> {
  await openMenu(el);
  menuItems(el)
    .find((item) => item.dataset.action === 'serverSettings')!
    .click();
  await eventually(() => allInside(el.shadowRoot!.querySelector('chat-server-settings'), '[role="tab"]').length > 0, 'no settings');
  return el.shadowRoot!.querySelector('chat-server-settings')!;
}

/** The tabs a settings dialog shows. */
export const tabs = (settings: ChatServerSettings) => allInside(settings, '[role="tab"]').map((tab) => tab.dataset.tab);

/** Shows a tab of the settings. */
export async function showTab(settings: ChatServerSettings, tab: string): Promise<void> {
  inside(settings, `[data-tab="${tab}"]`)!.click();
  await eventually(() => inside(settings, `[part~="selected"][data-tab="${tab}"]`), `tab ${tab} never showed`);
}
