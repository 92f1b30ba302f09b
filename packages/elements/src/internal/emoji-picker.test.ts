import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatEmojiSelectEvent } from '../events.js';
import type { EmojiPicker } from './emoji-picker.js';
import './emoji-picker.js';
import { EMOJI } from './emoji-set.js';

const shownButtons = (el: EmojiPicker) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="emoji"]')];
const focused = (el: EmojiPicker) => el.shadowRoot!.activeElement as HTMLElement | null;
const search = (el: EmojiPicker) => el.shadowRoot!.querySelector('input')!;

async function typeSearch(el: EmojiPicker, text: string): Promise<void> {
  el.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('emoji picker', () => {
  it('ships a curated set of single emoji, each named once, in every category', () => {
    const graphemes = new Intl.Segmenter();
    expect(EMOJI.length).to.be.within(100, 200);
    for (const { emoji, name } of EMOJI) {
      expect([...graphemes.segment(emoji)], `${emoji} ${name}`).to.have.length(1);
      expect(/\p{Extended_Pictographic}/u.test(emoji), name).to.equal(true);
      expect(name).to.match(/^[\w -]+$/i);
    }
    expect(new Set(EMOJI.map(({ emoji }) => emoji)).size).to.equal(EMOJI.length);
    expect(new Set(EMOJI.map(({ name }) => name)).size).to.equal(EMOJI.length);
    expect(new Set(EMOJI.map(({ category }) => category)).size).to.equal(7);
  });

  it('labels every emoji by name and shows them by category', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker></chat-emoji-picker>`);
    const buttons = shownButtons(el);
    expect(buttons).to.have.length(EMOJI.length);
    expect(buttons[0]!.getAttribute('aria-label')).to.equal(EMOJI[0]!.name);
    expect(buttons[0]!.textContent.trim()).to.equal(EMOJI[0]!.emoji);
    const groups = [...el.shadowRoot!.querySelectorAll('[aria-labelledby]')].map(
      (group) => el.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!)!.textContent,
    );
    expect(groups).to.deep.equal(['Smileys', 'People', 'Nature', 'Food & drink', 'Activities & travel', 'Objects', 'Symbols']);
    // The list scrolls inside the picker, under a search box as wide as the list.
    const list = el.shadowRoot!.querySelector<HTMLElement>('[part="emoji-list"]')!;
    expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
    expect(list.getBoundingClientRect().bottom).to.be.at.most(el.getBoundingClientRect().bottom);
    expect(search(el).getBoundingClientRect().width).to.be.greaterThan(list.getBoundingClientRect().width * 0.8);
    // Only one emoji is a tab stop: the grid is one stop, the arrows move inside it.
    expect(buttons.filter((button) => button.tabIndex === 0)).to.have.length(1);
  });

  it('filters by name as the user types, and says when nothing matches', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker></chat-emoji-picker>`);
    await typeSearch(el, 'heart');
    const labels = shownButtons(el).map((button) => button.getAttribute('aria-label')!);
    expect(labels.length).to.equal(EMOJI.filter(({ name }) => name.includes('heart')).length);
    expect(labels).to.include.members(['red heart', 'heart eyes', 'broken heart']);
    expect(labels.every((label) => label.includes('heart'))).to.equal(true);
    await typeSearch(el, ' thumbs');
    expect(shownButtons(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('No emoji found.');
    search(el).select();
    await sendKeys({ type: 'THUMBS up' });
    await el.updateComplete;
    expect(shownButtons(el).map((button) => button.getAttribute('aria-label'))).to.deep.equal(['thumbs up']);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('');
  });

  it('picks the first match with Enter in the search, and any emoji by click', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker></chat-emoji-picker>`);
    await typeSearch(el, 'rocket');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const byEnter = await oneEvent<ChatEmojiSelectEvent>(el, 'chat-emoji-select');
    expect(byEnter.detail).to.deep.equal({ emoji: '🚀', name: 'rocket' });
    expect(byEnter.bubbles && byEnter.composed).to.equal(true);
    search(el).select();
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    const pizza = shownButtons(el).find((button) => button.getAttribute('aria-label') === 'pizza')!;
    setTimeout(() => pizza.click());
    const byClick = await oneEvent<ChatEmojiSelectEvent>(el, 'chat-emoji-select');
    expect(byClick.detail).to.deep.equal({ emoji: '🍕', name: 'pizza' });
  });

  it('moves through the grid with the arrows, Home and End, and picks with Enter', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker></chat-emoji-picker>`);
    el.focus();
    expect(focused(el)).to.equal(search(el));
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)!.getAttribute('aria-label')).to.equal(EMOJI[0]!.name);
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)!.getAttribute('aria-label')).to.equal(EMOJI[1]!.name);
    const top = focused(el)!.getBoundingClientRect();
    await sendKeys({ press: 'ArrowDown' });
    const below = focused(el)!.getBoundingClientRect();
    expect(below.top).to.be.greaterThan(top.top);
    expect(below.left).to.equal(top.left);
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)!.getAttribute('aria-label')).to.equal(EMOJI[1]!.name);
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)).to.equal(search(el));
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'End' });
    expect(focused(el)!.getAttribute('aria-label')).to.equal(EMOJI.at(-1)!.name);
    await el.updateComplete;
    // The focused emoji is now the grid's tab stop.
    expect(shownButtons(el).find((button) => button.tabIndex === 0)).to.equal(focused(el));
    await sendKeys({ press: 'Home' });
    expect(focused(el)!.getAttribute('aria-label')).to.equal(EMOJI[0]!.name);
    // The first row's next row starts in the same category; crossing into the next one also works.
    const people = EMOJI.findIndex(({ category }) => category === 'people');
    for (let step = 0; step < 20 && Number(focused(el)!.dataset.index) < people; step++) await sendKeys({ press: 'ArrowDown' });
    expect(EMOJI[Number(focused(el)!.dataset.index)]!.category).to.equal('people');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const picked = await oneEvent<ChatEmojiSelectEvent>(el, 'chat-emoji-select');
    expect(picked.detail.emoji).to.equal(focused(el)!.textContent.trim());
  });

  it('clears the search with Escape, then asks to close', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker></chat-emoji-picker>`);
    let closes = 0;
    el.addEventListener('chat-emoji-close', () => closes++);
    await typeSearch(el, 'cat');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(search(el).value).to.equal('');
    expect(shownButtons(el)).to.have.length(EMOJI.length);
    expect(closes).to.equal(0);
    await sendKeys({ press: 'Escape' });
    expect(closes).to.equal(1);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Escape' });
    expect(closes).to.equal(2);
  });

  it('is axe-clean in light and dark, searching or not', async () => {
    const el = await fixture<EmojiPicker>(html`<chat-emoji-picker theme="light"></chat-emoji-picker>`);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await typeSearch(el, 'nothing like this');
    await expect(el).to.be.accessible();
  });
});
