import type { Channel, Server } from '@hearth/sdk';
import { type PropertyValues, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatChannelSelectEvent, ChatNotFoundEvent } from '../events.js';
import { ChatElement } from '../internal/chat-element.js';
import { ClientListener } from '../internal/client-listener.js';
import { defineElement } from '../internal/define.js';
import { handleListboxKey } from '../internal/roving-focus.js';
import { format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';
import styles from './chat-channels.styles.js';

/**
 * A server's name and its channels. Arrow keys move between channels, Enter or Space opens one.
 * An unknown `server-id` shows nothing and fires `chat-not-found`; an unknown `channel-id` is
 * cleared and fires `chat-not-found` too.
 *
 * @tag chat-channels
 * @summary The channels of one server.
 *
 * @fires {ChatChannelSelectEvent} chat-channel-select - The user chose a channel; `preventDefault()` keeps the selection as it was. `detail: { serverId: string; channelId: string }`.
 * @fires {ChatNotFoundEvent} chat-not-found - The server or channel does not exist. `detail: { kind: 'server' | 'channel'; id: string }`.
 *
 * @csspart header - The server's name and member count.
 * @csspart list - The list of channels.
 * @csspart channel - One channel row; also `channel selected` for the open one.
 * @csspart status - The loading or error message.
 *
 * @cssprop --chat-bg-alt - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour (focus).
 * @cssprop --chat-hover - Background of a hovered row.
 * @cssprop --chat-selected - Background of the open channel.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatChannels extends ChatElement {
  static override styles = [themeStyles, styles];

  /** The server whose channels to list. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  /** The open channel. Setting it selects without firing `chat-channel-select`. */
  @property({ attribute: 'channel-id', reflect: true }) accessor channelId: string | undefined;

  @state() private accessor server: Server | undefined;
  @state() private accessor failed = false;
  @state() private accessor focusedId: string | undefined;
  private loadedFor: unknown[] = [];
  // A join or a leave changes the member count shown in the header.
  private readonly memberships = new ClientListener(this, () => this.chat, 'membership', ({ serverId }) => {
    if (serverId === this.serverId) void this.load({ quiet: true });
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = [this.chat, this.serverId];
    if (inputs.some((value, index) => value !== this.loadedFor[index])) {
      this.loadedFor = inputs;
      this.server = undefined;
      this.failed = false;
      void this.load();
    }
    if (changed.has('channelId') || changed.has('serverId')) this.checkChannel();
  }

  protected override render() {
    if (!this.serverId) return html``;
    if (this.failed) return html`<p part="status" role="status">${this.t('loadFailed')}</p>`;
    const server = this.server;
    if (!server) return html`<p part="status" role="status">${this.t('loading')}</p>`;
    const channels = [...server.channels].sort((a, b) => a.position - b.position);
    const focused = channels.some((channel) => channel.id === this.focusedId) ? this.focusedId : (this.channelId ?? channels[0]?.id);
    return html`<header part="header">
        <h2>${server.name}</h2>
        <span class="members">${format(this.t('members'), { count: server.memberCount })}</span>
      </header>
      <div part="list" role="listbox" aria-label=${this.t('channels')} @keydown=${this.onKeydown}>
        ${channels.map((channel) => this.renderChannel(channel, channel.id === focused))}
      </div>`;
  }

  private renderChannel(channel: Channel, focusable: boolean) {
    const selected = channel.id === this.channelId;
    return html`<div
      part=${selected ? 'channel selected' : 'channel'}
      role="option"
      data-id=${channel.id}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${focusable ? 0 : -1}
      title=${channel.topic}
      @click=${() => this.choose(channel.id)}
    >
      <span class="hash" aria-hidden="true">#</span><span class="name">${channel.name}</span>
    </div>`;
  }

  /** Fetches the server; `quiet` keeps what is shown when that fails (a refresh, not a first load). */
  private async load({ quiet = false } = {}): Promise<void> {
    const chat = this.chat;
    const serverId = this.serverId;
    if (!chat || !serverId) return;
    try {
      const server = await chat.servers.get(serverId);
      if (chat !== this.chat || serverId !== this.serverId) return;
      this.server = server;
      this.checkChannel();
    } catch (error) {
      if (quiet || chat !== this.chat || serverId !== this.serverId) return;
      this.failed = true;
      if ((error as { status?: number }).status === 404) {
        this.dispatchEvent(new ChatNotFoundEvent({ kind: 'server', id: serverId }));
      }
    }
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

  private choose(channelId: string): void {
    this.focusedId = channelId;
    if (channelId === this.channelId || !this.serverId) return;
    if (this.dispatchEvent(new ChatChannelSelectEvent({ serverId: this.serverId, channelId }))) this.channelId = channelId;
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
