import {
  type ChannelStatus,
  ChatApiError,
  type ChatChannel,
  type ChatMessage,
  ChatSocketError,
  type ConnectionState,
  type Message,
  type Server,
  type User,
  isPending,
} from '@hearth/sdk';
import { type PropertyValues, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ChatNotFoundEvent } from '../events.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { initials } from '../internal/initials.js';
import { linkify } from '../internal/linkify.js';
import { mediaUrl } from '../internal/media-url.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { formatDay, formatFull, formatTime } from '../internal/time-format.js';
import styles from './chat-messages.styles.js';
import { type Row, toRows } from './message-rows.js';
import { headingOf } from './reader-heading.js';
import { type RowSlice, RowWindow } from './row-window.js';

const IDLE_STATUS: ChannelStatus = { state: 'idle', hasOlder: false, hasNewer: false };
const MAX_REMEASURES = 8;

/**
 * A channel's conversation: header, history (only the visible rows are in the DOM, so long
 * channels stay fast), a composer, and the live state around them (connection, typing, pending
 * and failed sends). Without `channel-id` it shows the server's landing view, "Welcome to …".
 *
 * Scrolls with the newest message unless the reader scrolled up; then a "New messages" button
 * appears instead. Scrolling to the top loads older history. Enter sends, Shift+Enter starts a new
 * line. Message text is always shown as text; only http(s) and mailto links become links.
 *
 * @tag chat-messages
 * @summary The messages of one channel, and a composer.
 *
 * @fires {ChatNotFoundEvent} chat-not-found - The server or channel does not exist; the element falls back to the landing view. `detail: { kind: 'server' | 'channel'; id: string }`.
 *
 * @csspart header - The channel's name and topic.
 * @csspart presence - How many have the channel open now (their names on hover).
 * @csspart landing - The server's landing view (no channel open).
 * @csspart list - The scrolling list of messages.
 * @csspart beginning - "This is the beginning of #channel", above the oldest message.
 * @csspart day - A day separator.
 * @csspart message - One message row; also `message pending` or `message failed`.
 * @csspart avatar - An author's avatar or initials.
 * @csspart author - An author's name.
 * @csspart time - A message's time.
 * @csspart content - A message's text.
 * @csspart new-messages - The button that scrolls to new messages.
 * @csspart banner - The connection banner.
 * @csspart typing - The typing indicator.
 * @csspart composer - The message form.
 * @csspart input - The message text area.
 * @csspart send - The send button.
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
 * @cssprop --chat-hover - Background of a hovered message.
 * @cssprop --chat-radius - Corner radius.
 * @cssprop --chat-font - Font family.
 */
export class ChatMessages extends ChatElement {
  static override styles = [themeStyles, styles];

  /** The server the channel belongs to (also what the landing view shows). */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The channel to show; none shows the server's landing view. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  // The landing view and the Join button watch the SDK's stores of the server and the memberships.
  private readonly serverStore = new AsyncStoreController<Server>(this);
  private readonly memberships = new AsyncStoreController<readonly string[]>(this);
  @state() private accessor joinError: Error | undefined;
  @state() private accessor following = true;
  @state() private accessor unseen = 0;
  @state() private accessor announcement = '';
  @query('[part="list"]') private accessor list: HTMLElement | null = null;
  @query('textarea') private accessor input: HTMLTextAreaElement | null = null;

  private readonly messages = new StoreController<readonly ChatMessage[]>(this, []);
  private readonly status = new StoreController<ChannelStatus>(this, IDLE_STATUS);
  private readonly typists = new StoreController<readonly User[]>(this, []);
  private readonly present = new StoreController<readonly User[]>(this, []);
  private readonly connection = new StoreController<ConnectionState>(this, 'closed');
  private channel: ChatChannel | undefined;
  private reportedMissingServer: string | undefined;
  /** The keys of the rows last rendered, for the scroll handler. */
  private lastKeys: string[] = [];
  private lastNewestId: string | undefined;
  private reportedMissing: string | undefined;
  private lastScrollTop = 0;
  private settling = false;
  private readerScrolledAt = -Infinity;
  /** Which way the reader's last wheel or key went; a drag or a touch says neither. */
  private readerHeading: 'up' | 'down' | undefined;
  private readonly rowWindow = new RowWindow();
  /** Renders in a row that found rows of other heights than assumed. */
  private remeasures = 0;
  /** The rows rendered now, as indices into `lastKeys`. */
  private rendered = { first: 0, end: 0 };
  /**
   * The row the reader is looking at and how far below the list's top it sits, kept in place
   * across renders: older rows added above, or rows above measured at last, must not move it.
   */
  private anchor: { key: string; offset: number } | undefined;
  /** Rows change height when the list's width changes; they are measured again then. */
  private readonly resizes = new ResizeObserver(() => this.requestUpdate());

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
      this.typists.setStore(channel?.$typing);
      this.present.setStore(channel?.$present);
      this.following = true;
      this.unseen = 0;
      this.lastNewestId = undefined;
    }
    this.connection.setStore(chat?.$connection);
    if (changed.has('channelId')) this.reportedMissing = undefined;
    this.checkChannel();
    this.trackNewest();
    this.captureAnchor();
  }

  protected override updated(): void {
    const list = this.list;
    if (!list) return;
    const changed = this.measureRows(list);
    if (this.following) {
      list.scrollTop = list.scrollHeight;
      this.scrollToNewest();
    } else {
      this.restoreAnchor(list);
    }
    // Rendered again with the rows' true heights; after this update, not inside it. A few passes
    // settle any slice; a bound keeps a layout that never settles from holding the page.
    this.remeasures = changed ? this.remeasures + 1 : 0;
    if (changed && this.remeasures <= MAX_REMEASURES) queueMicrotask(() => this.requestUpdate());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizes.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
  }

  /** The rows to render: the newest when following, else those around the row the reader was at. */
  private sliceFor(rows: readonly Row[]): RowSlice {
    const keys = (this.lastKeys = rows.map((row) => row.key));
    this.rowWindow.keepOnly(keys);
    const list = this.list;
    let top = Number.POSITIVE_INFINITY;
    if (!this.following) {
      const anchor = this.anchor;
      const index = anchor ? keys.indexOf(anchor.key) : -1;
      top = anchor && index >= 0 ? this.rowWindow.offsetOf(keys, index) - anchor.offset : (list?.scrollTop ?? 0);
    }
    const slice = this.rowWindow.slice(keys, top, list?.clientHeight || this.clientHeight || 800);
    this.rendered = slice;
    return slice;
  }

  /** The rows rendered now, in order. */
  private renderedRows(list: HTMLElement): HTMLElement[] {
    return [...list.querySelectorAll<HTMLElement>(':scope > [data-key]')];
  }

  /**
   * Records the rendered rows' heights, each on its own (its box and the margin above it, which
   * rows have and spacers do not), so a row measures the same wherever the slice ends; says
   * whether they differ from what the render assumed.
   */
  private measureRows(list: HTMLElement): boolean {
    return this.rowWindow.measure(
      this.renderedRows(list).map((row) => [
        row.dataset.key as string,
        row.getBoundingClientRect().height + (Number.parseFloat(getComputedStyle(row).marginTop) || 0),
      ]),
    );
  }

  /** Notes which row the reader is looking at, before a render moves rows around it. */
  private captureAnchor(): void {
    const list = this.list;
    this.anchor = undefined;
    if (!list || this.following) return;
    const top = list.getBoundingClientRect().top;
    // A message, not a day separator: the separator of the oldest day moves up as that day's
    // older messages arrive.
    const row = this.renderedRows(list).find((candidate) => candidate.localName === 'article' && candidate.getBoundingClientRect().bottom > top);
    if (row) this.anchor = { key: row.dataset.key as string, offset: row.getBoundingClientRect().top - top };
  }

  /** Scrolls so that the anchored row is where the reader saw it. */
  private restoreAnchor(list: HTMLElement): void {
    const anchor = this.anchor;
    const row = anchor && this.renderedRows(list).find((candidate) => candidate.dataset.key === anchor.key);
    if (!anchor || !row) return;
    const moved = row.getBoundingClientRect().top - list.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(moved) >= 1) list.scrollTop += moved;
  }

  protected override render() {
    if (!this.channelId) return this.renderLanding();
    const channel = this.server?.channels.find((candidate) => candidate.id === this.channelId);
    const status = this.status.value;
    const rows = toRows(this.messages.value, status.state === 'ready' && !status.hasOlder);
    const slice = this.sliceFor(rows);
    return html`
      <header part="header">
        <h2><span aria-hidden="true">#</span>${channel?.name ?? ''}</h2>
        ${channel?.topic ? html`<span class="topic">${channel.topic}</span>` : nothing}
        ${this.renderPresence()}
      </header>
      ${this.renderBanner()}
      <div class="body">
        ${status.state === 'loading' && rows.length === 0 ? html`<p class="status" role="status">${this.t('loading')}</p>` : nothing}
        <div
          part="list"
          class="list"
          role="log"
          aria-label=${channel ? format(this.t('messageLabel'), { channel: channel.name }) : this.t('channels')}
          tabindex="0"
          @scroll=${this.onScroll}
          @wheel=${this.onReaderScroll}
          @touchmove=${this.onReaderScroll}
          @pointerdown=${this.onReaderScroll}
          @keydown=${this.onReaderScroll}
        >
          <div style=${styleMap({ height: `${slice.before}px` })}></div>
          ${repeat(rows.slice(slice.first, slice.end), (row) => row.key, (row) => this.renderRow(row, channel?.name ?? ''))}
          <div style=${styleMap({ height: `${slice.after}px` })}></div>
        </div>
        ${this.unseen > 0 || status.hasNewer
          ? html`<button part="new-messages" class="new-messages" @click=${this.showNewest}>
              ${status.hasNewer ? this.t('jumpToPresent') : `${this.t('newMessages')} (${this.unseen})`}
            </button>`
          : nothing}
      </div>
      <div part="typing" class="typing" aria-live="polite">${this.typingText()}</div>
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
      ${this.renderComposer(channel?.name ?? '')}
    `;
  }

  private renderLanding() {
    if (!this.serverId) return html``;
    const server = this.server;
    return html`<section part="landing" class="landing">
      ${server
        ? html`<h2>${format(this.t('welcome'), { server: server.name })}</h2>
            <p>${server.description || this.t('defaultDescription')}</p>
            <p class="hint">${this.t('pickChannel')}</p>`
        : this.renderAsyncStatus([this.serverStore.store])}
    </section>`;
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

  /** How many have the channel open, their names on hover and for screen readers. */
  private renderPresence() {
    const users = this.present.value;
    if (users.length === 0) return nothing;
    const names = users.map((user) => user.name).join(', ');
    return html`<span part="presence" class="presence" title=${names}
      >${format(this.t('here'), { count: users.length })}<span class="visually-hidden">: ${names}</span></span
    >`;
  }

  private renderBanner() {
    const state = this.connection.value;
    const text =
      state === 'reconnecting' ? this.t('reconnecting') : state === 'offline' ? this.t('offline') : state === 'closed' && this.channel ? this.t('closed') : '';
    return text ? html`<div part="banner" class="banner" role="status">${text}</div>` : nothing;
  }

  private renderRow(row: Row, channelName: string) {
    if (row.kind === 'beginning') {
      return html`<p part="beginning" class="beginning" data-key=${row.key}>${format(this.t('beginning'), { channel: channelName })}</p>`;
    }
    if (row.kind === 'day') {
      return html`<div part="day" class="day" role="separator" data-key=${row.key}><span>${formatDay(row.at)}</span></div>`;
    }
    const { message, grouped } = row;
    const pending = isPending(message) ? message : undefined;
    const author = message.author ?? this.chat?.$user.get() ?? { id: '', name: '', avatarUrl: null };
    const avatar = mediaUrl(this.chat, author.avatarUrl);
    const parts = ['message', pending?.state, grouped ? 'grouped' : undefined].filter(Boolean).join(' ');
    return html`<article part=${parts} class=${parts} data-key=${row.key} aria-label=${`${author.name}, ${formatTime(message.createdAt)}`}>
      ${grouped
        ? html`<span class="gutter" aria-hidden="true"></span>`
        : avatar
          ? html`<img part="avatar" class="avatar" src=${avatar} alt="" />`
          : html`<span part="avatar" class="avatar initials" aria-hidden="true">${initials(author.name)}</span>`}
      <div class="main">
        ${grouped
          ? nothing
          : html`<div class="meta">
              <span part="author" class="author">${author.name}</span>
              <time part="time" datetime=${message.createdAt} title=${formatFull(message.createdAt)}>${formatTime(message.createdAt)}</time>
            </div>`}
        <div part="content" class="content">${this.renderContent(message.content)}</div>
        ${pending?.state === 'pending' ? html`<div class="note">${this.t('pending')}</div>` : nothing}
        ${pending?.state === 'failed'
          ? html`<div class="note failed-note" role="alert">
              ${this.t('failed')} ${pending.error?.message ?? ''}
              <button @click=${() => void this.channel?.retry(pending.clientId).catch(() => {})}>${this.t('retry')}</button>
              <button @click=${() => this.channel?.discard(pending.clientId)}>${this.t('discard')}</button>
            </div>`
          : nothing}
      </div>
    </article>`;
  }

  /** Message text as text nodes, with http(s) and mailto links made clickable (no other markup). */
  private renderContent(content: string) {
    // No white space around the parts: the content keeps its own line breaks (pre-wrap).
    return linkify(content).map((part) =>
      part.href ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer nofollow">${part.text}</a>` : part.text,
    );
  }

  private renderComposer(channelName: string) {
    const member = this.member;
    if (this.memberships.value.state === 'error') {
      return html`<div part="composer" class="composer closed">${this.renderAsyncStatus([this.memberships.store])}</div>`;
    }
    if (member === false) {
      return html`<div part="composer" class="composer closed">
        <span role=${this.joinError ? 'alert' : nothing}>${this.joinError ? this.t('joinFailed') : this.t('joinToPost')}</span>
        <button part="join" class="primary" @click=${this.join}>${this.t('join')}</button>
      </div>`;
    }
    const label = format(this.t('messageLabel'), { channel: channelName });
    return html`<form part="composer" class="composer" @submit=${this.onSubmit}>
      <textarea
        part="input"
        rows="1"
        aria-label=${label}
        placeholder=${label}
        ?disabled=${member === undefined}
        @keydown=${this.onComposerKey}
        @input=${() => this.channel?.typing()}
      ></textarea>
      <button part="send" class="primary" type="submit" ?disabled=${member === undefined}>${this.t('send')}</button>
    </form>`;
  }

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
    if (!this.following) this.unseen += fromOthers.length;
  }

  private onScroll(): void {
    const list = this.list;
    if (!list) return;
    // Only a scroll the reader started (wheel, touch, keys, scrollbar) decides whether the list
    // follows the newest message; the list's own corrections do not.
    if (performance.now() - this.readerScrolledAt < 1000) {
      const fromBottom = list.scrollHeight - list.scrollTop - list.clientHeight;
      // A reader heading up is never pulled back to follow, even when a layout correction lands
      // the list at its end just then.
      if (fromBottom < 48 && this.readerHeading !== 'up') {
        this.following = true;
        this.unseen = 0;
      } else if (list.scrollTop < this.lastScrollTop - 4) {
        this.following = false;
      }
    }
    this.lastScrollTop = list.scrollTop;
    const needed = this.rowWindow.slice(this.lastKeys, list.scrollTop, list.clientHeight);
    if (needed.first !== this.rendered.first || needed.end !== this.rendered.end) this.requestUpdate();
    if (list.scrollTop < 200 && this.status.value.hasOlder && !this.following) void this.loadOlder();
  }

  private async loadOlder(): Promise<void> {
    // The anchored row keeps the reader's place while the older rows arrive above it.
    await this.channel?.loadOlder();
  }

  private showNewest = async () => {
    if (this.status.value.hasNewer) await this.channel?.jumpToLatest();
    this.following = true;
    this.lastScrollTop = Number.MAX_SAFE_INTEGER;
    this.unseen = 0;
    this.scrollToNewest();
  };

  private scrollToNewest(): void {
    if (this.settling) return;
    // Rows are measured as they render, so the end moves while the list settles: keep scrolling
    // to it, frame by frame, until it holds still.
    this.settling = true;
    let frames = 0;
    let still = 0;
    const step = () => {
      const list = this.list;
      if (!list || !this.following || frames++ > 60) {
        this.settling = false;
        return;
      }
      const end = list.scrollHeight - list.clientHeight;
      if (Math.abs(list.scrollTop - end) < 2) still++;
      else {
        still = 0;
        list.scrollTop = end;
      }
      if (still >= 3) this.settling = false;
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  private onReaderScroll(event: Event): void {
    this.readerScrolledAt = performance.now();
    this.readerHeading = headingOf(event);
    // Scrolling up stops the following at once, before any scroll event: the list must not pull
    // a reader back down while their own scroll is still on its way.
    if (this.readerHeading === 'up') this.following = false;
  }

  private onComposerKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.submit();
  }

  private submit(): void {
    const input = this.input;
    const content = input?.value ?? '';
    if (!input || !this.channel || content.trim() === '') return;
    input.value = '';
    this.following = true;
    // A failed send stays in the list with Retry; the rejection needs no other handling here.
    this.channel.send(content).catch(() => {});
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
    this.input?.focus();
  };
}

defineElement('chat-messages', ChatMessages);

declare global {
  interface HTMLElementTagNameMap {
    'chat-messages': ChatMessages;
  }
}
