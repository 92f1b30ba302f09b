import { css } from 'lit';

/** The reply count under a thread's root (see thread-summary.ts). */
export default css`
  .thread-summary {
    display: inline-flex;
    margin-top: 4px;
    padding: 2px 6px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg-alt);
    font-size: 0.8em;
    cursor: pointer;
  }
  .thread-summary:hover {
    border-color: var(--_link);
  }
  .reply-count {
    color: var(--_link);
    font-weight: 600;
  }
  .last-reply {
    color: var(--_fg-muted);
    white-space: pre;
  }
`;
