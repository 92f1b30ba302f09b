import type { Message, ReplyQuote } from '@hearth/sdk';
import { html, nothing, svg } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import { LazyModule } from './lazy-part.js';
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
  ${state.editing ? editorCode.module?.renderEditor(message, actions, t) : nothing}
  ${state.confirming ? editorCode.module?.renderConfirm(message, actions, t) : nothing}
  ${state.error ? html`<div class="note failed-note" role="alert">${state.error}</div>` : nothing}`;
}

/** A smile with a plus: add a reaction. */
export const REACT_ICON = 'M16.5 11A6.5 6.5 0 1 1 9 3.6 M7 12.5a3.5 3.5 0 0 0 6 0 M7.5 8.5v0 M12.5 8.5v0 M15.5 2.5v5 M13 5h5';

/**
 * The inline editor and the delete confirmation: fetched on the first edit or delete (a page
 * fetches their code only then), when their styles are adopted too (`message-action-handlers.ts`).
 */
export const editorCode = new LazyModule(() => import('./message-editor.js'));
