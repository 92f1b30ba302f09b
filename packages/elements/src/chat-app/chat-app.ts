import type { Category, ChatClient, Server, UnreadCount } from '@hearth/sdk';
import { readStatesOf } from '@hearth/sdk/read-states';
import { type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../chat-channels/chat-channels.js';
import '../chat-messages/chat-messages.js';
import { loadChatInvite } from '../chat-invite/load-chat-invite.js';
import { loadChatSearch } from '../chat-search/load-chat-search.js';
import '../chat-server-list/chat-server-list.js';
import type { ThreadDetail } from '../chat-thread/thread-events.js';
import { ChatServerSelectEvent, ChatUnreadChangeEvent } from '../events.js';
import type { ChannelSelectDetail, NotFoundDetail, ServerSelectDetail } from '../events.js';
import { adoptStyles } from '../internal/adopt-styles.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import type { AppPanels } from './app-panels.js';
import styles from './chat-app.styles.js';

/**
 * The whole chat in one element, laid out as the seed app: servers | channels | messages. In a
 * narrow container (under 700px) it shows one column under a top bar with the open server's and
 * channel's names, and the servers and channels open as a drawer from its button, over a scrim:
 * the focus stays in the drawer while it is open (the messages are inert), and Escape or a click
 * on the scrim closes it, the focus going back to the button. Explore lists every server by
 * category as cards in a grid, filtered by category and search words, with Join on each; its code
 * is loaded when it first shows, beside the servers it lists.
 *
 * The servers are a `navigation` landmark ("Servers"), and so are the channels ("Channels") and
 * the narrow layout's top bar (named by its title); the messages, Explore or the invite are the
 * `main` one. Each column's header is a heading, all of the same height, so that their lines
 * meet. `focus()` goes to the composer of the open channel, else to Explore (in the narrow
 * layout, to the button that opens the drawer).
 *
 * It follows the user's choices, or can be driven by its `server-id` and `channel-id`
 * attributes; an unknown server or channel falls back to Explore or the server's landing view.
 *
 * A thread opens as a panel beside the messages (over them, full width, in a narrow container),
 * and closes with its close button, Escape, or when another channel opens. The panel's code is
 * loaded when the first thread opens.
 *
 * The Members button in the channel's header shows the server's members (`<chat-members>`) as a
 * column at the right (over the messages in a narrow container); it and the thread take turns.
 * `chat-unread-change` tells the page the user's unread totals, for its title. What runs the side
 * panels (which of them shows, their layout, where the focus goes) is loaded when the first opens.
 *
 * The search field at the end of the channel's header searches the open server: its filter hints
 * show while it is focused and empty, Enter shows the results (`<chat-search>`, loaded when the
 * field is first focused) in the members' place, and opening a result opens its channel (its
 * thread, for a reply in one) at that message, with the history around it. Escape closes the
 * results and gives the focus back to the field.
 *
 * With `invite="CODE"` (the `?invite=` of an invite link) it shows the invite (`<chat-invite>`,
 * loaded then) in place of its main view; accepting it opens the server. A user kicked or banned
 * from the open server is taken to Explore with a notice saying so.
 *
 * Before the user signs in (no client, or its token refused) it says "Sign in to chat." and shows
 * what the page put in its `signed-out` slot (a sign-in button or form, say) instead.
 *
 * @tag chat-app
 * @summary A complete chat: server list, channels and messages.
 *
 * @slot signed-out - The page's own sign-in prompt, shown under "Sign in to chat." while the user is signed out.
 *
 * @fires {ChatServerSelectEvent} chat-server-select - The user opened a server; cancelable. `detail: { serverId: string; serverName: string }`.
 * @fires {ChatChannelSelectEvent} chat-channel-select - The user opened a channel; cancelable. `detail: { serverId: string; channelId: string; serverName: string; channelName: string }`.
 * @fires {ChatNotFoundEvent} chat-not-found - A server or channel id did not exist. `detail: { kind: 'server' | 'channel'; id: string }`.
 * @fires {ChatSearchOpenEvent} chat-search-open - The user opened a search result; cancelable (the app then stays where it is). `detail: { serverId: string; channelId: string; messageId: string; seq: number; threadId: string | null }`.
 * @fires {ChatUnreadChangeEvent} chat-unread-change - The user's unread messages and mentions over all their servers, when the app connects and whenever they change. `detail: { unread: number; mentions: number }`.
 *
 * @csspart signed-out - "Sign in to chat." and the `signed-out` slot, while the user is signed out.
 * @csspart topbar - The bar with the drawer button (narrow layout only).
 * @csspart drawer-toggle - The button that opens and closes the drawer.
 * @csspart title - The open server's and channel's names in the top bar (narrow layout only).
 * @csspart scrim - The shade over the messages while the drawer is open; a click on it closes the drawer.
 * @csspart rail - The column of servers (with the Explore button).
 * @csspart explore-button - The button that opens Explore.
 * @csspart sidebar - The column of channels.
 * @csspart main - The messages or Explore.
 * @csspart thread - The thread panel (a `<chat-thread>`).
 * @csspart members-toggle - The button in the channel's header that shows and hides the members.
 * @csspart members - The members panel (a `<chat-members>`).
 * @csspart search-field - The search field in the channel's header.
 * @csspart hints - The filter hints under the empty search field.
 * @csspart search - The search results panel (a `<chat-search>`).
 * @csspart explore - The Explore view.
 * @csspart invite - The invite shown for `invite` (a `<chat-invite>`).
 * @csspart notice - "You were banned from SERVER." after the user lost the open server.
 * @csspart explore-search - The field that filters Explore's servers by name and description.
 * @csspart category-filter - Explore's row of categories ("All" and each category).
 * @csspart category-chip - A category in Explore's filter (a radio button inside).
 * @csspart explore-empty - What Explore says when no server matches the filter.
 * @csspart card - A server in Explore.
 * @csspart card-open - The server's name on its card, the button that opens it.
 * @csspart member-count - A card's member count.
 * @csspart join - A card's Join button, for a server the user is not a member of.
 * @csspart joined - "Joined", on the card of a server the user is a member of.
 * @csspart card-error - Why a join from a card failed.
 * @csspart status - Explore's loading or error message.
 * @csspart retry - The button that loads Explore again after an error.
 *
 * @cssprop --chat-bg - Background of the messages.
 * @cssprop --chat-bg-alt - Background of the channels.
 * @cssprop --chat-bg-rail - Background of the server list.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour.
 * @cssprop --chat-border - Colour of separators.
 * @cssprop --chat-radius - Corner radius.
 * @cssprop --chat-font - Font family.
 */
export class ChatApp extends ChatElement {
  static override styles = [themeStyles, styles];

  /** The open server; none shows Explore. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The open channel; none shows the server's landing view. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  /** `me` to list only the user's servers in the rail (Explore still lists all). */
  @property() accessor member: 'me' | undefined;

  /** An invite code to show (and let the user accept) in place of the main view. */
  @property({ reflect: true }) accessor invite: string | undefined;

  /** The page address invite links start from (`?invite=CODE` is added); the page's own by default. */
  @property({ attribute: 'invite-base' }) accessor inviteBase: string | undefined;

  /** Why the user is back in Explore, after they lost the open server. */
  @state() private accessor notice = '';
  private stopMembership: (() => void) | undefined;
  private membershipOf: ChatClient | undefined;

  @state() private accessor drawerOpen = false;
  /** The thread, the members and the search results beside the messages, once the user first opened one. */
  private panels: AppPanels | undefined;
  private panelsLoading: Promise<AppPanels> | undefined;
  private readonly unreadByServer = new StoreController<Readonly<Record<string, UnreadCount>>>(this, {});
  /** The totals last told to the page, so that each change is told once. */
  private toldUnread: string | undefined;
  // Explore's data, watched only while Explore shows.
  private readonly categories = new AsyncStoreController<Category[]>(this);
  private readonly servers = new AsyncStoreController<Server[]>(this);
  /** The open server, for the names in the top bar. */
  private readonly server = new AsyncStoreController<Server>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    const exploring = this.serverId ? undefined : this.chat;
    this.categories.setStore(exploring?.categories.$list);
    this.servers.setStore(exploring?.servers.$list());
    this.server.setStore(this.serverId ? this.chat?.servers.$get(this.serverId) : undefined);
    if (!this.serverId && !explore) this.loadExplore();
    this.unreadByServer.setStore(this.chat && readStatesOf(this.chat).$byServer);
    if (changed.has('serverId') && changed.get('serverId') !== undefined && !changed.has('channelId')) {
      this.channelId = undefined;
    }
    if (this.invite) void loadChatInvite();
    this.followRemovals();
  }

  /** A kick or ban from the open server takes the user to Explore, and says so. */
  private followRemovals(): void {
    const chat = this.chat;
    if (chat === this.membershipOf) return;
    this.stopMembership?.();
    this.membershipOf = chat;
    this.stopMembership = chat?.on('membership', ({ serverId, member, reason }) => {
      if (member || serverId !== this.serverId || (reason !== 'kicked' && reason !== 'banned')) return;
      const server = chat.servers.$get(serverId).get().value?.name ?? '';
      this.notice = format(this.t(reason), { server });
      this.openExplore();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopMembership?.();
    this.membershipOf = undefined;
  }

  protected override updated(): void {
    if (!this.unreadByServer.store) return;
    let [unread, mentions] = [0, 0];
    for (const counts of Object.values(this.unreadByServer.value)) {
      unread += counts.unread;
      mentions += counts.mentions;
    }
    const told = `${unread}/${mentions}`;
    if (told === this.toldUnread) return;
    this.toldUnread = told;
    this.dispatchEvent(new ChatUnreadChangeEvent({ unread, mentions }));
  }

  protected override render() {
    if (this.signedOut) return this.renderSignedOut();
    const common = { client: this.client, theme: this.theme, strings: this.strings };
    return html`
      <div
        class="app ${this.drawerOpen ? 'drawer-open' : ''} ${this.serverId ? '' : 'exploring'}"
        @keydown=${(event: KeyboardEvent) => this.drawerOpen && drawer?.drawerKeydown(this, event, this.closeDrawer)}
      >
        <div part="topbar" class="topbar" role="navigation" aria-labelledby="title">
          <button
            part="drawer-toggle"
            class="drawer-toggle"
            aria-expanded=${this.drawerOpen ? 'true' : 'false'}
            aria-controls="drawer"
            @click=${this.toggleDrawer}
          >
            <span aria-hidden="true">☰</span>
            <span class="visually-hidden">${this.drawerOpen ? this.t('closeChannels') : this.t('openChannels')}</span>
          </button>
          ${this.renderTitle()}
        </div>
        ${this.drawerOpen ? html`<div part="scrim" class="scrim" @click=${this.closeDrawer}></div>` : nothing}
        <div id="drawer" class="drawer">
          <nav part="rail" class="rail" aria-label=${this.t('servers')}>
            <button
              part="explore-button"
              class="explore-button"
              aria-pressed=${this.serverId ? 'false' : 'true'}
              @click=${this.openExplore}
            >
              ${this.t('explore')}
            </button>
            <chat-server-list
              .client=${common.client}
              .strings=${common.strings}
              theme=${common.theme ?? nothing}
              member=${this.member ?? nothing}
              server-id=${this.serverId ?? nothing}
              @chat-server-select=${this.onServerSelect}
            ></chat-server-list>
          </nav>
          ${
            this.serverId
              ? html`<chat-channels
                  part="sidebar"
                  class="sidebar"
                  role="navigation"
                  aria-label=${this.t('channels')}
                  .client=${common.client}
                  .strings=${common.strings}
                  theme=${common.theme ?? nothing}
                  server-id=${this.serverId}
                  channel-id=${this.channelId ?? nothing}
                  invite-base=${this.inviteBase ?? nothing}
                  @chat-channel-select=${this.onChannelSelect}
                  @chat-not-found=${this.onNotFound}
                ></chat-channels>`
              : nothing
          }
        </div>
        <main part="main" class="main ${this.panels?.open ? 'threaded' : ''}" ?inert=${this.drawerOpen} @keydown=${this.onMainKeydown}>
          ${this.notice ? html`<p part="notice" class="status error" role="alert">${this.notice}</p>` : nothing}
          ${
            this.invite
              ? html`<chat-invite
                  part="invite"
                  .client=${common.client}
                  .strings=${common.strings}
                  theme=${common.theme ?? nothing}
                  code=${this.invite}
                  @chat-server-select=${this.onServerSelect}
                ></chat-invite>`
              : this.serverId
                ? html`<chat-messages
                    .client=${common.client}
                    .strings=${common.strings}
                    theme=${common.theme ?? nothing}
                    server-id=${this.serverId}
                    channel-id=${this.channelId ?? nothing}
                    @chat-not-found=${this.onNotFound}
                    @chat-thread-open=${this.onThreadOpen}
                    >${this.renderHeaderActions()}</chat-messages
                  >`
                : this.renderExploring()
          }
          ${this.panels?.render(search)}
        </main>
      </div>
    `;
  }

  /** The open server's and channel's names (Explore without a server), in the narrow layout's top bar. */
  private renderTitle() {
    const server = this.server.value.value;
    const channel = server?.channels.find((candidate) => candidate.id === this.channelId);
    const title = this.serverId ? [server?.name, channel && `#${channel.name}`].filter(Boolean).join(' › ') : this.t('explore');
    return html`<span part="title" id="title" class="title" title=${title}>${title}</span>`;
  }

  /**
   * Moves the focus where the user would go on: the composer of the open channel (its Join button
   * for a non-member), else the rail's first control, Explore (or, in the narrow layout, the
   * button that opens the drawer).
   */
  override focus(options?: FocusOptions): void {
    const root = this.renderRoot;
    const candidates = [
      root.querySelector('chat-messages')?.shadowRoot?.querySelector<HTMLElement>('[part="input"], [part="join"]'),
      root.querySelector<HTMLElement>('[part="explore-button"]'),
      root.querySelector<HTMLElement>('[part="drawer-toggle"]'),
    ];
    candidates.find((candidate) => candidate?.checkVisibility())?.focus(options);
  }

  /** Opens or closes the drawer (narrow layout); what it does while open is fetched the first time. */
  private toggleDrawer = async (): Promise<void> => {
    if (this.drawerOpen) return this.closeDrawer();
    drawer ??= await import('./app-drawer.js');
    this.drawerOpen = true;
    await drawer.drawerOpened(this, this.closeDrawer);
  };

  /** Closes the drawer, unless a dialog opened from it is showing (closing would hide the dialog too). */
  private closeDrawer = (): void => {
    if (drawer?.drawerHoldsDialog(this)) return;
    this.drawerOpen = false;
  };

  /** The search field and the Members button, in the channel's header (a slot of `<chat-messages>`). */
  private renderHeaderActions() {
    if (!this.channelId) return nothing;
    if (search) adoptStyles(this.renderRoot as ShadowRoot, search.searchHintStyles);
    return html`<div slot="header-actions" class="search-box" role="search">
        <input
          part="search-field"
          type="search"
          placeholder=${this.t('search')}
          aria-label=${this.t('search')}
          @focus=${this.loadSearch}
          @keydown=${(event: KeyboardEvent) => {
            const field = event.target as HTMLInputElement;
            this.withPanels((panels) => panels.searchKeydown(event, field, search));
          }}
        />
        ${search?.renderSearchHints(this.t.bind(this))}
      </div>
      <button
        slot="header-actions"
        part="members-toggle"
        class="members-toggle"
        aria-pressed=${this.panels?.membersOpen ? 'true' : 'false'}
        title=${this.panels?.membersOpen ? this.t('hideMembers') : this.t('showMembers')}
        @click=${() => this.withPanels((panels) => void panels.toggleMembers())}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path
            fill="currentColor"
            d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-3.3 0-7 1.6-7 4v2.5h14V17c0-2.4-3.7-4-7-4Zm7.5-2.2a3.3 3.3 0 1 0-.9-6.5 6 6 0 0 1 0 5.8c.3.4.6.7.9.7Zm1.4 2.4c1.5.9 2.1 2.2 2.1 3.8v2.5h3V17c0-1.8-2.2-3.2-5.1-3.8Z"
          />
        </svg>
        <span class="visually-hidden">${this.t('membersTitle')}</span>
      </button>`;
  }

  /** Fetches the search's code when the field is first focused, so that its hints show, and the panel its results show in. */
  private loadSearch = async (): Promise<void> => {
    this.withPanels(() => {});
    search = await loadChatSearch();
    this.requestUpdate();
  };

  /** Runs `use` with the panels: at once once they are here, else once their code is fetched. */
  private withPanels(use: (panels: AppPanels) => void): void {
    if (this.panels) return use(this.panels);
    void (this.panelsLoading ??= import('./app-panels.js').then(({ AppPanels }) => (this.panels = new AppPanels(this)))).then(use);
  }

  /** Explore, once its code is fetched (see {@link loadExplore}); "Loading…" until then. */
  private renderExploring() {
    const status = this.renderAsyncStatus([this.categories.store, this.servers.store]);
    const categories = this.categories.value.value;
    const servers = this.servers.value.value;
    if (!explore || !categories || !servers) return status ?? this.renderAsyncStatus([undefined]);
    adoptStyles(this.renderRoot as ShadowRoot, explore.exploreStyles);
    return explore.renderExplore({ chat: this.chat, categories, servers, status, t: this.t.bind(this), open: (id) => this.open(id) });
  }

  /** Fetches Explore's code, beside the data it lists, and shows it then. */
  private loadExplore(): void {
    void (exploreLoading ??= import('./chat-explore.js')).then((module) => {
      explore = module;
      this.requestUpdate();
    });
  }

  private open(serverId: string): void {
    const serverName = this.servers.value.value?.find((server) => server.id === serverId)?.name ?? '';
    if (!this.dispatchEvent(new ChatServerSelectEvent({ serverId, serverName }))) return;
    this.serverId = serverId;
    this.channelId = undefined;
  }

  private openExplore = () => {
    this.invite = undefined;
    this.serverId = undefined;
    this.channelId = undefined;
    this.closeDrawer();
  };

  // The inner elements' selections go on out to the page, which may cancel them: they are
  // followed once the event has been everywhere (dispatch is synchronous; the microtask is after).
  private onServerSelect(event: CustomEvent<ServerSelectDetail>): void {
    queueMicrotask(() => {
      if (event.defaultPrevented) return;
      this.invite = undefined;
      this.notice = '';
      this.serverId = event.detail.serverId;
      this.channelId = undefined;
    });
  }

  private onChannelSelect(event: CustomEvent<ChannelSelectDetail>): void {
    queueMicrotask(() => {
      if (event.defaultPrevented) return;
      this.channelId = event.detail.channelId;
      this.closeDrawer();
    });
  }

  private onThreadOpen = (event: CustomEvent<ThreadDetail>) => this.withPanels((panels) => void panels.openThread(event.detail));

  private onMainKeydown = (event: KeyboardEvent) => this.panels?.keydown(event);

  private onNotFound(event: CustomEvent<NotFoundDetail>): void {
    if (event.detail.kind === 'server') this.serverId = undefined;
    this.channelId = undefined;
  }
}

/** Explore's code, once fetched: a page that opens on a channel never needs it. */
let explore: typeof import('./chat-explore.js') | undefined;
let exploreLoading: Promise<typeof import('./chat-explore.js')> | undefined;
/** What the drawer does while open, fetched when it first opens (the narrow layout only). */
let drawer: typeof import('./app-drawer.js') | undefined;
/** The search's code, once fetched (see {@link ChatApp.loadSearch}). */
let search: Awaited<ReturnType<typeof loadChatSearch>> | undefined;

defineElement('chat-app', ChatApp);

declare global {
  interface HTMLElementTagNameMap {
    'chat-app': ChatApp;
  }
}
