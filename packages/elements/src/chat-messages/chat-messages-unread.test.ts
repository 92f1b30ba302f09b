import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const $ = (el: ChatMessages, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const list = (el: ChatMessages) => $(el, '[part="list"]')!;
const divider = (el: ChatMessages) => $(el, '[part="unread-divider"]');
const content = (row: Element | null | undefined) => row?.querySelector('[part="content"]')?.textContent.trim();
const pause = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether the row is inside the list's viewport. */
const inView = (el: ChatMessages, row: Element | null) => {
  const [box, viewport] = [row?.getBoundingClientRect(), list(el).getBoundingClientRect()];
  return !!box && box.bottom > viewport.top && box.top < viewport.bottom;
};

/** A new page's element (a new client) on the fake's state, as after a reload. */
async function open(hearth: FakeHearth): Promise<ChatMessages> {
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 400px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  await eventually(() => $(el, 'article'), 'no messages shown');
  return el;
}

/** The page says it is hidden (another tab in front) or visible again, as a browser does. */
function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('chat-messages unread', () => {
  afterEach(() => setVisibility('visible'));

  it('shows "New" above the first message of others the user had not read, after a reload, and marks it read at the bottom', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 5);
    const first = await open(hearth);
    // Never read before: everything is new. Visible and at the newest message: read up to it at once.
    await eventually(() => divider(first), 'no New divider in a channel never read');
    expect(content(divider(first)!.nextElementSibling)).to.equal('message 1');
    await eventually(() => hearth.readPositions.get(CHANNEL) === 5, 'the open channel was never marked read');
    first.remove();

    hearth.post(CHANNEL, 'my own, from another device', hearth.user);
    hearth.post(CHANNEL, 'first news', bob);
    hearth.post(CHANNEL, 'second news', bob);
    const reloaded = await open(hearth);
    await eventually(() => divider(reloaded), 'no New divider after the reload');
    expect(divider(reloaded)!.textContent.trim()).to.equal('New');
    expect(divider(reloaded)!.getAttribute('role')).to.equal('separator');
    // The user's own message is no news: the divider goes above Bob's first.
    expect(content(divider(reloaded)!.nextElementSibling)).to.equal('first news');
    expect(content(divider(reloaded)!.previousElementSibling)).to.equal('my own, from another device');
    await eventually(() => hearth.readPositions.get(CHANNEL) === 8, 'not marked read at the bottom');
    // The divider stays while the channel is open, though it is read now.
    await pause(50);
    expect(divider(reloaded)?.isConnected).to.equal(true);
  });

  it('marks read only while the page is visible: nothing while hidden, at once when it shows again', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 3);
    setVisibility('hidden');
    const el = await open(hearth);
    await pause(200);
    expect(hearth.readFrames).to.deep.equal([]);
    hearth.post(CHANNEL, 'while away', bob);
    await eventually(() => content($(el, 'article:last-of-type')) === 'while away', 'the new message never showed');
    await pause(100);
    expect(hearth.readFrames).to.deep.equal([]);
    setVisibility('visible');
    await eventually(() => hearth.readFrames.length === 1, 'not marked read when the page showed again');
    expect(hearth.readFrames[0]).to.deep.equal({ type: 'read', channelId: CHANNEL, seq: 4 });
  });

  it('never marks read while the reader is scrolled up; does when they are back at the bottom', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 80);
    const el = await open(hearth);
    await eventually(() => hearth.readFrames.length === 1, 'the open channel was never marked read');
    list(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true }));
    list(el).scrollTop = list(el).scrollHeight / 3;
    await eventually(
      () => $(el, 'article') && !content([...el.shadowRoot!.querySelectorAll('article')].at(-1))?.includes('message 80'),
      'did not scroll up',
    );
    hearth.post(CHANNEL, 'news below', bob);
    await eventually(() => $(el, '[part="new-messages"]'), 'no New messages button');
    await pause(150);
    expect(hearth.readFrames).to.have.length(1);
    $(el, '[part="new-messages"]')!.click();
    await eventually(() => hearth.readFrames.length === 2, 'not marked read back at the bottom');
    expect(hearth.readFrames[1]).to.deep.include({ seq: 81 });
  });

  it('jumps to the first unread message from the bar, within the window held', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 60);
    hearth.markRead(CHANNEL, 20);
    const el = await open(hearth);
    await eventually(() => $(el, '[part="unread-bar"]'), 'no bar to the first unread message');
    expect($(el, '[part="unread-bar"]')!.textContent.replace(/\s+/g, ' ').trim()).to.match(/^40 new messages since .+ Jump$/);
    await expect(el).to.be.accessible();
    $(el, '[part="unread-bar"]')!.click();
    await eventually(() => inView(el, divider(el)), 'the divider never came into view');
    expect(content(divider(el)!.nextElementSibling)).to.equal('message 21');
    expect(el.shadowRoot!.activeElement === divider(el)!.nextElementSibling).to.equal(true);
    expect($(el, '[part="unread-bar"]') === null).to.equal(true);
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('loads the history around the first unread message when the window does not hold it', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 400);
    hearth.markRead(CHANNEL, 10);
    const el = await open(hearth);
    await eventually(() => $(el, '[part="unread-bar"]'), 'no bar to the first unread message');
    // Not held: how many, but not since when.
    expect($(el, '[part="unread-bar"]')!.textContent.replace(/\s+/g, ' ').trim()).to.equal('390 new messages Jump');
    // Scrolled away from the newest, the reader must not mark what they have not seen.
    const frames = hearth.readFrames.length;
    $(el, '[part="unread-bar"]')!.click();
    await eventually(() => inView(el, divider(el)), 'the divider never came into view');
    expect(content(divider(el)!.nextElementSibling)).to.equal('message 11');
    await pause(100);
    expect(hearth.readFrames.slice(frames).every((frame) => Number(frame.seq) <= 400)).to.equal(true);
    expect(hearth.requests.some((request) => request.includes('around='))).to.equal(true);
  });
});
