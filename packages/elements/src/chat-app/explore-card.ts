import type { ChatClient, Server } from '@hearth/sdk';
import { css, html, nothing } from 'lit';
import { avatarColor } from '../internal/avatar-color.js';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, format } from '../internal/strings.js';

/** Where the user stands with a server: `undefined` while their memberships are not known yet. */
export type CardMembership = 'member' | 'joining' | 'not-member' | undefined;

/** What a server's card shows, and what it calls back. */
export interface ExploreCardView {
  chat: ChatClient | undefined;
  server: Server;
  membership: CardMembership;
  /** The last join of this server failed. */
  joinFailed: boolean;
  t(key: keyof ChatStrings): string;
  open(serverId: string): void;
  join(server: Server, button: HTMLButtonElement): void;
}

/** "1 member", "12 members". */
export function memberCount(count: number, t: ExploreCardView['t']): string {
  return count === 1 ? t('oneMember') : format(t('members'), { count });
}

/**
 * A server's card in Explore: its banner (or a band of its colour), its icon over the banner, its
 * name, two lines of its description, its member count, and Join (or "Joined"). A click anywhere
 * on it opens the server; for the keyboard, its name is the button that does.
 */
export function renderExploreCard({ chat, server, membership, joinFailed, t, open, join }: ExploreCardView) {
  const icon = mediaUrl(chat, server.iconUrl);
  const banner = mediaUrl(chat, server.bannerUrl);
  const nameId = `explore-name-${server.id}`;
  return html`<article
    part="card"
    class="card"
    aria-labelledby=${nameId}
    style="--_band:var(--_avatar-${avatarColor(server.id)})"
    @click=${() => open(server.id)}
  >
    <div class="card-banner">${banner ? html`<img src=${banner} alt="" loading="lazy" />` : nothing}</div>
    ${
      icon
        ? html`<img class="card-icon" src=${icon} alt="" />`
        : html`<span class="card-icon" aria-hidden="true">${initials(server.name)}</span>`
    }
    <div class="card-body">
      <h3 class="card-name" id=${nameId}><button part="card-open" class="card-open">${server.name}</button></h3>
      <p class="card-description">${server.description || t('defaultDescription')}</p>
      ${joinFailed ? html`<p part="card-error" class="card-error" role="alert">${t('joinFailed')}</p>` : nothing}
      <div class="card-footer">
        <span part="member-count" class="member-count">${memberCount(server.memberCount, t)}</span>
        ${renderAction(server, membership, t, join)}
      </div>
    </div>
  </article>`;
}

function renderAction(server: Server, membership: CardMembership, t: ExploreCardView['t'], join: ExploreCardView['join']) {
  if (membership === undefined) return nothing;
  if (membership === 'member') {
    return html`<span part="joined" class="joined">
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
        <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      ${t('exploreJoined')}
    </span>`;
  }
  const joining = membership === 'joining';
  return html`<button
    part="join"
    class="join"
    aria-label=${joining ? t('exploreJoining') : format(t('exploreJoinServer'), { server: server.name })}
    aria-disabled=${joining ? 'true' : 'false'}
    @click=${(event: Event) => {
      // The card around opens the server; Join only joins it.
      event.stopPropagation();
      if (!joining) join(server, event.currentTarget as HTMLButtonElement);
    }}
  >
    ${joining ? t('exploreJoining') : t('exploreJoin')}
  </button>`;
}

/** The cards' styles. */
export const exploreCardStyles = css`
  .card {
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_bg-alt);
    cursor: pointer;
    transition:
      box-shadow 0.15s,
      transform 0.15s;
  }
  .card:hover {
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
    transform: translateY(-2px);
  }
  @media (prefers-reduced-motion: reduce) {
    .card {
      transition: none;
    }
    .card:hover {
      transform: none;
    }
  }
  /* The name's button is the card's keyboard stop: the ring goes round the whole card. */
  .card:has(.card-open:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .card-open:focus-visible {
    outline: none;
  }
  .card-banner {
    flex: none;
    height: 112px;
    background: linear-gradient(135deg, var(--_band), color-mix(in srgb, var(--_band) 45%, var(--_bg-alt)));
  }
  .card-banner img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .card-icon {
    box-sizing: border-box;
    display: grid;
    place-items: center;
    width: 56px;
    height: 56px;
    margin: -32px 0 0 16px;
    border: 4px solid var(--_bg-alt);
    border-radius: 16px;
    background: var(--_band);
    color: var(--_avatar-fg);
    font-size: 1.1rem;
    font-weight: 700;
    object-fit: cover;
  }
  .card-body {
    display: flex;
    flex: 1;
    flex-direction: column;
    gap: 6px;
    padding: 8px 16px 16px;
  }
  .card-name {
    margin: 0;
    font-size: 1rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .card-open {
    padding: 0;
    border: none;
    background: none;
    font-weight: 700;
    text-align: start;
    cursor: pointer;
  }
  .card-description {
    display: -webkit-box;
    margin: 0;
    overflow: hidden;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    color: var(--_fg-muted);
    font-size: 0.875rem;
    line-height: 1.4;
    /* Two lines always, so that the footers of a row line up. */
    min-height: 2.8em;
  }
  .card-error {
    margin: 0;
    padding-inline-start: 8px;
    border-inline-start: 3px solid var(--_danger);
    font-size: 0.875rem;
  }
  .card-footer {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-height: 32px;
    margin-top: auto;
    padding-top: 4px;
    color: var(--_fg-muted);
    font-size: 0.8125rem;
  }
  .member-count {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .member-count::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.6;
  }
  .join {
    padding: 6px 16px;
    border: none;
    border-radius: 6px;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-size: 0.875rem;
    font-weight: 600;
    cursor: pointer;
  }
  .join:hover {
    filter: brightness(1.1);
  }
  .join[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .joined {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-weight: 600;
  }
  .joined svg {
    color: var(--_online);
  }
`;
