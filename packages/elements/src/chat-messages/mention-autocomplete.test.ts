import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends HTMLElement = HTMLElement>(el: ChatMessages, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const options = (el: ChatMessages) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const listbox = (el: ChatMessages) => $(el, '[role="listbox"]')!;
const combobox = (el: ChatMessages) => $(el, '[role="combobox"]')!;
const input = (el: ChatMessages) => $<HTMLTextAreaElement>(el, 'textarea')!;
const sent = (hearth: FakeHearth) => hearth.messages.get(CHANNEL)!.map((message) => message.content);

async function open(hearth = new FakeHearth()): Promise<ChatMessages> {
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 400px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  await eventually(() => !input(el).disabled, 'composer never enabled');
  input(el).focus();
  return el;
}

/** Types as a user does, key by key, so the text area's caret and input events are real. */
const type = (text: string) => sendKeys({ type: text });
const press = (key: string) => sendKeys({ press: key });

describe('the @ mention autocomplete', () => {
  it('lists the members matching what follows @, picks with the keyboard, and sends the mention as an id', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    // The autocomplete comes in with the first @: a field that never mentions anyone stays a plain text area.
    await type('hi ');
    expect(combobox(el)).to.equal(null);
    await type('@ad');
    await eventually(() => options(el).length === 2, 'the members never showed');
    expect(options(el).map((option) => option.textContent.trim())).to.deep.equal(['ALAda Lovelace', 'AAdam']);
    expect(hearth.memberLookups.at(-1)).to.equal('ad');
    // Typed quickly, the prefix is looked up once, not once per letter.
    expect(hearth.memberLookups.filter((prefix) => prefix === 'a')).to.have.length(0);
    expect(combobox(el).getAttribute('aria-expanded')).to.equal('true');
    expect(input(el).getAttribute('aria-controls')).to.equal(listbox(el).id);
    expect(input(el).getAttribute('aria-activedescendant')).to.equal(options(el)[0]!.id);
    expect(options(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();

    await press('ArrowDown');
    expect(input(el).getAttribute('aria-activedescendant')).to.equal(options(el)[1]!.id);
    await press('ArrowDown');
    expect(input(el).getAttribute('aria-activedescendant')).to.equal(options(el)[0]!.id);
    await press('ArrowUp');
    await press('Enter');
    // Enter picked; it did not send.
    expect(input(el).value).to.equal('hi @Adam ');
    expect(combobox(el).getAttribute('aria-expanded')).to.equal('false');
    expect(sent(hearth)).to.deep.equal([]);

    await type('and @ada');
    await eventually(() => hearth.memberLookups.at(-1) === 'ada' && options(el).length === 2, 'the second lookup never showed');
    await press('Tab');
    expect(input(el).value).to.equal('hi @Adam and @Ada Lovelace ');
    await press('Enter');
    await eventually(() => sent(hearth).length === 1, 'the message was not sent');
    expect(sent(hearth)[0]).to.equal('hi <@u_adam> and <@u_ada> ');
    expect(input(el).value).to.equal('');
  });

  it('picks with the mouse', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    await type('@b');
    await eventually(() => options(el).length === 1, 'the members never showed');
    options(el)[0]!.click();
    expect(input(el).value).to.equal('@Bob ');
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    await type('hello');
    await press('Enter');
    await eventually(() => sent(hearth).length === 1, 'the message was not sent');
    expect(sent(hearth)[0]).to.equal('<@u_bob> hello');
  });

  it('closes on Escape, and leaves a name typed by hand as text', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    await type('@Ad');
    await eventually(() => options(el).length === 2, 'the members never showed');
    await press('Escape');
    expect(combobox(el).getAttribute('aria-expanded')).to.equal('false');
    expect(listbox(el).hidden).to.equal(true);
    expect(input(el).value).to.equal('@Ad');
    await type('am was here');
    await press('Enter');
    await eventually(() => sent(hearth).length === 1, 'the message was not sent');
    expect(sent(hearth)[0]).to.equal('@Adam was here');
  });

  it('shows only the answer to the latest lookup', async () => {
    const hearth = new FakeHearth();
    const el = await open(hearth);
    await type('@a');
    await eventually(() => options(el).length === 2, 'the members never showed');
    // No one matches: the list closes rather than keep the earlier answer.
    await type('x');
    await eventually(() => combobox(el).getAttribute('aria-expanded') === 'false', 'the stale answer stayed');
    await press('Backspace');
    await eventually(() => options(el).length === 2, 'the list did not come back');
    await press('Space');
    await eventually(() => combobox(el).getAttribute('aria-expanded') === 'false', 'a space did not end the mention');
  });
});
