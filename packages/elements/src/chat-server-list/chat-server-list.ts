import type { Category, Server, UnreadCount } from '@hearth/sdk';
import { readStatesOf } from '@hearth/sdk/read-states';
import { type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatServerSelectEvent } from '../events.js';
import { ChatElement } from '../internal/chat-element.js';
import { defineElement } from '../internal/define.js';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { handleListboxKey } from '../internal/roving-focus.js';
import { themeStyles } from '../internal/theme.styles.js';
import { AsyncStoreController, StoreController } from '../internal/store-controller.js';
import { renderMentionBadge, unreadText } from '../internal/unread.js';
import styles from './chat-server-list.styles.js';

/**
 * The servers a user can open, each with its icon (or initials), name and category. Arrow keys
 * move between servers, Enter or Space chooses one. A server with messages the user has not read
 * shows a pill at its edge, and the unread mentions of the user a red count on its icon.
 * The "+" button after the list opens "Create a server" (its code is fetched then); once created,
 * the new server is chosen.
 *
 * @tag chat-server-list
 * @summary A list of servers to choose from.
 *
 * @fires {ChatServerSelectEvent} chat-server-select - The user chose a server, or created one; `preventDefault()` keeps the selection as it was. `detail: { serverId: string; serverName: string }`.
 *
 * @csspart list - The list of servers.
 * @csspart server - One server row; also `server selected` for the chosen one, `server unread` for one with unread messages.
 * @csspart unread-pill - The mark at the edge of a server with unread messages.
 * @csspart mention-badge - The count of unread mentions of the user in a server.
 * @csspart icon - A server's icon or initials.
 * @csspart name - A server's name.
 * @csspart category - A server's category.
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The button that fetches the list again after an error.
 * @csspart create-server - The "+" button that opens "Create a server".
 *
 * @cssprop --chat-bg - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-accent - Accent colour (selection, focus).
 * @cssprop --chat-hover - Background of a hovered row.
 * @cssprop --chat-selected - Background of the selected row.
 * @cssprop --chat-badge-bg - Background of the mention count.
 * @cssprop --chat-badge-fg - Text colour of the mention count.
 * @cssprop --chat-radius - Corner radius.
 * @cssprop --chat-font - Font family.
 */
export class ChatServerList extends ChatElement {
  static override styles = [themeStyles, styles];

  /** Only servers of this category id. */
  @property() accessor category: string | undefined;

  /** `me` to list only the servers the user belongs to. */
  @property() accessor member: 'me' | undefined;

  /** The chosen server's id. Setting it selects without firing an event. */
  @property({ attribute: 'server-id', reflect: true }) accessor serverId: string | undefined;

  @state() private accessor focusedId: string | undefined;
  // The SDK's stores fetch, refresh after a join or leave, and keep only the latest answer.
  private readonly servers = new AsyncStoreController<Server[]>(this);
  private readonly categories = new AsyncStoreController<Category[]>(this);
  private readonly unread = new StoreController<Readonly<Record<string, UnreadCount>>>(this, {});

  /** Fetches the list again. */
  refresh(): void {
    this.servers.store?.refresh();
    this.categories.store?.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const chat = this.chat;
    this.servers.setStore(
      chat?.servers.$list({ ...(this.category && { category: this.category }), ...(this.member === 'me' && { member: 'me' }) }),
    );
    this.categories.setStore(chat?.categories.$list);
    this.unread.setStore(chat && readStatesOf(chat).$byServer);
    this.connectForLiveCounts();
    if (changed.has('serverId') && this.serverId) this.focusedId = this.serverId;
  }

  protected override render() {
    const servers = this.servers.value.value;
    const status = this.renderAsyncStatus([this.servers.store, this.categories.store]);
    const create = html`<button
      part="create-server"
      class="create"
      aria-label=${this.t('createServer')}
      title=${this.t('createServer')}
      @click=${this.create}
    >
      +
    </button>`;
    if (!servers || (status && servers.length === 0)) return status;
    if (servers.length === 0)
      return html`<p part="status" role="status">${this.t('noServers')}</p>
        ${create}`;
    const focused = servers.some((server) => server.id === this.focusedId) ? this.focusedId : servers[0]?.id;
    return html`${status ?? nothing}
      <div part="list" role="listbox" aria-label=${this.t('servers')} @keydown=${this.onKeydown}>
        ${servers.map((server) => this.renderServer(server, server.id === focused))}
      </div>
      ${create}`;
  }

  /** Opens "Create a server"; the server it creates is chosen. */
  private async create(): Promise<void> {
    const { openCreateServer } = await import('../chat-community/create-server.js');
    openCreateServer(this, this.chat).addEventListener('chat-server-select', (event) =>
      queueMicrotask(() => event.defaultPrevented || (this.serverId = event.detail.serverId)),
    );
  }

  private renderServer(server: Server, focusable: boolean) {
    const selected = server.id === this.serverId;
    const icon = mediaUrl(this.chat, server.iconUrl);
    const category = this.categories.value.value?.find((candidate) => candidate.id === server.categoryId)?.name;
    const counts = this.unread.value[server.id] ?? { unread: 0, mentions: 0 };
    const description = unreadText(this.t.bind(this), counts);
    const parts = ['server', selected && 'selected', counts.unread > 0 && 'unread'].filter(Boolean).join(' ');
    return html`<div
      part=${parts}
      role="option"
      id=${`server-${server.id}`}
      data-id=${server.id}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${focusable ? 0 : -1}
      title=${server.name}
      @click=${() => this.choose(server.id)}
    >
      ${counts.unread > 0 ? html`<span part="unread-pill" class="unread-pill"></span>` : nothing}
      <span class="icon-box">
        ${
          icon
            ? html`<img part="icon" src=${icon} alt="" width="40" height="40" />`
            : html`<span part="icon" class="initials" aria-hidden="true">${initials(server.name)}</span>`
        }
        ${renderMentionBadge(counts.mentions)}
      </span>
      <span class="text">
        <span part="name" class="name">${server.name}</span>
        ${category ? html`<span part="category" class="category">${category}</span>` : nothing}
        ${description ? html`<span class="visually-hidden">, ${description}</span>` : nothing}
      </span>
    </div>`;
  }

  private choose(serverId: string): void {
    this.focusedId = serverId;
    if (serverId === this.serverId) return;
    const serverName = this.servers.value.value?.find((server) => server.id === serverId)?.name ?? '';
    if (this.dispatchEvent(new ChatServerSelectEvent({ serverId, serverName }))) this.serverId = serverId;
  }

  private onKeydown(event: KeyboardEvent): void {
    handleListboxKey(
      event,
      (this.servers.value.value ?? []).map((server) => server.id),
      {
        focus: (id) => (this.focusedId = id),
        choose: (id) => this.choose(id),
      },
    );
  }
}

defineElement('chat-server-list', ChatServerList);

declare global {
  interface HTMLElementTagNameMap {
    'chat-server-list': ChatServerList;
  }
}
