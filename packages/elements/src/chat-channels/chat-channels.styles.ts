import { css } from 'lit';

export default css`
  :host {
    display: block;
    background: var(--_bg-alt);
    overflow-y: auto;
  }
  [part='header'] {
    padding: 12px 16px;
    border-bottom: 1px solid var(--_border);
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  .members {
    font-size: 0.8em;
    color: var(--_fg-muted);
  }
  [part='list'] {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 8px;
  }
  [part~='channel'] {
    display: flex;
    gap: 6px;
    padding: 6px 8px;
    border-radius: var(--_radius);
    color: var(--_fg-muted);
    cursor: pointer;
  }
  [part~='channel']:hover {
    background: var(--_hover);
    color: var(--_fg);
  }
  [part~='selected'] {
    background: var(--_selected);
    color: var(--_fg);
    font-weight: 600;
  }
  .hash {
    opacity: 0.8;
  }
  [part='status'] {
    margin: 0;
    padding: 12px;
    color: var(--_fg-muted);
  }
`;
