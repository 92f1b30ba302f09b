import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends HTMLElement = HTMLElement>(el: ChatMessages, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const notice = (el: ChatMessages) => $(el, '[part="composer-notice"]')?.textContent.trim() ?? '';
const sendButton = (el: ChatMessages) => $<HTMLButtonElement>(el, '[part="send"]')!;
const input = (el: ChatMessages) => $<HTMLTextAreaElement>(el, '[part="input"]')!;
const stored = (hearth: FakeHearth) => (hearth.messages.get(CHANNEL) ?? []).map((message) => message.content);
const me = { id: 'u_me', name: 'Me', avatarUrl: null };

function typeAndPress(el: ChatMessages, text: string): void {
  input(el).value = text;
  input(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
}

/** A Hearth whose #general has slow mode (`seconds`), and the messages element open on it. */
async function open(seconds: number, prepare: (hearth: FakeHearth) => void = () => {}) {
  const hearth = new FakeHearth();
  hearth.servers[0]!.channels[0]!.slowModeSeconds = seconds;
  prepare(hearth);
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 400px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  await eventually(() => input(el) && !input(el).disabled, 'composer never enabled');
  await eventually(() => hearth.subscribers(CHANNEL) > 0, 'channel never subscribed');
  return { hearth, el };
}

describe('chat-messages composer limits', () => {
  it('refuses a second send within the slow mode window with a countdown, and sends it (and allows more) when the wait ends', async () => {
    const { hearth, el } = await open(1);
    await eventually(() => notice(el) === 'Slow mode is on.', 'no slow mode hint');

    // The user posts from another tab: this composer does not know, and its send is refused.
    const otherTab = hearth.client();
    otherTab.connect();
    await otherTab.channel(CHANNEL).send('from my other tab');
    typeAndPress(el, 'too soon');
    await eventually(() => hearth.community.refusals.length === 1, 'the send was not refused');
    const [refusal] = hearth.community.refusals;
    expect(refusal!.code).to.equal('rate_limited');
    expect(refusal!.retryAfterMs).to.be.greaterThan(0).and.at.most(1000);
    await eventually(() => /^Slow mode: wait [12] s$/.test(notice(el)), `no countdown (${notice(el)})`);
    expect(sendButton(el).disabled).to.equal(true);
    expect(stored(hearth)).to.deep.equal(['from my other tab']);

    // The refused message goes out by itself once allowed; the composer waits for slow mode after it.
    await eventually(() => stored(hearth).includes('too soon'), 'the refused send was lost');
    await eventually(() => notice(el) === 'Slow mode is on.' && !sendButton(el).disabled, 'the countdown never ended');
    typeAndPress(el, 'after the wait');
    await eventually(() => stored(hearth).includes('after the wait'), 'sending did not work after the wait');
    expect(hearth.community.refusals).to.have.length(1);
  });

  it("counts down after the user's own send and holds the next one until the wait ends", async () => {
    const { hearth, el } = await open(1);
    await eventually(() => notice(el) === 'Slow mode is on.', 'no slow mode hint');
    typeAndPress(el, 'first');
    await eventually(() => /^Slow mode: wait 1 s$/.test(notice(el)), 'no countdown after the send');
    expect(sendButton(el).disabled).to.equal(true);
    // Enter during the wait sends nothing and keeps the text.
    typeAndPress(el, 'second');
    expect(input(el).value).to.equal('second');
    await eventually(() => !sendButton(el).disabled, 'the countdown never ended');
    typeAndPress(el, 'second');
    await eventually(() => stored(hearth).includes('second'), 'the second send never went');
    expect(stored(hearth)).to.deep.equal(['first', 'second']);
    expect(hearth.community.refusals).to.deep.equal([]);
  });

  it('leaves moderators out of slow mode', async () => {
    const { hearth, el } = await open(30, (fake) => fake.community.roles.set('s_one:u_me', 'moderator'));
    typeAndPress(el, 'one');
    await eventually(() => stored(hearth).includes('one'), 'first send never went');
    typeAndPress(el, 'two');
    await eventually(() => stored(hearth).includes('two'), 'second send never went');
    expect(notice(el)).to.equal('');
    expect(sendButton(el).disabled).to.equal(false);
  });

  it('disables the composer while the user is timed out, and enables it when the time-out is lifted', async () => {
    const { hearth, el } = await open(0);
    const until = new Date(Date.now() + 60 * 60_000);
    hearth.community.setMuted('s_one', me, until.toISOString());
    await eventually(() => notice(el).startsWith('You are timed out until'), 'no time-out notice');
    const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(until);
    expect(notice(el)).to.equal(`You are timed out until ${time}.`);
    expect(input(el).disabled).to.equal(true);
    expect(sendButton(el).disabled).to.equal(true);
    hearth.community.setMuted('s_one', me, null);
    await eventually(() => !input(el).disabled && notice(el) === '', 'the composer stayed disabled');
  });

  it('says the channel is closed to a user who was kicked, and lets them post no more', async () => {
    const { hearth, el } = await open(0);
    hearth.community.remove('s_one', 'kicked');
    await eventually(() => notice(el) === 'You no longer have access to this channel.', `no notice (${notice(el)})`);
    expect(input(el).disabled).to.equal(true);
  });
});
