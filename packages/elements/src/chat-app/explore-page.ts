import type { Category, ChatClient, Server } from '@hearth/sdk';
import { type TemplateResult, html, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import type { DirectiveResult } from 'lit/directive.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { type CardMembership, renderExploreCard } from './explore-card.js';
import { renderExploreFilter } from './explore-filter.js';

/** What Explore shows, and what it calls back. */
export interface ExploreView {
  /** The client, for the images' addresses and to join servers. */
  chat: ChatClient | undefined;
  categories: readonly Category[];
  servers: readonly Server[];
  /** Shown above the servers: the error and Retry of a refresh that failed. */
  status: TemplateResult | undefined;
  t(key: keyof ChatStrings): string;
  /** Opens a server, from its card. */
  open(serverId: string): void;
}

/**
 * Explore's page, with the state only it has: the chosen category and search words, which
 * servers are being joined or failed to join, and the user's memberships, watched while it shows.
 * A directive keeps that state where Explore shows, and draws the page again when it changes.
 */
class ExplorePage extends AsyncDirective {
  private view: ExploreView | undefined;
  private category = '';
  private query = '';
  private readonly joining = new Set<string>();
  private readonly failed = new Set<string>();
  /** What the page last told screen readers: how many servers the filter shows, or a join. */
  private announcement = '';
  private watched: ChatClient | undefined;
  private unwatch: (() => void) | undefined;

  render(view: ExploreView): TemplateResult {
    this.view = view;
    if (view.chat !== this.watched) this.watch(view.chat);
    return this.page(view);
  }

  protected override disconnected(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.watched = undefined;
  }

  protected override reconnected(): void {
    this.watch(this.view?.chat);
  }

  /** The user's memberships, for Join or "Joined" on each card (loaded on first watch). */
  private watch(chat: ChatClient | undefined): void {
    this.unwatch?.();
    this.watched = chat;
    this.unwatch = chat?.$memberships.listen(this.redraw);
  }

  private redraw = (): void => {
    if (this.view && this.isConnected) this.setValue(this.page(this.view));
  };

  private page(view: ExploreView): TemplateResult {
    const { t } = view;
    const shown = this.shownServers(view);
    const chosen = view.categories.find((category) => category.id === this.category);
    const memberships = view.chat?.$memberships.get().value;
    return html`<section part="explore" class="explore" aria-labelledby="explore-title">
      <header class="explore-header">
        <div>
          <h2 id="explore-title">${t('explore')}</h2>
          <p class="explore-intro">${t('exploreIntro')}</p>
        </div>
        <input
          part="explore-search"
          class="explore-search"
          type="search"
          placeholder=${t('exploreSearch')}
          aria-label=${t('exploreSearch')}
          @input=${(event: Event) => this.filter(this.category, (event.target as HTMLInputElement).value)}
        />
      </header>
      ${renderExploreFilter({
        chat: view.chat,
        categories: view.categories,
        category: this.category,
        t,
        choose: (id) => this.filter(id, this.query),
      })}
      ${view.status ?? nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${
        shown.length === 0
          ? html`<p part="explore-empty" class="explore-empty">
              ${
                this.query.trim()
                  ? format(t('exploreNoMatch'), { query: this.query.trim() })
                  : format(t('exploreEmptyCategory'), { category: chosen?.name ?? '' })
              }
            </p>`
          : html`<ul class="explore-grid">
              ${shown.map(
                (server) =>
                  html`<li>
                    ${renderExploreCard({
                      chat: view.chat,
                      server,
                      membership: this.membership(server.id, memberships),
                      joinFailed: this.failed.has(server.id),
                      t,
                      open: view.open,
                      join: (joined, button) => void this.join(joined, button),
                    })}
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }

  /** The servers of the chosen category whose name or description has the search words. */
  private shownServers({ servers }: ExploreView): Server[] {
    const words = this.query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    return servers.filter((server) => {
      if (this.category && server.categoryId !== this.category) return false;
      const text = `${server.name} ${server.description}`.toLocaleLowerCase();
      return words.every((word) => text.includes(word));
    });
  }

  private membership(serverId: string, memberships: readonly string[] | undefined): CardMembership {
    if (this.joining.has(serverId)) return 'joining';
    if (!memberships) return undefined;
    return memberships.includes(serverId) ? 'member' : 'not-member';
  }

  /** Shows the servers of `category` (empty: all) matching `query`, and says how many there are. */
  private filter(category: string, query: string): void {
    this.category = category;
    this.query = query;
    if (this.view) {
      const count = this.shownServers(this.view).length;
      const { t } = this.view;
      this.announcement = count === 1 ? t('exploreOneServer') : format(t('exploreServerCount'), { count });
    }
    this.redraw();
  }

  /**
   * Joins `server` from its card: the card says "Joined" then (or why not), and a keyboard user's
   * focus, on the Join button that goes away, moves to the card's name.
   */
  private async join(server: Server, button: HTMLButtonElement): Promise<void> {
    const chat = this.view?.chat;
    if (!chat || this.joining.has(server.id)) return;
    const card = button.closest('.card');
    const hadFocus = button.matches(':focus');
    this.joining.add(server.id);
    this.failed.delete(server.id);
    this.redraw();
    try {
      await chat.$memberships.join(server.id);
      this.announcement = format(this.view?.t('exploreJoinedServer') ?? '', { server: server.name });
    } catch {
      this.failed.add(server.id);
    } finally {
      this.joining.delete(server.id);
      this.redraw();
    }
    if (!hadFocus) return;
    const stillThere = card?.querySelector<HTMLButtonElement>('.join');
    (stillThere ?? card?.querySelector<HTMLButtonElement>('.card-open'))?.focus();
  }
}

/** Draws Explore for `view`, keeping its filter and joins across the app's renders. */
export const explorePage: (view: ExploreView) => DirectiveResult = directive(ExplorePage);
