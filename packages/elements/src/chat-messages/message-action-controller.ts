import { type Message, isPending } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import { ACTION_NAMES, type ActionHandlers, type ActionHost, type MessageActionSource } from './action-host.js';
import type { MessageActionState } from './message-actions.js';
import type { PickerOptions } from './reaction-picker.js';

/**
 * What the user does to the messages of a list from their rows, for an element that shows rows
 * with `renderRow`: edit and delete (which editor or confirmation is open, why a change failed),
 * reactions (the emoji picker, toggling a chip, who reacted), and the message the next send
 * replies to. Focus goes to the editor, the confirmation's Cancel, or back to the composer
 * (`[part="input"]`).
 *
 * Only what a row shows lives here; what the actions do is fetched on the first one the user takes
 * (`message-action-handlers.ts`), as most visits read without editing or reacting.
 */
export class MessageActionController implements ActionHost {
  /** The message whose inline editor is open. */
  editingId: string | undefined;
  /** The message whose delete confirmation is open. */
  confirmingId: string | undefined;
  /** Why the last change of a message failed, by its id. */
  changeErrors = new Map<string, string>();
  /** The reaction chip whose reactors are shown. */
  reactorsShown: { messageId: string; emoji: string } | undefined;
  /** Who reacted, by message id, version and emoji: fetched once per version of a message. */
  reactorCache = new Map<string, string | undefined>();
  /** The message the next send replies to. */
  replyingTo: Message | undefined;
  private handlers: ActionHandlers | undefined;

  constructor(
    readonly host: ReactiveElement & PickerOptions,
    readonly source: MessageActionSource,
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
      reactors:
        shown?.messageId === message.id ? { emoji: shown.emoji, names: this.handlers?.reactorsOf(message, shown.emoji) } : undefined,
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

  /** Runs the action `name`, at once when its code is here, else once it is fetched. */
  private run(name: (typeof ACTION_NAMES)[number], args: unknown[]): void {
    const call = (handlers: ActionHandlers) => (handlers[name] as (...values: unknown[]) => void)(...args);
    if (this.handlers) return call(this.handlers);
    void import('./message-action-handlers.js').then(({ actionHandlers }) => call((this.handlers ??= actionHandlers(this))));
  }

  /** What the rows call. */
  readonly actions = Object.fromEntries(
    ACTION_NAMES.map((name) => [name, (...args: unknown[]) => this.run(name, args)]),
  ) as unknown as ActionHandlers;
}
