import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const summaries = (el: ChatMessages) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="thread-summary"]')];

describe('the thread summary under a root', () => {
  it('shows the reply count and the last reply, opens the thread, and follows new replies live', async () => {
    const hearth = new FakeHearth();
    const root = hearth.post(CHANNEL, 'a root');
    hearth.post(CHANNEL, 'nobody replied to this');
    hearth.postInThread(CHANNEL, root.id, 'first reply', bob);
    hearth.postInThread(CHANNEL, root.id, 'second reply', bob);
    const el = await fixture<ChatMessages>(
      html`<chat-messages style="height: 400px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
    );
    await eventually(() => summaries(el).length === 1, 'the summary never showed');
    const [summary] = summaries(el);
    expect(summary!.closest('article')!.querySelector('[part="content"]')!.textContent).to.equal('a root');
    expect(summary!.textContent.replace(/\s+/g, ' ').trim()).to.match(/^2 replies · .+ ago$/);
    // Thread replies stay out of the main line.
    expect(el.shadowRoot!.textContent).not.to.contain('first reply');

    setTimeout(() => summary!.click());
    const opened = await oneEvent(el, 'chat-thread-open');
    expect(opened.detail).to.deep.equal({ channelId: CHANNEL, rootId: root.id });
    expect(opened.bubbles && opened.composed).to.equal(true);

    hearth.postInThread(CHANNEL, root.id, 'third reply', bob);
    await eventually(() => summaries(el)[0]!.textContent.includes('3 replies'), 'the count did not follow the new reply');
    await expect(el).to.be.accessible();
  });
});
