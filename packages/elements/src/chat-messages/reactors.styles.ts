import { css } from 'lit';

/** Who reacted, over a reaction chip: adopted with the row actions' code, which fetches the names (on the first hover or focus of a chip). */
export default css`
  .reactors {
    position: absolute;
    bottom: calc(100% + 4px);
    left: 0;
    z-index: 1;
    padding: 4px 8px;
    border-radius: 4px;
    background: var(--_fg);
    color: var(--_bg);
    font-size: 0.8em;
    white-space: nowrap;
    pointer-events: none;
  }
`;
