import type { ChatClient } from '@hearth/sdk';
import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const other = { id: 'u_other', name: 'Other', avatarUrl: null };
const $ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T & HTMLElement>(selector);
const articles = (el: ChatMessages) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('article')];
const row = (el: ChatMessages, messageId: string) => $(el.shadowRoot!, `article[data-key="${messageId}"]`)!;
const composer = (el: ChatMessages) => $<HTMLTextAreaElement>(el.shadowRoot!, '[part="input"]')!;
const editor = (el: ChatMessages) => $<HTMLTextAreaElement>(el.shadowRoot!, '[part="edit-input"]');
const focused = (el: ChatMessages) => el.shadowRoot!.activeElement as HTMLElement | null;
const content = (el: ChatMessages, messageId: string) => $(row(el, messageId), '[part="content"]')!.textContent.trim();
const stored = (hearth: FakeHearth, messageId: string) => hearth.messages.get(CHANNEL)!.find((message) => message.id === messageId)!;

/** A channel with a message from someone else, then two of the user's own. */
async function open(hearth = new FakeHearth(), client: ChatClient = hearth.client(), attributes = html``) {
  hearth.post(CHANNEL, 'hello from Other', other);
  hearth.post(CHANNEL, 'my first', hearth.user);
  hearth.post(CHANNEL, 'my last', hearth.user);
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 500px" .client=${client} server-id="s_one" channel-id=${CHANNEL} ${attributes}></chat-messages>`,
  );
  // The toolbar's code arrives with the first rows.
  await eventually(
    () => articles(el).length === 3 && !composer(el).disabled && $(el.shadowRoot!, '[part="toolbar"]'),
    'messages never rendered',
  );
  return { el, hearth };
}

function press(target: HTMLElement, key: string, init: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
}

const isShown = (element: HTMLElement | null) => element !== null && getComputedStyle(element).opacity === '1';

afterEach(() => resetMouse());

describe('chat-messages edits and deletes', () => {
  it('shows the toolbar on hover: React, Reply, Thread and Copy link on all, Edit and Delete on own messages', async () => {
    const { el } = await open();
    const [theirs, , mine] = articles(el) as [HTMLElement, HTMLElement, HTMLElement];
    const toolbar = (article: HTMLElement) => $(article, '[part="toolbar"]');
    expect(isShown(toolbar(mine))).to.equal(false);

    const box = mine.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 40), Math.round(box.top + box.height / 2)] });
    await eventually(() => isShown(toolbar(mine)), 'toolbar never shown on hover');
    const labels = (article: HTMLElement) =>
      [...article.querySelectorAll('[part~="action"]')].map((button) => button.getAttribute('aria-label'));
    expect(labels(mine)).to.deep.equal(['Add reaction', 'Reply', 'Open thread', 'Edit', 'Copy link', 'Delete']);
    expect(labels(theirs)).to.deep.equal(['Add reaction', 'Reply', 'Open thread', 'Copy link']);
    expect(toolbar(mine)!.getAttribute('aria-label')).to.equal('Message actions');

    const edit = $(mine, '[aria-label="Edit"]')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(edit.left + edit.width / 2), Math.round(edit.top + edit.height / 2)] });
    await eventually(() => editor(el) !== null, 'the editor never opened');
    expect(editor(el)!.value).to.equal('my last');
  });

  it('reaches the toolbar by keyboard: Tab into a row shows it, Enter on Edit opens the editor', async () => {
    const { el, hearth } = await open();
    const [first] = hearth.messages.get(CHANNEL)!.slice(1);
    const edit = $(row(el, first!.id), '[aria-label="Edit"]')!;
    // The list is the tab stop before the rows' buttons; one Tab from it lands on the first button.
    $(el.shadowRoot!, '[part="list"]')!.focus();
    for (let tabs = 0; tabs < 12 && focused(el) !== edit; tabs++) await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(edit);
    expect(isShown($(row(el, first!.id), '[part="toolbar"]'))).to.equal(true);

    await sendKeys({ press: 'Enter' });
    await eventually(() => focused(el) === editor(el), 'focus never moved to the editor');
    expect(editor(el)!.value).to.equal('my first');
  });

  it('edits with Up in the empty composer; Enter saves, and the row shows "(edited)" with the edit time', async () => {
    const { el, hearth } = await open();
    const last = hearth.messages.get(CHANNEL)!.at(-1)!;
    composer(el).focus();
    await sendKeys({ press: 'ArrowUp' });
    await eventually(() => focused(el) === editor(el), 'Up never opened the editor');
    expect(editor(el)!.value).to.equal('my last');
    expect(row(el, last.id).getAttribute('part')).to.contain('editing');

    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' (fixed)' });
    await sendKeys({ press: 'Enter' });

    await eventually(() => content(el, last.id) === 'my last (fixed)', 'the edit never showed');
    await eventually(() => stored(hearth, last.id).editedAt !== null, 'the edit never reached the server');
    expect(stored(hearth, last.id).content).to.equal('my last (fixed)');
    expect(editor(el)).to.equal(null);
    expect(focused(el)).to.equal(composer(el));
    const edited = await (async () => {
      await eventually(() => $(row(el, last.id), '[part="edited"]'), 'no (edited) marker');
      return $(row(el, last.id), '[part="edited"]')!;
    })();
    expect(edited.textContent).to.equal('(edited)');
    expect(edited.getAttribute('title')).to.match(/2026/);
  });

  it('keeps Shift+Enter as a new line in the editor, and Escape cancels without saving', async () => {
    const { el, hearth } = await open();
    const last = hearth.messages.get(CHANNEL)!.at(-1)!;
    press(composer(el), 'ArrowUp');
    await eventually(() => editor(el), 'Up never opened the editor');
    const input = editor(el)!;
    input.value = 'draft';
    press(input, 'Enter', { shiftKey: true });
    expect(editor(el)).to.equal(input);
    press(input, 'Escape');

    await eventually(() => editor(el) === null, 'Escape never closed the editor');
    expect(content(el, last.id)).to.equal('my last');
    expect(hearth.requests.some((request) => request.startsWith('PATCH'))).to.equal(false);
    expect(focused(el)).to.equal(composer(el));
  });

  it('ignores Up when the composer holds text or the user has no message', async () => {
    const hearth = new FakeHearth();
    hearth.post(CHANNEL, 'only from Other', other);
    const el = await fixture<ChatMessages>(
      html`<chat-messages .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
    );
    await eventually(() => articles(el).length === 1 && !composer(el).disabled, 'never rendered');
    press(composer(el), 'ArrowUp');
    composer(el).value = 'typing';
    press(composer(el), 'ArrowUp');
    await el.updateComplete;
    expect(editor(el)).to.equal(null);
  });

  it('asks within the row before deleting, focus on Cancel; Escape keeps the message, Delete makes a tombstone', async () => {
    const { el, hearth } = await open();
    const first = hearth.messages.get(CHANNEL)![1]!;
    $(row(el, first.id), '[aria-label="Delete"]')!.click();
    await eventually(() => $(row(el, first.id), '[part="confirm"]'), 'no confirmation');
    expect($(row(el, first.id), '[part="confirm"]')!.textContent).to.contain('Delete this message?');
    await eventually(() => focused(el)?.getAttribute('part') === 'confirm-cancel', 'focus not on Cancel');
    await sendKeys({ press: 'Escape' });
    await eventually(() => !$(row(el, first.id), '[part="confirm"]'), 'Escape never closed the confirmation');
    expect(hearth.requests.some((request) => request.startsWith('DELETE'))).to.equal(false);

    $(row(el, first.id), '[aria-label="Delete"]')!.click();
    await eventually(() => $(row(el, first.id), '[part="confirm-delete"]'), 'no confirmation');
    // Its styles came with its code, fetched on the first delete: white on red.
    expect(getComputedStyle($(row(el, first.id), '[part="confirm-delete"]')!).backgroundColor).to.equal('rgb(179, 38, 30)');
    $(row(el, first.id), '[part="confirm-delete"]')!.click();

    await eventually(() => $(row(el, first.id), '[part="tombstone"]'), 'no tombstone');
    expect($(row(el, first.id), '[part="tombstone"]')!.textContent).to.equal('Message deleted');
    expect(getComputedStyle($(row(el, first.id), '[part="tombstone"]')!).fontStyle).to.equal('italic');
    expect(content(el, first.id)).to.equal('');
    await eventually(() => stored(hearth, first.id).deleted === true, 'the delete never reached the server');
    expect($(row(el, first.id), '[part="toolbar"]')).to.equal(null);
  });

  it('shows a refused edit as an alert in the row, with the text back as it was', async () => {
    const { el, hearth } = await open();
    const last = hearth.messages.get(CHANNEL)!.at(-1)!;
    hearth.refuseNextChange = 'forbidden';
    press(composer(el), 'ArrowUp');
    await eventually(() => editor(el), 'Up never opened the editor');
    editor(el)!.value = 'not allowed';
    press(editor(el)!, 'Enter');

    await eventually(() => $(row(el, last.id), '[role="alert"]'), 'no alert');
    expect($(row(el, last.id), '[role="alert"]')!.textContent).to.contain('Could not edit the message');
    expect(content(el, last.id)).to.equal('my last');
  });

  it("updates a row live when another user's change arrives, and hides tombstones with hide-deleted", async () => {
    const { el, hearth } = await open();
    const [theirs, mine] = hearth.messages.get(CHANNEL)!;
    hearth.edit(CHANNEL, theirs!.id, 'hello, edited by Other');
    await eventually(() => content(el, theirs!.id) === 'hello, edited by Other', 'the live edit never showed');
    expect($(row(el, theirs!.id), '[part="edited"]')).to.not.equal(null);

    hearth.remove(CHANNEL, mine!.id);
    await eventually(() => $(row(el, mine!.id), '[part="tombstone"]'), 'the live delete never showed');
    el.hideDeleted = true;
    await el.updateComplete;
    expect(articles(el).map((article) => article.dataset.key)).to.deep.equal([theirs!.id, hearth.messages.get(CHANNEL)![2]!.id]);
  });

  it('copies a link to the message with Copy link', async () => {
    const { el, hearth } = await open();
    const first = hearth.messages.get(CHANNEL)![0]!;
    let copied = '';
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    try {
      $(row(el, first.id), '[aria-label="Copy link"]')!.click();
      await eventually(() => copied !== '', 'nothing copied');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (clipboard) Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
    expect(copied.endsWith(`#message-${first.id}`)).to.equal(true);
  });

  it('passes an accessibility check in light and dark with an edit, a tombstone, the toolbar, the editor and a confirmation', async () => {
    const { el, hearth } = await open();
    const [theirs, mine, last] = hearth.messages.get(CHANNEL)!;
    hearth.edit(CHANNEL, theirs!.id, 'edited');
    hearth.remove(CHANNEL, mine!.id);
    await eventually(() => $(row(el, mine!.id), '[part="tombstone"]') && $(row(el, theirs!.id), '[part="edited"]'), 'changes never shown');
    hearth.post(CHANNEL, 'another of mine', hearth.user);
    await eventually(() => articles(el).length === 4, 'never rendered');
    $(row(el, last!.id), '[aria-label="Delete"]')!.focus();
    press(composer(el), 'ArrowUp');
    await eventually(() => editor(el), 'no editor');
    $(row(el, last!.id), '[aria-label="Delete"]')!.click();
    await eventually(() => $(row(el, last!.id), '[part="confirm"]'), 'no confirmation');
    press(composer(el), 'ArrowUp');
    await eventually(() => editor(el), 'no editor');
    $(row(el, last!.id), '[aria-label="Delete"]')!.click();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
