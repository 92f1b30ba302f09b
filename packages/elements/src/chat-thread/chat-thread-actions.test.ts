import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatThread } from './chat-thread.js';
import './chat-thread.js';

const CHANNEL = 'c_one_general';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const $ = <T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T>(selector);
const row = (el: ChatThread, key: string) => $(el.shadowRoot!, `article[data-key="${key}"]`)!;
const chips = (el: ChatThread, key: string) => [...row(el, key).querySelectorAll<HTMLElement>('[part~="reaction"]')];
const chipText = (el: ChatThread, key: string) =>
  chips(el, key).map((chip) => `${chip.textContent.replace(/\s+/g, ' ').trim()} ${chip.getAttribute('aria-pressed')}`);
const encoded = (emoji: string) => encodeURIComponent(emoji);
const pickerOpen = (el: ChatThread) => $(el.shadowRoot!, '[part="reaction-picker"]')?.matches(':popover-open') === true;

/** A thread of Ada's root with two replies, Bob's (that Bob reacted to with 👍) and Ada's; the thread panel open on it. */
async function open() {
  const hearth = new FakeHearth();
  const root = hearth.post(CHANNEL, 'shall we ship it?', ada);
  const first = hearth.postInThread(CHANNEL, root.id, 'tests are green', bob).message;
  hearth.react(CHANNEL, first.id, '👍', bob);
  const second = hearth.postInThread(CHANNEL, root.id, 'then yes', ada).message;
  const el = await fixture<ChatThread>(
    html`<chat-thread
      style="height: 520px"
      .client=${hearth.client()}
      server-id="s_one"
      channel-id=${CHANNEL}
      root-id=${root.id}
    ></chat-thread>`,
  );
  await eventually(
    () => row(el, second.id) && chips(el, first.id).length === 1 && $(el.shadowRoot!, '[part="input"]:not([disabled])'),
    'the thread never rendered',
  );
  // A change made before the channel's subscription is in place would reach the panel only by a refresh.
  await eventually(() => hearth.subscribers(CHANNEL) > 0, 'the channel was never subscribed');
  return { el, hearth, rootId: root.id, first: first.id, second: second.id };
}

describe('chat-thread message actions', () => {
  it("toggles the user's reaction on a reply with a click on its chip: PUT to add, DELETE to remove", async () => {
    const { el, hearth, first } = await open();
    expect(chipText(el, first)).to.deep.equal(['👍 1 false']);
    chips(el, first)[0]!.click();
    await eventually(() => chipText(el, first)[0] === '👍 2 true', 'the added reaction never showed');
    expect(hearth.requests).to.include(`PUT /api/channels/${CHANNEL}/messages/${first}/reactions/${encoded('👍')}`);
    expect(hearth.reactionsFor(first)).to.deep.equal([{ emoji: '👍', count: 2, me: true }]);

    chips(el, first)[0]!.click();
    await eventually(() => chipText(el, first)[0] === '👍 1 false', 'the removed reaction never showed');
    expect(hearth.requests).to.include(`DELETE /api/channels/${CHANNEL}/messages/${first}/reactions/${encoded('👍')}`);
    expect(hearth.reactionsFor(first)).to.deep.equal([{ emoji: '👍', count: 1, me: false }]);
  });

  it('names the reactors over a chip on focus', async () => {
    const { el, hearth, first } = await open();
    hearth.react(CHANNEL, first, '👍', ada);
    await new Promise((r) => setTimeout(r, 1500));
    console.log('CHIPS', JSON.stringify(chipText(el, first)), JSON.stringify(hearth.reactionsFor(first)), hearth.subscribers(CHANNEL));
    await eventually(() => chipText(el, first)[0] === '👍 2 false', 'the live reaction never showed');
    chips(el, first)[0]!.focus();
    const tooltip = () => $(row(el, first), '[part="reactors"]');
    await eventually(() => tooltip()?.textContent === 'Bob and Ada', 'the tooltip never named the reactors');
    expect(tooltip()!.getAttribute('role')).to.equal('tooltip');
    expect(chips(el, first)[0]!.getAttribute('aria-describedby')).to.equal(tooltip()!.id);
    chips(el, first)[0]!.blur();
    await eventually(() => !tooltip(), 'the tooltip stayed after blur');
  });

  it("opens the emoji picker from a row's React, and the pick reacts; the root reacts too", async () => {
    const { el, hearth, rootId, second } = await open();
    const toolbar = (key: string) => $(row(el, key), '[part="toolbar"]')!;
    // Inside the thread no row offers Thread: each is the root or a reply in it.
    for (const key of ['thread-root', second]) {
      expect([...toolbar(key).querySelectorAll('button')].map((button) => button.getAttribute('aria-label'))).to.deep.equal([
        'Add reaction',
        'Reply',
        'Copy link',
      ]);
    }
    const react = $(toolbar(second), '[aria-label="Add reaction"]')!;
    react.focus();
    react.click();
    await eventually(() => pickerOpen(el), 'the picker never opened');
    await sendKeys({ type: 'popper' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => !pickerOpen(el), 'the picker stayed open after a pick');
    await eventually(() => chipText(el, second)[0] === '🎉 1 true', 'the pick never reacted');
    expect(hearth.requests).to.include(`PUT /api/channels/${CHANNEL}/messages/${second}/reactions/${encoded('🎉')}`);

    $(toolbar('thread-root'), '[aria-label="Add reaction"]')!.click();
    await eventually(() => pickerOpen(el), 'the picker never opened on the root');
    await sendKeys({ type: 'popper' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => chipText(el, 'thread-root')[0] === '🎉 1 true', 'the pick never reacted to the root');
    expect(hearth.reactionsFor(rootId)).to.deep.equal([{ emoji: '🎉', count: 1, me: true }]);
  });

  it('replies to a reply within the thread: "Replying to" above its composer, the send carries replyTo, the reply quotes it and its quote shows it', async () => {
    const { el, hearth, rootId, first } = await open();
    $(row(el, first), '[aria-label="Reply"]')!.click();
    const bar = () => $(el.shadowRoot!, '[part="reply-bar"]');
    await eventually(() => bar(), 'no reply bar');
    expect(bar()!.textContent).to.contain('Replying to Bob');
    const input = $<HTMLTextAreaElement>(el.shadowRoot!, '[part="input"]')!;
    await eventually(() => el.shadowRoot!.activeElement === input, 'the composer did not take the focus');
    await sendKeys({ type: 'green here too' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => hearth.threadReplies.get(rootId)!.length === 3, 'the reply was not sent');
    expect(hearth.threadSends.map((frame) => [frame.threadId, frame.replyTo, frame.content])).to.deep.equal([
      [rootId, first, 'green here too'],
    ]);
    expect(bar()).to.equal(null);
    // The main line of the channel holds no reply.
    expect(hearth.messages.get(CHANNEL)!.map((message) => message.content)).to.deep.equal(['shall we ship it?']);
    const reply = hearth.threadReplies.get(rootId)!.at(-1)!;
    await eventually(() => row(el, reply.id) && !row(el, reply.id).part.contains('pending'), 'the reply was not stored');
    const quote = $(row(el, reply.id), '[part="reply-quote"]')!;
    expect(quote.textContent).to.contain('Bob');
    expect(quote.textContent).to.contain('tests are green');
    // A click on the quote shows the reply it quotes.
    quote.click();
    await eventually(() => el.shadowRoot!.activeElement === row(el, first), 'the quote did not show the original');

    // Escape in the composer cancels a reply, and leaves the panel open.
    let closes = 0;
    el.addEventListener('chat-thread-close', () => closes++);
    $(row(el, first), '[aria-label="Reply"]')!.click();
    await eventually(() => bar(), 'no reply bar the second time');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await eventually(() => !bar(), 'Escape did not cancel the reply');
    expect(closes).to.equal(0);
  });

  it('is accessible in light and dark with reactions, a reactors tooltip and a reply being written', async () => {
    const { el, first } = await open();
    $(row(el, first), '[aria-label="Reply"]')!.click();
    await eventually(
      () => $(el.shadowRoot!, '[part="reply-bar"]') && el.shadowRoot!.activeElement?.matches('[part="input"]'),
      'no reply bar',
    );
    chips(el, first)[0]!.focus();
    await eventually(() => $(row(el, first), '[part="reactors"]')?.textContent === 'Bob', 'no tooltip');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
