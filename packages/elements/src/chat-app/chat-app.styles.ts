import { css } from 'lit';

export default css`
  :host {
    display: block;
    container-type: inline-size;
    height: 100%;
    min-height: 320px;
    overflow: hidden;
  }
  .app {
    display: grid;
    grid-template-columns: 240px 240px minmax(0, 1fr);
    grid-template-rows: minmax(0, 1fr);
    height: 100%;
  }
  .app.exploring {
    grid-template-columns: 240px minmax(0, 1fr);
  }
  .topbar {
    display: none;
  }
  .drawer {
    display: contents;
  }
  .rail {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--_bg-rail);
    border-right: 1px solid var(--_border);
  }
  .rail chat-server-list {
    flex: 1;
    min-height: 0;
  }
  .explore-button {
    margin: 8px 8px 0;
    padding: 8px;
    border: none;
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    font-weight: 600;
    cursor: pointer;
  }
  .explore-button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .sidebar {
    min-height: 0;
    border-right: 1px solid var(--_border);
  }
  .main {
    grid-column: -2;
    min-width: 0;
    min-height: 0;
    display: flex;
    flex-direction: column;
    overflow: auto;
  }
  .main chat-messages {
    flex: 1;
    min-height: 0;
  }
  [part='search-field'] {
    width: 150px;
    padding: 4px 8px;
    border: 0;
    border-radius: 4px;
    background: var(--_bg-rail);
    color: inherit;
    font: inherit;
  }
  .members-toggle {
    display: grid;
    place-items: center;
    padding: 4px;
    border: none;
    border-radius: var(--_radius);
    background: none;
    color: var(--_fg-muted);
    cursor: pointer;
  }
  .members-toggle:hover,
  .members-toggle[aria-pressed='true'] {
    color: var(--_fg);
    background: var(--_hover);
  }
  .status {
    padding: 16px;
    color: var(--_fg-muted);
  }

  /* Narrow containers: one column; servers and channels slide in as a drawer. */
  @container (max-width: 699px) {
    .app,
    .app.exploring {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr);
      position: relative;
    }
    .topbar {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 6px 8px;
      border-bottom: 1px solid var(--_border);
    }
    .drawer-toggle {
      border: none;
      background: none;
      font-size: 1.3rem;
      padding: 4px 8px;
      cursor: pointer;
    }
    .drawer {
      display: none;
      position: absolute;
      inset: 45px auto 0 0;
      z-index: 2;
      width: min(90%, 420px);
      grid-template-columns: 150px minmax(0, 1fr);
      box-shadow: 4px 0 16px rgb(0 0 0 / 0.3);
      background: var(--_bg-alt);
    }
    .drawer-open .drawer {
      display: grid;
    }
    .main {
      grid-column: 1;
      grid-row: 2;
      position: relative;
    }
  }
`;
