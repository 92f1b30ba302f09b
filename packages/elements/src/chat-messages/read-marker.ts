import { type ChatChannel, type ChatMessage, type ReadState, type StoredMessage, isPending } from '@hearth/sdk';
import type { ReadStates } from '@hearth/sdk/read-states';
import type { ReactiveController, ReactiveElement } from 'lit';
import { StoreController } from '../internal/store-controller.js';

/** Where the user stood in a channel when it opened: read up to `lastReadSeq`, `unread` messages after it. */
export interface OpenedAt {
  lastReadSeq: number;
  unread: number;
}

/** What the marker needs to know of the list it watches. */
export interface ReadView {
  /** The channel shown. */
  channel(): ChatChannel | undefined;
  /** The signed-in user's id. */
  userId(): string | undefined;
  /** Whether the newest message is on screen: the list is at its end and holds the channel's newest page. */
  atNewest(): boolean;
}

/**
 * The read position of the channel a `<chat-messages>` shows: where the user stood when it opened
 * (for the "New" divider and the jump to the first unread message, which stay until another
 * channel opens), and the marking of the channel read, only while the page is visible and the
 * newest message is on screen: when the channel opens so, when new messages arrive so, and when
 * the page becomes visible again. Never while the reader is scrolled up.
 */
export class ReadMarker implements ReactiveController {
  private readonly readState: StoreController<ReadState | undefined>;
  private opened: OpenedAt | undefined;
  private reads: ReadStates | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly view: ReadView,
  ) {
    host.addController(this);
    this.readState = new StoreController<ReadState | undefined>(host, undefined);
  }

  /** Where the user stood when the channel opened; undefined until the read state is known. */
  get openedAt(): OpenedAt | undefined {
    return this.opened;
  }

  /** Starts over for the channel shown now, whose read state `reads` holds. */
  reset(channel: ChatChannel | undefined, reads: ReadStates | undefined): void {
    this.opened = undefined;
    this.reads = reads;
    this.readState.setStore(channel && reads?.$channel(channel.id));
  }

  /**
   * The first message the user had not read when the channel opened: someone else's, in the main
   * line, after the read position. Undefined when there is none, or the window held (`messages`,
   * with older ones still to load when `hasOlder`) does not reach back to it.
   */
  firstUnread(messages: readonly ChatMessage[], hasOlder: boolean): StoredMessage | undefined {
    const opened = this.opened;
    if (!opened || opened.unread === 0) return undefined;
    const stored = messages.filter((message): message is StoredMessage => !isPending(message));
    const oldest = stored[0];
    // A window that starts after the read position may have the first unread message out of it.
    if (hasOlder && (!oldest || oldest.seq > opened.lastReadSeq + 1)) return undefined;
    const me = this.view.userId();
    return stored.find((message) => message.seq > opened.lastReadSeq && message.author.id !== me && !message.threadId);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  hostUpdate(): void {
    // The read state may arrive after the channel opened (the socket's `ready`): the first one known counts.
    const state = this.readState.value;
    if (!this.opened && state) this.opened = { lastReadSeq: state.lastReadSeq, unread: state.unread };
  }

  hostUpdated(): void {
    this.markIfSeen();
  }

  /** Marks the channel read if the newest message is on screen in a visible page and is past the read position. */
  private markIfSeen(): void {
    const channel = this.view.channel();
    const state = this.readState.value;
    if (!channel || !state || document.visibilityState !== 'visible' || !this.view.atNewest()) return;
    const newest = channel.$messages.get().findLast((message): message is StoredMessage => !isPending(message));
    if (newest && newest.seq > state.lastReadSeq) void this.reads?.markRead(channel.id, newest.seq);
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.host.requestUpdate();
  };
}
