import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import { css, html, nothing, render } from 'lit';
import { adoptStyles } from '../internal/adopt-styles.js';
import { type ChatStrings, addStrings, format } from '../internal/strings.js';
import { COUNTER_FROM } from './counter-threshold.js';
import { LENGTH_STRINGS } from './length-strings.js';

// This code brings the defaults of the strings it shows.
addStrings(LENGTH_STRINGS);

const counterStyles = css`
  .counter {
    align-self: center;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
    color: var(--_fg-muted);
    white-space: nowrap;
  }
  .counter.over {
    color: var(--_danger);
    font-weight: 700;
  }
`;

/** Whether `length` UTF-16 code units (the unit the server counts) are near enough the limit for the counter to show. */
export const isNear = (length: number) => length > MAX_CONTENT_LENGTH - COUNTER_FROM;

/**
 * The characters left before the limit, shown once fewer than {@link COUNTER_FROM} remain and in the
 * danger colour (below zero) over it; `id` names it for the field's and the button's
 * `aria-describedby`, which read it in words. The polite status after it changes only when the
 * draft crosses into the counter's range or over the limit, so a screen reader says it then rather
 * than at every key.
 */
export function renderCounter(root: ShadowRoot, length: number, t: (key: keyof ChatStrings) => string, id: string) {
  adoptStyles(root, counterStyles);
  const left = MAX_CONTENT_LENGTH - length;
  const values = { count: Math.abs(left), max: MAX_CONTENT_LENGTH };
  return html`${
      isNear(length)
        ? html`<span part="counter" class=${left < 0 ? 'counter over' : 'counter'} id=${id}
            ><span aria-hidden="true">${left}</span
            ><span class="visually-hidden">${format(t(left < 0 ? 'charactersOver' : 'charactersLeft'), values)}</span></span
          >`
        : nothing
    }<span class="visually-hidden" role="status"
      >${left < 0 ? format(t('overLimit'), values) : isNear(length) ? format(t('nearLimit'), values) : ''}</span
    >`;
}

/**
 * Shows the length of the editor's text in its counter (`.length-counter`), and keeps Save
 * disabled and the field marked invalid while the text is over the limit. The editor's parts are
 * rendered once by its row; this runs at each input, not by rendering the row again.
 */
export function showEditorLength(editor: Element, t: (key: keyof ChatStrings) => string): void {
  const input = editor.querySelector('textarea');
  const counter = editor.querySelector<HTMLElement>('.length-counter');
  const save = editor.querySelector<HTMLButtonElement>('.save');
  if (!input || !counter || !save) return;
  const { length } = input.value;
  render(renderCounter(editor.getRootNode() as ShadowRoot, length, t, 'edit-length'), counter);
  save.disabled = length > MAX_CONTENT_LENGTH;
  input.ariaInvalid = save.disabled ? 'true' : null;
  for (const described of [input, save]) {
    if (isNear(length)) described.setAttribute('aria-describedby', 'edit-length');
    else described.removeAttribute('aria-describedby');
  }
}
