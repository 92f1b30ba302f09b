import { css } from 'lit';

/**
 * "Replying to NAME" above the composer: adopted with the row actions' code, which the toolbar's
 * Reply fetches before the bar can show.
 */
export default css`
  .reply-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    margin: 0 16px;
    padding: 4px 8px 4px 12px;
    border-bottom: 1px solid var(--_border);
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: var(--_bg-alt);
    color: var(--_fg-muted);
    font-size: 0.85em;
  }
  .reply-bar button {
    padding: 0 6px;
    border: none;
    background: none;
    font-size: 1.2em;
    cursor: pointer;
  }
  .reply-bar + .composer {
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
`;
