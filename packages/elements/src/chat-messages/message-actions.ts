import type { Message, ReplyQuote } from '@hearth/sdk';
import { html, nothing, svg } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import type { EditorActions } from './message-editor.js';

/** What the user does to a stored message from its row. */
export interface MessageActions extends EditorActions {
  /** Opens the inline editor on the message. */
  startEdit(messageId: string): void;
  /** Asks, within the row, whether to delete the message. */
  askDelete(messageId: string): void;
  /** Copies a link to the message. */
  copyLink(message: Message): void;
  /** Opens the emoji picker by `opener` to react to the message. */
  pickReaction?(message: Message, opener: HTMLElement): void;
  /** Adds (`add`) or removes the user's reaction with `emoji`. */
  toggleReaction?(message: Message, emoji: string, add: boolean): void;
  /** Shows who reacted to the message with `emoji`; undefined hides it. */
  showReactors?(message: Message, emoji: string | undefined): void;
  /** Makes the composer's next message a reply to this one. */
  reply?(message: Message): void;
  /** Opens the message's thread. */
  openThread?(message: Message): void;
  /** Scrolls to the message a reply quotes, loading the history around it when it is not held. */
  showQuoted?(quote: ReplyQuote): void;
}

/** Where a row's message stands in the user's hands. */
export interface MessageActionState {
  /** The user may edit it (their own). */
  canEdit: boolean;
  /** The user may delete it (their own, or any as the server's owner). */
  canDelete: boolean;
  /** Its inline editor is open. */
  editing: boolean;
  /** Its delete confirmation is open. */
  confirming: boolean;
  /** Why the last edit, delete or reaction failed. */
  error: string | undefined;
  /** The user may react and reply (a member of the server). */
  canPost?: boolean;
  /** The reaction whose reactors are shown, and their names once known. */
  reactors?: { emoji: string; names: string | undefined } | undefined;
}

/** The element's strings. */
export type Translate = (key: keyof ChatStrings) => string;

/** An outline icon on a 20px grid, drawn with the current colour; each button also has a label. */
export const icon = (path: string) =>
  html`<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
    ${svg`<path d=${path} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />`}
  </svg>`;
const EDIT_ICON = 'M13.5 3.5l3 3L7 16H4v-3z M11.5 5.5l3 3';
const DELETE_ICON = 'M4 6h12 M8 6V4h4v2 M6 6l1 10h6l1-10';
/** A smile with a plus: add a reaction. */
export const REACT_ICON = 'M16.5 11A6.5 6.5 0 1 1 9 3.6 M7 12.5a3.5 3.5 0 0 0 6 0 M7.5 8.5v0 M12.5 8.5v0 M15.5 2.5v5 M13 5h5';
const REPLY_ICON = 'M8 5L3 10l5 5 M3 10h9a5 5 0 0 1 5 5v1';
const THREAD_ICON = 'M4 4h12v9H9l-4 3v-3H4z M7 7.5h6 M7 10h4';
const LINK_ICON = 'M8.5 11.5a3 3 0 0 0 4.2 0l2.5-2.5a3 3 0 0 0-4.2-4.2l-1 1 M11.5 8.5a3 3 0 0 0-4.2 0L4.8 11a3 3 0 0 0 4.2 4.2l1-1';

/**
 * The toolbar that floats over a row's top right corner on hover or when focus is inside the row:
 * React and Reply for members, Thread on messages of the main line, Edit and Delete on the
 * messages the user may change, and Copy link. Its buttons are always in the tab order, so a
 * keyboard reaches it like a mouse does.
 */
export function renderToolbar(message: Message, state: MessageActionState, actions: MessageActions, t: Translate) {
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

/** "(edited)" after a message changed by its author, the time of the edit on hover. */
export function renderEdited(message: Message, t: Translate, formatFull: (iso: string) => string) {
  if (!message.editedAt || message.deleted) return nothing;
  return html`<span part="edited" class="edited" title=${formatFull(message.editedAt)}>${t('edited')}</span>`;
}

/**
 * What a row shows in place of (or below) its text: the inline editor, the delete confirmation,
 * the tombstone of a deleted message, and the error of a refused change.
 */
export function renderMessageExtras(message: Message, state: MessageActionState, actions: MessageActions, t: Translate) {
  return html`${message.deleted ? html`<div part="tombstone" class="tombstone">${t('messageDeleted')}</div>` : nothing}
  ${state.editing ? editor?.renderEditor(message, actions, t) : nothing}
  ${state.confirming ? editor?.renderConfirm(message, actions, t) : nothing}
  ${state.error ? html`<div class="note failed-note" role="alert">${state.error}</div>` : nothing}`;
}

/** The inline editor and the delete confirmation, once fetched (see {@link loadEditor}). */
let editor: typeof import('./message-editor.js') | undefined;

/**
 * Fetches the inline editor and the delete confirmation, on the first edit or delete (a page
 * fetches their code only then), and adopts their styles into `root`, the shadow root of the
 * element that shows the rows.
 */
export async function loadEditor(root: ShadowRoot): Promise<void> {
  editor ??= await import('./message-editor.js');
  const sheet = editor.editorStyles.styleSheet;
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
