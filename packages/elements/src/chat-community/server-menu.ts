import type { ChatClient, Server } from '@hearth/sdk';
import { manageServer } from '@hearth/sdk/community';
import { can } from '@hearth/sdk/protocol';
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { COMMUNITY_STRINGS } from '../internal/community-strings.js';
import { defineElement } from '../internal/define.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { CommunityDialog, type DialogOpener, openDialog } from './community-dialog.js';
import { inviteLink } from './invite-link.js';

/** What the menu acts for: the element it opens from, and the server. */
export interface ServerMenuContext extends DialogOpener {
  chat: ChatClient | undefined;
  server: Server;
  /** The page address invite links start from (`?invite=CODE` is added); the page's own by default. */
  inviteBase: string | undefined;
}

/**
 * The server header's menu, as in Discord: Invite people (admins and the owner), Server settings
 * (moderators and up; each sees the tabs their role allows), Create channel (admins and the
 * owner), Leave server (everyone but the owner, after a confirmation). Arrow keys move between
 * the items, Escape or Tab closes it and the focus returns to the header.
 *
 * @csspart menu - The menu.
 * @csspart menu-item - One item; `menu-item danger` for Leave server.
 */
export class ChatServerMenu extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        position: absolute;
        z-index: 5;
        inset-inline: 8px;
        background: none;
        font-size: 0.95rem;
        font-weight: normal;
      }
      [part='menu'] {
        display: flex;
        flex-direction: column;
        padding: 6px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_bg);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.25);
      }
      [part~='menu-item'] {
        padding: 8px 10px;
        border: 0;
        border-radius: 4px;
        background: none;
        text-align: start;
        cursor: pointer;
      }
      [part~='menu-item']:hover,
      [part~='menu-item']:focus-visible {
        background: var(--_accent);
        color: var(--_accent-fg);
      }
      [part~='danger'] {
        color: var(--_danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor context: ServerMenuContext | undefined;
  /** The button that opened the menu; it gets the focus back. */
  @property({ attribute: false }) accessor anchor: HTMLElement | undefined;
  @state() private accessor ready = false;
  private closing = false;

  private t(key: keyof ChatStrings): string {
    return this.context?.strings[key] ?? (COMMUNITY_STRINGS as Partial<ChatStrings>)[key] ?? key;
  }

  protected override render() {
    const context = this.context;
    if (!context) return nothing;
    const role = context.chat?.$roles.get()[context.server.id]?.role;
    const items: Array<[keyof ChatStrings, () => void, boolean?]> = [];
    if (can(role, 'manageInvites')) items.push(['invitePeople', () => this.run(() => openInvite(context))]);
    if (can(role, 'moderateMembers')) items.push(['serverSettings', () => this.run(() => void openSettings(context))]);
    if (can(role, 'manageChannels')) items.push(['createChannel', () => this.run(() => void openSettings(context, 'channels'))]);
    if (role && role !== 'owner') items.push(['leaveServer', () => this.run(() => openLeave(context)), true]);
    return html`<div part="menu" role="menu" aria-label=${this.t('serverMenu')} @keydown=${this.onKeydown} @focusout=${this.onFocusOut}>
      ${items.map(
        ([key, action, danger]) =>
          html`<button part=${danger ? 'menu-item danger' : 'menu-item'} role="menuitem" tabindex="-1" data-action=${key} @click=${action}>
            ${this.t(key)}
          </button>`,
      )}
    </div>`;
  }

  protected override firstUpdated(): void {
    this.anchor?.setAttribute('aria-expanded', 'true');
    this.ready = true;
    this.items()[0]?.focus();
  }

  private items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  /** Closes the menu; the focus goes back to its button unless something else takes it. */
  dismiss(refocus = true): void {
    // Removing the focused item blurs it, and the focus leaving the menu closes it: once is enough.
    if (!this.isConnected || this.closing) return;
    this.closing = true;
    this.anchor?.setAttribute('aria-expanded', 'false');
    this.remove();
    if (refocus) this.anchor?.focus();
  }

  private run(action: () => void): void {
    this.dismiss();
    action();
  }

  private onKeydown = (event: KeyboardEvent): void => {
    const items = this.items();
    const current = items.indexOf(this.renderRoot instanceof ShadowRoot ? (this.renderRoot.activeElement as HTMLElement) : items[0]!);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      items[((moves[event.key] as number) + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.dismiss();
    } else if (event.key === 'Tab') {
      this.dismiss(false);
    }
  };

  private onFocusOut = (event: FocusEvent): void => {
    if (this.ready && !this.contains(event.relatedTarget as Node) && !this.renderRoot.contains(event.relatedTarget as Node)) {
      this.dismiss(false);
    }
  };
}

defineElement('chat-server-menu', ChatServerMenu);

/**
 * Opens the server menu under `anchor` (the header's button) in the host's shadow root, or closes
 * it when it is open.
 */
export function toggleServerMenu(
  opener: DialogOpener & { inviteBase: string | undefined },
  chat: ChatClient | undefined,
  server: Server,
  anchor: HTMLElement,
): void {
  const context: ServerMenuContext = {
    renderRoot: opener.renderRoot,
    theme: opener.theme,
    strings: opener.strings,
    inviteBase: opener.inviteBase,
    chat,
    server,
  };
  const open = context.renderRoot.querySelector('chat-server-menu');
  if (open) return open.dismiss();
  const menu = new ChatServerMenu();
  menu.context = context;
  menu.anchor = anchor;
  if (context.theme) menu.setAttribute('theme', context.theme);
  (anchor.closest('header') ?? anchor).insertAdjacentElement('afterend', menu);
}

async function openSettings(context: ServerMenuContext, tab?: 'channels'): Promise<void> {
  const { ChatServerSettings } = await import('./server-settings.js');
  const dialog = openDialog(context, context.chat, new ChatServerSettings(), { serverId: context.server.id });
  if (tab) dialog.tab = tab;
}

function openInvite(context: ServerMenuContext): void {
  openDialog(context, context.chat, new ChatInviteDialog(), { server: context.server, inviteBase: context.inviteBase });
}

function openLeave(context: ServerMenuContext): void {
  openDialog(context, context.chat, new ChatLeaveDialog(), { server: context.server });
}

/**
 * "Invite people": makes an invite (valid 7 days) and shows its link with a Copy button.
 *
 * @csspart dialog - The dialog.
 * @csspart invite-link - The link's text field.
 * @csspart copy - The Copy button.
 */
export class ChatInviteDialog extends CommunityDialog {
  @property({ attribute: false }) accessor server: Server | undefined;
  @property({ attribute: false }) accessor inviteBase: string | undefined;
  @state() private accessor link = '';
  @state() private accessor copied = false;

  protected heading(): string {
    return this.t('invitePeople');
  }

  override async show(): Promise<void> {
    await super.show();
    const { chat, server } = this;
    if (!chat || !server) return;
    await this.attempt(async () => {
      const invite = await manageServer(chat, server.id).createInvite({ maxAgeSeconds: 7 * 86400 });
      this.link = inviteLink(invite.code, this.inviteBase);
    });
  }

  protected renderBody() {
    return html`<p class="muted">${format(this.t('inviteHint'), { server: this.server?.name ?? '' })}</p>
      <div class="row">
        <label style="flex:1"
          >${this.t('inviteLink')}<input
            part="invite-link"
            readonly
            .value=${this.link}
            @focus=${(event: Event) => (event.target as HTMLInputElement).select()}
        /></label>
        <button part="copy" class="primary" ?disabled=${!this.link} @click=${this.copy}>${this.t('copyLink')}</button>
      </div>
      <p role="status" class="muted">${this.copied ? this.t('copied') : ''}</p>`;
  }

  private copy = async (): Promise<void> => {
    await this.attempt(() => navigator.clipboard.writeText(this.link));
    this.copied = true;
  };
}

/**
 * "Leave SERVER?", with Leave and Cancel.
 *
 * @csspart dialog - The dialog.
 * @csspart confirm-leave - The Leave button.
 */
export class ChatLeaveDialog extends CommunityDialog {
  @property({ attribute: false }) accessor server: Server | undefined;

  protected heading(): string {
    return this.t('leaveServer');
  }

  protected renderBody() {
    return html`<p>${format(this.t('leaveConfirm'), { server: this.server?.name ?? '' })}</p>
      <div class="actions">
        <button @click=${() => this.close()}>${this.t('cancel')}</button>
        <button part="confirm-leave" class="primary" @click=${this.leave}>${this.t('leave')}</button>
      </div>`;
  }

  private leave = async (): Promise<void> => {
    const { chat, server } = this;
    if (chat && server && (await this.attempt(() => chat.$memberships.leave(server.id)))) this.close();
  };
}

defineElement('chat-invite-dialog', ChatInviteDialog);
defineElement('chat-leave-dialog', ChatLeaveDialog);

declare global {
  interface HTMLElementTagNameMap {
    'chat-server-menu': ChatServerMenu;
    'chat-invite-dialog': ChatInviteDialog;
    'chat-leave-dialog': ChatLeaveDialog;
  }
}
