import { css } from 'lit';

export default css`
  :host {
    display: block;
    background: var(--_bg-rail);
    overflow-y: auto;
  }
  [part~='list'] {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 8px;
  }
  [part~='server'] {
    position: relative;
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 6px 8px;
    border-radius: var(--_radius);
    cursor: pointer;
    user-select: none;
  }
  [part~='server']:hover {
    background: var(--_hover);
  }
  [part~='selected'] {
    background: var(--_selected);
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  /* As in Discord: a pill at the rail's edge says there is something new, a red count how many mentions. */
  .unread-pill {
    position: absolute;
    inset-inline-start: -8px;
    top: 50%;
    width: 4px;
    height: 8px;
    margin-top: -4px;
    border-radius: 0 4px 4px 0;
    background: var(--_fg);
  }
  .icon-box {
    position: relative;
    flex: none;
    display: flex;
  }
  .icon-box .mention-badge {
    position: absolute;
    inset-inline-end: -6px;
    bottom: -4px;
    box-shadow: 0 0 0 3px var(--_bg-rail);
  }
  [part~='unread'] .name {
    font-weight: 800;
  }
  [part~='icon'] {
    flex: none;
    width: 40px;
    height: 40px;
    border-radius: 30%;
    object-fit: cover;
  }
  .initials {
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  .text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .category {
    font-size: 0.8em;
    color: var(--_fg-muted);
  }
  [part='status'] {
    margin: 0;
    padding: 12px;
    color: var(--_fg-muted);
  }
  .create {
    width: 40px;
    height: 40px;
    margin: 4px 12px;
    border: 1px dashed;
    border-radius: 30%;
    background: none;
    font-size: 1.4rem;
    cursor: pointer;
  }
`;
