import type { Category, Member, Membership, Server } from '@hearth/sdk';
import { manageServer } from '@hearth/sdk/community';
import { can } from '@hearth/sdk/protocol';
import { membersOf } from '@hearth/sdk/members';
import { type PropertyValues, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../internal/define.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import type { ChatStrings } from '../internal/strings.js';
import { CommunityDialog } from './community-dialog.js';
import { ChannelsState, renderChannels } from './settings-channels.js';
import { MembersState, renderMembers } from './settings-members.js';
import { ModerationState, renderAudit, renderBans, renderInvites } from './settings-moderation.js';
import { OverviewState, renderOverview } from './settings-overview.js';
import type { SettingsView } from './settings-view.js';

/** A tab of the server settings. */
export type SettingsTab = 'overview' | 'channels' | 'members' | 'bans' | 'invites' | 'audit';

const TAB_LABELS: Record<SettingsTab, keyof ChatStrings> = {
  overview: 'overview',
  channels: 'channelsTab',
  members: 'membersTab',
  bans: 'bansTab',
  invites: 'invitesTab',
  audit: 'auditTab',
};

/**
 * A server's settings, as a modal dialog in tabs; each user sees the tabs their role allows
 * (moderators: Members; admins and the owner: all). Overview edits the name, description,
 * category, visibility, icon and banner; Channels creates, renames, sets topics and slow mode,
 * reorders and deletes channels; Members changes roles, times out, kicks and bans; Bans lifts
 * bans; Invites makes, copies and revokes invites; the Audit log lists what was done, newest first.
 * Live: the server's and the members' changes show as they happen.
 *
 * Opened from `<chat-channels>`' server menu; its code is fetched then.
 *
 * @tag chat-server-settings
 * @summary A server's settings dialog.
 *
 * @csspart dialog - The dialog.
 * @csspart close - The close button.
 * @csspart tabs - The tab list; each tab is a `tab` part (`tab selected` for the shown one).
 * @csspart panel - The shown tab's panel.
 * @csspart error - The last action's failure.
 *
 * @cssprop --chat-bg - Background.
 * @cssprop --chat-bg-alt - Background of fields.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour (the shown tab, primary buttons).
 * @cssprop --chat-danger - Colour of destructive actions and failures.
 * @cssprop --chat-border - Colour of separators.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatServerSettings extends CommunityDialog {
  static override styles = [
    ...CommunityDialog.styles,
    css`
      dialog {
        width: min(720px, calc(100vw - 16px));
      }
      [part='tabs'] {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        border-bottom: 1px solid var(--_border);
        padding-bottom: 8px;
      }
      [part~='tab'] {
        border: 0;
        background: none;
      }
      [part~='selected'] {
        background: var(--_selected);
        font-weight: 600;
        box-shadow: inset 0 -2px var(--_accent);
      }
      .stack {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .list > li {
        padding: 8px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .list p {
        margin: 0;
      }
      .badge {
        padding: 0 6px;
        border-radius: 4px;
        background: var(--_selected);
        font-size: 0.8em;
      }
    `,
  ];

  /** The server whose settings to show. */
  @property({ attribute: 'server-id' }) accessor serverId: string | undefined;
  /** The tab shown (the first the user's role allows when it does not allow this one). */
  @property() accessor tab: SettingsTab = 'overview';
  /** The page address invite links start from. */
  @property({ attribute: false }) accessor inviteBase: string | undefined;

  private readonly serverStore = new AsyncStoreController<Server>(this);
  private readonly roles = new StoreController<Readonly<Record<string, Membership>>>(this, {});
  private readonly memberStore = new AsyncStoreController<Member[]>(this);
  private readonly categories = new AsyncStoreController<Category[]>(this);
  private readonly overview = new OverviewState();
  private readonly channels = new ChannelsState();
  private readonly membersState = new MembersState();
  private readonly moderation = new ModerationState();
  private pendingFocus: { selector: string; ready: (server: Server) => boolean } | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const chat = this.chat;
    this.serverStore.setStore(chat && this.serverId ? chat.servers.$get(this.serverId) : undefined);
    this.roles.setStore(chat?.$roles);
    // The tab shown, not the one asked for: a moderator asked for the default (Overview) is shown Members.
    const shown = this.shownTab();
    this.memberStore.setStore(chat && this.serverId && shown === 'members' ? membersOf(chat, this.serverId) : undefined);
    this.categories.setStore(chat?.categories.$list);
    if (changed.has('tab')) this.error = '';
  }

  protected override updated(): void {
    const pending = this.pendingFocus;
    const server = this.serverStore.value.value;
    if (!pending || !server || !pending.ready(server)) return;
    this.pendingFocus = undefined;
    this.renderRoot.querySelector<HTMLElement>(pending.selector)?.focus();
  }

  /** The tabs the user's role allows. */
  private tabs(): SettingsTab[] {
    const role = this.serverId ? this.roles.value[this.serverId]?.role : undefined;
    const tabs: SettingsTab[] = [];
    if (can(role, 'manageServer')) tabs.push('overview');
    if (can(role, 'manageChannels')) tabs.push('channels');
    if (can(role, 'moderateMembers')) tabs.push('members');
    if (can(role, 'ban')) tabs.push('bans');
    if (can(role, 'manageInvites')) tabs.push('invites');
    if (can(role, 'viewAuditLog')) tabs.push('audit');
    return tabs;
  }

  /** The tab shown: the one asked for when the user's role allows it, or else the first it allows. */
  private shownTab(): SettingsTab | undefined {
    const tabs = this.tabs();
    return tabs.includes(this.tab) ? this.tab : tabs[0];
  }

  protected heading(): string {
    const name = this.serverStore.value.value?.name;
    return name ? `${this.t('serverSettings')} — ${name}` : this.t('serverSettings');
  }

  protected renderBody() {
    const chat = this.chat;
    const server = this.serverStore.value.value;
    if (!chat || !server) return this.renderAsyncStatus([this.serverStore.store]) ?? nothing;
    const tabs = this.tabs();
    const tab = this.shownTab();
    if (!tab) return nothing;
    const view: SettingsView = {
      chat,
      server,
      role: this.roles.value[server.id]?.role,
      members: this.memberStore.value.value,
      categories: this.categories.value.value,
      admin: manageServer(chat, server.id),
      t: (key) => this.t(key),
      attempt: (action) => this.attempt(action),
      requestUpdate: () => this.requestUpdate(),
      focusWhen: (selector, ready) => {
        this.pendingFocus = { selector, ready };
        this.requestUpdate();
      },
      inviteBase: this.inviteBase,
    };
    const panels = {
      overview: () => renderOverview(view, this.overview),
      channels: () => renderChannels(view, this.channels),
      members: () => renderMembers(view, this.membersState),
      bans: () => renderBans(view, this.moderation),
      invites: () => renderInvites(view, this.moderation),
      audit: () => renderAudit(view, this.moderation),
    };
    return html`<div part="tabs" role="tablist" aria-label=${this.t('serverSettings')} @keydown=${this.onTabKey}>
        ${tabs.map(
          (each) =>
            html`<button
              part=${each === tab ? 'tab selected' : 'tab'}
              role="tab"
              id=${`tab-${each}`}
              data-tab=${each}
              aria-selected=${each === tab ? 'true' : 'false'}
              aria-controls="panel"
              tabindex=${each === tab ? 0 : -1}
              @click=${() => (this.tab = each)}
            >
              ${this.t(TAB_LABELS[each])}
            </button>`,
        )}
      </div>
      <div part="panel" id="panel" class="stack" role="tabpanel" aria-labelledby=${`tab-${tab}`}>${panels[tab]()}</div>`;
  }

  /** Arrow keys, Home and End move between the tabs (and show them), as a tab list does. */
  private onTabKey = (event: KeyboardEvent): void => {
    const tabs = this.tabs();
    const current = tabs.indexOf(this.tab);
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = tabs[((moves[event.key] as number) + tabs.length) % tabs.length] as SettingsTab;
    this.tab = next;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus());
  };
}

defineElement('chat-server-settings', ChatServerSettings);

declare global {
  interface HTMLElementTagNameMap {
    'chat-server-settings': ChatServerSettings;
  }
}
