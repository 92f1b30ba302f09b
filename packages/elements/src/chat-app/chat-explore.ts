import type { Category, ChatClient, Server } from '@hearth/sdk';
import { type TemplateResult, css, html, nothing } from 'lit';
import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, addStrings, format } from '../internal/strings.js';

addStrings(DEFERRED_STRINGS);

/** What Explore shows, and what it calls back. */
export interface ExploreView {
  /** The client, for the images' addresses. */
  chat: ChatClient | undefined;
  categories: readonly Category[];
  servers: readonly Server[];
  /** Shown above the categories: the error and Retry of a refresh that failed. */
  status: TemplateResult | undefined;
  t(key: keyof ChatStrings): string;
  /** Opens a server, from its card. */
  open(serverId: string): void;
}

/**
 * `<chat-app>`'s Explore view: every server by category, as cards that open them. Its code (and
 * its styles, adopted by `<chat-app>`'s shadow root) is fetched when Explore first shows, beside
 * the categories and servers it lists.
 */
export function renderExplore(view: ExploreView) {
  const { t } = view;
  return html`<section part="explore" class="explore" aria-label=${t('explore')}>
    <h2>${t('explore')}</h2>
    ${view.status ?? nothing}
    ${view.categories.map((category) => {
      const inCategory = view.servers.filter((server) => server.categoryId === category.id);
      if (inCategory.length === 0) return nothing;
      const icon = mediaUrl(view.chat, category.iconUrl);
      return html`<section class="category">
        <h3>${icon ? html`<img class="category-icon" src=${icon} alt="" />` : nothing}${category.name}</h3>
        <ul>
          ${inCategory.map((server) => renderCard(server, view))}
        </ul>
      </section>`;
    })}
  </section>`;
}

function renderCard(server: Server, view: ExploreView) {
  const icon = mediaUrl(view.chat, server.iconUrl);
  return html`<li>
    <button part="card" class="card" @click=${() => view.open(server.id)}>
      ${icon ? html`<img src=${icon} alt="" />` : html`<span class="initials" aria-hidden="true">${initials(server.name)}</span>`}
      <span class="card-text">
        <strong>${server.name}</strong>
        <span>${server.description || view.t('defaultDescription')}</span>
        <small>${format(view.t('members'), { count: server.memberCount })}</small>
      </span>
    </button>
  </li>`;
}

/** Explore's styles. */
export const exploreStyles = css`
  .explore {
    padding: 16px 24px;
  }
  .explore h2 {
    margin-top: 0;
  }
  .category h3 {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 1rem;
  }
  .category-icon {
    width: 24px;
    height: 24px;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) .category-icon {
      filter: invert(1) hue-rotate(180deg);
    }
  }
  :host([theme='dark']) .category-icon {
    filter: invert(1) hue-rotate(180deg);
  }
  .explore ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
    gap: 12px;
    padding: 0;
    list-style: none;
  }
  .card {
    display: flex;
    gap: 12px;
    width: 100%;
    height: 100%;
    padding: 12px;
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    cursor: pointer;
  }
  .card:hover {
    background: var(--_hover);
  }
  .card img,
  .card .initials {
    flex: none;
    width: 48px;
    height: 48px;
    border-radius: 30%;
  }
  .card .initials {
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  .card-text {
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }
  .card-text span,
  .card-text small {
    color: var(--_fg-muted);
  }
`;
