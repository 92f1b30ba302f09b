import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import type { Member } from '@hearth/sdk';
import { membersOf } from '@hearth/sdk/members';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { renderAvatar } from '../internal/avatar.js';
import { avatarStyles } from '../internal/avatar.styles.js';
import { ChatElement } from '../internal/chat-element.js';
import { COMMUNITY_STRINGS } from '../internal/community-strings.js';
import { defineElement } from '../internal/define.js';
import { AsyncStoreController } from '../internal/store-controller.js';
import { type ChatStrings, format, addStrings } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { renderName, sharedNames } from '../internal/user-tag.js';
import styles from './chat-members.styles.js';
import { ChatMembersCloseEvent } from './members-events.js';

// This code brings the defaults of the strings it shows.
addStrings(DEFERRED_STRINGS);

/**
 * The members of a server, in two groups: "Online" (a socket of theirs has a channel of the
 * server open, on any device) and "Offline", each by name, with their avatar and the owner's
 * role. Live: people move between the groups as they come and go. Two members of one name each
 * show their tag after it (`Alice #0421`, from their id); anyone's tag is their name's tooltip.
 *
 * @tag chat-members
 * @summary Who belongs to a server, and who is online.
 *
 * @fires {ChatMembersCloseEvent} chat-members-close - The user pressed the close button (shown with `closable`). `detail: { serverId: string }`.
 *
 * @csspart header - The title and the close button.
 * @csspart close - The close button.
 * @csspart list - The scrolling list of both groups.
 * @csspart group - One group's heading ("Online — 3").
 * @csspart member - One member; also `member online` or `member offline`.
 * @csspart avatar - A member's picture, or their initials on a colour picked by their id.
 * @csspart online-dot - The green dot on an online member's avatar.
 * @csspart name - A member's name.
 * @csspart user-tag - A member's tag after their name, where another member has the same name.
 * @csspart role - A role badge: `role owner`, `role admin` or `role moderator`.
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The button that fetches the members again after an error.
 *
 * @cssprop --chat-bg-alt - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Group headings and offline members.
 * @cssprop --chat-online - The online dot.
 * @cssprop --chat-avatar-1 - The first of eight avatar colours (`--chat-avatar-1` to `--chat-avatar-8`).
 * @cssprop --chat-avatar-fg - The initials on an avatar colour.
 * @cssprop --chat-border - Separators.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatMembers extends ChatElement {
  static override styles = [themeStyles, avatarStyles, styles];

  /** The server whose members to list. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** Shows a close button that fires `chat-members-close` (as `<chat-app>`'s panel does). */
  @property({ type: Boolean }) accessor closable = false;

  // The SDK's store loads the members and keeps their presence live from `member_presence` frames.
  private readonly members = new AsyncStoreController<Member[]>(this);

  protected override willUpdate(): void {
    const chat = this.chat;
    this.members.setStore(chat && this.serverId ? membersOf(chat, this.serverId) : undefined);
    // Comings and goings arrive as socket frames.
    this.connectForLiveCounts();
  }

  protected override render() {
    if (!this.serverId) return html``;
    const members = this.members.value.value;
    const status = this.renderAsyncStatus([this.members.store]);
    const online = members?.filter((member) => member.online) ?? [];
    const offline = members?.filter((member) => !member.online) ?? [];
    const shared = sharedNames(members?.map((member) => member.user) ?? []);
    return html`<header part="header" role="none">
        <h2 id="title">${this.t('membersTitle')}</h2>
        ${
          this.closable
            ? html`<button part="close" aria-label=${this.t('closeMembers')} @click=${this.close}>
                <span aria-hidden="true">×</span>
              </button>`
            : nothing
        }
      </header>
      ${status ?? nothing}
      ${
        members
          ? html`<div part="list" role="region" aria-labelledby="title" tabindex="0">
              ${members.length === 0 ? html`<p part="status" role="status">${this.t('noMembers')}</p>` : nothing}
              ${this.renderGroup('online', format(this.t('onlineGroup'), { count: online.length }), online, shared)}
              ${this.renderGroup('offline', format(this.t('offlineGroup'), { count: offline.length }), offline, shared)}
            </div>`
          : nothing
      }`;
  }

  private renderGroup(kind: 'online' | 'offline', title: string, members: readonly Member[], shared: ReadonlySet<string>) {
    if (members.length === 0) return nothing;
    return html`<h3 part="group" id=${kind}>${title}</h3>
      <ul aria-labelledby=${kind}>
        ${members.map((member) => this.renderMember(member, kind, shared))}
      </ul>`;
  }

  private renderMember({ user, role }: Member, kind: 'online' | 'offline', shared: ReadonlySet<string>) {
    return html`<li part="member ${kind}" data-id=${user.id}>
      <span class="avatar-box">
        ${renderAvatar(user, this.chat, 32)} ${kind === 'online' ? html`<span part="online-dot"></span>` : nothing}
      </span>
      ${renderName(user, shared, 'name')}
      ${role === 'member' ? nothing : html`<span part="role ${role}">${this.t(ROLE_LABELS[role])}</span>`}
    </li>`;
  }

  protected override t(key: keyof ChatStrings): string {
    return this.strings[key] ?? (COMMUNITY_STRINGS as Partial<ChatStrings>)[key] ?? super.t(key);
  }

  private close(): void {
    if (this.serverId) this.dispatchEvent(new ChatMembersCloseEvent({ serverId: this.serverId }));
  }
}

const ROLE_LABELS = { owner: 'owner', admin: 'roleAdmin', moderator: 'roleModerator' } as const;

defineElement('chat-members', ChatMembers);

declare global {
  interface HTMLElementTagNameMap {
    'chat-members': ChatMembers;
  }
}
