import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const row = (el: ChatMessages, messageId: string) => el.shadowRoot!.querySelector<HTMLElement>(`article[data-key="${messageId}"]`);

/** Whether the row is rendered and within the list's viewport. */
function inView(el: ChatMessages, messageId: string): boolean {
  const target = row(el, messageId);
  if (!target) return false;
  const list = el.shadowRoot!.querySelector('[part="list"]')!.getBoundingClientRect();
  const box = target.getBoundingClientRect();
  return box.top >= list.top - 1 && box.bottom <= list.bottom + 1;
}

describe('chat-messages showMessage', () => {
  it('opens a channel at an old message: loads the history around it, scrolls its row into view, focuses and highlights it', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 150);
    const old = hearth.messages.get(CHANNEL)![6]!;
    const el = await fixture<ChatMessages>(
      html`<chat-messages style="height: 500px" .client=${hearth.client()} server-id="s_one"></chat-messages>`,
    );
    // As a search result does: the channel and the message in one go, before anything loaded.
    el.channelId = CHANNEL;
    await el.showMessage(old.seq);
    expect(inView(el, old.id)).to.equal(true);
    expect(hearth.requests.some((request) => request.includes(`around=${old.seq}`))).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(row(el, old.id));
    expect(row(el, old.id)!.classList.contains('flash')).to.equal(true);
    // Away from the newest messages, the way back is offered.
    await eventually(() => el.shadowRoot!.querySelector('[part="new-messages"]'), 'no way back to the present');
  });

  it('shows a message the list holds already without asking the server again', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 40);
    const early = hearth.messages.get(CHANNEL)![1]!;
    const el = await fixture<ChatMessages>(
      html`<chat-messages style="height: 400px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
    );
    const newest = hearth.messages.get(CHANNEL)!.at(-1)!;
    await eventually(() => inView(el, newest.id), 'did not open at the newest message');
    expect(inView(el, early.id)).to.equal(false);
    const asked = hearth.requests.length;
    await el.showMessage(early.seq);
    expect(inView(el, early.id)).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(row(el, early.id));
    expect(hearth.requests.length).to.equal(asked);
  });
});
