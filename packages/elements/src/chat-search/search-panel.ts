import { html, nothing } from 'lit';
import { ChatThreadOpenEvent } from '../events.js';
import type { ChatElement } from '../internal/chat-element.js';
import './chat-search.js';
import type { ChatSearchOpenEvent } from './search-events.js';

/**
 * What `<chat-app>` shows of the search, fetched when its field is first focused (importing this
 * registers `<chat-search>`): the filter hints under its field, and the results panel, which opens
 * a result in the app. Here rather than in the app, so that the app's own code (in everyone's
 * main file) is only the field.
 */
export { renderSearchHints, searchHintStyles } from './search-hints.js';

/** What of `<chat-app>` the search uses: its client and look, and the server and channel it shows. */
export type SearchPanelHost = Pick<ChatElement, 'client' | 'strings' | 'theme' | 'renderRoot' | 'updateComplete'> & {
  serverId: string | undefined;
  channelId: string | undefined;
};

/**
 * The results of `query` in the app's open server, as a `<chat-search>` panel; `close` hides it
 * (its close button, Escape, or a result opened while it covers the messages).
 */
export function renderSearchPanel(app: SearchPanelHost, query: string, close: () => void) {
  return html`<chat-search
    part="search"
    class="search"
    no-field
    closable
    .client=${app.client}
    .strings=${app.strings}
    theme=${app.theme ?? nothing}
    server-id=${app.serverId ?? nothing}
    query=${query}
    @chat-search-open=${(event: ChatSearchOpenEvent) => openResult(app, event, close)}
    @chat-search-close=${close}
  ></chat-search>`;
}

/** Down in the app's field goes to the first result. */
export function focusResults(app: SearchPanelHost, event: KeyboardEvent): void {
  const first = app.renderRoot.querySelector('chat-search')?.shadowRoot?.querySelector<HTMLElement>('[part~="hit"]');
  if (!first) return;
  event.preventDefault();
  first.focus();
}

/**
 * Opens a result in the app, unless the page cancelled it: its server and channel, its thread for
 * a reply in one, and the message with the history around it. A panel that covers the messages (a
 * narrow container) makes way.
 */
async function openResult(app: SearchPanelHost, event: ChatSearchOpenEvent, close: () => void): Promise<void> {
  // The panel, read now: once the event has been everywhere, its target is no longer told.
  const panel = event.target as Element;
  // Followed once the event has been everywhere, as the app's selections are.
  await Promise.resolve();
  if (event.defaultPrevented) return;
  const { serverId, channelId, seq, threadId } = event.detail;
  if (getComputedStyle(panel).position === 'absolute') close();
  app.serverId = serverId;
  app.channelId = channelId;
  await app.updateComplete;
  const messages = app.renderRoot.querySelector('chat-messages');
  if (threadId) messages?.dispatchEvent(new ChatThreadOpenEvent({ channelId, rootId: threadId }));
  await messages?.showMessage(seq);
}
