import type { ChatChannel, ChatMessage, Message } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import type { MessageActions } from './message-actions.js';
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

/** The names of the row actions the controller answers; their code is fetched on the first one used. */
export const ACTION_NAMES = [
  'startEdit',
  'saveEdit',
  'cancelEdit',
  'askDelete',
  'confirmDelete',
  'cancelDelete',
  'pickReaction',
  'toggleReaction',
  'showReactors',
  'reply',
  'copyLink',
] as const;

/** The row actions' code, once fetched, with who reacted as the tooltip says it. */
export type ActionHandlers = Required<Pick<MessageActions, (typeof ACTION_NAMES)[number]>> & {
  /** Who reacted to the message with `emoji`; fetched on first ask, undefined until known. */
  reactorsOf(message: Message, emoji: string): string | undefined;
};

/**
 * What the row actions' code (`message-action-handlers.ts`, fetched on the first action) reads and
 * changes of the state a row shows; `MessageActionController` holds it.
 */
export interface ActionHost {
  /** The element the rows are in. */
  readonly host: ReactiveElement & PickerOptions;
  /** What the element tells of its messages and its user. */
  readonly source: MessageActionSource;
  /** The message whose inline editor is open. */
  editingId: string | undefined;
  /** The message whose delete confirmation is open. */
  confirmingId: string | undefined;
  /** Why the last change of a message failed, by its id. */
  changeErrors: Map<string, string>;
  /** The reaction chip whose reactors are shown. */
  reactorsShown: { messageId: string; emoji: string } | undefined;
  /** Who reacted, by message id, version and emoji. */
  reactorCache: Map<string, string | undefined>;
  /** Makes the next send a reply to `message`, or with none no reply. */
  setReply(message?: Message): void;
}
