import { type ChatChannel, type ChatMessage, type Message, isPending } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import { type MessageActionState, type MessageActions, loadEditor } from './message-actions.js';

/** What the controller asks its element. */
export interface MessageActionSource {
  /** The channel the messages belong to. */
  channel(): ChatChannel | undefined;
  /** The signed-in user's id. */
  userId(): string | undefined;
  /** Whether the user owns the server (and so may delete anyone's message). */
  ownsServer(): boolean;
  /** The element's strings. */
  t(key: keyof ChatStrings): string;
  /** Says something to screen readers (a copied link). */
  announce(text: string): void;
}

/**
 * The edit and delete of the messages in a list, for an element that shows rows with `renderRow`:
 * which editor or confirmation is open, why a change failed, and the actions the rows call. Focus
 * goes to the editor, the confirmation's Cancel, or back to the composer (`[part="input"]`).
 */
export class MessageActionController {
  private editingId: string | undefined;
  private confirmingId: string | undefined;
  private errors = new Map<string, string>();

  constructor(
    private readonly host: ReactiveElement,
    private readonly source: MessageActionSource,
  ) {}

  /** Closes any editor or confirmation, as when the list shows other messages. */
  reset(): void {
    this.editingId = this.confirmingId = undefined;
    this.errors = new Map();
    this.host.requestUpdate();
  }

  /** What the user may do to a message, and which of its editor or confirmation is open. */
  state(message: Message): MessageActionState {
    const me = this.source.userId();
    const own = me !== undefined && message.author.id === me;
    return {
      canEdit: own,
      canDelete: own || this.source.ownsServer(),
      editing: this.editingId === message.id,
      confirming: this.confirmingId === message.id,
      error: this.errors.get(message.id),
    };
  }

  /** Opens the editor on the user's last message of `messages` still standing; says whether there was one. */
  editLast(messages: readonly ChatMessage[]): boolean {
    const me = this.source.userId();
    const last = messages.findLast((message): message is Message => !isPending(message) && !message.deleted && message.author.id === me);
    if (!last) return false;
    this.actions.startEdit(last.id);
    return true;
  }

  private set(changes: { editing?: string; confirming?: string; errorOf?: string; error?: string }): void {
    this.editingId = changes.editing;
    this.confirmingId = changes.confirming;
    if (changes.errorOf !== undefined) {
      this.errors = new Map(this.errors);
      if (changes.error === undefined) this.errors.delete(changes.errorOf);
      else this.errors.set(changes.errorOf, changes.error);
    }
    this.host.requestUpdate();
  }

  /** Runs `open` once the inline editor and the delete confirmation are fetched (on the first edit or delete) and styled. */
  private async withEditor(open: () => void): Promise<void> {
    await loadEditor(this.host.renderRoot as ShadowRoot);
    open();
  }

  private async focusAfterRender(selector: string): Promise<HTMLElement | null> {
    await this.host.updateComplete;
    const target = this.host.renderRoot.querySelector<HTMLElement>(selector);
    target?.focus();
    return target;
  }

  private refused(messageId: string, key: 'editFailed' | 'deleteFailed') {
    return (error: unknown) =>
      this.set({
        editing: this.editingId,
        confirming: this.confirmingId,
        errorOf: messageId,
        error: `${this.source.t(key)} ${error instanceof Error ? error.message : String(error)}`,
      });
  }

  /** What the rows call. */
  readonly actions: MessageActions = {
    startEdit: (messageId) =>
      void this.withEditor(() => {
        this.set({ editing: messageId, errorOf: messageId });
        void this.focusAfterRender('[part="edit-input"]').then((input) => {
          if (input instanceof HTMLTextAreaElement) input.setSelectionRange(input.value.length, input.value.length);
        });
      }),
    saveEdit: (message, content) => {
      this.set({});
      void this.focusAfterRender('[part="input"]');
      if (content === message.content) return;
      // An emptied message is deleted, as in the chats people know: after the same confirmation.
      if (content.trim() === '') return this.actions.askDelete(message.id);
      this.source.channel()?.edit(message.id, content).catch(this.refused(message.id, 'editFailed'));
    },
    cancelEdit: () => {
      this.set({});
      void this.focusAfterRender('[part="input"]');
    },
    askDelete: (messageId) =>
      void this.withEditor(() => {
        this.set({ confirming: messageId, errorOf: messageId });
        void this.focusAfterRender('[part="confirm-cancel"]');
      }),
    confirmDelete: (message) => {
      this.set({});
      void this.focusAfterRender('[part="input"]');
      this.source.channel()?.delete(message.id).catch(this.refused(message.id, 'deleteFailed'));
    },
    cancelDelete: () => {
      this.set({});
      void this.focusAfterRender('[part="input"]');
    },
    copyLink: (message) => {
      const link = new URL(`#message-${message.id}`, location.href).href;
      void navigator.clipboard?.writeText(link).then(
        () => this.source.announce(this.source.t('linkCopied')),
        () => {},
      );
    },
  };
}
