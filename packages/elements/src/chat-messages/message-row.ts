import { type ChatChannel, type ChatClient, type ReplyQuote, type StoredMessage, isPending } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { renderAvatar } from '../internal/avatar.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { formatDay, formatFull, formatTime } from '../internal/time-format.js';
import { renderName, userTag } from '../internal/user-tag.js';
import { renderAttachmentBoxes } from './attachment-slots.js';
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
  /** The names more than one author in the list goes by: their rows show the author's tag. */
  sharedNames?: ReadonlySet<string>;
}

/**
 * One row of the message list: the channel's beginning, a day separator, the "New" divider, or a message (the quote
 * of the message it replies to, avatar, author and time unless it continues a group, its text
 * with its mentions, "(edited)", its reactions, its pending or failed state, and for a stored
 * message its toolbar, inline editor, delete confirmation or tombstone). A message that mentions
 * the user is highlighted. An author whose name another author shares has their tag after it.
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
  const name = context.sharedNames?.has(author.name) ? `${author.name} ${userTag(author.id)}` : author.name;
  return html`<article part=${parts} class=${parts} data-key=${row.key} aria-label=${`${name}, ${formatTime(message.createdAt)}`}>
    ${grouped ? html`<span class="gutter" aria-hidden="true"></span>` : renderAvatar(author, context.chat, 36)}
    <div class="main">
      ${message.replyTo ? renderQuote(message.replyTo, context) : nothing}
      ${
        grouped
          ? nothing
          : html`<div class="meta">
              ${renderName(author, context.sharedNames, 'author')}
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
    <span class="visually-hidden">${t('inReplyTo')}</span> ${renderAvatar(quote.author, chat, 16, '')}
    <span class="author">${quote.author.name}</span> <span class="excerpt">${quote.excerpt}</span>
  </button>`;
}
