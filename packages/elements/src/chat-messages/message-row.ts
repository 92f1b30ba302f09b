import { type ChatChannel, type ChatClient, type Message, type User, isPending } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { formatDay, formatFull, formatTime } from '../internal/time-format.js';
import { avatarColor } from './avatar-color.js';
import { type MessageActionState, type MessageActions, renderEdited, renderMessageExtras, renderToolbar } from './message-actions.js';
import type { Row } from './message-rows.js';
import { renderMarkdown } from './render-markdown.js';
import { renderThreadSummary } from './thread-summary.js';

/** What a row needs to know beyond its message. */
export interface RowContext {
  /** The client, for the user's own pending messages (which carry no author) and avatar URLs. */
  chat: ChatClient | undefined;
  /** The channel, to retry or discard a failed send. */
  channel: ChatChannel | undefined;
  /** The channel's name, for its beginning. */
  channelName: string;
  /** The element's strings. */
  t(key: keyof ChatStrings): string;
  /** Edit, delete and copy a stored message. */
  actions: MessageActions;
  /** What the user may do to a stored message, and which of its editor or confirmation is open. */
  actionState(message: Message): MessageActionState;
}

/**
 * One row of the message list: the channel's beginning, a day separator, or a message (avatar,
 * author and time unless it continues a group, its text, "(edited)", its pending or failed state,
 * and for a stored message its toolbar, inline editor, delete confirmation or tombstone).
 */
export function renderRow(row: Row, context: RowContext) {
  const { t } = context;
  if (row.kind === 'beginning') {
    return html`<p part="beginning" class="beginning" data-key=${row.key}>${format(t('beginning'), { channel: context.channelName })}</p>`;
  }
  if (row.kind === 'day') {
    return html`<div part="day" class="day" role="separator" data-key=${row.key}><span>${formatDay(row.at)}</span></div>`;
  }
  const { message, grouped } = row;
  const pending = isPending(message) ? message : undefined;
  const author = message.author ?? context.chat?.$user.get() ?? { id: '', name: '', avatarUrl: null };
  const stored = pending ? undefined : (message as Message);
  const state = stored && context.actionState(stored);
  const parts = [
    'message',
    pending?.state,
    grouped ? 'grouped' : undefined,
    stored?.deleted ? 'deleted' : undefined,
    state?.editing ? 'editing' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return html`<article part=${parts} class=${parts} data-key=${row.key} aria-label=${`${author.name}, ${formatTime(message.createdAt)}`}>
    ${grouped ? html`<span class="gutter" aria-hidden="true"></span>` : renderAvatar(author, context.chat)}
    <div class="main">
      ${
        grouped
          ? nothing
          : html`<div class="meta">
              <span part="author" class="author">${author.name}</span>
              <time part="time" datetime=${message.createdAt} title=${formatFull(message.createdAt)}>${formatTime(message.createdAt)}</time>
              ${stored ? renderEdited(stored, t, formatFull) : nothing}
            </div>`
      }
      <div part="content" class="content">${renderMarkdown(message.content)}</div>
      ${stored && state && grouped ? renderEdited(stored, t, formatFull) : nothing}
      ${stored && state ? renderMessageExtras(stored, state, context.actions, t) : nothing}
      ${pending?.state === 'pending' ? html`<div class="note">${t('pending')}</div>` : nothing}
      ${
        pending?.state === 'failed'
          ? html`<div class="note failed-note" role="alert">
              ${t('failed')} ${pending.error?.message ?? ''}
              <button @click=${() => void context.channel?.retry(pending.clientId).catch(() => {})}>${t('retry')}</button>
              <button @click=${() => context.channel?.discard(pending.clientId)}>${t('discard')}</button>
            </div>`
          : nothing
      }
      ${renderThreadSummary(stored, t)}
    </div>
    ${stored && state ? renderToolbar(stored, state, context.actions, t) : nothing}
  </article>`;
}

/**
 * The author's picture, or their initials on a colour of the palette picked by their id, so that
 * two people of the same name are told apart at a glance.
 */
function renderAvatar(author: User, chat: ChatClient | undefined) {
  const src = mediaUrl(chat, author.avatarUrl);
  if (src) return html`<img part="avatar" class="avatar" src=${src} alt="" />`;
  const background = styleMap({ '--_avatar-bg': `var(--_avatar-${avatarColor(author.id)})` });
  return html`<span part="avatar" class="avatar initials" style=${background} aria-hidden="true">${initials(author.name)}</span>`;
}
