import { DEFERRED_STRINGS } from './deferred-strings.js';
import { addStrings } from './strings.js';
import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ChatEmojiCloseEvent, ChatEmojiSelectEvent } from '../events.js';
import { ChatElement } from './chat-element.js';
import { defineElement } from './define.js';
import { EMOJI, type Emoji, type EmojiCategory } from './emoji-set.js';
import styles from './emoji-picker.styles.js';
import type { ChatStrings } from './strings.js';
import { themeStyles } from './theme.styles.js';

// This code brings the defaults of the strings it shows.
addStrings(DEFERRED_STRINGS);

const CATEGORY_LABELS: Record<EmojiCategory, keyof ChatStrings> = {
  smileys: 'emojiSmileys',
  people: 'emojiPeople',
  nature: 'emojiNature',
  food: 'emojiFood',
  activities: 'emojiActivities',
  objects: 'emojiObjects',
  symbols: 'emojiSymbols',
};

/**
 * An emoji picker over a curated set shipped with the elements (nothing is fetched): a search box
 * over the emoji's names, then the emoji by category. Focusing the element focuses the search;
 * Down moves into the emoji, the arrow keys move between them, Home and End go to the first and
 * last, Enter or a click picks one (Enter in the search picks the first match) and Escape asks to
 * close. The element is shown and hidden by whoever uses it, on `chat-emoji-close`.
 *
 * Internal for now (reactions place it); registered as `<chat-emoji-picker>`.
 *
 * @fires {ChatEmojiSelectEvent} chat-emoji-select - The user picked an emoji. `detail: { emoji: string; name: string }`.
 * @fires {ChatEmojiCloseEvent} chat-emoji-close - The user pressed Escape.
 */
export class EmojiPicker extends ChatElement {
  static override styles = [themeStyles, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  @state() private accessor query = '';
  /** The emoji that is the tab stop of the grid, by index among those shown. */
  @state() private accessor active = 0;

  /** The emoji whose name contains every word of the search, in the set's order. */
  private get shown(): readonly Emoji[] {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return EMOJI.filter((candidate) => words.every((word) => candidate.name.toLowerCase().includes(word) || candidate.emoji === word));
  }

  protected override render() {
    const shown = this.shown;
    const active = Math.min(this.active, shown.length - 1);
    return html`<div role="group" aria-label=${this.t('emojiPicker')} class="picker" @keydown=${this.onKeydown}>
      <input
        part="search"
        type="search"
        aria-label=${this.t('searchEmoji')}
        placeholder=${this.t('searchEmoji')}
        autocomplete="off"
        spellcheck="false"
        .value=${this.query}
        @input=${(event: Event) => {
          this.query = (event.target as HTMLInputElement).value;
          this.active = 0;
        }}
        @keydown=${this.onSearchKeydown}
      />
      <div class="scroll" part="emoji-list">
        ${(Object.keys(CATEGORY_LABELS) as EmojiCategory[]).map((category) => {
          const inCategory = shown.filter((candidate) => candidate.category === category);
          if (inCategory.length === 0) return nothing;
          return html`<div role="group" aria-labelledby=${`category-${category}`}>
            <div class="category" id=${`category-${category}`}>${this.t(CATEGORY_LABELS[category])}</div>
            <div class="grid" @keydown=${this.onGridKeydown}>
              ${inCategory.map((candidate) => {
                const index = shown.indexOf(candidate);
                return html`<button
                  part="emoji"
                  type="button"
                  data-index=${index}
                  tabindex=${index === active ? 0 : -1}
                  aria-label=${candidate.name}
                  title=${candidate.name}
                  @focus=${() => (this.active = index)}
                  @click=${() => this.pick(candidate)}
                >
                  ${candidate.emoji}
                </button>`;
              })}
            </div>
          </div>`;
        })}
        <p class="empty" role="status">${shown.length === 0 ? this.t('noEmoji') : ''}</p>
      </div>
    </div>`;
  }

  private pick(emoji: Emoji): void {
    this.dispatchEvent(new ChatEmojiSelectEvent({ emoji: emoji.emoji, name: emoji.name }));
  }

  private onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    // A search with text clears first, as a search box does; Escape again closes.
    if (this.query && event.composedPath()[0] instanceof HTMLInputElement) {
      this.query = '';
      this.active = 0;
    } else {
      this.dispatchEvent(new ChatEmojiCloseEvent());
    }
  };

  private onSearchKeydown = (event: KeyboardEvent) => {
    const first = this.shown[0];
    if (event.key === 'Enter' && first) {
      event.preventDefault();
      this.pick(first);
    } else if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      this.button(Math.min(this.active, this.shown.length - 1))?.focus();
    }
  };

  private onGridKeydown = (event: KeyboardEvent) => {
    const current = Number((event.target as HTMLElement).dataset.index);
    const count = this.shown.length;
    const next =
      event.key === 'ArrowLeft'
        ? current - 1
        : event.key === 'ArrowRight'
          ? current + 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : event.key === 'ArrowUp' || event.key === 'ArrowDown'
                ? this.vertical(current, event.key === 'ArrowDown')
                : undefined;
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) this.renderRoot.querySelector('input')?.focus();
    else this.button(Math.min(next, count - 1))?.focus();
  };

  /**
   * The emoji above or below, read off the layout: categories break the rows, so the one below is
   * the nearest in the next row down, whatever category that row is in. -1 above the first row.
   */
  private vertical(current: number, down: boolean): number {
    const from = this.button(current)?.getBoundingClientRect();
    if (!from) return current;
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('button[data-index]')]
      .map((button) => ({ index: Number(button.dataset.index), box: button.getBoundingClientRect() }))
      .filter(({ box }) => (down ? box.top >= from.bottom - 1 : box.bottom <= from.top + 1));
    if (rows.length === 0) return down ? current : -1;
    const rowTop = down ? Math.min(...rows.map(({ box }) => box.top)) : Math.max(...rows.map(({ box }) => box.top));
    const row = rows.filter(({ box }) => Math.abs(box.top - rowTop) < 1);
    const centre = (box: DOMRect) => box.left + box.width / 2;
    row.sort((a, b) => Math.abs(centre(a.box) - centre(from)) - Math.abs(centre(b.box) - centre(from)));
    return (row[0] as (typeof row)[number]).index;
  }

  private button(index: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`button[data-index="${index}"]`);
  }
}

defineElement('chat-emoji-picker', EmojiPicker);

declare global {
  interface HTMLElementTagNameMap {
    'chat-emoji-picker': EmojiPicker;
  }
}
