import { css } from 'lit';

/** The toolbar of a row's actions: adopted with its code, by the first row that shows it. */
export default css`
  /* The toolbar floats over the row's top right corner; hidden, not removed, so Tab reaches it. */
  .toolbar {
    position: absolute;
    top: -14px;
    right: 16px;
    display: flex;
    padding: 2px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.15);
    opacity: 0;
    pointer-events: none;
  }
  article:hover .toolbar,
  article:focus-within .toolbar {
    opacity: 1;
    pointer-events: auto;
  }
  .action.danger:hover,
  .action.danger:focus-visible {
    color: var(--_danger);
  }
`;
