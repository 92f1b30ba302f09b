import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatApp } from './chat-app.js';
import './chat-app.js';

const CHANNEL = 'c_one_general';
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const inner = <T extends HTMLElement>(root: ParentNode | null | undefined, selector: string) => root?.querySelector<T>(selector) ?? null;
const box = (el: Element | null) => el!.getBoundingClientRect();

/** An app at `width` in a channel whose root message has a thread. */
async function appWithThread(width: number): Promise<{ el: ChatApp; hearth: FakeHearth; rootId: string }> {
  const hearth = new FakeHearth();
  const root = hearth.post(CHANNEL, 'the root', bob);
  hearth.postInThread(CHANNEL, root.id, 'a reply in the thread', bob);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 600px">
      <chat-app .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-app>
    </div>`,
  );
  return { el: wrapper.querySelector<ChatApp>('chat-app')!, hearth, rootId: root.id };
}

/** Opens the thread from the reply count under its root, as a user does. */
async function openThread(el: ChatApp): Promise<HTMLElement> {
  const messages = inner(el.shadowRoot, 'chat-messages')!;
  await eventually(() => inner(messages.shadowRoot, '[part="thread-summary"]'), 'the root never showed its replies');
  const summary = inner<HTMLButtonElement>(messages.shadowRoot, '[part="thread-summary"]')!;
  summary.focus();
  summary.click();
  await eventually(() => inner(inner(el.shadowRoot, 'chat-thread')?.shadowRoot, '[part="list"] article'), 'the thread never opened');
  return inner(el.shadowRoot, 'chat-thread')!;
}

describe('chat-app threads', () => {
  it('opens a thread beside the messages when wide, with the focus in its composer, and closes it with Escape', async () => {
    const { el } = await appWithThread(1200);
    const panel = await openThread(el);
    const messages = inner(el.shadowRoot, 'chat-messages')!;
    await eventually(() => panel.shadowRoot!.textContent.includes('a reply in the thread'), 'the reply never showed');
    // Side by side: the panel to the right of the messages, both in view.
    expect(box(panel).left).to.be.at.least(box(messages).right - 1);
    expect(box(panel).width).to.be.within(300, 420);
    expect(box(messages).width).to.be.above(300);
    await eventually(() => panel.shadowRoot!.activeElement?.getAttribute('part') === 'input', 'the focus did not move to the reply field');
    await sendKeys({ press: 'Escape' });
    await eventually(() => !inner(el.shadowRoot, 'chat-thread'), 'Escape did not close the thread');
    // The focus goes back to what opened the thread.
    expect(messages.shadowRoot!.activeElement?.getAttribute('part')).to.equal('thread-summary');
  });

  it('covers the messages, full width, in a narrow container, and closes with its button', async () => {
    const { el } = await appWithThread(400);
    const panel = await openThread(el);
    const main = inner(el.shadowRoot, '[part~="main"]')!;
    expect(box(panel).width).to.be.closeTo(box(main).width, 1);
    expect(box(panel).left).to.be.closeTo(box(main).left, 1);
    expect(box(panel).height).to.be.closeTo(box(main).height, 1);
    inner<HTMLButtonElement>(panel.shadowRoot, '[part="close"]')!.click();
    await eventually(() => !inner(el.shadowRoot, 'chat-thread'), 'the close button did not close the thread');
  });

  it('closes the thread when another channel opens, and passes axe with it open', async () => {
    const { el } = await appWithThread(1200);
    await openThread(el);
    await expect(el).to.be.accessible();
    el.channelId = 'c_one_random';
    await eventually(() => !inner(el.shadowRoot, 'chat-thread'), 'the thread stayed open in another channel');
  });
});
