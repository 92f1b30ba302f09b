import type { Message } from '@hearth/sdk';
import { type ChildPart, html, nothing } from 'lit';
import { adoptStyles } from '../internal/adopt-styles.js';
import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import { addStrings } from '../internal/strings.js';
import { type MessageActionState, type MessageActions, REACT_ICON, type Translate, icon } from './message-actions.js';
import toolbarStyles from './message-toolbar.styles.js';

addStrings(DEFERRED_STRINGS);

const EDIT_ICON = 'M13.5 3.5l3 3L7 16H4v-3z M11.5 5.5l3 3';
const DELETE_ICON = 'M4 6h12 M8 6V4h4v2 M6 6l1 10h6l1-10';
const REPLY_ICON = 'M8 5L3 10l5 5 M3 10h9a5 5 0 0 1 5 5v1';
const THREAD_ICON = 'M4 4h12v9H9l-4 3v-3H4z M7 7.5h6 M7 10h4';
const LINK_ICON = 'M8.5 11.5a3 3 0 0 0 4.2 0l2.5-2.5a3 3 0 0 0-4.2-4.2l-1 1 M11.5 8.5a3 3 0 0 0-4.2 0L4.8 11a3 3 0 0 0 4.2 4.2l1-1';

/**
 * The toolbar that floats over a row's top right corner on hover or when focus is inside the row:
 * React and Reply for members, Thread on messages of the main line, Edit and Delete on the
 * messages the user may change, and Copy link. Its buttons are always in the tab order, so a
 * keyboard reaches it like a mouse does. Fetched with the first row that shows it, with its styles
 * (adopted into the shadow root of `part`, where the row is).
 */
export function renderToolbar(part: ChildPart, message: Message, state: MessageActionState, actions: MessageActions, t: Translate) {
  const root = part.parentNode.getRootNode();
  if (root instanceof ShadowRoot) adoptStyles(root, toolbarStyles);
  if (message.deleted || state.editing || state.confirming) return nothing;
  const button = (label: string, path: string, run: (opener: HTMLElement) => void, part = 'action') =>
    html`<button
      type="button"
      part=${part}
      class=${part}
      aria-label=${label}
      title=${label}
      @click=${(event: Event) => run(event.currentTarget as HTMLElement)}
    >
      ${icon(path)}
    </button>`;
  const { pickReaction, reply, openThread } = actions;
  return html`<div part="toolbar" class="toolbar" role="group" aria-label=${t('messageActions')}>
    ${pickReaction && state.canPost ? button(t('react'), REACT_ICON, (opener) => pickReaction(message, opener)) : nothing}
    ${reply && state.canPost ? button(t('reply'), REPLY_ICON, () => reply(message)) : nothing}
    ${openThread && !message.threadId ? button(t('openThread'), THREAD_ICON, () => openThread(message)) : nothing}
    ${state.canEdit ? button(t('edit'), EDIT_ICON, () => actions.startEdit(message.id)) : nothing}
    ${button(t('copyLink'), LINK_ICON, () => actions.copyLink(message))}
    ${state.canDelete ? button(t('delete'), DELETE_ICON, () => actions.askDelete(message.id), 'action danger') : nothing}
  </div>`;
}
