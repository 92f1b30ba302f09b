import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

async function explore(hearth = new FakeHearth(), width = 1200): Promise<ChatApp> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 700px">
      <chat-app .client=${hearth.client()}></chat-app>
    </div>`,
  );
  const el = wrapper.querySelector<ChatApp>('chat-app')!;
  // Join or "Joined" shows once the memberships are known: every card has one or the other then.
  await eventually(() => {
    const cards = cardsOf(el);
    return cards.length > 0 && cards.every((card) => card.querySelector('[part="join"], [part="joined"]'));
  }, 'Explore did not show its cards');
  return el;
}

const cardsOf = (el: ChatApp) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="card"]')];
const namesOf = (el: ChatApp) => cardsOf(el).map((card) => card.querySelector('.card-name')!.textContent.trim());
const card = (el: ChatApp, name: string) => cardsOf(el).find((each) => each.querySelector('.card-name')!.textContent.trim() === name)!;
const chips = (el: ChatApp) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part="category-chip"] input')];
const chip = (el: ChatApp, name: string) => chips(el).find((input) => input.closest('label')!.textContent.trim() === name)!;

function withThreeCategories(): FakeHearth {
  const hearth = new FakeHearth();
  hearth.categories.push({ id: 'ct_art', name: 'Art', description: '', iconUrl: null });
  hearth.addServer({ id: 's_three', name: 'Speedrunners', categoryId: 'ct_games', channels: ['general'], member: false });
  hearth.servers[2]!.memberCount = 1;
  hearth.servers[2]!.description = 'Frame-perfect tricks and the routes that use them. '.repeat(6);
  return hearth;
}

describe('chat-app Explore', () => {
  it("shows each server as a card with its name, description, member count (one or many) and banner or its colour's band", async () => {
    const hearth = withThreeCategories();
    hearth.servers[0]!.bannerUrl = '/media/banner.png';
    const el = await explore(hearth);
    expect(namesOf(el)).to.deep.equal(['Pixel Pals', 'Lo-fi Lounge', 'Speedrunners']);
    const pixel = card(el, 'Pixel Pals');
    expect(pixel.querySelector('.card-description')!.textContent).to.equal('About Pixel Pals');
    expect(pixel.querySelector('[part="member-count"]')!.textContent).to.equal('3 members');
    expect(card(el, 'Speedrunners').querySelector('[part="member-count"]')!.textContent).to.equal('1 member');
    expect(pixel.querySelector<HTMLImageElement>('.card-banner img')!.src).to.equal('http://hearth.test/media/banner.png');
    const lofi = card(el, 'Lo-fi Lounge');
    expect(lofi.querySelector('.card-banner img')).to.equal(null);
    expect(lofi.querySelector('.card-icon')!.textContent).to.equal('LL');
    expect(getComputedStyle(lofi.querySelector('.card-banner')!).backgroundImage).to.contain('gradient');
    // A long description is cut to two lines, so the cards of a row keep one height.
    const long = card(el, 'Speedrunners').querySelector<HTMLElement>('.card-description')!;
    const lineHeight = parseFloat(getComputedStyle(long).lineHeight);
    expect(long.getBoundingClientRect().height).to.be.at.most(lineHeight * 2 + 1);
    expect(long.scrollHeight).to.be.greaterThan(long.clientHeight);
  });

  it('lays the cards out in columns that use the width, and in one column at 400 px with the chips scrolling sideways', async () => {
    const wide = await explore(withThreeCategories(), 1200);
    const tops = cardsOf(wide).map((each) => each.getBoundingClientRect().top);
    expect(new Set(tops).size, 'three cards in one row at 1200 px').to.equal(1);
    wide.parentElement!.remove();

    const hearth = withThreeCategories();
    for (const name of ['Photography', 'Science & Tech', 'Board games', 'Languages']) {
      hearth.categories.push({ id: `ct_${name}`, name, description: '', iconUrl: null });
    }
    const narrow = await explore(hearth, 400);
    const lefts = cardsOf(narrow).map((each) => each.getBoundingClientRect().left);
    expect(new Set(lefts).size, 'one column at 400 px').to.equal(1);
    for (const each of cardsOf(narrow)) expect(each.getBoundingClientRect().right).to.be.at.most(400);
    const row = narrow.shadowRoot!.querySelector<HTMLElement>('[part="category-filter"]')!;
    expect(row.getBoundingClientRect().right).to.be.at.most(400);
    expect(row.scrollWidth, 'the chips scroll').to.be.greaterThan(row.clientWidth);
    await expect(narrow).to.be.accessible();
  });

  it('narrows the grid to the chosen category, shows an empty state for one without servers, and "All" brings every server back', async () => {
    const el = await explore(withThreeCategories());
    expect(chips(el).map((input) => input.closest('label')!.textContent.trim())).to.deep.equal(['All', 'Gaming', 'Music', 'Art']);
    expect(chip(el, 'All').checked).to.equal(true);
    chip(el, 'Gaming').click();
    await eventually(() => namesOf(el).length === 2, 'not narrowed');
    expect(namesOf(el)).to.deep.equal(['Pixel Pals', 'Speedrunners']);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('2 servers');

    chip(el, 'Art').click();
    await eventually(() => el.shadowRoot!.querySelector('[part="explore-empty"]'), 'no empty state');
    expect(el.shadowRoot!.querySelector('[part="explore-empty"]')!.textContent.trim()).to.equal('No servers in Art yet.');
    expect(cardsOf(el)).to.have.length(0);

    chip(el, 'All').click();
    await eventually(() => namesOf(el).length === 3, '"All" did not bring them back');
    expect(chip(el, 'All').checked).to.equal(true);
    expect(chip(el, 'Art').checked).to.equal(false);
  });

  it('filters by the words of the search field, within the chosen category', async () => {
    const el = await explore(withThreeCategories());
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part="explore-search"]')!;
    search.focus();
    await sendKeys({ type: 'frame perfect' });
    await eventually(() => namesOf(el).join() === 'Speedrunners', `not filtered: ${namesOf(el).join()}`);
    chip(el, 'Music').click();
    await eventually(() => el.shadowRoot!.querySelector('[part="explore-empty"]'), 'no empty state');
    expect(el.shadowRoot!.querySelector('[part="explore-empty"]')!.textContent.trim()).to.equal('No servers match “frame perfect”.');
    chip(el, 'All').click();
    search.select();
    await sendKeys({ press: 'Backspace' });
    await eventually(() => namesOf(el).length === 3, 'clearing the field did not show every server');
  });

  it('moves through the categories with the arrow keys, as one radio group', async () => {
    const el = await explore(withThreeCategories());
    chip(el, 'All').focus();
    await sendKeys({ press: 'ArrowRight' });
    await eventually(() => namesOf(el).length === 2, 'ArrowRight did not choose Gaming');
    expect(chip(el, 'Gaming').checked).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(chip(el, 'Gaming'));
    await sendKeys({ press: 'ArrowRight' });
    await eventually(() => namesOf(el).join() === 'Lo-fi Lounge', 'ArrowRight did not choose Music');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await eventually(() => namesOf(el).length === 3, 'ArrowLeft did not come back to All');
    // One tab stop for the whole group: Tab goes on to the first card.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(card(el, 'Pixel Pals').querySelector('[part="card-open"]'));
  });

  it('joins a server from its card: the SDK joins it, the card says "Joined" with the new count, and the focus moves to its name', async () => {
    const hearth = withThreeCategories();
    const el = await explore(hearth);
    expect(card(el, 'Pixel Pals').querySelector('[part="joined"]')!.textContent.trim()).to.equal('Joined');
    const join = card(el, 'Lo-fi Lounge').querySelector<HTMLButtonElement>('[part="join"]')!;
    expect(join.getAttribute('aria-label')).to.equal('Join Lo-fi Lounge');
    let opened = false;
    el.addEventListener('chat-server-select', () => (opened = true));
    join.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => card(el, 'Lo-fi Lounge').querySelector('[part="joined"]'), 'the card does not say Joined');
    expect(hearth.requests).to.include('POST /api/servers/s_two/members');
    expect(hearth.members.has('s_two:u_me')).to.equal(true);
    await eventually(
      () => card(el, 'Lo-fi Lounge').querySelector('[part="member-count"]')!.textContent === '4 members',
      'count did not follow',
    );
    expect(el.shadowRoot!.activeElement).to.equal(card(el, 'Lo-fi Lounge').querySelector('[part="card-open"]'));
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('You joined Lo-fi Lounge.');
    // Join stays in Explore; the card itself opens the server.
    expect(opened).to.equal(false);
    expect(el.serverId).to.equal(undefined);
  });

  it('says so on the card when a join is refused, and keeps Join to try again', async () => {
    const hearth = withThreeCategories();
    hearth.community.bans.push({
      serverId: 's_two',
      user: hearth.user,
      reason: null,
      by: { id: 'u_owner', name: 'Owner', avatarUrl: null },
      createdAt: new Date().toISOString(),
    });
    const el = await explore(hearth);
    card(el, 'Lo-fi Lounge').querySelector<HTMLButtonElement>('[part="join"]')!.click();
    await eventually(() => card(el, 'Lo-fi Lounge').querySelector('[part="card-error"]'), 'no error on the card');
    expect(card(el, 'Lo-fi Lounge').querySelector('[part="card-error"]')!.textContent).to.equal('Could not join the server.');
    expect(card(el, 'Lo-fi Lounge').querySelector('[part="join"]')!.getAttribute('aria-disabled')).to.equal('false');
    expect(hearth.members.has('s_two:u_me')).to.equal(false);
  });

  it('opens a server from anywhere on its card, and from its name with the keyboard', async () => {
    const el = await explore(withThreeCategories());
    setTimeout(() => card(el, 'Speedrunners').querySelector<HTMLElement>('.card-description')!.click());
    expect((await oneEvent(el, 'chat-server-select')).detail).to.deep.equal({ serverId: 's_three', serverName: 'Speedrunners' });
    await eventually(() => el.serverId === 's_three', 'did not open');

    const again = await explore(withThreeCategories());
    card(again, 'Lo-fi Lounge').querySelector<HTMLElement>('[part="card-open"]')!.focus();
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    expect((await oneEvent(again, 'chat-server-select')).detail).to.deep.equal({ serverId: 's_two', serverName: 'Lo-fi Lounge' });
  });

  it('is accessible in light and dark', async () => {
    const el = await explore(withThreeCategories());
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
