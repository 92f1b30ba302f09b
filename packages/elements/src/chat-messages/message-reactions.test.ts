import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const user = (id: string, name: string) => ({ id: `u_${id}`, name, avatarUrl: null });
const [ada, linus, bob, cy, dee] = [user('ada', 'Ada'), user('linus', 'Linus'), user('bob', 'Bob'), user('cy', 'Cy'), user('dee', 'Dee')];
const $ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T & HTMLElement>(selector);
const row = (el: ChatMessages, messageId: string) => $(el.shadowRoot!, `article[data-key="${messageId}"]`)!;
const chips = (el: ChatMessages, messageId: string) => [...row(el, messageId).querySelectorAll<HTMLElement>('[part~="reaction"]')];
const chip = (el: ChatMessages, messageId: string, emoji: string) =>
  chips(el, messageId).find((candidate) => candidate.textContent.includes(emoji));
const chipText = (el: ChatMessages, messageId: string) =>
  chips(el, messageId).map((candidate) => `${candidate.textContent.replace(/\s+/g, ' ').trim()} ${candidate.getAttribute('aria-pressed')}`);
const focused = (el: ChatMessages) => el.shadowRoot!.activeElement as HTMLElement | null;
const popover = (el: ChatMessages) => $(el.shadowRoot!, '[part="reaction-picker"]');
const pickerOpen = (el: ChatMessages) => popover(el)?.matches(':popover-open') === true;
const encoded = (emoji: string) => encodeURIComponent(emoji);

/** A channel with one message from Ada that Ada and the user reacted to with 👍 and Bob with 🎉. */
async function open() {
  const hearth = new FakeHearth();
  const message = hearth.post(CHANNEL, 'react to me', ada);
  hearth.react(CHANNEL, message.id, '👍', ada);
  hearth.react(CHANNEL, message.id, '👍', hearth.user);
  hearth.react(CHANNEL, message.id, '🎉', bob);
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 500px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  // The toolbar's code arrives with the first rows.
  await eventually(
    () =>
      row(el, message.id) &&
      chips(el, message.id).length === 2 &&
      $(el.shadowRoot!, '[part="input"]:not([disabled])') &&
      $(el.shadowRoot!, '[part="toolbar"]'),
  );
  return { el, hearth, id: message.id };
}

afterEach(() => resetMouse());

describe('chat-messages reactions', () => {
  it('shows each reaction as a chip with its count, pressed when the user reacted, labelled for screen readers', async () => {
    const { el, id } = await open();
    expect(chipText(el, id)).to.deep.equal(['👍 2 true', '🎉 1 false']);
    expect(chip(el, id, '👍')!.getAttribute('aria-label')).to.equal('👍 2 reactions, press to remove yours');
    expect(chip(el, id, '🎉')!.getAttribute('aria-label')).to.equal('🎉 1 reaction, press to add yours');
    expect(chip(el, id, '👍')!.getAttribute('part')).to.equal('reaction mine');
    expect($(row(el, id), '[part="reactions"]')!.getAttribute('aria-label')).to.equal('Reactions');
    expect($(row(el, id), '[part="add-reaction"]')!.getAttribute('aria-label')).to.equal('Add reaction');
  });

  it("toggles the user's reaction on click: PUT to add, DELETE to remove, and the chip follows", async () => {
    const { el, hearth, id } = await open();
    chip(el, id, '🎉')!.click();
    await eventually(() => chipText(el, id)[1] === '🎉 2 true', 'the added reaction never showed');
    expect(hearth.requests).to.include(`PUT /api/channels/${CHANNEL}/messages/${id}/reactions/${encoded('🎉')}`);
    expect(hearth.reactionsFor(id)).to.deep.include({ emoji: '🎉', count: 2, me: true });

    chip(el, id, '👍')!.click();
    await eventually(() => chipText(el, id)[0] === '👍 1 false', 'the removed reaction never showed');
    expect(hearth.requests).to.include(`DELETE /api/channels/${CHANNEL}/messages/${id}/reactions/${encoded('👍')}`);
    expect(hearth.reactionsFor(id)).to.deep.include({ emoji: '👍', count: 1, me: false });
  });

  it('rolls a refused reaction back and says why in the row', async () => {
    const { el, hearth, id } = await open();
    hearth.refuseNextReaction = 'conflict';
    chip(el, id, '🎉')!.click();
    await eventually(() => $(row(el, id), '[role="alert"]'), 'no alert');
    expect($(row(el, id), '[role="alert"]')!.textContent).to.contain('Could not react:');
    await eventually(() => chipText(el, id)[1] === '🎉 1 false', 'the refused reaction was not rolled back');
    expect(hearth.requests).to.include(`PUT /api/channels/${CHANNEL}/messages/${id}/reactions/${encoded('🎉')}`);
  });

  it('names the reactors on keyboard focus and on hover, the user as "You", then "and N others"', async () => {
    const { el, hearth, id } = await open();
    for (const reactor of [linus, cy, dee, bob]) hearth.react(CHANNEL, id, '👍', reactor);
    await eventually(() => chipText(el, id)[0] === '👍 6 true', 'the live reactions never showed');

    chip(el, id, '👍')!.focus();
    const tooltip = () => $(row(el, id), '[part="reactors"]');
    await eventually(() => tooltip(), 'no tooltip on focus');
    expect(tooltip()!.textContent).to.equal('Ada, You, Linus and 3 others');
    expect(tooltip()!.getAttribute('role')).to.equal('tooltip');
    expect(chip(el, id, '👍')!.getAttribute('aria-describedby')).to.equal(tooltip()!.id);
    expect(hearth.requests).to.include(`GET /api/channels/${CHANNEL}/messages/${id}/reactions/${encoded('👍')}?limit=3`);
    chip(el, id, '👍')!.blur();
    await eventually(() => !tooltip(), 'the tooltip stayed after blur');

    const box = chip(el, id, '🎉')!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await eventually(() => tooltip()?.textContent === 'Bob', 'no tooltip on hover');
    // Asked once per version of the message: showing it again needs no request.
    const asked = hearth.requests.length;
    await sendMouse({ type: 'move', position: [0, 0] });
    await eventually(() => !tooltip(), 'the tooltip stayed after the mouse left');
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await eventually(() => tooltip()?.textContent === 'Bob', 'no tooltip on the second hover');
    expect(hearth.requests.length).to.equal(asked);
  });

  it('loads the emoji picker on first use from the toolbar; the keyboard picks an emoji, which reacts', async () => {
    const { el, hearth, id } = await open();
    // Nothing of this test imports the picker: it is the element's own lazy import that defines it.
    expect(customElements.get('chat-emoji-picker')).to.equal(undefined);
    const react = $(row(el, id), '[part="toolbar"] [aria-label="Add reaction"]')!;
    react.focus();
    react.click();
    await eventually(() => pickerOpen(el), 'the picker never opened');
    expect(customElements.get('chat-emoji-picker')).to.not.equal(undefined);
    const picker = $(popover(el)!, 'chat-emoji-picker')!;
    await eventually(() => focused(el) === picker, 'focus never moved into the picker');
    // Beside the button that opened it, inside the window.
    const [opener, placed] = [react.getBoundingClientRect(), popover(el)!.getBoundingClientRect()];
    expect(Math.abs(placed.right - opener.right) < 2 || placed.left === 8).to.equal(true);
    expect(placed.bottom).to.be.at.most(innerHeight);

    await sendKeys({ type: 'popper' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => !pickerOpen(el), 'the picker stayed open after a pick');
    await eventually(() => chipText(el, id)[1] === '🎉 2 true', 'the pick never reacted');
    expect(hearth.requests).to.include(`PUT /api/channels/${CHANNEL}/messages/${id}/reactions/${encoded('🎉')}`);
    await eventually(() => focused(el) === react, 'focus never came back to the React button');
  });

  it('closes the picker on Escape and on a click outside, without reacting; the add-reaction chip opens it too', async () => {
    const { el, hearth, id } = await open();
    const add = $(row(el, id), '[part="add-reaction"]')!;
    add.focus();
    add.click();
    await eventually(() => pickerOpen(el) && focused(el)?.localName === 'chat-emoji-picker', 'the picker never opened');
    await sendKeys({ press: 'Escape' });
    await eventually(() => !popover(el), 'Escape never closed the picker');
    expect(focused(el) === add, 'focus back on the add-reaction chip').to.equal(true);

    add.click();
    await eventually(() => pickerOpen(el), 'the picker never opened again');
    await sendMouse({ type: 'click', position: [2, 2] });
    await eventually(() => !popover(el), 'a click outside never closed the picker');
    expect(hearth.requests.some((request) => request.startsWith('PUT'))).to.equal(false);
  });

  it('shows a non-member the reactions without ways to react or reply', async () => {
    const hearth = new FakeHearth();
    const channel = 'c_two_general';
    const message = hearth.post(channel, 'members only', ada);
    hearth.react(channel, message.id, '👍', ada);
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${hearth.client()} server-id="s_two" channel-id=${channel}></chat-messages>`,
    );
    await eventually(() => row(el, message.id) && chips(el, message.id).length === 1 && $(el.shadowRoot!, '[part="join"]'));
    const only = chips(el, message.id)[0]!;
    expect(only.getAttribute('aria-disabled')).to.equal('true');
    expect(only.getAttribute('aria-label')).to.equal('👍 1 reaction');
    expect($(row(el, message.id), '[part="add-reaction"]')).to.equal(null);
    const labels = [...row(el, message.id).querySelectorAll('[part~="action"]')].map((button) => button.getAttribute('aria-label'));
    expect(labels).to.deep.equal(['Open thread', 'Copy link']);
    only.click();
    await el.updateComplete;
    expect(hearth.requests.some((request) => request.startsWith('PUT'))).to.equal(false);
  });
});
