import { css } from 'lit';

export default css`
  :host {
    display: block;
    width: 20rem;
    max-width: 100%;
    height: 22rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    overflow: hidden;
  }
  .picker {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  input {
    margin: 8px;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg-alt);
    color: inherit;
    font: inherit;
  }
  input:focus-visible {
    outline-offset: 0;
  }
  .scroll {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 0 8px 8px;
  }
  .category {
    margin: 8px 4px 4px;
    color: var(--_fg-muted);
    font-size: 0.75em;
    font-weight: 600;
    text-transform: uppercase;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(2.25rem, 1fr));
  }
  .grid button {
    aspect-ratio: 1;
    padding: 0;
    border: none;
    border-radius: 4px;
    background: none;
    font-size: 1.375rem;
    line-height: 1;
    cursor: pointer;
  }
  .grid button:hover {
    background: var(--_hover);
  }
  .grid button:focus-visible {
    outline-offset: -2px;
    background: var(--_selected);
  }
  .empty {
    margin: 8px 4px;
    color: var(--_fg-muted);
  }
  .empty:empty {
    display: none;
  }
`;
