import { css } from 'lit';

/**
 * The `@` autocomplete's list, above the composer (see mention-autocomplete.ts); adopted with the
 * autocomplete's code (lazy-mentions.ts). The composer's own layout is in chat-messages.styles.ts.
 */
export default css`
  .mentions {
    position: absolute;
    inset: auto 0 calc(100% + 4px);
    z-index: 3;
    margin: 0;
    padding: 4px;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  .mentions[hidden] {
    display: none;
  }
  .mention-option {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 8px;
    border-radius: 4px;
    cursor: pointer;
  }
  .mention-option:hover {
    background: var(--_hover);
  }
  .mention-option[aria-selected='true'] {
    background: var(--_selected);
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
`;
