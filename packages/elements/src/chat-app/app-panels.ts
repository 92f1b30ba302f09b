import { type ReactiveController, css, html, nothing } from 'lit';
import { loadChatMembers } from '../chat-members/load-chat-members.js';
import type { SearchPanelHost } from '../chat-search/search-panel.js';
import { loadChatThread } from '../chat-thread/load-chat-thread.js';
import type { ThreadDetail } from '../chat-thread/thread-events.js';
import { adoptStyles } from '../internal/adopt-styles.js';

/** What the panels need of `<chat-app>`: its client and look, the server and channel it shows, and its re-render. */
export type PanelsHost = SearchPanelHost & {
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
};

/** What `<chat-app>` shows of the search, once fetched (the search panel module). */
type SearchCode = typeof import('../chat-search/search-panel.js');

/** The side panels' place beside the messages, and over them in a narrow container. */
const panelStyles = css`
  .main.threaded {
    flex-direction: row;
    overflow: hidden;
  }
  .main.threaded chat-messages {
    min-width: 0;
  }
  .main chat-thread,
  .main chat-search {
    flex: 0 0 min(400px, 45%);
    min-width: 0;
    height: auto;
    border-inline-start: 1px solid var(--_border);
  }
  /* Its header as tall as the messages' one beside it (as <chat-members> and <chat-thread> are). */
  .main chat-search::part(header) {
    box-sizing: border-box;
    height: 48px;
    padding-block: 0;
  }
  .main chat-members {
    flex: 0 0 min(240px, 40%);
    min-width: 0;
    height: auto;
    border-inline-start: 1px solid var(--_border);
  }
  @container (max-width: 699px) {
    /* The thread, the members or the results cover the messages, full width, until they close. */
    .main chat-thread,
    .main chat-members,
    .main chat-search {
      position: absolute;
      inset: 0;
      z-index: 1;
      border-inline-start: none;
    }
  }
`;

/**
 * The panels of `<chat-app>` beside the messages, which take turns: a thread, the members, the
 * search results. Fetched when the user first opens one (or focuses the search field), as most
 * visits only read: which one shows, how it opens and closes, and where the focus goes then.
 */
export class AppPanels implements ReactiveController {
  /** The thread whose panel is open. */
  thread: ThreadDetail | undefined;
  /** Whether the members panel shows. */
  membersOpen = false;
  /** The query whose results show; none while the results are closed. */
  searchQuery: string | undefined;
  /** What had the focus when the thread opened: it gets it back when the thread closes. */
  private threadOpener: HTMLElement | undefined;

  constructor(private readonly host: PanelsHost) {
    host.addController(this);
    adoptStyles(host.renderRoot as ShadowRoot, panelStyles);
  }

  /** Whether a panel shows beside the messages. */
  get open(): boolean {
    return Boolean(this.thread || this.membersOpen || this.searchQuery);
  }

  /** A thread of another channel closes; without a server, nothing shows. */
  hostUpdate(): void {
    if (this.thread && this.thread.channelId !== this.host.channelId) this.thread = undefined;
    if (!this.host.serverId) {
      this.membersOpen = false;
      this.searchQuery = undefined;
    }
  }

  /** The panel that is open, if any; `search` is the search's code, once fetched. */
  render(search: SearchCode | undefined) {
    const { serverId, client, strings, theme } = this.host;
    if (!serverId) return nothing;
    if (this.thread) {
      return html`<chat-thread
        part="thread"
        class="thread"
        .client=${client}
        .strings=${strings}
        theme=${theme ?? nothing}
        server-id=${serverId}
        channel-id=${this.thread.channelId}
        root-id=${this.thread.rootId}
        @chat-thread-close=${this.closeThread}
      ></chat-thread>`;
    }
    if (this.membersOpen) {
      return html`<chat-members
        part="members"
        class="members"
        closable
        .client=${client}
        .strings=${strings}
        theme=${theme ?? nothing}
        server-id=${serverId}
        @chat-members-close=${this.closeMembers}
      ></chat-members>`;
    }
    return this.searchQuery ? search?.renderSearchPanel(this.host, this.searchQuery, this.closeSearch) : nothing;
  }

  private show(panel: Partial<Pick<AppPanels, 'thread' | 'membersOpen' | 'searchQuery'>>): void {
    this.thread = panel.thread;
    this.membersOpen = panel.membersOpen ?? false;
    this.searchQuery = panel.searchQuery;
    this.host.requestUpdate();
  }

  /** The Members button: shows the members (focusing their close button), or hides them. */
  async toggleMembers(): Promise<void> {
    if (this.membersOpen) return this.closeMembers();
    await loadChatMembers();
    this.threadOpener = undefined;
    this.show({ membersOpen: true });
    await this.host.updateComplete;
    const panel = this.host.renderRoot.querySelector('chat-members');
    await panel?.updateComplete;
    panel?.shadowRoot?.querySelector<HTMLElement>('[part="close"]')?.focus();
  }

  /** Hides the members, and gives the focus back to the Members button. */
  closeMembers = (): void => {
    if (!this.membersOpen) return;
    this.show({});
    this.host.renderRoot.querySelector<HTMLElement>('[part="members-toggle"]')?.focus();
  };

  /** Opens the thread's panel, and focuses it; the focus goes back to what had it when the thread closes. */
  async openThread({ channelId, rootId }: ThreadDetail): Promise<void> {
    this.threadOpener ??= deepActiveElement();
    await loadChatThread();
    this.show({ thread: { channelId, rootId } });
    await this.host.updateComplete;
    const panel = this.host.renderRoot.querySelector('chat-thread');
    await panel?.updateComplete;
    panel?.focus();
  }

  closeThread = (): void => {
    this.show({});
    const opener = this.threadOpener;
    this.threadOpener = undefined;
    if (opener?.isConnected) opener.focus();
  };

  /**
   * Enter in the search field shows the results of its query; Down goes to the first result. The
   * field comes apart from the event because this code may arrive after the event's dispatch, when
   * the browser has already cleared a shadow tree's target from it.
   */
  searchKeydown(event: KeyboardEvent, field: HTMLInputElement, search: SearchCode | undefined): void {
    const query = field.value.trim();
    if (event.key === 'ArrowDown') search?.focusResults(this.host, event);
    if (event.key === 'Enter' && query) this.show({ searchQuery: query });
  }

  /** Hides the results, and gives the focus back to the search field. */
  closeSearch = (): void => {
    this.show({});
    this.host.renderRoot.querySelector<HTMLElement>('[part="search-field"]')?.focus();
  };

  /** Escape closes the open panel from the messages too, unless something there used the key. */
  keydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (this.searchQuery) this.closeSearch();
    else if (this.thread) this.closeThread();
    else this.closeMembers();
  }
}

/** The element that has the focus, inside shadow roots too. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}
