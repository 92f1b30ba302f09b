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
`;
