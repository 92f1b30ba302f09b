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
  .topbar,
  .scrim {
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
  .search-box {
    flex: 0 1 150px;
    min-width: 64px;
  }
  [part='search-field'] {
    box-sizing: border-box;
    width: 100%;
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
      box-sizing: border-box;
      display: flex;
      align-items: center;
      gap: 8px;
      height: 48px;
      padding: 0 8px;
      border-bottom: 1px solid var(--_border);
    }
    .title {
      min-width: 0;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .drawer-toggle {
      border: none;
      background: none;
      font-size: 1.3rem;
      padding: 4px 8px;
      cursor: pointer;
    }
    /* Wide enough for a server's name beside its icon; a strip of the scrim stays to close it by. */
    .drawer {
      display: none;
      position: absolute;
      inset: 48px auto 0 0;
      z-index: 3;
      width: min(100% - 40px, 480px);
      grid-template-columns: minmax(0, 11fr) minmax(0, 9fr);
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
