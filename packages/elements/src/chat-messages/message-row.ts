import { type ChatChannel, type ChatClient, type ReplyQuote, type StoredMessage, type User, isPending } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { initials } from '../internal/initials.js';
import { mediaUrl } from '../internal/media-url.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { formatDay, formatFull, formatTime } from '../internal/time-format.js';
import { renderAttachmentBoxes } from './attachment-slots.js';
import { avatarColor } from './avatar-color.js';
import { LazyModule, lazyPart } from './lazy-part.js';
import { type MessageActionState, type MessageActions, renderEdited, renderMessageExtras } from './message-actions.js';
import { renderReactions } from './message-reactions.js';
import type { Row } from './message-rows.js';
import { renderMarkdown } from './render-markdown.js';
import { renderThreadSummary } from './thread-summary.js';

/**
 * The code of a message's files (their bytes, file cards, the image viewer): fetched with the
 * first message that has any. Until then their boxes show empty, at their final size.
 */
const attachmentView = new LazyModule(() => import('./attachment-view.js'));
/** The code of the toolbar: fetched with the first stored message shown. */
const toolbar = new LazyModule(() => import('./message-toolbar.js'));

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
  /** What the user does to a stored message: edit, delete, react, reply… */
  actions: MessageActions;
  /** What the user may do to a stored message, and which of its editor or confirmation is open. */
  actionState(message: StoredMessage): MessageActionState;
}

/**
 * One row of the message list: the channel's beginning, a day separator, the "New" divider, or a message (the quote
 * of the message it replies to, avatar, author and time unless it continues a group, its text
 * with its mentions, "(edited)", its reactions, its pending or failed state, and for a stored
 * message its toolbar, inline editor, delete confirmation or tombstone). A message that mentions
 * the user is highlighted.
 */
export function renderRow(row: Row, context: RowContext) {
  const { t } = context;
  if (row.kind === 'beginning') {
    return html`<p part="beginning" class="beginning" data-key=${row.key}>${format(t('beginning'), { channel: context.channelName })}</p>`;
  }
  if (row.kind === 'unread') {
    return html`<div part="unread-divider" class="unread-divider" role="separator" data-key=${row.key}>
      <span>${t('newDivider')}</span>
    </div>`;
  }
  if (row.kind === 'day') {
    return html`<div part="day" class="day" role="separator" data-key=${row.key}><span>${formatDay(row.at)}</span></div>`;
  }
  const { message, grouped } = row;
  const pending = isPending(message) ? message : undefined;
  const author = message.author ?? context.chat?.$user.get() ?? { id: '', name: '', avatarUrl: null };
  const stored = pending ? undefined : (message as StoredMessage);
  const state = stored && context.actionState(stored);
  const parts = [
    'message',
    pending?.state,
    grouped ? 'grouped' : undefined,
    stored?.deleted ? 'deleted' : undefined,
    state?.editing ? 'editing' : undefined,
    stored?.mentionsMe ? 'mentions-me' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  // No white space around the text inside its element: the content keeps its own line breaks (pre-wrap).
  const files = message.attachments;
  const content = renderMarkdown(message.content, { users: stored?.mentions, me: context.chat?.$user.get()?.id });
  return html`<article part=${parts} class=${parts} data-key=${row.key} aria-label=${`${author.name}, ${formatTime(message.createdAt)}`}>
    ${grouped ? html`<span class="gutter" aria-hidden="true"></span>` : renderAvatar(author, context.chat)}
    <div class="main">
      ${message.replyTo ? renderQuote(message.replyTo, context) : nothing}
      ${
        grouped
          ? nothing
          : html`<div class="meta">
              <span part="author" class="author">${author.name}</span>
              <time part="time" datetime=${message.createdAt} title=${formatFull(message.createdAt)}>${formatTime(message.createdAt)}</time>
              ${stored ? renderEdited(stored, t, formatFull) : nothing}
            </div>`
      }
      <div part="content" class="content">${content}</div>
      ${
        files?.length && !stored?.deleted
          ? lazyPart(
              attachmentView,
              (view, part) => view.renderAttachments(part, files, context.chat, t),
              () => renderAttachmentBoxes(files),
            )
          : nothing
      }
      ${stored && state && grouped ? renderEdited(stored, t, formatFull) : nothing}
      ${stored && state ? renderReactions(stored, state, context.actions, t) : nothing}
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
    ${stored && state ? lazyPart(toolbar, (code, part) => code.renderToolbar(part, stored, state, context.actions, t)) : nothing}
  </article>`;
}

/**
 * The message a reply answers, above the reply: its author's small avatar and name and the start
 * of its text, a button that shows the original; or "Original message deleted".
 */
function renderQuote(quote: ReplyQuote, { t, chat, actions }: RowContext) {
  if (quote.deleted) return html`<div part="reply-quote" class="reply-quote gone">${t('originalDeleted')}</div>`;
  return html`<button type="button" part="reply-quote" class="reply-quote" @click=${() => actions.showQuoted?.(quote)}>
    <span class="visually-hidden">${t('inReplyTo')}</span> ${renderAvatar(quote.author, chat, 'small')}
    <span class="author">${quote.author.name}</span> <span class="excerpt">${quote.excerpt}</span>
  </button>`;
}

/**
 * The author's picture, or their initials on a colour of the palette picked by their id, so that
 * two people of the same name are told apart at a glance.
 */
function renderAvatar(author: User, chat: ChatClient | undefined, size?: 'small') {
  const src = mediaUrl(chat, author.avatarUrl);
  // The quote's small avatar is decoration of its own, not the row's part="avatar".
  const part = size ? nothing : 'avatar';
  if (src) return html`<img part=${part} class="avatar ${size ?? ''}" src=${src} alt="" />`;
  return html`<span
    part=${part}
    class="avatar initials ${size ?? ''}"
    style="--_avatar-bg:var(--_avatar-${avatarColor(author.id)})"
    aria-hidden="true"
    >${initials(author.name)}</span
  >`;
}
