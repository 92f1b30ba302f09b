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

/** An app at `width` with a channel open, Ada online. */
async function appAt(width: number): Promise<{ el: ChatApp; hearth: FakeHearth }> {
  const hearth = new FakeHearth();
  hearth.online.add('u_ada');
  const root = hearth.post(CHANNEL, 'the root', bob);
  hearth.postInThread(CHANNEL, root.id, 'a reply', bob);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 600px">
      <chat-app .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-app>
    </div>`,
  );
  const el = wrapper.querySelector<ChatApp>('chat-app')!;
  await eventually(() => toggle(el)?.offsetParent, 'the Members button never showed');
  return { el, hearth };
}

const toggle = (el: ChatApp) => inner<HTMLButtonElement>(el.shadowRoot, '[part="members-toggle"]');
const panel = (el: ChatApp) => inner(el.shadowRoot, 'chat-members');

/** Opens the members from the channel header's button, and waits for the list. */
async function openMembers(el: ChatApp): Promise<HTMLElement> {
  toggle(el)!.click();
  await eventually(() => inner(panel(el)?.shadowRoot, '[part="group"]'), 'the members never showed');
  return panel(el)!;
}

describe('chat-app members', () => {
  it('shows the members as a column at the right of the messages when wide, live, and hides them with the same button', async () => {
    const { el, hearth } = await appAt(1200);
    const header = inner(inner(el.shadowRoot, 'chat-messages')!.shadowRoot, '[part="header"]')!;
    // The button sits in the channel's header, at its end.
    expect(box(toggle(el)).top).to.be.at.least(box(header).top - 1);
    expect(box(toggle(el)).bottom).to.be.at.most(box(header).bottom + 1);
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('false');
    const members = await openMembers(el);
    const messages = inner(el.shadowRoot, 'chat-messages')!;
    expect(box(members).left).to.be.at.least(box(messages).right - 1);
    expect(box(members).width).to.be.within(200, 260);
    expect(box(messages).width).to.be.above(400);
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('true');
    expect(members.shadowRoot!.textContent).to.contain('Online — 1').and.to.contain('Ada Lovelace');
    hearth.setOnline('s_one', bob, true);
    await eventually(() => members.shadowRoot!.textContent.includes('Online — 2'), 'Bob never came online in the panel');
    await expect(el).to.be.accessible();
    toggle(el)!.click();
    await eventually(() => !panel(el), 'the button did not hide the members');
  });

  it('covers the messages in a narrow container, and closes with its close button or Escape, giving the focus back', async () => {
    const { el } = await appAt(400);
    const members = await openMembers(el);
    const main = inner(el.shadowRoot, '[part~="main"]')!;
    expect(box(members).width).to.be.closeTo(box(main).width, 1);
    expect(box(members).left).to.be.closeTo(box(main).left, 1);
    expect(box(members).height).to.be.closeTo(box(main).height, 1);
    await eventually(() => members.shadowRoot!.activeElement?.getAttribute('part') === 'close', 'the focus did not move to the panel');
    inner<HTMLButtonElement>(members.shadowRoot, '[part="close"]')!.click();
    await eventually(() => !panel(el), 'the close button did not close the members');
    expect(el.shadowRoot!.activeElement).to.equal(toggle(el));
    await openMembers(el);
    await sendKeys({ press: 'Escape' });
    await eventually(() => !panel(el), 'Escape did not close the members');
  });

  it('takes turns with the thread: one closes the other', async () => {
    const { el } = await appAt(1200);
    await openMembers(el);
    const messages = inner(el.shadowRoot, 'chat-messages')!;
    await eventually(() => inner(messages.shadowRoot, '[part="thread-summary"]'), 'no thread summary');
    inner<HTMLButtonElement>(messages.shadowRoot, '[part="thread-summary"]')!.click();
    await eventually(() => inner(el.shadowRoot, 'chat-thread'), 'the thread never opened');
    expect(panel(el)).to.equal(null);
    await openMembers(el);
    expect(inner(el.shadowRoot, 'chat-thread')).to.equal(null);
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
