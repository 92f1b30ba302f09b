import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatServerList } from './chat-server-list.js';
import './chat-server-list.js';

const row = (el: ChatServerList, serverId: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${serverId}"]`)!;
const badge = (el: ChatServerList, serverId: string) => row(el, serverId)?.querySelector('[part="mention-badge"]') ?? null;
const pill = (el: ChatServerList, serverId: string) => row(el, serverId)?.querySelector('[part="unread-pill"]') ?? null;
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };

describe('chat-server-list unread', () => {
  it('marks a server with unread messages, counts its mentions over all its channels, and says so to screen readers', async () => {
    const hearth = new FakeHearth();
    hearth.addServer({ id: 's_three', name: 'Quiet Corner', categoryId: 'ct_games', channels: ['general'] });
    hearth.post('c_one_general', 'hello <@u_me>', bob);
    hearth.post('c_one_random', 'and <@u_me> here too', bob);
    hearth.post('c_one_random', 'no mention', bob);
    const el = await fixture<ChatServerList>(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    await eventually(() => badge(el, 's_one')?.textContent === '2', 'the server never showed its mentions');
    expect(pill(el, 's_one')).to.not.equal(null);
    expect(row(el, 's_one').part.contains('unread')).to.equal(true);
    expect(row(el, 's_one').querySelector('.visually-hidden')!.textContent).to.equal(', 3 unread, 2 mentions');
    // The badge sits on the icon's corner, red under white.
    const icon = row(el, 's_one').querySelector('[part="icon"]')!.getBoundingClientRect();
    const pillBox = badge(el, 's_one')!.getBoundingClientRect();
    expect(pillBox.right).to.be.above(icon.right - 1);
    expect(pillBox.bottom).to.be.above(icon.bottom - 1);
    expect(getComputedStyle(badge(el, 's_one')!).backgroundColor).to.equal('rgb(198, 40, 40)');
    // A server with nothing new shows neither.
    expect(pill(el, 's_three')).to.equal(null);
    expect(badge(el, 's_three')).to.equal(null);

    // Unread without a mention: the pill, no badge.
    hearth.post('c_three_general', 'quiet news', bob);
    await eventually(() => pill(el, 's_three'), 'the quiet server never showed its unread message');
    expect(badge(el, 's_three')).to.equal(null);
    expect(row(el, 's_three').querySelector('.visually-hidden')!.textContent).to.equal(', 1 unread');

    // Read everywhere (another tab): the marks go.
    hearth.markRead('c_one_general', 99);
    hearth.markRead('c_one_random', 99);
    await eventually(() => !pill(el, 's_one') && !badge(el, 's_one'), 'the marks stayed after reading');
  });

  it('passes an accessibility check in light and dark with its badges', async () => {
    const hearth = new FakeHearth();
    hearth.post('c_one_general', 'hello <@u_me>', bob);
    const el = await fixture<ChatServerList>(html`<chat-server-list .client=${hearth.client()} server-id="s_one"></chat-server-list>`);
    await eventually(() => badge(el, 's_one'), 'no badge');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
