import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import { FakeSearch } from '../../test/fake-search.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

const GENERAL = 'c_one_general';
const RANDOM = 'c_one_random';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const inner = <T extends HTMLElement>(root: ParentNode | null | undefined, selector: string) => root?.querySelector<T>(selector) ?? null;
const box = (el: Element | null) => el!.getBoundingClientRect();
const field = (el: ChatApp) => inner<HTMLInputElement>(el.shadowRoot, '[part="search-field"]');
const panel = (el: ChatApp) => inner(el.shadowRoot, 'chat-search');
const hits = (el: ChatApp) => [...(panel(el)?.shadowRoot?.querySelectorAll<HTMLElement>('[part~="hit"]') ?? [])];
const messages = (el: ChatApp) => inner(el.shadowRoot, 'chat-messages')!;
const row = (el: ChatApp, messageId: string) => inner(messages(el).shadowRoot, `article[data-key="${messageId}"]`);

/** Whether the row is rendered and within the message list's viewport. */
function inView(el: ChatApp, messageId: string): boolean {
  const target = row(el, messageId);
  if (!target) return false;
  const list = box(inner(messages(el).shadowRoot, '[part="list"]'));
  const shown = box(target);
  return shown.top >= list.top - 1 && shown.bottom <= list.bottom + 1;
}

/** An app at `width` in #general of s_one, #random holding 120 older messages. */
async function appAt(width: number): Promise<{ el: ChatApp; hearth: FakeHearth; search: FakeSearch }> {
  const hearth = new FakeHearth();
  const search = new FakeSearch(hearth);
  hearth.fill(RANDOM, 120);
  hearth.post(GENERAL, 'hello', ada);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 600px">
      <chat-app .client=${hearth.client()} server-id="s_one" channel-id=${GENERAL}></chat-app>
    </div>`,
  );
  const el = wrapper.querySelector<ChatApp>('chat-app')!;
  await eventually(() => field(el)?.offsetParent, 'the search field never showed');
  return { el, hearth, search };
}

/** Types `query` into the header's field and presses Enter; resolves once the results show. */
async function searchFromHeader(el: ChatApp, query: string, count: number): Promise<void> {
  field(el)!.focus();
  await sendKeys({ type: query });
  await sendKeys({ press: 'Enter' });
  await eventually(() => hits(el).length === count, `${count} results never showed`);
}

describe('chat-app search', () => {
  it('has a search field at the end of the channel header whose hints show while it is focused and empty', async () => {
    const { el } = await appAt(1200);
    const header = inner(messages(el).shadowRoot, '[part="header"]')!;
    expect(box(field(el)).top).to.be.at.least(box(header).top - 1);
    expect(box(field(el)).bottom).to.be.at.most(box(header).bottom + 1);
    expect(box(field(el)).right).to.be.above(box(header).right - 120);
    field(el)!.focus();
    const hints = () => inner(el.shadowRoot, '[part="hints"]');
    await eventually(() => hints()?.offsetParent, 'the hints never showed');
    // Over the messages, not clipped by the header.
    expect(box(hints()).bottom).to.be.above(box(header).bottom + 100);
    expect(document.elementFromPoint(box(hints()).left + 20, box(hints()).bottom - 10)?.localName).to.equal('chat-app');
    inner<HTMLButtonElement>(el.shadowRoot, '[part="hint"]')!.click();
    expect(field(el)!.value).to.equal('from:');
    await eventually(() => !hints()?.offsetParent, 'the hints stayed over a field with text');
  });

  it("searches the open server on Enter and shows the results beside the messages, in the members' place", async () => {
    const { el, hearth, search } = await appAt(1200);
    search.hits = [search.hitFor(hearth.messages.get(RANDOM)![4]!, 'message')];
    await searchFromHeader(el, 'message 5', 1);
    expect(search.asked[0]!.get('q')).to.equal('message 5');
    expect(search.asked[0]!.get('serverId')).to.equal('s_one');
    expect(box(panel(el)).left).to.be.at.least(box(messages(el)).right - 1);
    expect(box(panel(el)).width).to.be.within(300, 420);
    // The focus stays in the field, and Down goes to the results.
    expect(el.shadowRoot!.activeElement).to.equal(field(el));
    await sendKeys({ press: 'ArrowDown' });
    expect(panel(el)!.shadowRoot!.activeElement).to.equal(hits(el)[0]);
    await expect(el).to.be.accessible();

    // The members take the panel's place, and the other way round.
    inner<HTMLButtonElement>(el.shadowRoot, '[part="members-toggle"]')!.click();
    await eventually(() => inner(el.shadowRoot, 'chat-members') && !panel(el), 'the members did not replace the results');
    field(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => panel(el) && !inner(el.shadowRoot, 'chat-members'), 'the results did not replace the members');
  });

  it('opens a result in another channel at its message: history loaded around it, the row in view, focused and highlighted', async () => {
    const { el, hearth, search } = await appAt(1200);
    const old = hearth.messages.get(RANDOM)![4]!;
    search.hits = [search.hitFor(old, 'message')];
    await searchFromHeader(el, 'message', 1);
    setTimeout(() => hits(el)[0]!.click());
    const opened = await oneEvent(el, 'chat-search-open');
    expect(opened.detail.seq).to.equal(old.seq);
    await eventually(() => inView(el, old.id), 'the message never came into view');
    expect(el.channelId).to.equal(RANDOM);
    expect(hearth.requests.some((request) => request.includes(`/api/channels/${RANDOM}/messages?around=${old.seq}`))).to.equal(true);
    expect(messages(el).shadowRoot!.activeElement).to.equal(row(el, old.id));
    expect(row(el, old.id)!.classList.contains('flash')).to.equal(true);
    // Wide, the results stay open beside it for the next one.
    expect(panel(el)).to.not.equal(null);
  });

  it('switches server for a result in another one, and stays put when the page cancels the open', async () => {
    const { el, hearth, search } = await appAt(1200);
    hearth.addServer({ id: 's_three', name: 'Book Club', categoryId: 'ct_music', channels: ['novels'] });
    const elsewhere = hearth.post('c_three_novels', 'a message about Dune', bob);
    search.hits = [search.hitFor(elsewhere, 'message')];
    await searchFromHeader(el, 'message', 1);
    const veto = (event: Event) => event.preventDefault();
    el.addEventListener('chat-search-open', veto, { once: true });
    hits(el)[0]!.click();
    await el.updateComplete;
    await Promise.resolve();
    expect(el.serverId).to.equal('s_one');

    hits(el)[0]!.click();
    await eventually(() => inView(el, elsewhere.id), 'the message in the other server never showed');
    expect([el.serverId, el.channelId]).to.deep.equal(['s_three', 'c_three_novels']);
  });

  it('opens the thread of a reply found in one', async () => {
    const { el, hearth, search } = await appAt(1200);
    const root = hearth.post(GENERAL, 'release plan', ada);
    const { message: reply } = hearth.postInThread(GENERAL, root.id, 'the release is on Friday', bob);
    search.hits = [search.hitFor(reply, 'release')];
    await searchFromHeader(el, 'release', 1);
    hits(el)[0]!.click();
    const thread = () => inner(el.shadowRoot, 'chat-thread');
    await eventually(() => thread()?.shadowRoot?.textContent?.includes('the release is on Friday'), 'the thread never opened');
    // The thread takes the results' place.
    expect(panel(el)).to.equal(null);
  });

  it('closes the results with Escape, from the field or the list, giving the focus back to the field', async () => {
    const { el, hearth, search } = await appAt(1200);
    search.hits = [search.hitFor(hearth.messages.get(RANDOM)![0]!, 'message')];
    await searchFromHeader(el, 'message', 1);
    await sendKeys({ press: 'Escape' });
    await eventually(() => !panel(el), 'Escape in the field did not close the results');
    expect(el.shadowRoot!.activeElement).to.equal(field(el));

    await searchFromHeader(el, 'message', 1);
    hits(el)[0]!.focus();
    await sendKeys({ press: 'Escape' });
    await eventually(() => !panel(el), 'Escape in the results did not close them');
    expect(el.shadowRoot!.activeElement).to.equal(field(el));
  });

  it('covers the messages in a narrow container, and makes way for the message opened', async () => {
    const { el, hearth, search } = await appAt(400);
    const old = hearth.messages.get(RANDOM)![4]!;
    search.hits = [search.hitFor(old, 'message')];
    await searchFromHeader(el, 'message', 1);
    const main = inner(el.shadowRoot, '[part~="main"]')!;
    expect(box(panel(el)).width).to.be.closeTo(box(main).width, 1);
    expect(box(panel(el)).height).to.be.closeTo(box(main).height, 1);
    await expect(el).to.be.accessible();
    hits(el)[0]!.click();
    await eventually(() => !panel(el) && inView(el, old.id), 'the message did not show in place of the results');
  });
});
