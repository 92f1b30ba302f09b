import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import type { ChannelStatus, ChatChannel, ChatMessage, ChatThread as Thread, Server, StoredMessage } from '@hearth/sdk';
import { type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import stylesOfMessages from '../chat-messages/chat-messages.styles.js';
import { renderComposer } from '../chat-messages/composer.js';
import { DraftLength } from '../chat-messages/draft-length.js';
import { LazyAttachments } from '../chat-messages/lazy-attachments.js';
import { MessageActionController } from '../chat-messages/message-action-controller.js';
import type { MessageActions } from '../chat-messages/message-actions.js';
import { type RowContext, renderRow } from '../chat-messages/message-row.js';
import { type Row, toRows } from '../chat-messages/message-rows.js';
import { MessageWindow } from '../chat-messages/message-window.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { LazyMentions } from '../internal/lazy-mentions.js';
import { avatarStyles } from '../internal/avatar.styles.js';
import { can } from '@hearth/sdk/protocol';
import { threadOf } from '@hearth/sdk/threads';
import { typingIn } from '@hearth/sdk/typing';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { format, addStrings } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { sharedNames } from '../internal/user-tag.js';
import styles from './chat-thread.styles.js';
import { ChatThreadCloseEvent } from './thread-events.js';

// This code brings the defaults of the strings it shows.
addStrings(DEFERRED_STRINGS);

const IDLE_STATUS: ChannelStatus = { state: 'idle', hasOlder: false, hasNewer: false };
/** The keys of the rows above the replies: the root message, and the divider with the reply count. */
const ROOT_KEY = 'thread-root';
const DIVIDER_KEY = 'thread-divider';

/**
 * One thread: the root message, the replies in it (live), and a composer that replies in the
 * thread. Opens at the newest reply and follows new ones while the reader is at the bottom;
 * scrolling to the top loads older replies. The close button and Escape fire `chat-thread-close`;
 * the element that placed the panel removes it.
 *
 * `<chat-app>` opens one beside the messages when a thread is asked for. A page that shows
 * `<chat-messages>` on its own listens to its `chat-thread-open` event (`detail: { channelId,
 * rootId }`) and places a `<chat-thread>` with that channel, root and its `server-id`.
 *
 * Rows look and act as in `<chat-messages>` (the same parts and the same toolbar, but Thread: every
 * row here is the root or a reply in it). React opens the emoji picker, a click on a reaction chip
 * toggles the user's own, and hovering or focusing one says who reacted. Reply shows "Replying to
 * NAME" above the composer (× or Escape cancels) and the reply goes into the thread, quoting the
 * message it answers; a click on the quote scrolls to it. Edit and Delete work as in the channel,
 * and `@` in the composer suggests the server's members.
 *
 * @tag chat-thread
 * @summary A thread's root message, its replies and a composer.
 *
 * @fires {ChatThreadCloseEvent} chat-thread-close - The user closed the panel (its close button or Escape). `detail: { channelId: string; rootId: string }`.
 *
 * @csspart header - "Thread", the channel's name and the close button.
 * @csspart close - The button that closes the panel.
 * @csspart list - The scrolling list of the root and the replies.
 * @csspart root - The thread's root message.
 * @csspart replies-divider - The reply count between the root and the replies.
 * @csspart day - A day separator.
 * @csspart message - One message row; also `message pending`, `message failed`, and `message mentions-me` when it mentions the user.
 * @csspart avatar - An author's picture, or their initials on a colour picked by their id.
 * @csspart author - An author's name; their tag (`#1234`, from their id) is its tooltip.
 * @csspart user-tag - An author's tag after their name, where another author in the list has the same name.
 * @csspart time - A message's time.
 * @csspart content - A message's text.
 * @csspart reply-quote - Above a reply: the author and start of the message it answers (a button that shows it), or "Original message deleted".
 * @csspart reactions - A message's reaction chips.
 * @csspart reaction - One reaction chip, its emoji and count; `reaction mine` when the user reacted with it.
 * @csspart add-reaction - The chip after the reactions that opens the emoji picker.
 * @csspart reactors - Who reacted with an emoji, over its chip on hover and keyboard focus.
 * @csspart reaction-picker - The popover that holds the emoji picker.
 * @csspart attachments - A message's files, under its text.
 * @csspart image - An image file of a message (a button that opens it full size).
 * @csspart file - A file of a message that is not an image: its badge, name, size and download link.
 * @csspart file-name - A file's name.
 * @csspart download - A file's download link.
 * @csspart edited - "(edited)" after an edited message; the edit's time on hover.
 * @csspart tombstone - "Message deleted", in place of a deleted message's text.
 * @csspart toolbar - A message's actions, shown on hover and keyboard focus.
 * @csspart action - A button of the toolbar (React, Reply, Edit, Copy link; Delete is `action danger`).
 * @csspart editor - The inline editor of a message.
 * @csspart edit-input - The inline editor's text area.
 * @csspart confirm - "Delete this message?" with its buttons, within the row.
 * @csspart confirm-delete - The button that confirms a delete.
 * @csspart confirm-cancel - The button that keeps the message.
 * @csspart new-messages - The button that scrolls to new replies.
 * @csspart status - The loading or error message (closing and opening the thread loads it again).
 * @csspart composer - The reply form.
 * @csspart input - The reply's text area.
 * @csspart send - The send button.
 * @csspart attach - The composer's button that picks files to send.
 * @csspart tray - The files the next reply carries, above the composer.
 * @csspart upload - One file in the tray; also `upload uploading`, `upload done` or `upload refused`.
 * @csspart upload-progress - A file's upload progress.
 * @csspart cancel-upload - The button that stops a file's upload.
 * @csspart remove-file - The button that takes an uploaded file out of the tray.
 * @csspart dismiss-upload - The button that dismisses a refused file.
 * @csspart drop-zone - "Drop files to send them in #channel", over the list while files are dragged over it.
 * @csspart reply-bar - "Replying to NAME" above the composer.
 * @csspart cancel-reply - The reply bar's button that makes the reply a plain reply in the thread.
 * @csspart mentions - The list of members suggested after `@`.
 * @csspart mention-option - One member in that list.
 *
 * @cssprop --chat-bg - Background.
 * @cssprop --chat-bg-alt - Background of the composer.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour (times, the divider).
 * @cssprop --chat-accent - Accent colour (buttons, focus).
 * @cssprop --chat-accent-fg - Text on the accent colour.
 * @cssprop --chat-border - Colour of the panel's edges and separators.
 * @cssprop --chat-hover - Background of a hovered message.
 * @cssprop --chat-radius - Corner radius.
 * @cssprop --chat-font - Font family.
 */
export class ChatThread extends ChatElement {
  static override styles = [themeStyles, avatarStyles, stylesOfMessages, styles];

  /** The server of the channel: its name for the header, whether the user may post, and the members to mention. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The channel of the thread. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  /** The thread's root message. */
  @property({ attribute: 'root-id', reflect: true }) accessor rootId: string | undefined;

  private readonly serverStore = new AsyncStoreController<Server>(this);
  private readonly memberships = new AsyncStoreController<readonly string[]>(this);
  private readonly root = new StoreController<StoredMessage | undefined>(this, undefined);
  private readonly replies = new StoreController<readonly ChatMessage[]>(this, []);
  private readonly status = new StoreController<ChannelStatus>(this, IDLE_STATUS);
  private readonly list = new MessageWindow(this, () => this.thread);
  private readonly mentions = new LazyMentions(this, () => ({ chat: this.chat, serverId: this.serverId }), 'thread-mentions');
  private readonly rowChanges = new MessageActionController(this, {
    channel: () => this.channel,
    userId: () => this.chat?.$user.get()?.id,
    moderates: () => can(this.chat?.$roles.get()[this.serverId ?? '']?.role, 'deleteOthersMessages'),
    canPost: () => (this.serverId ? this.member === true : true),
    messages: () => {
      const root = this.root.value;
      return root ? [root, ...this.replies.value] : this.replies.value;
    },
    t: (key) => this.t(key),
    announce: (text) => (this.announcement = text),
  });
  private readonly draft = new DraftLength(this);
  private readonly attachments = new LazyAttachments(this, () => ({
    chat: this.chat,
    channelId: this.channelId,
    channelName: this.serverStore.value.value?.channels.find((candidate) => candidate.id === this.channelId)?.name ?? '',
    canAttach: this.serverId ? this.member === true : true,
    t: (key) => this.t(key),
  }));
  @state() private accessor announcement = '';
  private channel: ChatChannel | undefined;
  private thread: Thread | undefined;
  private lastReplyId: string | undefined;

  constructor() {
    super();
    this.addEventListener('keydown', (event) => {
      // An editor, a confirmation or the mention list closes first, and says so by stopping the key.
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      this.close();
    });
  }

  /** Moves the focus to the reply field (where a keyboard user wants it when the thread opens). */
  override focus(options?: FocusOptions): void {
    const input = this.renderRoot.querySelector<HTMLElement>('[part="input"]');
    if (input) input.focus(options);
    else super.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const chat = this.chat;
    this.serverStore.setStore(chat && this.serverId ? chat.servers.$get(this.serverId) : undefined);
    this.memberships.setStore(chat?.$memberships);
    const channel = chat && this.channelId ? chat.channel(this.channelId) : undefined;
    const thread = channel && this.rootId ? threadOf(channel, this.rootId) : undefined;
    this.channel = channel;
    if (thread !== this.thread) {
      this.thread = thread;
      this.root.setStore(thread?.$root);
      this.replies.setStore(thread?.$messages);
      this.status.setStore(thread?.$status);
      this.list.reset();
      this.rowChanges.reset();
      this.lastReplyId = undefined;
    }
    if (changed.has('serverId')) this.mentions.autocomplete?.close();
    this.announceArrivals();
  }

  protected override render() {
    const channelName = this.serverStore.value.value?.channels.find((candidate) => candidate.id === this.channelId)?.name ?? '';
    const root = this.root.value;
    const replies = this.replies.value;
    const status = this.status.value;
    const t = this.t.bind(this);
    const context: RowContext = {
      chat: this.chat,
      channel: this.channel,
      channelName,
      t,
      actions: this.rowActions,
      actionState: (message) => this.rowChanges.state(message),
      sharedNames: sharedNames([root, ...replies].map((message) => message?.author)),
    };
    const rows: Row[] = root
      ? [
          { kind: 'message', key: ROOT_KEY, message: root, grouped: false },
          { kind: 'day', key: DIVIDER_KEY, at: root.createdAt },
        ]
      : [];
    rows.push(...toRows(replies));
    const count = root?.thread?.replyCount ?? replies.length;
    const renderThreadRow = (row: Row) => {
      if (row.key === DIVIDER_KEY) {
        return html`<div part="replies-divider" class="day replies-divider" role="separator" data-key=${row.key}>
          <span>${count === 1 ? t('oneReply') : format(t('replies'), { count })}</span>
        </div>`;
      }
      if (row.key === ROOT_KEY) return html`<div part="root" class="root" data-key=${row.key}>${renderRow(row, context)}</div>`;
      return renderRow(row, context);
    };
    const member = this.serverId ? this.member : true;
    const label = channelName ? format(t('threadIn'), { channel: channelName }) : t('thread');
    return html`<section class="thread" aria-label=${label}>
      <header part="header" role="none">
        <h2>${t('thread')}</h2>
        ${channelName ? html`<span class="channel"><span aria-hidden="true">#</span>${channelName}</span>` : nothing}
        <button part="close" class="close" type="button" aria-label=${t('closeThread')} title=${t('closeThread')} @click=${this.close}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div class="body">
        ${
          status.state === 'error'
            ? html`<p part="status" class="status error" role="alert">${t('loadFailed')}</p>`
            : !root
              ? this.signedOut
                ? this.renderSignedOut()
                : html`<p part="status" class="status" role="status">${t('loading')}</p>`
              : nothing
        }
        ${this.list.render(rows, renderThreadRow, t('threadReplies'))}
        ${this.list.renderNewMessages({ newMessages: t('newMessages'), jumpToPresent: t('jumpToPresent') })}
        ${this.attachments.composer?.renderDropZone()}
      </div>
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
      ${renderComposer(
        {
          member,
          label: t('replyInThread'),
          t,
          mentions: this.mentions,
          attachments: this.attachments,
          replyingTo: this.rowChanges.replyingTo?.author.name,
          draft: this.draft,
        },
        {
          send: (content) => this.send(content),
          typing: () => this.channel && typingIn(this.channel).typing(),
          join: () => void this.chat?.$memberships.join(this.serverId ?? '').catch(() => {}),
          editLast: () => this.rowChanges.editLast(),
          cancelReply: () => this.rowChanges.setReply(),
        },
      )}
    </section>`;
  }

  /** Whether the user belongs to the server; undefined until the memberships are known. */
  private get member(): boolean | undefined {
    const joined = this.memberships.value.value;
    return joined && this.serverId ? joined.includes(this.serverId) : undefined;
  }

  /** Says the replies of others that arrived since the last render, and counts them while scrolled up. */
  private announceArrivals(): void {
    const replies = this.replies.value;
    const newest = replies.at(-1);
    // The replies present when the thread opens are not news.
    if (this.lastReplyId === undefined) {
      if (this.status.value.state === 'ready') this.lastReplyId = newest?.id ?? '';
      return;
    }
    if (!newest || newest.id === this.lastReplyId) return;
    const previous = replies.findIndex((message) => message.id === this.lastReplyId);
    this.lastReplyId = newest.id;
    const me = this.chat?.$user.get()?.id;
    const fromOthers = replies.slice(previous + 1).filter((message) => message.author && message.author.id !== me);
    const last = fromOthers.at(-1);
    if (!last?.author) return;
    this.announcement = format(this.t('newReplyFrom'), { name: last.author.name, content: last.content.slice(0, 140) });
    this.list.noteArrived(fromOthers.length);
  }

  /**
   * What the rows call: the actions of `<chat-messages>` but Thread (every row here is the root
   * or a reply in it), and a quote's jump to the message it quotes when the thread holds it.
   */
  private readonly rowActions: MessageActions = {
    ...this.rowChanges.actions,
    showQuoted: (quote) => void this.list.reveal(quote.id === this.rootId ? ROOT_KEY : quote.id),
  };

  /**
   * Sends what the composer holds into the thread, as a reply to a message of it when one is being
   * written, with the files of its tray (not while one still uploads).
   */
  private send(content: string): boolean {
    const tray = this.attachments.composer;
    if (!this.thread || tray?.busy) return false;
    this.list.follow();
    const replyTo = this.rowChanges.replyingTo?.id;
    this.rowChanges.setReply();
    const files = tray?.take() ?? [];
    const options = files.length ? { replyTo, attachments: files } : replyTo ? { replyTo } : undefined;
    // A failed reply stays in the list with Retry; the rejection needs no other handling here.
    this.thread.send(content, options).catch(() => {});
    return true;
  }

  private close = () => {
    if (!this.channelId || !this.rootId) return;
    this.dispatchEvent(new ChatThreadCloseEvent({ channelId: this.channelId, rootId: this.rootId }));
  };
}

defineElement('chat-thread', ChatThread);

declare global {
  interface HTMLElementTagNameMap {
    'chat-thread': ChatThread;
  }
}
