/** Detail of `chat-members-close`: the server whose members were shown. */
export interface MembersDetail {
  serverId: string;
}

/**
 * The user closed a members panel (its close button, shown with `closable`); whoever placed the
 * panel removes or hides it.
 *
 * @example
 * members.addEventListener('chat-members-close', () => members.remove());
 */
export class ChatMembersCloseEvent extends CustomEvent<MembersDetail> {
  constructor(detail: MembersDetail) {
    super('chat-members-close', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-members-close': ChatMembersCloseEvent;
  }
}
