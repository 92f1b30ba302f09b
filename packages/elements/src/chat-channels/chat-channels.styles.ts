import { css } from 'lit';

export default css`
  :host {
    position: relative;
    display: block;
    background: var(--_bg-alt);
    overflow-y: auto;
  }
  /* One line, as tall as the messages' header beside it, so their lines meet. */
  [part='header'] {
    box-sizing: border-box;
    display: flex;
    align-items: center;
    gap: 8px;
    height: 48px;
    padding: 0 16px;
    border-bottom: 1px solid var(--_border);
  }
  h2 {
    display: flex;
    min-width: 0;
    margin: 0;
    font-size: 1rem;
  }
  h2 button {
    all: inherit;
    cursor: pointer;
  }
  h2 button:focus-visible {
    outline: 2px solid var(--_accent);
  }
  h2 button::after {
    content: '▾';
    margin-inline-start: 4px;
  }
  .members {
    flex: none;
    margin-inline-start: auto;
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
    position: relative;
    display: flex;
    align-items: center;
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
  [part~='unread'] {
    color: var(--_fg);
    font-weight: 700;
  }
  /* The pill at the list's edge that marks an unread channel, as in Discord. */
  [part~='unread']::before {
    content: '';
    position: absolute;
    inset-inline-start: -8px;
    top: 50%;
    width: 4px;
    height: 8px;
    margin-top: -4px;
    border-radius: 0 4px 4px 0;
    background: var(--_fg);
  }
  .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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
