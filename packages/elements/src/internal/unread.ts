import { html, nothing } from 'lit';
import { type ChatStrings, format } from './strings.js';

/** Unread messages and mentions of the user somewhere (a channel, a server, everywhere). */
export interface UnreadTotals {
  unread: number;
  mentions: number;
}

/** What a screen reader hears after a channel's or server's name: "3 unread, 1 mention"; empty when nothing is new. */
export function unreadText(t: (key: keyof ChatStrings) => string, { unread, mentions }: UnreadTotals): string {
  const parts = [
    unread > 0 ? format(t('unreadCount'), { count: unread }) : '',
    mentions === 1 ? t('oneMention') : mentions > 1 ? format(t('mentionCount'), { count: mentions }) : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * The red pill with the count of unread mentions (nothing without any), hidden from screen
 * readers, which hear {@link unreadText} instead. Styled by the theme's `.mention-badge`.
 */
export function renderMentionBadge(mentions: number) {
  if (mentions <= 0) return nothing;
  return html`<span part="mention-badge" class="mention-badge" aria-hidden="true">${mentions > 99 ? '99+' : mentions}</span>`;
}
