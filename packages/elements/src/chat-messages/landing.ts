import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import type { ChatClient, Server } from '@hearth/sdk';
import { css, html, nothing } from 'lit';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, format, formatCount, addStrings } from '../internal/strings.js';

// This code brings the defaults of the strings it shows.
addStrings(DEFERRED_STRINGS);

/** What the landing view shows, and what it calls back. */
export interface LandingView {
  chat: ChatClient | undefined;
  server: Server;
  /** Whether the user belongs to the server; undefined until known. */
  member: boolean | undefined;
  /** The last join failed. */
  joinFailed: boolean;
  t(key: keyof ChatStrings): string;
  join(): void;
}

/**
 * `<chat-messages>`' view of a server with no channel open: its banner, icon, name, description
 * and member count, and a Join button for a user who is not a member (or the hint to pick a
 * channel for one who is). Its code (and styles) are fetched when it first shows.
 */
export function renderLanding({ chat, server, member, joinFailed, t, join }: LandingView) {
  const icon = mediaUrl(chat, server.iconUrl);
  const banner = mediaUrl(chat, server.bannerUrl);
  return html`<section part="landing" class="landing" aria-labelledby="landing-title">
    ${banner ? html`<img part="landing-banner" class="landing-banner" src=${banner} alt="" />` : html`<div class="landing-banner"></div>`}
    <div class="landing-body">
      ${
        icon
          ? html`<img part="landing-icon" class="landing-icon" src=${icon} alt="" />`
          : html`<span part="landing-icon" class="landing-icon" aria-hidden="true">${initials(server.name)}</span>`
      }
      <h2 id="landing-title">${format(t('welcome'), { server: server.name })}</h2>
      <p>${server.description || t('defaultDescription')}</p>
      <p class="hint">${formatCount(t('member'), t('members'), server.memberCount)}</p>
      ${
        member === false
          ? html`${joinFailed ? html`<p role="alert">${t('joinFailed')}</p>` : nothing}
              <button part="join landing-join" class="primary" @click=${join}>${t('join')}</button>`
          : html`<p class="hint">${t('pickChannel')}</p>`
      }
    </div>
  </section>`;
}

/** The landing view's styles. */
export const landingStyles = css`
  .landing {
    padding: 0;
    overflow: auto;
  }
  .landing-banner {
    display: block;
    width: 100%;
    height: 140px;
    object-fit: cover;
    background: linear-gradient(135deg, var(--_accent), var(--_bg-alt));
  }
  .landing-body {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 4px;
    padding: 0 24px 24px;
  }
  .landing-icon {
    display: grid;
    place-items: center;
    width: 80px;
    height: 80px;
    margin-top: -40px;
    border: 4px solid var(--_bg);
    border-radius: 30%;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-size: 1.6rem;
    font-weight: 600;
    object-fit: cover;
  }
  .landing-body p {
    margin: 0;
  }
  .landing h2 {
    margin: 8px 0 0;
    font-size: 1.6rem;
    white-space: normal;
  }
`;
