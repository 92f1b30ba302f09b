import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatThread } from '../chat-thread/chat-thread.js';
import '../chat-thread/chat-thread.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends HTMLElement = HTMLElement>(el: HTMLElement, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const input = (el: HTMLElement) => $<HTMLTextAreaElement>(el, '[part="input"]')!;
const sendButton = (el: HTMLElement) => $<HTMLButtonElement>(el, '[part="send"]')!;
const counter = (el: HTMLElement) => $(el, '[part="counter"]');
/** What the polite status after the counter says (only as the draft crosses a threshold). */
const status = (el: HTMLElement) => $(el, '.counter + [role="status"], form [role="status"]')?.textContent.trim() ?? '';
const sent = (hearth: FakeHearth) => (hearth.messages.get(CHANNEL) ?? []).map((message) => message.content);

/** Types `text` into `field` as the user would: its value changes, then `input` fires. */
async function type(el: HTMLElement, field: HTMLTextAreaElement, text: string): Promise<void> {
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  // The counter's code arrives with the first keystroke; the element renders after.
  await eventually(() => $(el, '[role="status"]') !== null, 'the counter never loaded');
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

function press(target: HTMLElement, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

async function openMessages(hearth = new FakeHearth()) {
  const el = await fixture<ChatMessages>(
    html`<chat-messages
      style="height: 400px; width: 400px"
      .client=${hearth.client()}
      server-id="s_one"
      channel-id=${CHANNEL}
    ></chat-messages>`,
  );
  await eventually(() => input(el) && !input(el).disabled, 'composer never enabled');
  await eventually(() => hearth.subscribers(CHANNEL) > 0, 'channel never subscribed');
  return { hearth, el };
}

describe('composer length limit', () => {
  it('shows no counter far from the limit, then the characters left once fewer than 200 remain', async () => {
    const { el } = await openMessages();
    await type(el, input(el), 'x'.repeat(MAX_CONTENT_LENGTH - 200));
    expect(counter(el)).to.equal(null);
    expect(status(el)).to.equal('');
    expect(input(el).hasAttribute('aria-describedby')).to.equal(false);

    await type(el, input(el), 'x'.repeat(MAX_CONTENT_LENGTH - 199));
    expect(counter(el)!.textContent).to.contain('199');
    expect(counter(el)!.classList.contains('over')).to.equal(false);
    expect(counter(el)!.textContent).to.contain('199 characters left');
    expect(input(el).getAttribute('aria-describedby')).to.equal(counter(el)!.id);
    expect(sendButton(el).disabled).to.equal(false);
  });

  it('counts UTF-16 code units, as the server does: an emoji takes two', async () => {
    const { el } = await openMessages();
    await type(el, input(el), '🔥'.repeat(MAX_CONTENT_LENGTH / 2 - 50));
    expect(counter(el)!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('100');
  });

  it('over the limit: the counter turns to the danger colour below zero, Send is disabled with the reason, Enter keeps the text and sends nothing', async () => {
    const { el, hearth } = await openMessages();
    const tooLong = 'y'.repeat(MAX_CONTENT_LENGTH + 12);
    await type(el, input(el), tooLong);
    expect(counter(el)!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('-12');
    expect(counter(el)!.classList.contains('over')).to.equal(true);
    expect(getComputedStyle(counter(el)!).color).to.not.equal(getComputedStyle($(el, '.typing')!).color);
    expect(sendButton(el).disabled).to.equal(true);
    expect(sendButton(el).getAttribute('aria-describedby')).to.equal(counter(el)!.id);
    expect(counter(el)!.textContent).to.contain(`12 characters over the limit of ${MAX_CONTENT_LENGTH}`);
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');

    press(input(el), 'Enter');
    await el.updateComplete;
    expect(input(el).value).to.equal(tooLong);
    // Nothing went out: no row at all, so no failed message with a Retry that cannot succeed.
    expect($(el, '[part~="message"]')).to.equal(null);
    expect(hearth.requests.filter((request) => request.startsWith('POST'))).to.deep.equal([]);
    expect(sent(hearth)).to.deep.equal([]);

    // Shortened to the limit, it sends.
    await type(el, input(el), 'y'.repeat(MAX_CONTENT_LENGTH));
    expect(sendButton(el).disabled).to.equal(false);
    expect(input(el).hasAttribute('aria-invalid')).to.equal(false);
    press(input(el), 'Enter');
    await eventually(() => sent(hearth).length === 1, 'the message at the limit was not sent');
    expect(sent(hearth)[0]).to.have.length(MAX_CONTENT_LENGTH);
    expect(input(el).value).to.equal('');
    await el.updateComplete;
    expect(counter(el)).to.equal(null);
  });

  it('forgets the length of a field that is gone: the new, empty field of the channel shown again has no counter and sends', async () => {
    const { el } = await openMessages();
    await type(el, input(el), 'y'.repeat(MAX_CONTENT_LENGTH + 1));
    expect(sendButton(el).disabled).to.equal(true);
    el.channelId = undefined;
    await eventually(() => input(el) === null, 'the landing view kept the composer');
    el.channelId = CHANNEL;
    await eventually(() => input(el) !== null && !input(el).disabled, 'composer never came back');
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(counter(el)).to.equal(null);
    expect(input(el).hasAttribute('aria-invalid')).to.equal(false);
    expect(sendButton(el).disabled).to.equal(false);
  });

  it('holds a long text set without an input event too (Enter checks the length itself)', async () => {
    const { el, hearth } = await openMessages();
    input(el).value = 'z'.repeat(MAX_CONTENT_LENGTH + 1);
    press(input(el), 'Enter');
    await eventually(() => counter(el) !== null, 'no counter after Enter on an over-long text');
    expect(input(el).value).to.have.length(MAX_CONTENT_LENGTH + 1);
    expect(sendButton(el).disabled).to.equal(true);
    expect(sent(hearth)).to.deep.equal([]);
  });

  it('tells screen readers only as the draft crosses a threshold, not at every key', async () => {
    const { el } = await openMessages();
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(status(el)));
    await type(el, input(el), 'a');
    observer.observe($(el, '[role="status"]')!, { characterData: true, childList: true, subtree: true });
    for (const length of [3700, 3850, 3801, 3900, 3950, 3999, 4000, 4001, 4005, 4010, 3990, 3500]) {
      await type(el, input(el), 'a'.repeat(length));
      observer.observe($(el, '[role="status"]')!, { characterData: true, childList: true, subtree: true });
    }
    observer.disconnect();
    const changes = said.filter((text, index) => text !== said[index - 1]);
    expect(changes).to.deep.equal([
      `The message is close to the limit of ${MAX_CONTENT_LENGTH} characters.`,
      `The message is over the limit of ${MAX_CONTENT_LENGTH} characters: shorten it to send it.`,
      `The message is close to the limit of ${MAX_CONTENT_LENGTH} characters.`,
      '',
    ]);
  });

  it("holds the thread composer's Send over the limit as well", async () => {
    const hearth = new FakeHearth();
    const root = hearth.post(CHANNEL, 'a root', { id: 'u_ada', name: 'Ada', avatarUrl: null });
    const el = await fixture<ChatThread>(
      html`<chat-thread
        style="height: 420px"
        .client=${hearth.client()}
        server-id="s_one"
        channel-id=${CHANNEL}
        root-id=${root.id}
      ></chat-thread>`,
    );
    await eventually(() => input(el) && !input(el).disabled, 'composer never enabled');
    const tooLong = 'q'.repeat(MAX_CONTENT_LENGTH + 1);
    await type(el, input(el), tooLong);
    expect(sendButton(el).disabled).to.equal(true);
    expect(counter(el)!.classList.contains('over')).to.equal(true);
    press(input(el), 'Enter');
    await el.updateComplete;
    expect(input(el).value).to.equal(tooLong);
    expect(hearth.threadSends).to.deep.equal([]);
    expect($(el, '[part~="failed"]')).to.equal(null);
  });

  it('holds Save in the message editor over the limit: Enter keeps the editor and its text, nothing is saved', async () => {
    const hearth = new FakeHearth();
    const mine = hearth.post(CHANNEL, 'x'.repeat(MAX_CONTENT_LENGTH - 150), hearth.user);
    const { el } = await openMessages(hearth);
    await eventually(() => $(el, `article[data-key="${mine.id}"]`) !== null, 'the message never rendered');
    press(input(el), 'ArrowUp');
    const editor = () => $<HTMLTextAreaElement>(el, '[part="edit-input"]');
    const save = () => $<HTMLButtonElement>(el, '.editor .save')!;
    const editCounter = () => $(el, '.editor [part="counter"]');
    // A long message shows its counter as soon as the editor opens.
    await eventually(() => editCounter()?.textContent.includes('150 characters left') === true, 'no counter in the editor');
    expect(save().disabled).to.equal(false);

    const tooLong = 'x'.repeat(MAX_CONTENT_LENGTH + 3);
    editor()!.value = tooLong;
    editor()!.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    expect(editCounter()!.classList.contains('over')).to.equal(true);
    expect(editCounter()!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('-3');
    expect(save().disabled).to.equal(true);
    expect(editor()!.getAttribute('aria-invalid')).to.equal('true');
    expect(editor()!.getAttribute('aria-describedby')).to.equal(editCounter()!.id);

    press(editor()!, 'Enter');
    await el.updateComplete;
    expect(editor()!.value).to.equal(tooLong);
    expect(hearth.requests.filter((request) => request.startsWith('PATCH'))).to.deep.equal([]);

    editor()!.value = 'shorter';
    editor()!.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    expect(save().disabled).to.equal(false);
    expect(editCounter()).to.equal(null);
    press(editor()!, 'Enter');
    await eventually(() => hearth.messages.get(CHANNEL)![0]!.content === 'shorter', 'the edit was not saved');
  });
});
