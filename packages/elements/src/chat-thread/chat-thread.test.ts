import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatThread } from './chat-thread.js';
import './chat-thread.js';

const CHANNEL = 'c_one_general';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const $ = <T extends HTMLElement = HTMLElement>(el: ChatThread, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const articles = (el: ChatThread) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="list"] article')];
const contents = (el: ChatThread) => articles(el).map((row) => row.querySelector('[part="content"]')!.textContent.trim());

/** A channel with a root message and `replies` replies in its thread. */
function threadWith(replies: number): { hearth: FakeHearth; rootId: string } {
  const hearth = new FakeHearth();
  hearth.post(CHANNEL, 'before the root', bob);
  const root = hearth.post(CHANNEL, 'shall we ship it?', ada);
  for (let index = 1; index <= replies; index++) hearth.postInThread(CHANNEL, root.id, `reply ${index}`, index % 2 ? bob : ada);
  return { hearth, rootId: root.id };
}

async function open(hearth: FakeHearth, rootId: string): Promise<ChatThread> {
  const el = await fixture<ChatThread>(
    html`<chat-thread
      style="height: 420px"
      .client=${hearth.client()}
      server-id="s_one"
      channel-id=${CHANNEL}
      root-id=${rootId}
    ></chat-thread>`,
  );
  await eventually(
    () => $<HTMLTextAreaElement>(el, 'textarea') && !$<HTMLTextAreaElement>(el, 'textarea')!.disabled,
    'composer never enabled',
  );
  return el;
}

describe('chat-thread', () => {
  it('shows the header, the root, the reply count and the replies', async () => {
    const { hearth, rootId } = threadWith(2);
    const el = await open(hearth, rootId);
    await eventually(() => contents(el).length === 3, 'the root and replies never rendered');
    expect(contents(el)).to.deep.equal(['shall we ship it?', 'reply 1', 'reply 2']);
    expect($(el, '[part="header"] h2')!.textContent).to.equal('Thread');
    expect($(el, '[part="header"]')!.textContent).to.contain('general');
    expect($(el, '[part="root"] [part~="message"]')!.textContent).to.contain('Ada');
    expect($(el, '[part="replies-divider"]')!.textContent.trim()).to.equal('2 replies');
    // The main line stays out of the thread.
    expect(contents(el)).not.to.include('before the root');
    expect($(el, 'section')!.getAttribute('aria-label')).to.equal('Thread in #general');
  });

  it('sends a reply into the thread, and shows a reply from someone else live', async () => {
    const { hearth, rootId } = threadWith(1);
    const el = await open(hearth, rootId);
    await eventually(() => contents(el).length === 2, 'the thread never rendered');
    const input = $<HTMLTextAreaElement>(el, 'textarea')!;
    expect(input.getAttribute('aria-label')).to.equal('Reply in thread');
    input.value = 'ship it';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await eventually(() => contents(el).at(-1) === 'ship it' && !articles(el).at(-1)!.part.contains('pending'), 'the reply was not stored');
    expect(hearth.threadSends.map((frame) => [frame.threadId, frame.content])).to.deep.equal([[rootId, 'ship it']]);
    expect(hearth.threadReplies.get(rootId)!.map((reply) => reply.content)).to.deep.equal(['reply 1', 'ship it']);
    // The main line of the channel holds no reply.
    expect(hearth.messages.get(CHANNEL)!.map((message) => message.content)).to.deep.equal(['before the root', 'shall we ship it?']);
    await eventually(() => $(el, '[part="replies-divider"]')!.textContent.trim() === '2 replies', 'the count did not follow the send');

    hearth.postInThread(CHANNEL, rootId, 'agreed, from Bob', bob);
    await eventually(() => contents(el).at(-1) === 'agreed, from Bob', 'the live reply never showed');
    expect($(el, '[part="replies-divider"]')!.textContent.trim()).to.equal('3 replies');
    await eventually(
      () => el.shadowRoot!.querySelector('[aria-live]')!.textContent.includes('New reply from Bob'),
      'the reply was not announced',
    );
    // Opened at the newest reply, the list follows it.
    const list = $(el, '[part="list"]')!;
    await eventually(() => list.scrollHeight - list.scrollTop - list.clientHeight < 2, 'the list did not follow the newest reply');
  });

  it('closes with its button and with Escape, but Escape in the editor only closes the editor', async () => {
    const { hearth, rootId } = threadWith(1);
    hearth.postInThread(CHANNEL, rootId, 'mine', hearth.user);
    const el = await open(hearth, rootId);
    await eventually(() => contents(el).length === 3, 'the thread never rendered');
    // Up edits the user's own last reply: who the user is comes with the socket's ready frame.
    await eventually(() => hearth.subscribers(CHANNEL) > 0, 'the socket never got ready');
    setTimeout(() => $(el, '[part="close"]')!.click());
    const closed = await oneEvent(el, 'chat-thread-close');
    expect(closed.detail).to.deep.equal({ channelId: CHANNEL, rootId });
    expect($(el, '[part="close"]')!.getAttribute('aria-label')).to.equal('Close thread');

    let closes = 0;
    el.addEventListener('chat-thread-close', () => closes++);
    const input = $<HTMLTextAreaElement>(el, '[part="input"]')!;
    input.focus();
    // Up in the empty composer edits the user's last reply; Escape there closes the editor alone.
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true, cancelable: true }));
    await eventually(() => $(el, '[part="edit-input"]'), 'Up did not open the editor on the last reply');
    $(el, '[part="edit-input"]')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }),
    );
    await eventually(() => !$(el, '[part="edit-input"]'), 'Escape did not close the editor');
    expect(closes).to.equal(0);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    expect(closes).to.equal(1);
  });

  it("suggests the server's members after @ in its composer, and replies with the mention", async () => {
    const { hearth, rootId } = threadWith(0);
    const el = await open(hearth, rootId);
    $<HTMLTextAreaElement>(el, 'textarea')!.focus();
    await sendKeys({ type: 'thanks @bo' });
    await eventually(() => el.shadowRoot!.querySelectorAll('[role="option"]').length === 1, 'no member was suggested');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => hearth.threadReplies.get(rootId)?.length === 1, 'the reply was not sent');
    expect(hearth.threadReplies.get(rootId)![0]!.content).to.equal('thanks <@u_bob> ');
  });

  it('loads older replies when the reader scrolls to the top', async () => {
    const { hearth, rootId } = threadWith(70);
    const el = await open(hearth, rootId);
    await eventually(() => contents(el).at(-1) === 'reply 70', 'did not open at the newest reply');
    const list = $(el, '[part="list"]')!;
    await eventually(() => {
      if (hearth.requests.some((request) => request.includes(`thread=${rootId}`) && request.includes('before='))) return true;
      list.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true }));
      list.scrollTop = 0;
      return false;
    }, 'scrolling to the top did not load older replies');
    // The older page arrives above the reader's place, the reply just before it rendered with it.
    await eventually(() => contents(el).includes('reply 20'), 'the older replies never rendered');
    expect(contents(el)).to.include('reply 21');
  });

  it('is accessible in light and dark', async () => {
    const { hearth, rootId } = threadWith(2);
    const el = await open(hearth, rootId);
    await eventually(() => contents(el).length === 3, 'the thread never rendered');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
