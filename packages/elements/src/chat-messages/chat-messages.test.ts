import type { ChatClient } from '@hearth/sdk';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends Element = HTMLElement>(el: ChatMessages, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector);
const $$ = (el: ChatMessages, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const articles = (el: ChatMessages) => $$(el, 'article');
const contents = (el: ChatMessages) => articles(el).map((row) => row.querySelector('[part="content"]')!.textContent.trim());
/** The messages the reader can see now: rendered rows inside the list's viewport. */
const visibleContents = (el: ChatMessages) => {
  const viewport = $(el, '[part="list"]')!.getBoundingClientRect();
  return articles(el)
    .filter((row) => {
      const box = row.getBoundingClientRect();
      return box.bottom > viewport.top && box.top < viewport.bottom;
    })
    .map((row) => row.querySelector('[part="content"]')!.textContent.trim());
};

async function open(hearth: FakeHearth, client: ChatClient = hearth.client(), channelId = CHANNEL): Promise<ChatMessages> {
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 400px" .client=${client} server-id="s_one" channel-id=${channelId}></chat-messages>`,
  );
  await eventually(() => $(el, 'textarea') && !$<HTMLTextAreaElement>(el, 'textarea')!.disabled, 'composer never enabled');
  return el;
}

function typeAndPress(el: ChatMessages, text: string, init: KeyboardEventInit = {}): void {
  const input = $<HTMLTextAreaElement>(el, 'textarea')!;
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init }));
}

describe('chat-messages', () => {
  it('shows the channel header, messages with author and time, grouped by author, with a day separator', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 5);
    const el = await open(hearth);
    await eventually(() => articles(el).length === 5, 'messages never rendered');
    expect($(el, 'h2')!.textContent).to.contain('general');
    expect($(el, '.topic')!.textContent).to.equal('All about general');
    expect($$(el, '[part="day"]')).to.have.length(1);
    const authors = $$(el, '[part="author"]').map((node) => node.textContent);
    // Ada wrote 1–3, Bob 4–5: one header per run.
    expect(authors).to.deep.equal(['Ada', 'Bob']);
    expect(articles(el)[1]!.getAttribute('part')).to.contain('grouped');
    expect($(el, 'time')!.getAttribute('datetime')).to.equal(hearth.messages.get(CHANNEL)![0]!.createdAt);
  });

  it('colours avatars by user id: two people of one name apart, one person always alike, pictures kept', async () => {
    const hearth = new FakeHearth();
    const adaOne = { id: 'u_ada1', name: 'Ada', avatarUrl: null };
    const adaTwo = { id: 'u_ada2', name: 'Ada', avatarUrl: null };
    hearth.post(CHANNEL, 'from the first Ada', adaOne);
    hearth.post(CHANNEL, 'from the second Ada', adaTwo);
    hearth.post(CHANNEL, 'the first Ada again', adaOne);
    hearth.post(CHANNEL, 'with a picture', { id: 'u_pic', name: 'Pic', avatarUrl: '/media/pic.png' });
    const el = await open(hearth);
    await eventually(() => articles(el).length === 4, 'messages never rendered');
    const avatars = articles(el).map((row) => row.querySelector<HTMLElement>('[part="avatar"]')!);
    const colours = avatars.slice(0, 3).map((avatar) => getComputedStyle(avatar).backgroundColor);
    expect(avatars.slice(0, 3).map((avatar) => avatar.textContent)).to.deep.equal(['A', 'A', 'A']);
    expect(colours[0]).not.to.equal(colours[1]);
    expect(colours[2]).to.equal(colours[0]);
    expect(colours.every((colour) => colour !== 'rgba(0, 0, 0, 0)')).to.equal(true);
    expect(avatars[3]!.querySelector('img')!.getAttribute('src')).to.equal(`${hearth.url}/media/pic.png`);
    expect(avatars[3]!.textContent.trim()).to.equal('P');
    // The dark theme has a palette of its own, light tones under dark initials.
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(avatars[0]!).backgroundColor).not.to.equal(colours[0]);
    expect(getComputedStyle(avatars[0]!).color).not.to.equal(getComputedStyle(avatars[0]!).backgroundColor);
  });

  it('tells two authors of one name apart by the tag after their name, seen and heard', async () => {
    const hearth = new FakeHearth();
    const alice = { id: 'u_alice1', name: 'Alice', avatarUrl: null };
    const otherAlice = { id: 'u_alice2', name: 'Alice', avatarUrl: null };
    const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
    hearth.post(CHANNEL, 'hello from the first', alice);
    hearth.post(CHANNEL, 'hi, I am Bob', bob);
    hearth.post(CHANNEL, 'and hello from the second', otherAlice);
    const el = await open(hearth);
    await eventually(() => articles(el).length === 3, 'messages never rendered');
    const [first, middle, last] = articles(el);
    const tagOf = (row: HTMLElement) => row.querySelector('[part="user-tag"]')?.textContent;
    expect(tagOf(first!)).to.match(/^#\d{4}$/);
    expect(tagOf(last!)).to.match(/^#\d{4}$/);
    expect(tagOf(first!)).not.to.equal(tagOf(last!));
    // Bob's name is his alone: no tag, only the tooltip.
    expect(tagOf(middle!)).to.equal(undefined);
    expect(middle!.querySelector('[part="author"]')!.getAttribute('title')).to.match(/^Bob #\d{4}$/);
    // Screen readers hear the difference in each row's name; sighted users see it beside the name.
    expect(first!.getAttribute('aria-label')).to.contain(`Alice ${tagOf(first!)},`);
    expect(last!.getAttribute('aria-label')).to.contain(`Alice ${tagOf(last!)},`);
    expect(getComputedStyle(first!.querySelector('[part="user-tag"]')!).display).not.to.equal('none');
    // The same person keeps the same tag in the next row they write.
    hearth.post(CHANNEL, 'me again', alice);
    await eventually(() => articles(el).length === 4, 'the new message never rendered');
    expect(tagOf(articles(el)[3]!)).to.equal(tagOf(first!));
  });

  it('shows markup and script links as text, and makes only http(s) and mailto links clickable', async () => {
    const hearth = new FakeHearth();
    hearth.post(CHANNEL, '<img src=x onerror="window.__pwned = true"> and <b>bold</b>');
    hearth.post(CHANNEL, 'javascript:alert(1) then https://example.com/path. or mailto:ada@example.com');
    const el = await open(hearth);
    await eventually(() => articles(el).length === 2, 'messages never rendered');
    const [first, second] = articles(el);
    expect(first!.querySelector('img:not([part="avatar"])')).to.equal(null);
    expect(first!.querySelector('b')).to.equal(null);
    expect(first!.querySelector('[part="content"]')!.textContent).to.contain('<img src=x onerror=');
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    const links = [...second!.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['https://example.com/path', 'mailto:ada@example.com']);
    expect(second!.textContent).to.contain('javascript:alert(1)');
  });

  it('renders the Markdown subset in a row, axe-clean in light and dark', async () => {
    const hearth = new FakeHearth();
    hearth.post(
      CHANNEL,
      '**bold** *it* ~~gone~~ `code` [docs](https://example.com/docs)\n> quoted\n```js\nconst wide = "' + 'x'.repeat(300) + '";\n```',
    );
    const el = await open(hearth);
    await eventually(() => articles(el).length === 1, 'message never rendered');
    const content = articles(el)[0]!.querySelector('[part="content"]')!;
    expect([...content.querySelectorAll('strong, em, s, a, [part="code"], [part="quote"]')].map((node) => node.textContent)).to.deep.equal([
      'bold',
      'it',
      'gone',
      'code',
      'docs',
      'quoted',
    ]);
    const block = content.querySelector<HTMLElement>('[part="code-block"]')!;
    expect(block.dataset.lang).to.equal('js');
    // A long line scrolls inside its block instead of widening the row.
    expect(block.scrollWidth).to.be.greaterThan(block.clientWidth);
    expect(articles(el)[0]!.scrollWidth).to.equal(articles(el)[0]!.clientWidth);
    expect(getComputedStyle(block).fontFamily).to.match(/mono/i);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('keeps a few hundred rows in the DOM with 10,000 messages loaded, and loads older history at the top', async function () {
    this.timeout(30_000);
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 10_500);
    hearth.pageSize = 10_000;
    const el = await open(hearth, hearth.client({ windowSize: 20_000 }));
    await eventually(() => visibleContents(el).at(-1) === 'message 10500', 'did not open at the newest message');
    expect(articles(el).length).to.be.below(300);
    hearth.pageSize = 50;
    const list = $(el, '[part="list"]')!;
    const before = hearth.requests.filter((request) => request.includes('before=')).length;
    // The reader keeps wheeling up until they are at the top: on a busy machine the list
    // may still be correcting its estimate of the rows' heights when the first wheel lands.
    const wheelToTop = () => {
      if (list.scrollTop === 0) return;
      list.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true }));
      list.scrollTop = 0;
    };
    await eventually(
      () => {
        if (hearth.requests.filter((request) => request.includes('before=')).length > before) return true;
        wheelToTop();
        return false;
      },
      'scrolling to the top did not load older messages',
      // Laying out ten thousand rows is slow on a loaded machine.
      { timeout: 15_000 },
    );
    // The older rows arrive above the reader's place; the row they were at stays in view.
    await eventually(() => contents(el).includes('message 500'), 'the older page was not rendered above');
    expect(visibleContents(el)).to.include('message 501');
    expect(articles(el).length).to.be.below(300);
  });

  it('settles wherever the reader stops scrolling: each position renders and the page paints again', async function () {
    this.timeout(30_000);
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 2_000);
    hearth.pageSize = 2_000;
    const el = await open(hearth, hearth.client({ windowSize: 5_000 }));
    await eventually(() => visibleContents(el).at(-1) === 'message 2000', 'did not open at the newest message');
    const list = $(el, '[part="list"]')!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // Positions a few pixels apart, so some fall where a row's bottom meets the window's edge.
    for (let step = 0; step < 60; step++) {
      list.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
      list.scrollTop = 20_000 + step * 3;
      // A render that never settles would starve the frames and time the test out here.
      await frame();
      expect(visibleContents(el).length).to.be.above(0);
    }
  });

  it('shows a "new messages" button instead of jumping when the reader has scrolled up', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 200);
    const el = await open(hearth);
    await eventually(() => visibleContents(el).includes('message 200'), 'did not stick to the newest message');
    const list = $(el, '[part="list"]')!;
    list.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true }));
    list.scrollTop = list.scrollHeight / 3;
    await eventually(() => !visibleContents(el).includes('message 200'), 'did not scroll up');
    hearth.post(CHANNEL, 'a new one');
    await eventually(() => $(el, '[part="new-messages"]'), 'no new-messages button');
    expect(visibleContents(el)).not.to.include('a new one');
    $(el, '[part="new-messages"]')!.click();
    await eventually(() => visibleContents(el).includes('a new one'), 'the button did not scroll to the new message');
  });

  it('sends on Enter, not on Shift+Enter, and shows the row pending until acknowledged', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    typeAndPress(el, 'line one', { shiftKey: true });
    await el.updateComplete;
    expect(articles(el)).to.have.length(0);
    hearth.holdAcks = true;
    typeAndPress(el, 'hello there');
    await eventually(() => articles(el).length === 1, 'pending row not shown');
    expect(articles(el)[0]!.getAttribute('part')).to.contain('pending');
    expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('');
    hearth.releaseAcks();
    await eventually(() => !articles(el)[0]!.getAttribute('part')!.includes('pending'), 'never acknowledged');
    expect(contents(el)).to.deep.equal(['hello there']);
  });

  it('marks a refused send as failed with Retry, and Retry sends it', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    hearth.refuseNextSend = 'rate_limited_hard';
    typeAndPress(el, 'try me');
    await eventually(() => articles(el)[0]?.getAttribute('part')?.includes('failed'), 'not marked failed');
    const retry = [...articles(el)[0]!.querySelectorAll('button')].find((button) => button.textContent === 'Retry')!;
    retry.click();
    await eventually(
      () =>
        articles(el).length === 1 &&
        !articles(el)[0]!.getAttribute('part')!.includes('failed') &&
        !articles(el)[0]!.getAttribute('part')!.includes('pending'),
      'retry did not send',
    );
    expect(hearth.messages.get(CHANNEL)!.map((message) => message.content)).to.deep.equal(['try me']);
  });

  it('offers Join instead of the composer to a non-member, and enables the composer after joining', async () => {
    const hearth = new FakeHearth();
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${hearth.client()} server-id="s_two" channel-id="c_two_general"></chat-messages>`,
    );
    await eventually(() => $(el, '[part="join"]'), 'no join button');
    expect($(el, 'textarea')).to.equal(null);
    $(el, '[part="join"]')!.click();
    await eventually(() => $(el, 'textarea'), 'composer not shown after joining');
    expect(hearth.requests).to.include('POST /api/servers/s_two/members');
  });

  it('shows a failed join, keeps Join to try again, and opens the composer once a join succeeds', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers/s_two/members');
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${hearth.client()} server-id="s_two" channel-id="c_two_general"></chat-messages>`,
    );
    await eventually(() => $(el, '[part="join"]'), 'no join button');
    $(el, '[part="join"]')!.click();
    await eventually(() => $(el, '[part="composer"] [role="alert"]'), 'the failed join was not shown');
    expect($(el, '[part="composer"] [role="alert"]')!.textContent).to.equal('Could not join the server.');
    expect($(el, 'textarea')).to.equal(null);
    hearth.unavailable.delete('/api/servers/s_two/members');
    $(el, '[part="join"]')!.click();
    await eventually(() => $(el, 'textarea'), 'composer not shown after joining');
  });

  it('keeps the composer when a refresh of the memberships fails after they were known', async () => {
    const hearth = new FakeHearth();
    const client = hearth.client();
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${client} server-id="s_two" channel-id="c_two_general"></chat-messages>`,
    );
    await eventually(() => $(el, '[part="join"]'), 'no join button');
    $(el, '[part="join"]')!.click();
    await eventually(() => $(el, 'textarea:not([disabled])'), 'composer not shown after joining');
    hearth.unavailable.add('/api/servers');
    client.$memberships.refresh();
    await eventually(() => client.$memberships.get().state === 'error', 'the refresh did not fail');
    await el.updateComplete;
    expect($(el, 'textarea:not([disabled])')).to.not.equal(null);
    expect($(el, '[part="composer"] [part="retry"]')).to.equal(null);
  });

  it('shows an error with Retry in the landing view when the server cannot be fetched', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers/s_one');
    const el = await fixture<ChatMessages>(html`<chat-messages .client=${hearth.client()} server-id="s_one"></chat-messages>`);
    await eventually(() => $(el, '[part="landing"] [part="retry"]'), 'no Retry in the landing view');
    hearth.unavailable.delete('/api/servers/s_one');
    $(el, '[part="landing"] [part="retry"]')!.click();
    await eventually(() => $(el, '[part="landing"] h2')?.textContent === 'Welcome to Pixel Pals', 'landing view not shown after Retry');
  });

  it('shows how many have the channel open, with their names, as the server reports it', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    expect($(el, '[part="presence"]')).to.equal(null);
    hearth.presence(CHANNEL, [hearth.user, { id: 'u_ada', name: 'Ada', avatarUrl: null }]);
    await eventually(() => $(el, '[part="presence"]')?.textContent?.trim() === '2 here: Me, Ada', 'presence not shown');
    expect($(el, '[part="presence"]')!.title).to.equal('Me, Ada');
    hearth.presence(CHANNEL, [hearth.user]);
    await eventually(() => $(el, '[part="presence"]')?.textContent?.trim() === '1 here: Me', 'presence not updated');
  });

  it('shows the count of a busy channel, with the names the server gives and how many more', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    hearth.presence(CHANNEL, [hearth.user, { id: 'u_ada', name: 'Ada', avatarUrl: null }], 1200);
    await eventually(() => $(el, '[part="presence"]')?.textContent?.trim() === '1200 here: Me, Ada and 1198 more', 'count not shown');
    expect($(el, '[part="presence"]')!.title).to.equal('Me, Ada and 1198 more');
  });

  it('enables the composer when the user joins elsewhere through the same client', async () => {
    const hearth = new FakeHearth();
    const client = hearth.client();
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${client} server-id="s_two" channel-id="c_two_general"></chat-messages>`,
    );
    await eventually(() => $(el, '[part="join"]'), 'no join button');
    await client.servers.join('s_two');
    await eventually(() => $(el, 'textarea'), 'composer not shown after joining elsewhere');
  });

  it("shows the server's landing view without a channel, and falls back to it for an unknown channel", async () => {
    const hearth = new FakeHearth();
    const el = await fixture<ChatMessages>(html`<chat-messages .client=${hearth.client()} server-id="s_one"></chat-messages>`);
    await eventually(() => $(el, '[part="landing"] h2'), 'no landing view');
    expect($(el, '[part="landing"] h2')!.textContent).to.equal('Welcome to Pixel Pals');
    expect($(el, '[part="landing"]')!.textContent).to.contain('About Pixel Pals');
    setTimeout(() => el.setAttribute('channel-id', 'c_nowhere'));
    expect((await oneEvent(el, 'chat-not-found')).detail).to.deep.equal({ kind: 'channel', id: 'c_nowhere' });
    await eventually(() => $(el, '[part="landing"] h2'), 'did not fall back to the landing view');
  });

  it('shows who is typing and a banner while reconnecting', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    hearth.typing(CHANNEL, { id: 'u_ada', name: 'Ada', avatarUrl: null });
    await eventually(() => $(el, '[part="typing"]')!.textContent.includes('Ada is typing'), 'no typing indicator');
    hearth.dropAll();
    await eventually(() => $(el, '[part="banner"]'), 'no reconnecting banner');
    expect($(el, '[part="banner"]')!.textContent).to.contain('Reconnecting');
    await eventually(() => !$(el, '[part="banner"]'), 'banner stayed after reconnecting', { timeout: 5000 });
  });

  it('announces messages from others politely to screen readers', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    hearth.post(CHANNEL, 'ping from Other');
    await eventually(() => $(el, '.visually-hidden[aria-live="polite"]')!.textContent.includes('ping from Other'), 'not announced');
  });

  it('passes an accessibility check in light and dark', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 8);
    const el = await open(hearth);
    await eventually(() => articles(el).length === 8, 'messages never rendered');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
