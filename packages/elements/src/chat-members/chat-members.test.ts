import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMembers } from './chat-members.js';
import './chat-members.js';

const ada = { id: 'u_ada', name: 'Ada Lovelace', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const owner = { id: 'u_owner', name: 'Olga Owner', avatarUrl: null };

/** The group headings and, under each, the names in order. */
function groups(el: ChatMembers): Record<string, string[]> {
  const shown: Record<string, string[]> = {};
  for (const heading of el.shadowRoot!.querySelectorAll('[part="group"]')) {
    const list = heading.nextElementSibling!;
    shown[heading.textContent.trim()] = [...list.querySelectorAll('[part="name"]')].map((name) => name.textContent.trim());
  }
  return shown;
}

/** Pixel Pals' members with Ada, the owner and the user online. */
async function membersOf(closable = false): Promise<{ el: ChatMembers; hearth: FakeHearth }> {
  const hearth = new FakeHearth();
  hearth.memberList.push(owner);
  for (const id of ['u_ada', 'u_owner', 'u_me']) hearth.online.add(id);
  const el = await fixture<ChatMembers>(
    html`<chat-members .client=${hearth.client()} server-id="s_one" ?closable=${closable}></chat-members>`,
  );
  await eventually(() => el.shadowRoot!.querySelector('[part="group"]'), 'the members never showed');
  return { el, hearth };
}

describe('chat-members', () => {
  it('groups the members online and offline, each by name, with avatars and the owner badge', async () => {
    const { el } = await membersOf();
    expect(groups(el)).to.deep.equal({
      'Online — 3': ['Ada Lovelace', 'Me', 'Olga Owner'],
      'Offline — 2': ['Adam', 'Bob'],
    });
    const adaRow = el.shadowRoot!.querySelector('[data-id="u_ada"]')!;
    expect(adaRow.querySelector('[part="avatar"]')!.textContent).to.equal('AL');
    expect(adaRow.querySelector('[part="online-dot"]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('[data-id="u_bob"] [part="online-dot"]')).to.equal(null);
    // The avatar takes the colour of the user's palette slot, as in the messages.
    const background = getComputedStyle(adaRow.querySelector('[part="avatar"]')!).backgroundColor;
    expect(background).to.not.equal('rgba(0, 0, 0, 0)');
    const ownerRow = el.shadowRoot!.querySelector('[data-id="u_owner"]')!;
    expect(ownerRow.querySelector('[part~="role"]')!.textContent).to.equal('Owner');
    expect(adaRow.querySelector('[part~="role"]')).to.equal(null);
  });

  it('shows the picture of a member who has one, and tells two members of one name apart by their tags', async () => {
    const hearth = new FakeHearth();
    const picture = new URL('../../../reference-server/src/demo/media/avatar-grace.svg', import.meta.url).href;
    hearth.memberList = [
      { id: 'u_alice1', name: 'Alice', avatarUrl: null },
      { id: 'u_alice2', name: 'Alice', avatarUrl: picture },
      { id: 'u_bob', name: 'Bob', avatarUrl: null },
    ];
    const el = await fixture<ChatMembers>(html`<chat-members .client=${hearth.client()} server-id="s_one"></chat-members>`);
    await eventually(() => el.shadowRoot!.querySelector('[data-id="u_bob"]'), 'the members never showed');
    const row = (id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${id}"]`)!;
    const tags = ['u_alice1', 'u_alice2'].map((id) => row(id).querySelector('[part="user-tag"]')!.textContent);
    expect(tags[0]).to.match(/^#\d{4}$/);
    expect(tags[1]).to.match(/^#\d{4}$/);
    expect(tags[0]).not.to.equal(tags[1]);
    // Each row's text, which a screen reader reads, differs too; Bob's name is his alone.
    expect(row('u_alice1').textContent.replace(/\s+/g, ' ')).to.contain(`Alice ${tags[0]}`);
    expect(row('u_bob').querySelector('[part="user-tag"]')).to.equal(null);
    expect(row('u_bob').querySelector('[part="name"]')!.getAttribute('title')).to.match(/^Bob #\d{4}$/);
    // The second Alice has a picture; the first shows her initials.
    const img = row('u_alice2').querySelector<HTMLImageElement>('[part="avatar"] img')!;
    expect(img.getAttribute('src')).to.equal(picture);
    await eventually(() => img.complete && img.naturalWidth > 0, 'the picture never loaded');
    expect(row('u_alice1').querySelector('[part="avatar"] img')).to.equal(null);
    expect(row('u_alice1').querySelector('[part="avatar"]')!.textContent.trim()).to.equal('A');
  });

  it('moves people between the groups as they come and go, live', async () => {
    const { el, hearth } = await membersOf();
    hearth.setOnline('s_one', bob, true);
    await eventually(() => groups(el)['Online — 4']?.includes('Bob'), 'Bob never came online');
    expect(groups(el)['Offline — 1']).to.deep.equal(['Adam']);
    hearth.setOnline('s_one', ada, false);
    await eventually(() => groups(el)['Offline — 2']?.includes('Ada Lovelace'), 'Ada never went offline');
    expect(groups(el)['Online — 3']).to.deep.equal(['Bob', 'Me', 'Olga Owner']);
    // Someone new who comes online shows up too.
    const cleo = { id: 'u_cleo', name: 'Cleo', avatarUrl: null };
    hearth.memberList.push(cleo);
    hearth.setOnline('s_one', cleo, true);
    await eventually(() => groups(el)['Online — 4']?.includes('Cleo'), 'a newcomer never showed');
  });

  it('fires chat-members-close from its close button when closable', async () => {
    const { el } = await membersOf(true);
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click());
    expect((await oneEvent(el, 'chat-members-close')).detail).to.deep.equal({ serverId: 's_one' });
  });

  it('shows an error with Retry when the members cannot be fetched', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers/s_one/members');
    const el = await fixture<ChatMembers>(html`<chat-members .client=${hearth.client()} server-id="s_one"></chat-members>`);
    const retry = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]');
    await eventually(retry, 'no Retry after the failed request');
    hearth.unavailable.delete('/api/servers/s_one/members');
    retry()!.click();
    await eventually(() => el.shadowRoot!.querySelector('[part="group"]'), 'no members after Retry');
  });

  it('passes an accessibility check in light and dark', async () => {
    const { el } = await membersOf(true);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
