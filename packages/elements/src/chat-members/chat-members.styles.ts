import { css } from 'lit';

export default css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--_bg-alt);
  }
  /* As tall as the messages' header beside it, so their lines meet. */
  [part='header'] {
    box-sizing: border-box;
    flex: none;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    height: 48px;
    padding: 0 16px;
    border-bottom: 1px solid var(--_border);
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  [part='close'] {
    border: none;
    background: none;
    padding: 2px 8px;
    border-radius: var(--_radius);
    font-size: 1.2rem;
    line-height: 1;
    cursor: pointer;
  }
  [part='close']:hover {
    background: var(--_hover);
  }
  [part='list'] {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 8px;
  }
  h3 {
    margin: 12px 8px 4px;
    color: var(--_fg-muted);
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.02em;
    text-transform: uppercase;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='member'] {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 5px 8px;
    border-radius: var(--_radius);
  }
  [part~='member']:hover {
    background: var(--_hover);
  }
  .avatar-box {
    position: relative;
    flex: none;
    display: flex;
  }
  /* Online: a green dot cut out of the avatar's corner. */
  [part='online-dot'] {
    position: absolute;
    inset-inline-end: -2px;
    bottom: -2px;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_online);
    box-shadow: 0 0 0 3px var(--_bg-alt);
  }
  [part~='offline'] .avatar-box {
    filter: grayscale(1);
  }
  [part~='offline'] [part='name'] {
    color: var(--_fg-muted);
  }
  /* Close to the name it belongs to, nearer than the row's gap. */
  [part='user-tag'] {
    flex: none;
    margin-inline-start: -6px;
  }
  [part='name'] {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='role'] {
    flex: none;
    padding: 0 6px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    color: var(--_fg-muted);
    font-size: 0.7rem;
    font-weight: 600;
  }
  [part='status'] {
    margin: 0;
    padding: 12px 16px;
    color: var(--_fg-muted);
  }
`;
