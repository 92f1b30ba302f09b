import type { Message } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { ChatThreadOpenEvent } from '../events.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { formatAgo, formatFull } from '../internal/time-format.js';

/**
 * Under a thread's root: "3 replies · 5 min. ago", a button that opens the thread
 * (`chat-thread-open`). Nothing under a message nobody replied to in a thread, or under a reply.
 */
export function renderThreadSummary(message: Message | undefined, t: (key: keyof ChatStrings) => string) {
  const thread = message?.thread;
  if (!message || !thread || message.threadId) return nothing;
  const replies = thread.replyCount === 1 ? t('oneReply') : format(t('replies'), { count: thread.replyCount });
  const ago = formatAgo(thread.lastReplyAt);
  const open = (event: Event) =>
    event.currentTarget?.dispatchEvent(new ChatThreadOpenEvent({ channelId: message.channelId, rootId: message.id }));
  return html`<button
    type="button"
    part="thread-summary"
    class="thread-summary"
    title=${`${t('threadSummaryTitle')} (${formatFull(thread.lastReplyAt)})`}
    @click=${open}
  >
    <span class="reply-count">${replies}</span><span class="last-reply"> · ${ago}</span>
  </button>`;
}
