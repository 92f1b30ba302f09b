import { type Channel, ChatApiError, type Membership, type ReadState, type Server } from '@hearth/sdk';
import { readStatesOf } from '@hearth/sdk/read-states';
import { type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatChannelSelectEvent, ChatNotFoundEvent } from '../events.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { handleListboxKey } from '../internal/roving-focus.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { formatCount } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import { renderMentionBadge, unreadText } from '../internal/unread.js';
import styles from './chat-channels.styles.js';

/**
 * A server's name and its channels. Arrow keys move between channels, Enter or Space opens one.
 * For a member, the server's name is a button that opens the server menu (its code is fetched
 * then), as in Discord: Invite people and Create channel for admins and the owner, Server
 * settings for moderators and up, Leave server for everyone but the owner.
 * A channel with messages the user has not read shows its name bold and bright, and a red count
 * of the unread mentions of the user; the open channel shows neither.
 * An unknown `server-id` shows nothing and fires `chat-not-found`; an unknown `channel-id` is
 * cleared and fires `chat-not-found` too. The server's name is a heading; the element is no
 * landmark of its own: place it in one (`<nav aria-label="Channels">`, as `<chat-app>` does).
 *
 * @tag chat-channels
 * @summary The channels of one server.
 *
 * @fires {ChatChannelSelectEvent} chat-channel-select - The user chose a channel; `preventDefault()` keeps the selection as it was. `detail: { serverId: string; channelId: string; serverName: string; channelName: string }`.
 * @fires {ChatNotFoundEvent} chat-not-found - The server or channel does not exist. `detail: { kind: 'server' | 'channel'; id: string }`.
 *
 * @csspart header - The server's name and member count.
 * @csspart server-menu-button - The server's name as the button that opens the server menu (members only).
 * @csspart list - The list of channels.
 * @csspart channel - One channel row; also `channel selected` for the open one, `channel unread` for one with unread messages.
 * @csspart mention-badge - The count of unread mentions of the user in a channel.
 * @csspart status - The loading or error message.
 * @csspart retry - The button that fetches the server again after an error.
 *
 * @cssprop --chat-bg-alt - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour (focus).
 * @cssprop --chat-hover - Background of a hovered row.
 * @cssprop --chat-selected - Background of the open channel.
 * @cssprop --chat-badge-bg - Background of the mention count.
 * @cssprop --chat-badge-fg - Text colour of the mention count.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatChannels extends ChatElement {
  static override styles = [themeStyles, styles];

  /** The server whose channels to list. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The open channel. Setting it selects without firing `chat-channel-select`. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  /**
   * The page address invite links start from (`?invite=CODE` is added to it); the page's own
   * address by default.
   */
  @property({ attribute: 'invite-base' }) accessor inviteBase: string | undefined;

  @state() private accessor focusedId: string | undefined;
  private readonly roles = new StoreController<Readonly<Record<string, Membership>>>(this, {});
  // The SDK's store fetches the server and refreshes it after a join or leave (the member count).
  private readonly serverStore = new AsyncStoreController<Server>(this);
  private readonly readStates = new StoreController<Readonly<Record<string, ReadState>>>(this, {});
  /** The server id whose absence was reported, so that it is reported once. */
  private reportedMissing: string | undefined;

  /** The server shown, once its store has it. */
  private get server(): Server | undefined {
    return this.serverStore.value.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const chat = this.chat;
    if (changed.has('serverId')) this.reportedMissing = undefined;
    this.serverStore.setStore(chat && this.serverId ? chat.servers.$get(this.serverId) : undefined);
    this.readStates.setStore(chat && readStatesOf(chat).$byChannel);
    this.roles.setStore(chat?.$roles);
    this.connectForLiveCounts();
    this.checkServer();
    this.checkChannel();
  }

  protected override render() {
    if (!this.serverId) return html``;
    const status = this.renderAsyncStatus([this.serverStore.store]);
    const server = this.server;
    if (!server) return status;
    const channels = [...server.channels].sort((a, b) => a.position - b.position);
    const focused = channels.some((channel) => channel.id === this.focusedId) ? this.focusedId : (this.channelId ?? channels[0]?.id);
    return html`${status ?? nothing}
      <header part="header" role="none">
        <h2 title=${server.name}>
          ${
            this.roles.value[server.id]
              ? html`<button part="server-menu-button" aria-haspopup="menu" aria-expanded="false" @click=${this.toggleMenu}>
                  <span class="name">${server.name}</span>
                </button>`
              : html`<span class="name">${server.name}</span>`
          }
        </h2>
        <span class="members">${formatCount(this.t('member'), this.t('members'), server.memberCount)}</span>
      </header>
      <div part="list" role="listbox" aria-label=${this.t('channels')} @keydown=${this.onKeydown}>
        ${channels.map((channel) => this.renderChannel(channel, channel.id === focused))}
      </div>`;
  }

  private renderChannel(channel: Channel, focusable: boolean) {
    const selected = channel.id === this.channelId;
    // The open channel is being read: its counts would only flash until it is marked read.
    const read = this.readStates.value[channel.id];
    const counts = { unread: selected ? 0 : (read?.unread ?? 0), mentions: selected ? 0 : (read?.mentions ?? 0) };
    const description = unreadText(this.t.bind(this), counts);
    return html`<div
      part=${selected ? 'channel selected' : counts.unread > 0 || counts.mentions > 0 ? 'channel unread' : 'channel'}
      role="option"
      data-id=${channel.id}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${focusable ? 0 : -1}
      title=${channel.topic}
      @click=${() => this.choose(channel.id)}
    >
      <span class="hash" aria-hidden="true">#</span><span class="name">${channel.name}</span>
      ${description ? html`<span class="visually-hidden">, ${description}</span>` : nothing} ${renderMentionBadge(counts.mentions)}
    </div>`;
  }

  /** A server that does not exist is reported once (an outage shows Retry instead). */
  private checkServer(): void {
    const shown = this.serverStore.value;
    const serverId = this.serverId;
    if (!serverId || shown.state !== 'error' || !(shown.error instanceof ChatApiError) || shown.error.status !== 404) return;
    if (this.reportedMissing === serverId) return;
    this.reportedMissing = serverId;
    queueMicrotask(() => this.dispatchEvent(new ChatNotFoundEvent({ kind: 'server', id: serverId })));
  }

  /** An open channel that the server does not have falls back to none. */
  private checkChannel(): void {
    const { server, channelId } = this;
    if (!server || !channelId || server.id !== this.serverId) return;
    if (!server.channels.some((channel) => channel.id === channelId)) {
      this.channelId = undefined;
      this.dispatchEvent(new ChatNotFoundEvent({ kind: 'channel', id: channelId }));
    }
  }

  private async toggleMenu(event: Event): Promise<void> {
    const button = event.currentTarget as HTMLElement;
    const { toggleServerMenu } = await import('../chat-community/server-menu.js');
    if (this.server) toggleServerMenu(this, this.chat, this.server, button);
  }

  private choose(channelId: string): void {
    this.focusedId = channelId;
    if (channelId === this.channelId || !this.serverId) return;
    const server = this.server;
    const channelName = server?.channels.find((channel) => channel.id === channelId)?.name ?? '';
    if (
      this.dispatchEvent(new ChatChannelSelectEvent({ serverId: this.serverId, channelId, serverName: server?.name ?? '', channelName }))
    ) {
      this.channelId = channelId;
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    const ids = [...(this.server?.channels ?? [])].sort((a, b) => a.position - b.position).map((channel) => channel.id);
    handleListboxKey(event, ids, {
      focus: (id) => (this.focusedId = id),
      choose: (id) => this.choose(id),
    });
  }
}

defineElement('chat-channels', ChatChannels);

declare global {
  interface HTMLElementTagNameMap {
    'chat-channels': ChatChannels;
  }
}
