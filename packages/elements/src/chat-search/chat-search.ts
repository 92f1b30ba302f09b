import { ChatApiError } from '@hearth/sdk';
import { type SearchHit, searchMessages } from '@hearth/sdk/search';
import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { renderAvatar } from '../internal/avatar.js';
import { avatarStyles } from '../internal/avatar.styles.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { addStrings, format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { renderName, sharedNames } from '../internal/user-tag.js';
import styles from './chat-search.styles.js';
import { highlightedExcerpt } from './highlighted-excerpt.js';
import { ChatSearchCloseEvent, ChatSearchOpenEvent } from './search-events.js';
import { renderSearchHints, searchHintStyles } from './search-hints.js';
import { SEARCH_STRINGS } from './search-strings.js';

export { ChatSearchCloseEvent, ChatSearchOpenEvent, type SearchCloseDetail, type SearchOpenDetail } from './search-events.js';

// This code brings the defaults of the strings it shows.
addStrings(SEARCH_STRINGS);

/** Results asked for per page: what fills a panel, and a short wait. */
const PAGE_SIZE = 25;

/** Where a search stands: nothing asked yet, the first page on its way, results (maybe none), or a failure. */
type SearchState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Full-text search over the messages of a server's channels the user can read (or of all their
 * servers without `server-id`): a field with filter hints (`from:`, `in:`, `has:file`,
 * `has:image`, `before:`, `after:`, shown while the field is focused and empty), then the results,
 * best match first, each with its author, channel, time and an excerpt with the matched words
 * marked. "Load more" fetches the next page. A query the server refuses (a filter with a bad value)
 * shows the server's reason.
 *
 * Opening a result fires `chat-search-open`; the element itself goes nowhere: `<chat-app>` opens
 * the message's channel and shows the message, and a page with separate elements does the same
 * with `<chat-messages>`'s `showMessage(seq)`. With `no-field` the page has its own field and sets
 * `query` (as `<chat-app>` does from its header).
 *
 * @tag chat-search
 * @summary Search messages, and open what is found.
 *
 * @fires {ChatSearchOpenEvent} chat-search-open - The user opened a result; cancelable. `detail: { serverId: string; channelId: string; messageId: string; seq: number; threadId: string | null }`.
 * @fires {ChatSearchCloseEvent} chat-search-close - The user pressed the close button (shown with `closable`) or Escape in the panel. `detail: { query: string }`.
 *
 * @csspart header - The field (or the title with `no-field`) and the close button.
 * @csspart query - The query the results are for, under the title (with `no-field`).
 * @csspart field - The search field.
 * @csspart hints - The filter hints under the empty field.
 * @csspart hint - One filter hint (a button that writes the filter into the field).
 * @csspart close - The close button.
 * @csspart results - The list of results.
 * @csspart hit - One result (a button that opens it); also `hit opened` for the one opened last.
 * @csspart avatar - The author's picture, or their initials on a colour picked by their id.
 * @csspart author - The author's name; their tag (`#1234`, from their id) is its tooltip.
 * @csspart user-tag - The author's tag after their name, where another result's author has the same name.
 * @csspart channel - Where the message is ("in #general").
 * @csspart timestamp - When it was sent.
 * @csspart excerpt - The excerpt of the message.
 * @csspart match - A matched range of an excerpt (a `<mark>`).
 * @csspart load-more - The button that fetches the next page.
 * @csspart status - "Searching…", "No results for …", or the reason a search failed.
 * @csspart retry - The button that searches again after a failure.
 *
 * @cssprop --chat-bg-alt - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-bg - Background of a result, and of the field.
 * @cssprop --chat-fg-muted - Channel, time, hints, and the edge of a result under the pointer.
 * @cssprop --chat-accent - The opened result's edge, and focus rings.
 * @cssprop --chat-hover - A hint under the pointer.
 * @cssprop --chat-danger - The reason a search failed.
 * @cssprop --chat-search-match - Background of a matched range.
 * @cssprop --chat-avatar-1 - The first of eight avatar colours (`--chat-avatar-1` to `--chat-avatar-8`).
 * @cssprop --chat-border - Separators.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatSearch extends ChatElement {
  static override styles = [themeStyles, avatarStyles, searchHintStyles, styles];

  /** The server whose channels to search; every server of the user's without it. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The words and filters to search for; setting it searches (an empty query shows nothing). */
  @property() accessor query = '';

  /** Leaves out the element's own field, for a page (or `<chat-app>`) that has its own and sets `query`. */
  @property({ type: Boolean, attribute: 'no-field' }) accessor noField = false;

  /** Shows a close button that fires `chat-search-close` (as `<chat-app>`'s panel does). */
  @property({ type: Boolean }) accessor closable = false;

  @state() private accessor status: SearchState = 'idle';
  @state() private accessor hits: readonly SearchHit[] = [];
  @state() private accessor hasMore = false;
  @state() private accessor loadingMore = false;
  /** Why the last search failed: the server's reason for a refused query. */
  @state() private accessor failure: { reason: string; refused: boolean } | undefined;
  /** The query the results are for (the field may hold another by now). */
  @state() private accessor searched = '';
  /** The message opened last, marked in the list. */
  @state() private accessor openedId: string | undefined;
  @query('[part="field"]') private accessor field: HTMLInputElement | null = null;
  /** Ends the search in flight when another starts (a stale page must not land). */
  private inFlight: AbortController | undefined;
  /** What the current results were fetched for: a change of any of them starts over. */
  private searchedWith: { query: string; serverId: string | undefined; chat: unknown } | undefined;

  protected override willUpdate(): void {
    const wanted = { query: this.query.trim(), serverId: this.serverId, chat: this.chat };
    const last = this.searchedWith;
    if (last && last.query === wanted.query && last.serverId === wanted.serverId && last.chat === wanted.chat) return;
    if (!wanted.chat && wanted.query) return;
    this.searchedWith = wanted;
    void this.fetchPage(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.inFlight?.abort();
    // Connected again, it searches again.
    this.searchedWith = undefined;
  }

  /** Fetches the first page of the query (`fresh`), or the page after the results held. */
  private async fetchPage(fresh: boolean): Promise<void> {
    const chat = this.chat;
    const query = this.searchedWith?.query ?? '';
    this.inFlight?.abort();
    if (fresh) {
      this.hits = [];
      this.hasMore = false;
      this.failure = undefined;
      this.openedId = undefined;
      this.searched = query;
    }
    if (!chat || !query) {
      this.status = 'idle';
      return;
    }
    const controller = (this.inFlight = new AbortController());
    if (fresh) this.status = 'loading';
    else this.loadingMore = true;
    try {
      const page = await searchMessages(chat, query, {
        serverId: this.serverId,
        limit: PAGE_SIZE,
        offset: fresh ? 0 : this.hits.length,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      // A message sent between two pages moves the others down: one already held is not listed twice.
      const held = new Set(this.hits.map((hit) => hit.message.id));
      this.hits = [...this.hits, ...page.results.filter((hit) => !held.has(hit.message.id))];
      this.hasMore = page.hasMore;
      this.status = 'ready';
    } catch (error) {
      if (controller.signal.aborted) return;
      const refused = error instanceof ChatApiError && error.status === 400;
      const reason = error instanceof ChatApiError ? (error.problem.detail ?? error.problem.title) : String(error);
      this.failure = { reason, refused };
      if (fresh) this.status = 'error';
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        this.loadingMore = false;
      }
    }
  }

  protected override render() {
    return html`<header part="header" role="none">
        ${
          this.noField
            ? html`<div class="title">
                <h2>${this.t('searchResults')}</h2>
                ${this.searched ? html`<span part="query" class="query">${this.searched}</span>` : nothing}
              </div>`
            : html`<div class="search-box" role="search">
                <input
                  part="field"
                  type="search"
                  placeholder=${this.t('search')}
                  aria-label=${this.t('search')}
                  .value=${this.query}
                  @keydown=${this.onFieldKeydown}
                />
                ${renderSearchHints(this.t.bind(this))}
              </div>`
        }
        ${
          this.closable
            ? html`<button part="close" aria-label=${this.t('closeSearch')} @click=${this.close}>
                <span aria-hidden="true">×</span>
              </button>`
            : nothing
        }
      </header>
      <div class="body" @keydown=${this.onBodyKeydown}>${this.renderBody()}</div>`;
  }

  private renderBody() {
    const failure = this.failure;
    if (this.status === 'loading') return html`<p part="status" class="status" role="status">${this.t('searching')}</p>`;
    if (this.status === 'error' && failure) {
      return html`<p part="status" class="status error" role="alert">
        ${failure.refused ? failure.reason : format(this.t('searchFailed'), { reason: failure.reason })}
        ${failure.refused ? nothing : html`<button part="retry" @click=${() => this.fetchPage(true)}>${this.t('retry')}</button>`}
      </p>`;
    }
    if (this.status !== 'ready') return nothing;
    if (this.hits.length === 0) {
      return html`<div part="status" class="status empty" role="status">
        <p class="empty-title">${format(this.t('noResults'), { query: this.searched })}</p>
        <p>${this.t('noResultsHint')}</p>
      </div>`;
    }
    const shared = sharedNames(this.hits.map((hit) => hit.message.author));
    return html`<ol part="results" aria-label=${this.t('searchResults')} aria-busy=${this.loadingMore ? 'true' : 'false'}>
        ${this.hits.map((hit) => html`<li>${this.renderHit(hit, shared)}</li>`)}
      </ol>
      ${
        this.failure && !this.loadingMore
          ? html`<p part="status" class="status error" role="alert">${format(this.t('searchFailed'), { reason: this.failure.reason })}</p>`
          : nothing
      }
      ${
        this.hasMore
          ? html`<button part="load-more" class="load-more" ?disabled=${this.loadingMore} @click=${() => this.fetchPage(false)}>
              ${this.loadingMore ? this.t('searching') : this.t('loadMore')}
            </button>`
          : nothing
      }`;
  }

  private renderHit(hit: SearchHit, shared: ReadonlySet<string>) {
    const { message } = hit;
    const { author } = message;
    const where = format(this.t(message.threadId ? 'inThread' : 'inChannel'), { channel: hit.channelName });
    const opened = message.id === this.openedId;
    return html`<button
      part=${opened ? 'hit opened' : 'hit'}
      class="hit"
      data-id=${message.id}
      aria-current=${opened ? 'true' : 'false'}
      @click=${() => this.open(hit)}
    >
      ${renderAvatar(author, this.chat, 32)}
      <span class="meta">
        ${renderName(author, shared, 'author')}
        <span part="channel" class="channel">${where}</span>
        <time part="timestamp" class="time" datetime=${message.createdAt}>${formatWhen(message.createdAt)}</time>
      </span>
      <span part="excerpt" class="excerpt">${highlightedExcerpt(hit.excerpt, hit.highlights)}</span>
    </button>`;
  }

  private onFieldKeydown(event: KeyboardEvent): void {
    const field = event.currentTarget as HTMLInputElement;
    if (event.key === 'Enter') {
      event.preventDefault();
      // The same query again searches again: new messages may match by now.
      if (field.value.trim() === this.searchedWith?.query) void this.fetchPage(true);
      else this.query = field.value;
    } else if (event.key === 'ArrowDown') {
      const first = this.renderRoot.querySelector<HTMLElement>('[part~="hit"]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  /** Up and Down move between the results; Escape closes a closable panel. */
  private onBodyKeydown(event: KeyboardEvent): void {
    const hit = (event.target as HTMLElement).closest('[part~="hit"]');
    if (event.key === 'Escape' && this.closable) {
      event.preventDefault();
      this.close();
      return;
    }
    if (!hit || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const all = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="hit"]')];
    const next = all[all.indexOf(hit as HTMLElement) + (event.key === 'ArrowDown' ? 1 : -1)];
    event.preventDefault();
    if (next) next.focus();
    else if (event.key === 'ArrowUp') this.field?.focus();
  }

  private open(hit: SearchHit): void {
    this.openedId = hit.message.id;
    const { message, serverId } = hit;
    this.dispatchEvent(
      new ChatSearchOpenEvent({
        serverId,
        channelId: message.channelId,
        messageId: message.id,
        seq: message.seq,
        threadId: message.threadId ?? null,
      }),
    );
  }

  private close(): void {
    this.dispatchEvent(new ChatSearchCloseEvent({ query: this.searched }));
  }
}

/** A result's date and time, short: results span days and years, unlike a channel's rows. */
function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

defineElement('chat-search', ChatSearch);

declare global {
  interface HTMLElementTagNameMap {
    'chat-search': ChatSearch;
  }
}
