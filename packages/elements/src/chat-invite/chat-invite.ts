import { ChatApiError, type InvitePreview } from '@hearth/sdk';
import { acceptInvite, previewInvite } from '@hearth/sdk/community';
import { type PropertyValues, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatServerSelectEvent } from '../events.js';
import { ChatElement } from '../internal/chat-element.js';
import { COMMUNITY_STRINGS } from '../internal/community-strings.js';
import { defineElement } from '../internal/define.js';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, format, formatCount } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';

/**
 * An invite to a server, by its code (the `?invite=CODE` of an invite link): the server's banner,
 * icon, name, description and member count, and Accept, which makes the user a member and fires
 * `chat-server-select` for the server. A revoked, unknown or expired code, or a ban from the
 * server, is said plainly instead.
 *
 * `<chat-app invite="CODE">` shows one in place of its main view; a page that places the elements
 * itself shows it alone.
 *
 * @tag chat-invite
 * @summary The preview of an invite, and its Accept button.
 *
 * @fires {ChatServerSelectEvent} chat-server-select - The user accepted the invite and is a member now; open the server. `detail: { serverId: string; serverName: string }`.
 *
 * @csspart card - The invite.
 * @csspart banner - The server's banner.
 * @csspart icon - The server's icon or initials.
 * @csspart name - The server's name.
 * @csspart accept - The Accept button.
 * @csspart status - "Loading…", or why the invite cannot be used.
 *
 * @cssprop --chat-bg-alt - Background of the card.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour (the Accept button).
 * @cssprop --chat-accent-fg - Text on the accent colour.
 * @cssprop --chat-danger - Colour of the bar beside an error.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatInvite extends ChatElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        padding: 16px;
        background: none;
      }
      [part='card'] {
        box-sizing: border-box;
        width: min(420px, 100%);
        overflow: hidden;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_bg-alt);
        text-align: center;
      }
      [part='banner'] {
        display: block;
        width: 100%;
        height: 120px;
        object-fit: cover;
      }
      .content {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 8px;
        padding: 16px;
      }
      [part='icon'] {
        display: grid;
        place-items: center;
        width: 64px;
        height: 64px;
        border-radius: 30%;
        background: var(--_accent);
        color: var(--_accent-fg);
        font-weight: 600;
        object-fit: cover;
      }
      h2 {
        margin: 0;
      }
      p {
        margin: 0;
        color: var(--_fg-muted);
      }
      [part='accept'] {
        padding: 8px 16px;
        border: 0;
        border-radius: 4px;
        background: var(--_accent);
        color: var(--_accent-fg);
        cursor: pointer;
      }
      [part='status'] {
        padding: 8px 12px;
      }
      .error {
        color: var(--_fg);
        border-inline-start: 3px solid var(--_danger);
      }
    `,
  ];

  /** The invite's code. */
  @property() accessor code: string | undefined;

  @state() private accessor preview: InvitePreview | undefined;
  @state() private accessor problem = '';
  @state() private accessor joined = false;
  @state() private accessor busy = false;
  private loaded: string | undefined;

  protected override t(key: keyof ChatStrings): string {
    return this.strings[key] ?? (COMMUNITY_STRINGS as Partial<ChatStrings>)[key] ?? super.t(key);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const { chat, code } = this;
    if (!chat || !code || this.loaded === code) return;
    this.loaded = code;
    this.preview = undefined;
    this.problem = '';
    this.joined = false;
    previewInvite(chat, code).then(
      (preview) => code === this.code && (this.preview = preview),
      (error: unknown) => code === this.code && (this.problem = this.explain(error)),
    );
  }

  protected override render() {
    if (this.problem) return html`<p part="status" class="error" role="alert">${this.problem}</p>`;
    const preview = this.preview;
    if (!preview) return this.signedOut ? this.renderSignedOut() : html`<p part="status" role="status">${this.t('loading')}</p>`;
    const { server } = preview;
    const icon = mediaUrl(this.chat, server.iconUrl);
    const banner = mediaUrl(this.chat, server.bannerUrl);
    return html`<section part="card" aria-labelledby="name">
      ${banner ? html`<img part="banner" src=${banner} alt="" />` : nothing}
      <div class="content">
        <p>${this.t('inviteTitle')}</p>
        ${icon ? html`<img part="icon" src=${icon} alt="" />` : html`<span part="icon" aria-hidden="true">${initials(server.name)}</span>`}
        <h2 part="name" id="name">${server.name}</h2>
        ${server.description ? html`<p>${server.description}</p>` : nothing}
        <p>${formatCount(this.t('member'), this.t('members'), server.memberCount)}</p>
        ${
          this.joined
            ? html`<p role="status">${format(this.t('joinedServer'), { server: server.name })}</p>`
            : html`<button part="accept" ?disabled=${this.busy} @click=${this.accept}>${this.t('accept')}</button>`
        }
      </div>
    </section>`;
  }

  /** What a refusal means for the user. */
  private explain(error: unknown): string {
    const code = error instanceof ChatApiError ? error.code : '';
    if (code === 'unknown_invite') return this.t('inviteUnknown');
    if (code === 'invite_expired') return this.t('inviteExpired');
    if (code === 'banned') return this.t('inviteBanned');
    return format(this.t('acceptFailed'), { reason: error instanceof Error ? error.message : String(error) });
  }

  private accept = async (): Promise<void> => {
    const { chat, code, preview } = this;
    if (!chat || !code || !preview) return;
    this.busy = true;
    try {
      await acceptInvite(chat, code);
      this.joined = true;
      this.dispatchEvent(new ChatServerSelectEvent({ serverId: preview.server.id, serverName: preview.server.name }));
    } catch (error) {
      this.problem = this.explain(error);
    } finally {
      this.busy = false;
    }
  };
}

defineElement('chat-invite', ChatInvite);

declare global {
  interface HTMLElementTagNameMap {
    'chat-invite': ChatInvite;
  }
}
