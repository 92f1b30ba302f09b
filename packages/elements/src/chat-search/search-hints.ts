import { css, html } from 'lit';
import type { ChatStrings } from '../internal/strings.js';

/** The filters a query may hold (GET /api/search), each with the string that says what follows it. */
const FILTERS = [
  ['from:', 'hintFrom'],
  ['in:', 'hintIn'],
  ['has:file', 'hintHasFile'],
  ['has:image', 'hintHasImage'],
  ['before:', 'hintBefore'],
  ['after:', 'hintAfter'],
] as const satisfies ReadonlyArray<readonly [string, keyof ChatStrings]>;

/**
 * The filter hints under a search field: each filter with what it takes, a button that writes it
 * into the field. They show while the field (or a hint) has the focus and the field is empty, by
 * CSS alone (`.search-box:focus-within` and the field's `:placeholder-shown`): the box holding
 * them and the field must have the class `search-box`, and the field a placeholder.
 */
export function renderSearchHints(t: (key: keyof ChatStrings) => string) {
  return html`<div part="hints" class="hints">
    <p id="search-hints-title">${t('searchOptions')}</p>
    <ul aria-labelledby="search-hints-title">
      ${FILTERS.map(
        ([filter, hint]) =>
          html`<li>
            <button part="hint" type="button" @mousedown=${(event: Event) => event.preventDefault()} @click=${writeFilter}>
              <strong>${filter}</strong> <span>${t(hint)}</span>
            </button>
          </li>`,
      )}
    </ul>
  </div>`;
}

/** A hint's click: its filter goes into the field of its box, which keeps (or gets back) the focus. */
function writeFilter(event: Event): void {
  const hint = event.currentTarget as HTMLElement;
  const field = hint.closest('.search-box')?.querySelector('input');
  if (!field) return;
  const filter = hint.querySelector('strong')?.textContent ?? '';
  field.value = filter.endsWith(':') ? filter : `${filter} `;
  field.focus();
}

/** The hints' look: a card under the field, shown only while it is of use. */
export const searchHintStyles = css`
  .search-box {
    position: relative;
  }
  .hints {
    display: none;
    position: absolute;
    inset-inline-end: 0;
    top: calc(100% + 6px);
    z-index: 5;
    width: 280px;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    color: var(--_fg);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.2);
  }
  .search-box:focus-within:has(input:placeholder-shown) .hints {
    display: block;
  }
  .hints p {
    margin: 4px 8px 6px;
    color: var(--_fg-muted);
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.02em;
    text-transform: uppercase;
  }
  .hints ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .hints button {
    display: flex;
    gap: 6px;
    align-items: baseline;
    width: 100%;
    padding: 6px 8px;
    border: none;
    border-radius: calc(var(--_radius) / 2);
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .hints button:hover,
  .hints button:focus-visible {
    background: var(--_hover);
  }
  .hints button span {
    color: var(--_fg-muted);
  }
`;
