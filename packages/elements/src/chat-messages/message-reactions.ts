import type { Message } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { format } from '../internal/strings.js';
import { type MessageActionState, type MessageActions, REACT_ICON, type Translate, icon } from './message-actions.js';

/**
 * A message's reactions as chips under its text, each its emoji and count, pressed when the user
 * is among the reactors (a click toggles the user's own), then a chip that opens the emoji picker.
 * Hovering or focusing a chip shows who reacted. Nothing on a message without reactions.
 */
export function renderReactions(message: Message, state: MessageActionState, actions: MessageActions, t: Translate) {
  const reactions = message.reactions ?? [];
  if (message.deleted || reactions.length === 0) return nothing;
  const { pickReaction } = actions;
  return html`<div part="reactions" class="reactions" role="group" aria-label=${t('reactions')}>
    ${reactions.map(({ emoji, count, me }) => {
      const names = state.reactors?.emoji === emoji ? state.reactors.names : undefined;
      const counted = format(t(count === 1 ? 'reactionCountOne' : 'reactionCount'), { emoji, count });
      const show = () => actions.showReactors?.(message, emoji);
      const hide = () => actions.showReactors?.(message, undefined);
      return html`<span class="chip"
        ><button
          type="button"
          part=${me ? 'reaction mine' : 'reaction'}
          class="reaction"
          aria-pressed=${me}
          aria-label=${state.canPost ? format(t(me ? 'removeYours' : 'addYours'), { label: counted }) : counted}
          aria-disabled=${state.canPost ? nothing : 'true'}
          aria-describedby=${names ? 'reactors' : nothing}
          @click=${() => state.canPost && actions.toggleReaction?.(message, emoji, !me)}
          @mouseenter=${show}
          @focus=${show}
          @mouseleave=${hide}
          @blur=${hide}
        >
          ${emoji} <span class="count">${count}</span></button
        >${names ? html`<span part="reactors" class="reactors" role="tooltip" id="reactors">${names}</span>` : nothing}</span
      >`;
    })}
    ${
      pickReaction && state.canPost
        ? html`<button
            type="button"
            part="add-reaction"
            class="reaction add"
            aria-label=${t('react')}
            title=${t('react')}
            @click=${(event: Event) => pickReaction(message, event.currentTarget as HTMLElement)}
          >
            ${icon(REACT_ICON)}
          </button>`
        : nothing
    }
  </div>`;
}
