import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import { FakeSearch } from '../../test/fake-search.js';
import type { ChatSearch } from './chat-search.js';
import './chat-search.js';

const GENERAL = 'c_one_general';
const RANDOM = 'c_one_random';
const ada = { id: 'u_ada', name: 'Ada Lovelace', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const $ = <T extends HTMLElement = HTMLElement>(el: ChatSearch, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = (el: ChatSearch, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const field = (el: ChatSearch) => $<HTMLInputElement>(el, '[part="field"]')!;
const hits = (el: ChatSearch) => $$(el, '[part~="hit"]');
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** A search element for server s_one, and its fakes. */
async function searchFor(): Promise<{ el: ChatSearch; hearth: FakeHearth; search: FakeSearch }> {
  const hearth = new FakeHearth();
  const search = new FakeSearch(hearth);
  const el = await fixture<ChatSearch>(
    html`<chat-search style="height: 600px" .client=${hearth.client()} server-id="s_one"></chat-search>`,
  );
  return { el, hearth, search };
}

/** Types `query` into the field and presses Enter, as a user does. */
async function typeAndSearch(el: ChatSearch, query: string): Promise<void> {
  field(el).focus();
  await sendKeys({ type: query });
  await sendKeys({ press: 'Enter' });
}

describe('chat-search', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('searches the server on Enter and lists each hit with author, channel, time and <mark> around exactly the highlighted ranges', async () => {
    const { el, hearth, search } = await searchFor();
    const deploy = hearth.post(GENERAL, 'We deploy on Fridays; deploy early, DEPLOY often', ada);
    const markup = hearth.post(RANDOM, '<b>deploy</b> & <img src=x onerror=alert(1)>', bob);
    search.hits = [search.hitFor(deploy, 'deploy'), search.hitFor(markup, 'deploy')];
    await typeAndSearch(el, 'deploy from:ada');
    await eventually(() => hits(el).length === 2, 'the hits never showed');
    expect(search.asked).to.have.length(1);
    expect(search.asked[0]!.get('q')).to.equal('deploy from:ada');
    expect(search.asked[0]!.get('serverId')).to.equal('s_one');

    const [first, second] = hits(el) as [HTMLElement, HTMLElement];
    expect(text(first.querySelector('[part="author"]'))).to.equal('Ada Lovelace');
    expect(text(first.querySelector('[part="channel"]'))).to.equal('in #general');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.equal(deploy.createdAt);
    expect(text(first.querySelector('[part="timestamp"]'))).to.contain('2026');
    expect(text(first.querySelector('[part="avatar"]'))).to.equal('AL');
    const excerpt = first.querySelector('[part="excerpt"]')!;
    expect(excerpt.textContent).to.equal(deploy.content);
    expect([...excerpt.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal(['deploy', 'deploy', 'DEPLOY']);
    // The marks sit exactly on the ranges: what precedes each is the excerpt up to its start.
    const starts = [...excerpt.querySelectorAll('mark')].map((mark) => {
      const range = document.createRange();
      range.setStart(excerpt, 0);
      range.setEndBefore(mark);
      return range.toString().length;
    });
    expect(starts).to.deep.equal(search.hits[0]!.highlights.map((highlight) => highlight.start));
    // Markup in a message is text, never elements.
    const unsafe = second.querySelector('[part="excerpt"]')!;
    expect(unsafe.textContent).to.equal(markup.content);
    expect(unsafe.querySelector('b, img')).to.equal(null);
    expect([...unsafe.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal(['deploy']);
  });

  it('clips highlight ranges that overrun the excerpt or overlap, instead of trusting them', async () => {
    const { el, hearth, search } = await searchFor();
    const message = hearth.post(GENERAL, 'alpha beta gamma', ada);
    search.hits = [
      {
        ...search.hitFor(message, 'beta'),
        highlights: [
          { start: 11, end: 99 },
          { start: 0, end: 5 },
          { start: 3, end: 10 },
          { start: 4, end: 4 },
        ],
      },
    ];
    el.query = 'alpha';
    await eventually(() => hits(el).length === 1, 'the hit never showed');
    const marks = [...hits(el)[0]!.querySelectorAll('mark')].map((mark) => mark.textContent);
    expect(marks).to.deep.equal(['alpha', ' beta', 'gamma']);
    expect(hits(el)[0]!.querySelector('[part="excerpt"]')!.textContent).to.equal('alpha beta gamma');
  });

  it('says "Searching…" while the answer is on its way, then appends the next page with Load more', async () => {
    const { el, hearth, search } = await searchFor();
    hearth.fill(GENERAL, 30);
    search.hits = hearth.messages.get(GENERAL)!.map((message) => search.hitFor(message, 'message'));
    search.hold = true;
    await typeAndSearch(el, 'message');
    await eventually(() => text($(el, '[part="status"]')) === 'Searching…', 'no loading state');
    expect($(el, '[part="status"]')!.getAttribute('role')).to.equal('status');
    search.release();
    await eventually(() => hits(el).length === 25, 'the first page never showed');
    const firstIds = hits(el).map((hit) => hit.dataset.id);
    $(el, '[part="load-more"]')!.click();
    await eventually(() => hits(el).length === 30, 'Load more never appended the next page');
    expect(search.asked.at(-1)!.get('offset')).to.equal('25');
    expect(
      hits(el)
        .slice(0, 25)
        .map((hit) => hit.dataset.id),
    ).to.deep.equal(firstIds);
    expect(hits(el).map((hit) => hit.dataset.id)).to.deep.equal(search.hits.map((hit) => hit.message.id));
    expect($(el, '[part="load-more"]')).to.equal(null);
  });

  it('says there are no results for the query, with a hint', async () => {
    const { el } = await searchFor();
    await typeAndSearch(el, 'zebra');
    await eventually(() => text($(el, '[part~="status"]')).includes('No results'), 'no empty state');
    expect(text($(el, '[part~="status"]')))
      .to.contain('No results for “zebra”')
      .and.to.contain('try fewer words');
    expect(hits(el)).to.have.length(0);
  });

  it("shows the server's reason for a refused query, and keeps the query in the field", async () => {
    const { el, search } = await searchFor();
    search.refuseNext = 'before: takes a date, YYYY-MM-DD (got "soon")';
    await typeAndSearch(el, 'deploy before:soon');
    await eventually(() => $(el, '[role="alert"]'), 'no error');
    expect(text($(el, '[role="alert"]'))).to.equal('before: takes a date, YYYY-MM-DD (got "soon")');
    expect(field(el).value).to.equal('deploy before:soon');
    expect($(el, '[part="retry"]')).to.equal(null);
  });

  it('fires chat-search-open with the channel, the message and its seq when a hit is clicked, or pressed with Enter', async () => {
    const { el, hearth, search } = await searchFor();
    const first = hearth.post(GENERAL, 'deploy one', ada);
    const root = hearth.post(RANDOM, 'the root', bob);
    const { message: reply } = hearth.postInThread(RANDOM, root.id, 'deploy in a thread', bob);
    search.hits = [search.hitFor(first, 'deploy'), search.hitFor(reply, 'deploy')];
    el.query = 'deploy';
    await eventually(() => hits(el).length === 2, 'the hits never showed');
    expect(text(hits(el)[1]!.querySelector('[part="channel"]'))).to.equal('in a thread of #random');

    setTimeout(() => hits(el)[0]!.click());
    const opened = await oneEvent(el, 'chat-search-open');
    expect(opened.detail).to.deep.equal({ serverId: 's_one', channelId: GENERAL, messageId: first.id, seq: first.seq, threadId: null });
    expect(opened.cancelable).to.equal(true);
    await el.updateComplete;
    expect(hits(el)[0]!.getAttribute('aria-current')).to.equal('true');

    // Down from the field goes to the first hit, Down again to the next; Enter opens it.
    field(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(hits(el)[1]);
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const byKey = await oneEvent(el, 'chat-search-open');
    expect(byKey.detail).to.deep.equal({ serverId: 's_one', channelId: RANDOM, messageId: reply.id, seq: reply.seq, threadId: root.id });
  });

  it('fires nothing when the query is set from code, and chat-search-close on Escape in a closable panel', async () => {
    const { el, hearth, search } = await searchFor();
    search.hits = [search.hitFor(hearth.post(GENERAL, 'deploy', ada), 'deploy')];
    const fired: string[] = [];
    for (const type of ['chat-search-open', 'chat-search-close']) el.addEventListener(type, () => fired.push(type));
    el.query = 'deploy';
    await eventually(() => hits(el).length === 1, 'the hit never showed');
    expect(fired).to.deep.equal([]);

    el.closable = true;
    await el.updateComplete;
    hits(el)[0]!.focus();
    setTimeout(() => void sendKeys({ press: 'Escape' }));
    const closed = await oneEvent(el, 'chat-search-close');
    expect(closed.detail).to.deep.equal({ query: 'deploy' });
    setTimeout(() => $(el, '[part="close"]')!.click());
    await oneEvent(el, 'chat-search-close');
  });

  it('shows the filter hints while the field is focused and empty, and a hint writes its filter into the field', async () => {
    const { el } = await searchFor();
    const hints = $(el, '[part="hints"]')!;
    expect(hints.offsetParent).to.equal(null);
    field(el).focus();
    await eventually(() => hints.offsetParent !== null, 'the hints never showed');
    const labels = $$(el, '[part="hint"]').map((hint) => text(hint));
    expect(labels).to.deep.equal([
      'from: user',
      'in: channel',
      'has:file a message with a file',
      'has:image a message with an image',
      'before: YYYY-MM-DD',
      'after: YYYY-MM-DD',
    ]);
    $$(el, '[part="hint"]')[0]!.click();
    expect(field(el).value).to.equal('from:');
    expect(el.shadowRoot!.activeElement).to.equal(field(el));
    await eventually(() => hints.offsetParent === null, 'the hints stayed over a field with text');
  });

  it('passes axe with results shown, light and dark', async () => {
    const { el, hearth, search } = await searchFor();
    el.closable = true;
    search.hits = [
      search.hitFor(hearth.post(GENERAL, 'ship it on Friday', ada), 'ship'),
      search.hitFor(hearth.post(RANDOM, 'who ships the release?', bob), 'ship'),
    ];
    search.hits.push(...search.hits.map((hit) => ({ ...hit, message: { ...hit.message, id: `${hit.message.id}_2` } })));
    el.query = 'ship';
    await eventually(() => hits(el).length === 4, 'the hits never showed');
    await expect(el).to.be.accessible();
    await emulateMedia({ colorScheme: 'dark' });
    await expect(el).to.be.accessible();
  });
});
