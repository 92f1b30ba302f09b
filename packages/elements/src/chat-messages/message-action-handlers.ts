import type { Message } from '@hearth/sdk';
import { type MessageActions, messageActions } from '@hearth/sdk/message-actions';
import { adoptStyles } from '../internal/adopt-styles.js';
import { addStrings } from '../internal/strings.js';
import { ACTION_STRINGS } from './action-strings.js';
import type { ActionHandlers, ActionHost } from './action-host.js';
import { editorCode } from './message-actions.js';
import { reactorNames } from './reactor-names.js';
import reactorStyles from './reactors.styles.js';
import replyBarStyles from './reply-bar.styles.js';

addStrings(ACTION_STRINGS);

/**
 * What the row actions of `controller` do: fetched with the first action the user takes (an edit,
 * a delete, a reaction, a reply, a copied link, a hover over a reaction chip), with the styles of
 * the reactors' tooltip and of the reply bar.
 */
export function actionHandlers(controller: ActionHost): ActionHandlers {
  const { host, source } = controller;
  /** The SDK's actions on the messages of the channel shown, if one is. */
  const actions = (): MessageActions | undefined => {
    const channel = source.channel();
    return channel && messageActions(channel);
  };
  for (const styles of [reactorStyles, replyBarStyles]) adoptStyles(host.renderRoot as ShadowRoot, styles);

  /**
   * Opens the editor on `editing` or the confirmation on `confirming` (and closes the other, or
   * both when neither is given), and says why the last change of `errorOf` failed (`error`), or
   * with no `error` clears it.
   */
  const set = (editing?: string, confirming?: string, errorOf?: string, error?: string): void => {
    controller.editingId = editing;
    controller.confirmingId = confirming;
    if (errorOf !== undefined) {
      controller.changeErrors = new Map(controller.changeErrors);
      if (error === undefined) controller.changeErrors.delete(errorOf);
      else controller.changeErrors.set(errorOf, error);
    }
    host.requestUpdate();
  };

  /** Runs `open` once the inline editor and the delete confirmation are fetched (on the first edit or delete) and styled. */
  const withEditor = async (open: () => void): Promise<void> => {
    adoptStyles(host.renderRoot as ShadowRoot, (await editorCode.load()).editorStyles);
    open();
  };

  const focusAfterRender = async <T extends HTMLElement>(selector: string): Promise<T | null> => {
    await host.updateComplete;
    const target = host.renderRoot.querySelector<T>(selector);
    target?.focus();
    return target;
  };

  /** Sets (or with no `key`, clears) why the last change of a message failed, leaving any editor or confirmation open. */
  const refusalOf =
    (messageId: string, key?: 'editFailed' | 'deleteFailed' | 'reactFailed') =>
    (error?: unknown): void =>
      set(
        controller.editingId,
        controller.confirmingId,
        messageId,
        key && `${source.t(key)} ${error instanceof Error ? error.message : String(error)}`,
      );

  /**
   * Opens the emoji picker beside `opener` (its code is fetched on first use); the emoji picked
   * reacts, unless the user has reacted with it already.
   */
  const openPicker = async (message: Message, opener: HTMLElement): Promise<void> => {
    const { openReactionPicker } = await import('./reaction-picker.js');
    openReactionPicker(host.renderRoot as ShadowRoot, opener, { strings: host.strings, theme: host.theme }, (emoji) => {
      // A pending message's id is `pending:…`: the one found is stored.
      const held = source.messages().find((candidate) => candidate.id === message.id) as Message | undefined;
      if (held && !held.reactions?.some((reaction) => reaction.emoji === emoji && reaction.me)) {
        handlers.toggleReaction(held, emoji, true);
      }
    });
  };

  const handlers: ActionHandlers = {
    reactorsOf: (message, emoji) => {
      const key = `${message.id} ${message.version} ${emoji}`;
      const cache = controller.reactorCache;
      if (!cache.has(key)) {
        cache.set(key, undefined);
        actions()
          ?.reactors(message.id, emoji)
          .then(
            (reactors) => {
              cache.set(key, reactorNames(reactors, source.userId(), source.t));
              host.requestUpdate();
            },
            // No tooltip, then: the chip's own label still says how many reacted.
            () => {},
          );
      }
      return cache.get(key);
    },
    startEdit: (messageId) =>
      void withEditor(() => {
        set(messageId, undefined, messageId);
        void focusAfterRender<HTMLTextAreaElement>('[part="edit-input"]').then((input) =>
          input?.setSelectionRange(input.value.length, input.value.length),
        );
      }),
    saveEdit: (message, content) => {
      set();
      void focusAfterRender('[part="input"]');
      if (content === message.content) return;
      // An emptied message is deleted, as in the chats people know: after the same confirmation.
      if (content.trim() === '') return handlers.askDelete(message.id);
      actions()?.edit(message.id, content).catch(refusalOf(message.id, 'editFailed'));
    },
    cancelEdit: () => {
      set();
      void focusAfterRender('[part="input"]');
    },
    askDelete: (messageId) =>
      void withEditor(() => {
        set(undefined, messageId, messageId);
        void focusAfterRender('[part="confirm-cancel"]');
      }),
    confirmDelete: (message) => {
      set();
      void focusAfterRender('[part="input"]');
      actions()?.delete(message.id).catch(refusalOf(message.id, 'deleteFailed'));
    },
    cancelDelete: () => {
      set();
      void focusAfterRender('[part="input"]');
    },
    pickReaction: (message, opener) => void openPicker(message, opener),
    toggleReaction: (message, emoji, add) => {
      refusalOf(message.id)();
      actions()?.[add ? 'react' : 'unreact'](message.id, emoji).catch(refusalOf(message.id, 'reactFailed'));
    },
    showReactors: (message, emoji) => {
      controller.reactorsShown = emoji === undefined ? undefined : { messageId: message.id, emoji };
      host.requestUpdate();
    },
    reply: (message) => {
      controller.setReply(message);
      void focusAfterRender('[part="input"]');
    },
    copyLink: (message) => {
      const link = new URL(`#message-${message.id}`, location.href).href;
      void navigator.clipboard?.writeText(link).then(
        () => source.announce(source.t('linkCopied')),
        () => {},
      );
    },
  };
  return handlers;
}
