import type { Category, ChatClient } from '@hearth/sdk';
import { css, html, nothing } from 'lit';
import { mediaUrl } from '../internal/media-url.js';
import type { ChatStrings } from '../internal/strings.js';

/** What the category filter shows, and what it calls back. */
export interface ExploreFilterView {
  chat: ChatClient | undefined;
  categories: readonly Category[];
  /** The chosen category's id; empty for all of them. */
  category: string;
  t(key: keyof ChatStrings): string;
  choose(categoryId: string): void;
}

/**
 * Explore's category filter: "All" and one chip per category, each a radio button, so that the
 * arrow keys move the choice and a screen reader says "2 of 5". The row scrolls sideways when the
 * chips do not fit.
 */
export function renderExploreFilter({ chat, categories, category, t, choose }: ExploreFilterView) {
  const chip = (id: string, name: string, iconUrl: string | null) => {
    const icon = mediaUrl(chat, iconUrl);
    return html`<label part="category-chip" class="chip">
      <input
        type="radio"
        name="explore-category"
        .value=${id}
        .checked=${id === category}
        @change=${() => choose(id)}
      />${icon ? html`<img class="chip-icon" src=${icon} alt="" />` : nothing}${name}
    </label>`;
  };
  return html`<fieldset part="category-filter" class="chips">
    <legend class="visually-hidden">${t('exploreCategories')}</legend>
    ${chip('', t('exploreAll'), null)} ${categories.map((each) => chip(each.id, each.name, each.iconUrl))}
  </fieldset>`;
}

/** The filter's styles. */
export const exploreFilterStyles = css`
  .chips {
    display: flex;
    gap: 8px;
    min-width: 0;
    margin: 0 0 20px;
    /* Room for the focus ring, which the scrolling row would otherwise cut. */
    padding: 4px;
    border: none;
    overflow-x: auto;
    scrollbar-width: thin;
  }
  .chip {
    position: relative;
    display: inline-flex;
    flex: none;
    align-items: center;
    gap: 6px;
    padding: 6px 14px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg-alt);
    font-size: 0.875rem;
    font-weight: 600;
    white-space: nowrap;
    cursor: pointer;
  }
  .chip:hover {
    background: var(--_hover);
  }
  .chip:has(:checked) {
    border-color: transparent;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .chip:has(:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* The radio button itself stays (for the keyboard and screen readers) under its chip, unseen. */
  .chip input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    pointer-events: none;
  }
  .chip-icon {
    width: 18px;
    height: 18px;
    border-radius: 5px;
  }
`;
