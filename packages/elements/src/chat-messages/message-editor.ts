import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import { addStrings } from '../internal/strings.js';
import type { Message } from '@hearth/sdk';
import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { ChatStrings } from '../internal/strings.js';
import { showEditorLength } from './length-counter.js';

// What a row shows on an edit or a delete: fetched then, not with the page (see editorCode).
export { default as editorStyles } from './message-editor.styles.js';

// This code brings the defaults of the strings it shows.
addStrings(DEFERRED_STRINGS);

/** What the inline editor and the delete confirmation do on the user's behalf. */
export interface EditorActions {
  /** Saves the editor's text (an unchanged text just closes it). */
  saveEdit(message: Message, content: string): void;
  /** Closes the editor without saving. */
  cancelEdit(): void;
  /** Deletes the message, once confirmed. */
  confirmDelete(message: Message): void;
  /** Closes the confirmation without deleting. */
  cancelDelete(): void;
}

type Translate = (key: keyof ChatStrings) => string;

/**
 * Enter saves, Shift+Enter (or Enter while an input method composes) starts a new line, Escape
 * cancels. Near the length limit a counter says how many characters are left; over it, Save is
 * disabled and Enter keeps the text.
 */
export function renderEditor(message: Message, actions: EditorActions, t: Translate) {
  const save = (input: HTMLTextAreaElement | null | undefined) =>
    input && input.value.length <= MAX_CONTENT_LENGTH && actions.saveEdit(message, input.value);
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      actions.cancelEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      save(event.currentTarget as HTMLTextAreaElement);
    }
  };
  return html`<div part="editor" class="editor">
    <textarea
      part="edit-input"
      aria-label=${t('editLabel')}
      .value=${message.content}
      @keydown=${onKeydown}
      @input=${(event: Event) => showEditorLength((event.currentTarget as HTMLElement).closest('.editor')!, t)}
    ></textarea>
    <div class="editor-actions">
      <span class="hint">${t('editHint')}</span>
      <span
        class="length-counter"
        ${ref((counter) => counter && queueMicrotask(() => counter.isConnected && showEditorLength(counter.closest('.editor')!, t)))}
      ></span>
      <button type="button" class="link-button" @click=${() => actions.cancelEdit()}>${t('cancel')}</button>
      <button
        type="button"
        class="link-button save"
        @click=${(event: Event) => save((event.currentTarget as HTMLElement).closest('.editor')?.querySelector('textarea'))}
      >
        ${t('save')}
      </button>
    </div>
  </div>`;
}

/** "Delete this message? Delete / Cancel", within the row; Escape cancels. */
export function renderConfirm(message: Message, actions: EditorActions, t: Translate) {
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    actions.cancelDelete();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-label=${t('confirmDelete')} @keydown=${onKeydown}>
    <span>${t('confirmDelete')}</span>
    <button type="button" part="confirm-delete" class="danger-button" @click=${() => actions.confirmDelete(message)}>${t('delete')}</button>
    <button type="button" part="confirm-cancel" class="cancel" @click=${() => actions.cancelDelete()}>${t('cancel')}</button>
  </div>`;
}
