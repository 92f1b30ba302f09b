import { css } from 'lit';

export default css`
  :host {
    --_match: var(--chat-search-match, light-dark(rgb(250 166 26 / 0.35), rgb(250 166 26 / 0.3)));
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--_bg-alt);
  }
  [part='header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-height: 24px;
    padding: 12px 16px;
    border-bottom: 1px solid var(--_border);
  }
  .title {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  .query {
    overflow: hidden;
    color: var(--_fg-muted);
    font-size: 0.8rem;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .search-box {
    flex: 1;
  }
  [part='field'] {
    box-sizing: border-box;
    width: 100%;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }
  [part='close'] {
    border: none;
    background: none;
    color: inherit;
    padding: 2px 8px;
    border-radius: var(--_radius);
    font-size: 1.2rem;
    line-height: 1;
    cursor: pointer;
  }
  [part='close']:hover {
    background: var(--_hover);
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 8px;
  }
  ol {
    display: flex;
    flex-direction: column;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .hit {
    display: grid;
    grid-template-columns: 32px minmax(0, 1fr);
    column-gap: 10px;
    row-gap: 2px;
    width: 100%;
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .hit:hover {
    border-color: var(--_fg-muted);
  }
  .hit[aria-current='true'] {
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  .avatar {
    grid-row: span 2;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 8px;
    min-width: 0;
  }
  .author {
    font-weight: 600;
  }
  .channel,
  .time {
    color: var(--_fg-muted);
    font-size: 0.75rem;
  }
  .excerpt {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
    line-height: 1.375;
  }
  mark {
    border-radius: 2px;
    background: var(--_match);
    color: inherit;
    font-weight: 600;
  }
  .status {
    margin: 0;
    padding: 12px 8px;
    color: var(--_fg-muted);
  }
  .status.error {
    color: var(--_danger);
  }
  .empty {
    padding: 32px 16px;
    text-align: center;
  }
  .empty p {
    margin: 0 0 4px;
  }
  .empty-title {
    color: var(--_fg);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .load-more,
  [part='retry'] {
    padding: 6px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    cursor: pointer;
  }
  .load-more {
    display: block;
    margin: 12px auto 4px;
  }
  .load-more:hover,
  [part='retry']:hover {
    background: var(--_hover);
  }
`;
