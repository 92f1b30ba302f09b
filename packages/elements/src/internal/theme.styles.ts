import { css } from 'lit';

const dark = css`
  --_bg: var(--chat-bg, #313338);
  --_bg-alt: var(--chat-bg-alt, #2b2d31);
  --_bg-rail: var(--chat-bg-rail, #1e1f22);
  --_fg: var(--chat-fg, #dbdee1);
  --_fg-muted: var(--chat-fg-muted, #b5bac1);
  --_accent: var(--chat-accent, #5865f2);
  --_accent-fg: var(--chat-accent-fg, #ffffff);
  --_hover: var(--chat-hover, rgb(255 255 255 / 0.06));
  --_selected: var(--chat-selected, rgb(255 255 255 / 0.12));
  --_danger: var(--chat-danger, #f38a8c);
  --_online: var(--chat-online, #23a55a);
  --_link: var(--chat-link, #00a8fc);
  --_border: var(--chat-border, rgb(255 255 255 / 0.08));
  color-scheme: dark;
`;

/**
 * The design tokens every element shares. Public `--chat-*` custom properties are copied into
 * private `--_*` ones, so a page overrides a token once and each element reads one name. Light by
 * default; dark when the page prefers it, unless `theme="light"`; `theme="dark"` forces dark.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--chat-bg, #ffffff);
    --_bg-alt: var(--chat-bg-alt, #f2f3f5);
    --_bg-rail: var(--chat-bg-rail, #e3e5e8);
    --_fg: var(--chat-fg, #2e3338);
    --_fg-muted: var(--chat-fg-muted, #4e5058);
    --_accent: var(--chat-accent, #4752c4);
    --_accent-fg: var(--chat-accent-fg, #ffffff);
    --_hover: var(--chat-hover, rgb(0 0 0 / 0.05));
    --_selected: var(--chat-selected, rgb(0 0 0 / 0.1));
    --_danger: var(--chat-danger, #c62828);
    --_online: var(--chat-online, #1f8b4c);
    --_link: var(--chat-link, #0b62c4);
    --_border: var(--chat-border, rgb(0 0 0 / 0.1));
    /* Mention badges: white on a red that keeps its contrast in both schemes. */
    --_badge-bg: var(--chat-badge-bg, #c62828);
    --_badge-fg: var(--chat-badge-fg, #ffffff);
    --_radius: var(--chat-radius, 8px);
    --_font: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color-scheme: light;
    font-family: var(--_font);
    color: var(--_fg);
    background: var(--_bg);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
  }
  /* Before the user signs in (ChatElement.renderSignedOut): a line, then the page's prompt. */
  .signed-out {
    padding: 16px;
    color: var(--_fg-muted);
  }
  .signed-out p {
    margin: 0 0 8px;
  }
  /* The error of a failed load, with its Retry button (ChatElement.renderAsyncStatus). */
  .status.error {
    color: var(--_fg);
    border-inline-start: 3px solid var(--_danger);
  }
  .status.error button {
    margin-inline-start: 8px;
  }
  /* A count of unread mentions (ChatElement.renderMentionBadge). */
  .mention-badge {
    flex: none;
    min-width: 16px;
    height: 16px;
    padding: 0 5px;
    box-sizing: border-box;
    border-radius: 8px;
    background: var(--_badge-bg);
    color: var(--_badge-fg);
    font-size: 12px;
    font-weight: 700;
    line-height: 16px;
    text-align: center;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
