import {
  type ChannelStatus,
  ChatApiError,
  type ChatChannel,
  type ChatMessage,
  ChatSocketError,
  type ConnectionState,
  type Membership,
  type Message,
  type Server,
  type StoredMessage,
  type User,
  isPending,
} from '@hearth/sdk';
import { readStatesOf } from '@hearth/sdk/read-states';
import { typingIn } from '@hearth/sdk/typing';
import { type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatNotFoundEvent, ChatThreadOpenEvent } from '../events.js';
import { adoptStyles } from '../internal/adopt-styles.js';
import { avatarStyles } from '../internal/avatar.styles.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { LazyMentions } from '../internal/lazy-mentions.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { format } from '../internal/strings.js';
import { formatTime } from '../internal/time-format.js';
import { themeStyles } from '../internal/theme.styles.js';
import { sharedNames } from '../internal/user-tag.js';
import styles from './chat-messages.styles.js';
import { renderComposer } from './composer.js';
import { DraftLength } from './draft-length.js';
import { LazyAttachments } from './lazy-attachments.js';
import type { ComposerLimits } from './composer-limits.js';
import { MessageActionController } from './message-action-controller.js';
import type { MessageActions } from './message-actions.js';
import { renderRow } from './message-row.js';
import { UNREAD_KEY, toRows, withUnreadDivider } from './message-rows.js';
import { MessageWindow } from './message-window.js';
import { ReadMarker } from './read-marker.js';
import threadSummaryStyles from './thread-summary.styles.js';

const IDLE_STATUS: ChannelStatus = { state: 'idle', hasOlder: false, hasNewer: false };

/**
 * A channel's conversation: header, history (only the visible rows are in the DOM, so long
 * channels stay fast), a composer, and the live state around them (connection, typing, pending
 * and failed sends). Without `channel-id` it shows the server's landing view, "Welcome to …".
 *
 * Scrolls with the newest message unless the reader scrolled up; then a "New messages" button
 * appears instead. Scrolling to the top loads older history. Enter sends, Shift+Enter starts a new
 * line. Message text is always shown as text, with a Markdown subset built into elements (never
 * parsed as HTML): `**bold**`, `*italic*`, `~~strike~~`, `` `code` ``, fenced code blocks, `> `
 * quotes, and links to http(s) and mailto addresses only.
 *
 * Each message has a toolbar on hover or keyboard focus: Edit and Delete on the user's own
 * messages (Delete on any as a moderator, an admin or the owner), Copy link on all. Edit opens an inline editor
 * (Enter saves, Shift+Enter starts a new line, Escape cancels), as does Up in the empty composer
 * for the user's last message; Delete asks within the row first. A deleted message shows as
 * "Message deleted", or not at all with `hide-deleted`.
 *
 * Members also find React and Reply in the toolbar, and every message of the main line Thread
 * (which fires `chat-thread-open`). React opens an emoji picker (loaded on first use); reactions
 * show as chips under the text, a click on one toggles the user's own, and hovering or focusing
 * one says who reacted. Reply shows "Replying to NAME" above the composer (× or Escape cancels);
 * the reply quotes the original above its text, and a click on the quote scrolls to the original,
 * loading the history around it if needed. `<@USER_ID>` mentions show as `@Name`, and messages
 * that mention the user are highlighted.
 *
 * A channel opened with messages the user had not read shows a "New" divider above the first of
 * them (others' messages after the read position when it opened), and while that divider is out
 * of view a bar at the top, "N new messages since HH:MM — Jump", that scrolls to it (loading the
 * history there if needed). The channel is marked read only while the page is visible and the
 * newest message is on screen: when it opens so, as new messages arrive so, and when the page
 * comes back into view; never while the reader is scrolled up.
 *
 * @slot header-actions - Buttons at the end of the channel's header (`<chat-app>` puts its Members button there).
 * @slot signed-out - The page's own sign-in prompt, shown under "Sign in to chat." while the user is signed out (no client, or its token refused).
 *
 * @tag chat-messages
 * @summary The messages of one channel, and a composer.
 *
 * @fires {ChatNotFoundEvent} chat-not-found - The server or channel does not exist; the element falls back to the landing view. `detail: { kind: 'server' | 'channel'; id: string }`.
 * @fires {ChatThreadOpenEvent} chat-thread-open - The user asked to open a message's thread (its Thread button, or the reply count under a thread's root). `detail: { channelId: string; rootId: string }`.
 *
 * @csspart signed-out - "Sign in to chat." and the `signed-out` slot, in place of the channel while the user is signed out.
 * @csspart header - The channel's name and topic.
 * @csspart presence - How many have the channel open now (their names on hover).
 * @csspart landing - The server's landing view (no channel open).
 * @csspart list - The scrolling list of messages.
 * @csspart beginning - "This is the beginning of #channel", above the oldest message.
 * @csspart day - A day separator.
 * @csspart message - One message row; also `message pending`, `message failed`, and `message mentions-me` when it mentions the user.
 * @csspart avatar - An author's picture, or their initials on a colour picked by their id.
 * @csspart author - An author's name; their tag (`#1234`, from their id) is its tooltip.
 * @csspart user-tag - An author's tag after their name, where another author in the list has the same name.
 * @csspart time - A message's time.
 * @csspart content - A message's text.
 * @csspart code - Inline code in a message.
 * @csspart code-block - A fenced code block in a message (`data-lang` holds its language, if given).
 * @csspart quote - A block quote in a message.
 * @csspart mention - A mention in a message, `@Name`; `mention mention-me` when it is the user.
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
 * @csspart action - A button of the toolbar (React, Reply, Thread, Edit, Copy link; Delete is `action danger`).
 * @csspart editor - The inline editor of a message.
 * @csspart edit-input - The inline editor's text area.
 * @csspart confirm - "Delete this message?" with its buttons, within the row.
 * @csspart confirm-delete - The button that confirms a delete.
 * @csspart confirm-cancel - The button that keeps the message.
 * @csspart new-messages - The button that scrolls to new messages.
 * @csspart unread-divider - The "New" divider above the first message the user had not read.
 * @csspart unread-bar - The bar "N new messages since HH:MM — Jump" at the top of the list.
 * @csspart banner - The connection banner.
 * @csspart reconnect - The banner's "Reconnect now" button.
 * @csspart typing - The typing indicator.
 * @csspart composer - The message form.
 * @csspart input - The message text area.
 * @csspart send - The send button.
 * @csspart attach - The composer's button that picks files to send.
 * @csspart tray - The files the next message carries, above the composer.
 * @csspart upload - One file in the tray; also `upload uploading`, `upload done` or `upload refused`.
 * @csspart upload-progress - A file's upload progress.
 * @csspart cancel-upload - The button that stops a file's upload.
 * @csspart remove-file - The button that takes an uploaded file out of the tray.
 * @csspart dismiss-upload - The button that dismisses a refused file.
 * @csspart drop-zone - "Drop files to send them in #channel", over the list while files are dragged over it.
 * @csspart reply-bar - "Replying to NAME" above the composer.
 * @csspart cancel-reply - The reply bar's button that makes the message no reply.
 * @csspart join - The join button shown to non-members.
 * @csspart status - The landing view's loading or error message.
 * @csspart retry - The button that fetches the server (or the memberships) again after an error.
 *
 * @cssprop --chat-bg - Background.
 * @cssprop --chat-bg-alt - Background of the composer and banners.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour (times, typing).
 * @cssprop --chat-accent - Accent colour (buttons, focus).
 * @cssprop --chat-accent-fg - Text on the accent colour.
 * @cssprop --chat-link - Link colour.
 * @cssprop --chat-danger - Colour of failed sends.
 * @cssprop --chat-online - Colour of the dot before the presence count.
 * @cssprop --chat-badge-bg - Colour of the "New" divider (and of mention counts elsewhere).
 * @cssprop --chat-badge-fg - Text on the badge colour.
 * @cssprop --chat-hover - Background of a hovered message.
 * @cssprop --chat-radius - Corner radius.
 * @cssprop --chat-font - Font family.
 * @cssprop --chat-font-mono - Font family of code.
 * @cssprop --chat-quote-bar - Colour of the bar beside a block quote.
 * @cssprop --chat-mention - Background of a row that mentions the user, and of the user's own mention chip.
 * @cssprop --chat-mention-bar - Colour of the bar beside a row that mentions the user.
 * @cssprop --chat-avatar-1 - Avatar colour 1 of 8 (red by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-2 - Avatar colour 2 of 8 (pink by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-3 - Avatar colour 3 of 8 (purple by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-4 - Avatar colour 4 of 8 (indigo by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-5 - Avatar colour 5 of 8 (blue by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-6 - Avatar colour 6 of 8 (teal by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-7 - Avatar colour 7 of 8 (green by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-8 - Avatar colour 8 of 8 (orange by default); each author without a picture gets one, picked by their id.
 * @cssprop --chat-avatar-fg - Colour of the initials on an avatar.
 */
export class ChatMessages extends ChatElement {
  static override styles = [themeStyles, avatarStyles, styles, threadSummaryStyles];

  /** The server the channel belongs to (also what the landing view shows). */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The channel to show; none shows the server's landing view. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  /** Leaves deleted messages out instead of showing "Message deleted" in their place. */
  @property({ type: Boolean, attribute: 'hide-deleted' }) accessor hideDeleted = false;

  // The landing view and the Join button watch the SDK's stores of the server and the memberships.
  private readonly serverStore = new AsyncStoreController<Server>(this);
  private readonly memberships = new AsyncStoreController<readonly string[]>(this);
  @state() private accessor joinError: Error | undefined;
  @state() private accessor announcement = '';
  /** Edit, delete, reactions and the reply the next send makes, shared with `<chat-thread>`. */
  private readonly rowChanges = new MessageActionController(this, {
    channel: () => this.channel,
    userId: () => this.chat?.$user.get()?.id,
    moderates: () => (this.membership?.role ?? 'member') !== 'member',
    canPost: () => this.member === true,
    messages: () => this.messages.value,
    t: (key) => this.t(key),
    announce: (text) => (this.announcement = text),
  });

  private readonly messages = new StoreController<readonly ChatMessage[]>(this, []);
  private readonly status = new StoreController<ChannelStatus>(this, IDLE_STATUS);
  private readonly typists = new StoreController<readonly User[]>(this, []);
  private readonly present = new StoreController<readonly User[]>(this, []);
  private readonly presentCount = new StoreController<number>(this, 0);
  private readonly connection = new StoreController<ConnectionState>(this, 'closed');
  private readonly list = new MessageWindow(this, () => this.channel);
  private readonly readMarker = new ReadMarker(this, {
    channel: () => this.channel,
    userId: () => this.chat?.$user.get()?.id,
    atNewest: () => this.list.following && !this.status.value.hasNewer,
  });
  /** Whether the "New" divider was seen (or jumped to) since the channel opened: its bar then goes. */
  @state() private accessor unreadSeen = false;
  private readonly mentions = new LazyMentions(this, () => ({ chat: this.chat, serverId: this.serverId }));
  private readonly attachments = new LazyAttachments(this, () => ({
    chat: this.chat,
    channelId: this.channelId,
    channelName: this.server?.channels.find((candidate) => candidate.id === this.channelId)?.name ?? '',
    canAttach: this.member === true && !this.limits?.state().locked,
    t: (key) => this.t(key),
  }));
  private readonly draft = new DraftLength(this);
  private readonly roles = new StoreController<Readonly<Record<string, Membership>>>(this, {});
  /** Slow mode, a time-out, the end of access: fetched when the channel first needs them. */
  private limits: ComposerLimits | undefined;
  private channel: ChatChannel | undefined;
  private reportedMissingServer: string | undefined;
  private lastNewestId: string | undefined;
  private reportedMissing: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const chat = this.chat;
    this.serverStore.setStore(chat && this.serverId ? chat.servers.$get(this.serverId) : undefined);
    this.memberships.setStore(chat?.$memberships);
    if (changed.has('serverId')) {
      this.joinError = undefined;
      this.reportedMissingServer = undefined;
    }
    this.checkServer();
    const channel = chat && this.channelId ? chat.channel(this.channelId) : undefined;
    if (channel !== this.channel) {
      this.channel = channel;
      this.messages.setStore(channel?.$messages);
      this.status.setStore(channel?.$status);
      this.typists.setStore(channel && typingIn(channel).$typists);
      this.present.setStore(channel?.$present);
      this.presentCount.setStore(channel?.$presentCount);
      this.list.reset();
      this.readMarker.reset(channel, this.chat && readStatesOf(this.chat));
      this.unreadSeen = false;
      this.lastNewestId = undefined;
      this.rowChanges.reset();
    }
    this.connection.setStore(chat?.$connection);
    this.roles.setStore(chat?.$roles);
    const slowMode = this.server?.channels.find((candidate) => candidate.id === this.channelId)?.slowModeSeconds;
    if (!this.limits && (slowMode || this.membership?.mutedUntil || this.status.value.error)) {
      void import('./composer-limits.js').then(({ ComposerLimits }) => {
        this.limits ??= new ComposerLimits(this, () => this.chat);
        this.requestUpdate();
      });
    }
    if (changed.has('channelId')) this.reportedMissing = undefined;
    this.checkChannel();
    this.trackNewest();
  }

  protected override render() {
    if (this.signedOut) return this.renderSignedOut();
    if (!this.channelId) return this.renderLanding();
    const channel = this.server?.channels.find((candidate) => candidate.id === this.channelId);
    const status = this.status.value;
    const shown = this.hideDeleted ? this.messages.value.filter((message) => !message.deleted) : this.messages.value;
    const firstUnread = this.readMarker.firstUnread(shown, status.hasOlder);
    const rows = withUnreadDivider(toRows(shown, status.state === 'ready' && !status.hasOlder), firstUnread?.id);
    const channelName = channel?.name ?? '';
    const t = this.t.bind(this);
    const rowContext = {
      chat: this.chat,
      channel: this.channel,
      channelName,
      t,
      actions: this.rowActions,
      actionState: (message: StoredMessage) => this.rowChanges.state(message),
      sharedNames: sharedNames(shown.map((message) => message.author)),
    };
    return html`
      <header part="header" role="none">
        <h2 title=${channel?.topic ? `#${channelName}: ${channel.topic}` : `#${channelName}`}>
          <span aria-hidden="true">#</span>${channelName}
        </h2>
        ${channel?.topic ? html`<span class="topic" title=${channel.topic}>${channel.topic}</span>` : nothing} ${this.renderPresence()}
        <slot name="header-actions"></slot>
      </header>
      ${this.renderBanner()}
      <div class="body" @scroll=${this.onListScroll}>
        ${this.renderUnreadBar(firstUnread)}
        ${status.state === 'loading' && rows.length === 0 ? html`<p class="status" role="status">${this.t('loading')}</p>` : nothing}
        ${this.list.render(
          rows,
          (row) => renderRow(row, rowContext),
          channel ? format(this.t('messageLabel'), { channel: channel.name }) : this.t('channels'),
        )}
        ${this.list.renderNewMessages({ newMessages: this.t('newMessages'), jumpToPresent: this.t('jumpToPresent') })}
        ${this.attachments.composer?.renderDropZone()}
      </div>
      <div part="typing" class="typing" aria-live="polite">${this.typingText()}</div>
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
      ${renderComposer(
        {
          member: this.member,
          label: format(this.t('messageLabel'), { channel: channelName }),
          t,
          // A refresh that fails (the server went away just after a join) keeps the membership last
          // known, and with it the composer: only a membership never known shows the error.
          membershipStatus:
            this.memberships.value.state === 'error' && this.memberships.value.value === undefined
              ? this.renderAsyncStatus([this.memberships.store])
              : undefined,
          joinFailed: this.joinError !== undefined,
          replyingTo: this.rowChanges.replyingTo?.author.name,
          mentions: this.mentions,
          attachments: this.attachments,
          draft: this.draft,
          ...this.limits?.state(),
        },
        {
          send: (content) => this.send(content),
          typing: () => this.channel && typingIn(this.channel).typing(),
          join: () => void this.join(),
          editLast: () => this.rowChanges.editLast(),
          cancelReply: () => this.rowChanges.setReply(),
        },
      )}
    `;
  }

  /** The user's membership of the server, while they have one. */
  private get membership(): Membership | undefined {
    return this.roles.value[this.serverId ?? ''];
  }

  /** "N new messages since HH:MM — Jump", while the "New" divider has not been in view. */
  private renderUnreadBar(firstUnread: StoredMessage | undefined) {
    const opened = this.readMarker.openedAt;
    if (!opened || opened.unread === 0 || this.unreadSeen) return nothing;
    const { unread: count } = opened;
    const text = firstUnread
      ? format(this.t(count === 1 ? 'oneUnreadSince' : 'unreadSince'), { count, time: formatTime(firstUnread.createdAt) })
      : format(this.t('unreadMessages'), { count });
    return html`<button part="unread-bar" class="unread-bar" @click=${this.jumpToUnread}>
      <span>${text}</span> <span class="jump">${this.t('jumpToUnread')}</span>
    </button>`;
  }

  protected override updated(): void {
    this.checkUnreadSeen();
  }

  /** The divider came into view: the bar that leads to it has done its work. */
  private checkUnreadSeen(): void {
    if (this.unreadSeen || !this.readMarker.openedAt?.unread) return;
    const list = this.renderRoot.querySelector('[part="list"]');
    const divider = list?.querySelector(`[data-key="${UNREAD_KEY}"]`);
    if (!list || !divider) return;
    const [shown, seen] = [list.getBoundingClientRect(), divider.getBoundingClientRect()];
    if (seen.bottom > shown.top && seen.top < shown.bottom) this.unreadSeen = true;
  }

  // The list's scroll does not bubble; a listener on its parent in the capture phase hears it.
  private readonly onListScroll = { handleEvent: () => this.checkUnreadSeen(), capture: true };

  /** Scrolls to the first message the user had not read, loading the history around it if the window does not hold it. */
  private jumpToUnread = async (): Promise<void> => {
    const channel = this.channel;
    const opened = this.readMarker.openedAt;
    if (!channel || !opened) return;
    const held = () => this.readMarker.firstUnread(this.messages.value, channel.$status.get().hasOlder);
    if (!held()) await channel.jumpTo(opened.lastReadSeq + 1);
    this.unreadSeen = true;
    await this.updateComplete;
    const first = held();
    if (first) await this.list.reveal(first.id);
  };

  private renderLanding() {
    if (!this.serverId) return html``;
    const server = this.server;
    if (!server || !landing) {
      if (!landing) void (landingLoading ??= import('./landing.js')).then((module) => ((landing = module), this.requestUpdate()));
      return html`<section part="landing" class="landing">
        ${this.renderAsyncStatus([this.serverStore.store, landing ? this.serverStore.store : undefined])}
      </section>`;
    }
    adoptStyles(this.renderRoot as ShadowRoot, landing.landingStyles);
    return landing.renderLanding({
      chat: this.chat,
      server,
      member: this.member,
      joinFailed: this.joinError !== undefined,
      t: this.t.bind(this),
      join: () => void this.join(),
    });
  }

  /** The server shown, once its store has it. */
  private get server(): Server | undefined {
    return this.serverStore.value.value;
  }

  /** Whether the user belongs to the server; undefined until the memberships are known. */
  private get member(): boolean | undefined {
    const joined = this.memberships.value.value;
    return joined && this.serverId ? joined.includes(this.serverId) : undefined;
  }

  /**
   * How many have the channel open, the names the server gives on hover and for screen readers
   * (in a busy channel, the first to come, then how many more).
   */
  private renderPresence() {
    const users = this.present.value;
    const count = Math.max(this.presentCount.value, users.length);
    if (count === 0) return nothing;
    const more = count - users.length;
    const listed = users.map((user) => user.name).join(', ');
    const names = more > 0 ? `${listed} ${format(this.t('hereAndMore'), { count: more })}` : listed;
    return html`<span part="presence" class="presence" title=${names}
      >${format(this.t('here'), { count })}<span class="visually-hidden">: ${names}</span></span
    >`;
  }

  private renderBanner() {
    const state = this.connection.value;
    const text =
      state === 'reconnecting'
        ? this.t('reconnecting')
        : state === 'offline'
          ? this.t('offline')
          : state === 'closed' && this.channel
            ? this.t('closed')
            : '';
    return text
      ? html`<div part="banner" class="banner" role="status">
          ${text}<button part="reconnect" @click=${this.reconnectNow}>${this.t('reconnectNow')}</button>
        </div>`
      : nothing;
  }

  /** Tries to connect now; the composer takes the focus, since the button goes once the socket is back. */
  private readonly reconnectNow = () => {
    this.chat?.reconnect();
    this.renderRoot.querySelector<HTMLElement>('[part="input"]')?.focus();
  };

  private typingText(): string {
    const names = this.typists.value.map((user) => user.name);
    if (names.length === 0) return '';
    if (names.length === 1) return format(this.t('typingOne'), { name: names[0] as string });
    if (names.length === 2) return format(this.t('typingTwo'), { a: names[0] as string, b: names[1] as string });
    return this.t('typingMany');
  }

  /** A server that does not exist falls back to no channel, and is reported once. */
  private checkServer(): void {
    const shown = this.serverStore.value;
    const serverId = this.serverId;
    if (!serverId || this.reportedMissingServer === serverId) return;
    if (shown.state !== 'error' || !(shown.error instanceof ChatApiError) || shown.error.status !== 404) return;
    this.reportedMissingServer = serverId;
    queueMicrotask(() => {
      this.channelId = undefined;
      this.dispatchEvent(new ChatNotFoundEvent({ kind: 'server', id: serverId }));
    });
  }

  /** A channel that does not exist (or is not visible) falls back to the landing view. */
  private checkChannel(): void {
    const channelId = this.channelId;
    if (!channelId || this.reportedMissing === channelId) return;
    const unknownInServer = this.server && !this.server.channels.some((channel) => channel.id === channelId);
    const { error } = this.status.value;
    const refused = (error instanceof ChatSocketError || error instanceof ChatApiError) && error.code === 'unknown_channel';
    if (unknownInServer || refused) {
      this.reportedMissing = channelId;
      queueMicrotask(() => {
        this.channelId = undefined;
        this.dispatchEvent(new ChatNotFoundEvent({ kind: 'channel', id: channelId }));
      });
    }
  }

  /** Counts and announces messages that arrive at the end of the list. */
  private trackNewest(): void {
    if (this.status.value.state !== 'ready') return;
    const stored = this.messages.value.filter((message): message is Message => !isPending(message));
    const newest = stored.at(-1);
    // The history present when the channel opens is not news.
    if (this.lastNewestId === undefined) {
      this.lastNewestId = newest?.id ?? '';
      return;
    }
    if (!newest || newest.id === this.lastNewestId) return;
    const previousIndex = stored.findIndex((message) => message.id === this.lastNewestId);
    this.lastNewestId = newest.id;
    const arrived = previousIndex >= 0 ? stored.slice(previousIndex + 1) : [newest];
    const fromOthers = arrived.filter((message) => message.author.id !== this.chat?.$user.get()?.id);
    if (fromOthers.length === 0) return;
    const last = fromOthers.at(-1) as (typeof fromOthers)[number];
    this.announcement = format(this.t('newMessageFrom'), { name: last.author.name, content: last.content.slice(0, 140) });
    this.list.noteArrived(fromOthers.length);
  }

  /**
   * Sends what the composer holds, as a reply when one is being written, with the files of its
   * tray (not while one still uploads); the list follows the newest message again to show it.
   */
  private send(content: string): boolean {
    const limits = this.limits?.state();
    const tray = this.attachments.composer;
    if (!this.channel || limits?.locked || limits?.wait || tray?.busy) return false;
    this.limits?.sent();
    this.list.follow();
    const replyTo = this.rowChanges.replyingTo?.id;
    this.rowChanges.setReply();
    const files = tray?.take() ?? [];
    const options = files.length ? { replyTo, attachments: files } : replyTo ? { replyTo } : undefined;
    // A failed send stays in the list with Retry; the rejection needs no other handling here.
    this.channel.send(content, options).catch(() => {});
    return true;
  }

  /** What the rows call: the shared actions, and Thread and the quote's jump of the main line. */
  private readonly rowActions: MessageActions = {
    ...this.rowChanges.actions,
    openThread: (message) => this.dispatchEvent(new ChatThreadOpenEvent({ channelId: message.channelId, rootId: message.id })),
    showQuoted: (quote) => void this.showMessage(quote.seq),
  };

  /**
   * Shows the message at `seq` of the open channel (a search result, a link): the history around it
   * is loaded when the list does not hold it, and the row is scrolled into view, focused and
   * highlighted, as a quote's jump does. Resolves once it shows; a `seq` the channel has no message
   * at (a thread reply's) leaves the list at the history around that point.
   *
   * @example
   * messages.channelId = 'c_general';
   * await messages.showMessage(120);
   */
  async showMessage(seq: number): Promise<void> {
    // Its code is fetched on the first jump: most visits make none.
    const { showMessage } = await import('./show-message.js');
    await showMessage(this, () => this.channel, this.list, seq);
  }

  private join = async () => {
    const chat = this.chat;
    const serverId = this.serverId;
    if (!chat || !serverId) return;
    this.joinError = undefined;
    try {
      await chat.$memberships.join(serverId);
    } catch (error) {
      if (serverId === this.serverId) this.joinError = error instanceof Error ? error : new Error(String(error));
      return;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="input"]')?.focus();
  };
}

/** The landing view's code, once fetched: a page that opens on a channel never needs it. */
let landing: typeof import('./landing.js') | undefined;
let landingLoading: Promise<typeof import('./landing.js')> | undefined;

defineElement('chat-messages', ChatMessages);

declare global {
  interface HTMLElementTagNameMap {
    'chat-messages': ChatMessages;
  }
}
