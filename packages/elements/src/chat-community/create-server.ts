import type { Category } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ChatServerSelectEvent } from '../events.js';
import { defineElement } from '../internal/define.js';
import { AsyncStoreController } from '../internal/store-controller.js';
import type { ChatClient } from '@hearth/sdk';
import { createServer, manageServer } from '@hearth/sdk/community';
import { CommunityDialog, type DialogOpener, fieldText, openDialog } from './community-dialog.js';

/**
 * "Create a server": name, description, category, visibility and an icon (previewed once
 * chosen). Once created, the server opens: `chat-server-select` is fired for it.
 *
 * Opened by `<chat-server-list>`'s "+" button; its code is fetched then.
 *
 * @tag chat-create-server
 * @summary The dialog that creates a server.
 *
 * @fires {ChatServerSelectEvent} chat-server-select - The server was created; open it. `detail: { serverId: string; serverName: string }`.
 *
 * @csspart dialog - The dialog.
 * @csspart close - The close button.
 * @csspart icon-preview - The chosen icon.
 * @csspart submit - The Create button.
 * @csspart error - Why the server could not be created.
 *
 * @cssprop --chat-bg - Background.
 * @cssprop --chat-fg - Text colour.
 * @cssprop --chat-fg-muted - Secondary text colour.
 * @cssprop --chat-bg-alt - Background of fields.
 * @cssprop --chat-accent - Accent colour (the Create button).
 * @cssprop --chat-border - Colour of borders.
 * @cssprop --chat-danger - Colour of failures.
 * @cssprop --chat-radius - Corner radius.
 */
export class ChatCreateServer extends CommunityDialog {
  private readonly categories = new AsyncStoreController<Category[]>(this);
  @state() private accessor icon: File | undefined;
  @state() private accessor preview: string | undefined;
  @state() private accessor busy = false;

  protected override willUpdate(): void {
    this.categories.setStore(this.chat?.categories.$list);
  }

  protected heading(): string {
    return this.t('createServer');
  }

  protected renderBody() {
    const t = this.t.bind(this);
    return html`<form class="body" style="padding:0" part="form" @submit=${this.create}>
      <label>${t('name')}<input name="name" required maxlength="100" autofocus /></label>
      <label>${t('description')}<textarea name="description" rows="2" maxlength="1000"></textarea></label>
      <label
        >${t('category')}<select name="categoryId" required>
          ${(this.categories.value.value ?? []).map((category) => html`<option value=${category.id}>${category.name}</option>`)}
        </select></label
      >
      <fieldset>
        <legend>${t('visibility')}</legend>
        <label class="row"><input type="radio" name="visibility" value="public" checked />${t('public')}</label>
        <label class="row"><input type="radio" name="visibility" value="private" />${t('private')}</label>
      </fieldset>
      <div class="row">
        ${this.preview ? html`<img part="icon-preview" class="preview" src=${this.preview} alt="" />` : nothing}
        <label>${t('icon')}<input name="icon" type="file" accept="image/png,image/jpeg,image/webp,image/gif" @change=${this.pick} /></label>
      </div>
      <div class="actions">
        <button type="button" @click=${() => this.close()}>${t('cancel')}</button>
        <button part="submit" class="primary" type="submit" ?disabled=${this.busy}>${t('create')}</button>
      </div>
    </form>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.preview) URL.revokeObjectURL(this.preview);
  }

  private pick = (event: Event): void => {
    if (this.preview) URL.revokeObjectURL(this.preview);
    this.icon = (event.target as HTMLInputElement).files?.[0];
    this.preview = this.icon ? URL.createObjectURL(this.icon) : undefined;
  };

  private create = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const chat = this.chat;
    if (!chat) return;
    const form = event.currentTarget as HTMLFormElement;
    const text = (name: string) => fieldText(form, name).trim();
    this.busy = true;
    let serverId: string | undefined;
    await this.attempt(async () => {
      const server = await createServer(chat, {
        name: text('name'),
        categoryId: text('categoryId'),
        ...(text('description') && { description: text('description') }),
        visibility: text('visibility') === 'private' ? 'private' : 'public',
      });
      serverId = server.id;
      if (this.icon) await manageServer(chat, server.id).setIcon(this.icon);
    });
    this.busy = false;
    if (!serverId) return;
    // The lists that show the user's servers fetch them again, the new one included.
    chat.$memberships.refresh();
    chat.servers.$list({ member: 'me' }).refresh();
    chat.servers.$list().refresh();
    this.dispatchEvent(new ChatServerSelectEvent({ serverId, serverName: text('name') }));
    this.close();
  };
}

defineElement('chat-create-server', ChatCreateServer);

/** Opens "Create a server" from `opener` (its theme and strings), with its client. */
export function openCreateServer(opener: DialogOpener, chat: ChatClient | undefined): ChatCreateServer {
  return openDialog(opener, chat, new ChatCreateServer());
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-create-server': ChatCreateServer;
  }
}
