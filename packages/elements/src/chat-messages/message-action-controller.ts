import { type ChatChannel, type ChatMessage, type Message, isPending } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import { type MessageActionState, type MessageActions, loadEditor } from './message-actions.js';
import { reactorNames } from './message-reactions.js';
import type { PickerOptions } from './reaction-picker.js';

/** What the controller asks its element. */
export interface MessageActionSource {
  /** The channel the messages belong to. */
  channel(): ChatChannel | undefined;
  /** The signed-in user's id. */
  userId(): string | undefined;
  /** Whether the user may delete others' messages (a moderator or above). */
  moderates(): boolean;
  /** Whether the user may react and reply (a member of the server). */
  canPost(): boolean;
  /** The messages the element shows, in order. */
  messages(): readonly ChatMessage[];
  /** The element's strings. */
  t(key: keyof ChatStrings): string;
  /** Says something to screen readers (a copied link). */
  announce(text: string): void;
}

/**
 * What the user does to the messages of a list from their rows, for an element that shows rows
 * with `renderRow`: edit and delete (which editor or confirmation is open, why a change failed),
 * reactions (the emoji picker, toggling a chip, who reacted), and the message the next send
 * replies to. Focus goes to the editor, the confirmation's Cancel, or back to the composer
 * (`[part="input"]`).
 */
export class MessageActionController {
  private editingId: string | undefined;
  private confirmingId: string | undefined;
  private changeErrors = new Map<string, string>();
  /** The reaction chip whose reactors are shown. */
  private reactorsShown: { messageId: string; emoji: string } | undefined;
  /** Who reacted, by message id, version and emoji: fetched once per version of a message. */
  private reactorCache = new Map<string, string | undefined>();
  /** The message the next send replies to. */
  replyingTo: Message | undefined;

  constructor(
    private readonly host: ReactiveElement & PickerOptions,
    private readonly source: MessageActionSource,
  ) {}

  /** Closes any editor, confirmation, tooltip or reply, as when the list shows other messages. */
  reset(): void {
    this.editingId = this.confirmingId = this.reactorsShown = this.replyingTo = undefined;
    this.changeErrors = new Map();
    this.reactorCache = new Map();
    this.host.requestUpdate();
  }

  /** What the user may do to a message, which of its editor or confirmation is open, and who reacted to it. */
  state(message: Message): MessageActionState {
    const me = this.source.userId();
    const own = me !== undefined && message.author.id === me;
    const shown = this.reactorsShown;
    return {
      canEdit: own,
      canDelete: own || this.source.moderates(),
      editing: this.editingId === message.id,
      confirming: this.confirmingId === message.id,
      error: this.changeErrors.get(message.id),
      canPost: this.source.canPost(),
      reactors: shown?.messageId === message.id ? { emoji: shown.emoji, names: this.reactorsOf(message, shown.emoji) } : undefined,
    };
  }

  /** Opens the editor on the user's last message still standing; says whether there was one. */
  editLast(): boolean {
    const me = this.source.userId();
    const last = this.source
      .messages()
      .findLast((message): message is Message => !isPending(message) && !message.deleted && message.author.id === me);
    if (!last) return false;
    this.actions.startEdit(last.id);
    return true;
  }

  /**
   * Makes the next send a reply to `message` (the toolbar's Reply), or with none no reply (the
   * reply bar's ×, Escape, or the send that took it).
   */
  setReply(message?: Message): void {
    this.replyingTo = message;
    this.host.requestUpdate();
  }

  /** Who reacted to the message with `emoji`, as the tooltip says it; fetched on first ask, undefined until known. */
  private reactorsOf(message: Message, emoji: string): string | undefined {
    const key = `${message.id} ${message.version} ${emoji}`;
    const cache = this.reactorCache;
    if (!cache.has(key)) {
      cache.set(key, undefined);
      this.source
        .channel()
        ?.reactors(message.id, emoji)
        .then(
          (reactors) => {
            cache.set(key, reactorNames(reactors, this.source.userId(), this.source.t));
            this.host.requestUpdate();
          },
          // No tooltip, then: the chip's own label still says how many reacted.
          () => {},
        );
    }
    return cache.get(key);
  }

  /**
   * Opens the emoji picker beside `opener` (its code is fetched on first use); the emoji picked
   * reacts, unless the user has reacted with it already.
   */
  private async openPicker(message: Message, opener: HTMLElement): Promise<void> {
    const { openReactionPicker } = await import('./reaction-picker.js');
    openReactionPicker(this.host.renderRoot as ShadowRoot, opener, { strings: this.host.strings, theme: this.host.theme }, (emoji) => {
      // A pending message's id is `pending:…`: the one found is stored.
      const held = this.source.messages().find((candidate) => candidate.id === message.id) as Message | undefined;
      if (held && !held.reactions?.some((reaction) => reaction.emoji === emoji && reaction.me)) {
        this.actions.toggleReaction?.(held, emoji, true);
      }
    });
  }

  /**
   * Opens the editor on `editing` or the confirmation on `confirming` (and closes the other, or
   * both when neither is given), and says why the last change of `errorOf` failed (`error`), or
   * with no `error` clears it.
   */
  private set(editing?: string, confirming?: string, errorOf?: string, error?: string): void {
    this.editingId = editing;
    this.confirmingId = confirming;
    if (errorOf !== undefined) {
      this.changeErrors = new Map(this.changeErrors);
      if (error === undefined) this.changeErrors.delete(errorOf);
      else this.changeErrors.set(errorOf, error);
    }
    this.host.requestUpdate();
  }

  /** Runs `open` once the inline editor and the delete confirmation are fetched (on the first edit or delete) and styled. */
  private async withEditor(open: () => void): Promise<void> {
    await loadEditor(this.host.renderRoot as ShadowRoot);
    open();
  }

  private async focusAfterRender<T extends HTMLElement>(selector: string): Promise<T | null> {
    await this.host.updateComplete;
    const target = this.host.renderRoot.querySelector<T>(selector);
    target?.focus();
    return target;
  }

  /** Sets (or with no `key`, clears) why the last change of a message failed, leaving any editor or confirmation open. */
  private refusalOf(messageId: string, key?: 'editFailed' | 'deleteFailed' | 'reactFailed') {
    return (error?: unknown) =>
      this.set(
        this.editingId,
        this.confirmingId,
        messageId,
        key && `${this.source.t(key)} ${error instanceof Error ? error.message : String(error)}`,
      );
  }

  /** What the rows call. */
  readonly actions: MessageActions = {
    startEdit: (messageId) =>
      void this.withEditor(() => {
        this.set(messageId, undefined, messageId);
        void this.focusAfterRender<HTMLTextAreaElement>('[part="edit-input"]').then((input) =>
          input?.setSelectionRange(input.value.length, input.value.length),
        );
      }),
    saveEdit: (message, content) => {
      this.set();
      void this.focusAfterRender('[part="input"]');
      if (content === message.content) return;
      // An emptied message is deleted, as in the chats people know: after the same confirmation.
      if (content.trim() === '') return this.actions.askDelete(message.id);
      this.source.channel()?.edit(message.id, content).catch(this.refusalOf(message.id, 'editFailed'));
    },
    cancelEdit: () => {
      this.set();
      void this.focusAfterRender('[part="input"]');
    },
    askDelete: (messageId) =>
      void this.withEditor(() => {
        this.set(undefined, messageId, messageId);
        void this.focusAfterRender('[part="confirm-cancel"]');
      }),
    confirmDelete: (message) => {
      this.set();
      void this.focusAfterRender('[part="input"]');
      this.source.channel()?.delete(message.id).catch(this.refusalOf(message.id, 'deleteFailed'));
    },
    cancelDelete: () => {
      this.set();
      void this.focusAfterRender('[part="input"]');
    },
    pickReaction: (message, opener) => void this.openPicker(message, opener),
    toggleReaction: (message, emoji, add) => {
      this.refusalOf(message.id)();
      this.source.channel()?.[add ? 'react' : 'unreact'](message.id, emoji).catch(this.refusalOf(message.id, 'reactFailed'));
    },
    showReactors: (message, emoji) => {
      this.reactorsShown = emoji === undefined ? undefined : { messageId: message.id, emoji };
      this.host.requestUpdate();
    },
    reply: (message) => {
      this.setReply(message);
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
