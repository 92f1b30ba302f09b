import { css } from 'lit';

export default css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
    background: var(--_bg);
    --_mono: var(--chat-font-mono, ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace);
    --_quote-bar: var(--chat-quote-bar, color-mix(in srgb, var(--_fg-muted) 45%, transparent));
    --_mention: var(--chat-mention, light-dark(rgb(250 168 26 / 0.14), rgb(250 168 26 / 0.1)));
    --_mention-bar: var(--chat-mention-bar, light-dark(#b26b00, #f0b232));
    --_tint: color-mix(in srgb, var(--_accent) 16%, var(--_bg));
  }
  /* As tall as the other columns' headers (channels, members, search), so their lines meet. */
  [part='header'] {
    container: header / inline-size;
    box-sizing: border-box;
    flex: none;
    display: flex;
    align-items: center;
    gap: 12px;
    height: 48px;
    padding: 0 16px;
    border-bottom: 1px solid var(--_border);
    min-width: 0;
  }
  h2 {
    margin: 0;
    min-width: 3em;
    font-size: 1rem;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  h2 span {
    color: var(--_fg-muted);
    margin-right: 2px;
  }
  .topic {
    flex: 1 1 0;
    min-width: 0;
    color: var(--_fg-muted);
    font-size: 0.9em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* A topic squeezed to a few letters says nothing: it goes (the name's tooltip has it), then who is here. */
  @container header (max-width: 520px) {
    .topic {
      display: none;
    }
  }
  @container header (max-width: 340px) {
    .presence {
      display: none;
    }
  }
  .presence {
    flex: none;
    color: var(--_fg-muted);
    font-size: 0.85em;
  }
  .presence::before {
    content: '';
    display: inline-block;
    width: 8px;
    height: 8px;
    margin-right: 6px;
    border-radius: 50%;
    background: var(--_online);
  }
  .banner {
    padding: 6px 16px;
    background: var(--_bg-alt);
    border-bottom: 1px solid var(--_border);
    font-size: 0.9em;
  }
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  [part='list'] {
    overflow-anchor: none;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding-bottom: 8px;
  }
  .status,
  .beginning {
    margin: 0;
    padding: 12px 16px 0;
    color: var(--_fg-muted);
  }
  .day {
    display: flex;
    align-items: center;
    gap: 8px;
    width: 100%;
    padding: 12px 16px 4px;
    box-sizing: border-box;
    color: var(--_fg-muted);
    font-size: 0.8em;
    font-weight: 600;
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_border);
  }
  article {
    display: flex;
    gap: 12px;
    width: 100%;
    box-sizing: border-box;
    padding: 4px 16px;
  }
  article:not(.grouped) {
    margin-top: 8px;
  }
  article {
    position: relative;
  }
  article:hover,
  article:focus-within {
    background: var(--_hover);
  }
  /* A toolbar's buttons, and the composer's Attach. */
  .action {
    display: grid;
    place-items: center;
    width: 32px;
    height: 28px;
    padding: 0;
    border: none;
    border-radius: 4px;
    background: none;
    color: var(--_fg-muted);
    cursor: pointer;
  }
  .action:hover,
  .action:focus-visible {
    background: var(--_hover);
    color: var(--_fg);
  }
  /* A message that mentions the reader: tinted, with a bar down its left edge. */
  article.mentions-me {
    background: var(--_mention);
    box-shadow: inset 3px 0 var(--_mention-bar);
  }
  /* The quoted message the reader jumped to. */
  article.flash {
    animation: flash 1.6s ease-out;
  }
  @keyframes flash {
    from {
      background: var(--_tint);
    }
  }
  .mention {
    padding: 0 2px;
    border-radius: 3px;
    background: var(--_tint);
    font-weight: 600;
  }
  .mention-me {
    background: var(--_mention);
  }
  .reply-quote {
    display: flex;
    align-items: center;
    gap: 4px;
    max-width: 100%;
    padding: 0;
    border: none;
    background: none;
    color: var(--_fg-muted);
    font-size: 0.8em;
    text-align: start;
    cursor: pointer;
  }
  .reply-quote:hover {
    color: var(--_fg);
  }
  .reply-quote.gone {
    font-style: italic;
    cursor: auto;
  }
  .excerpt {
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-top: 4px;
  }
  .chip {
    position: relative;
  }
  .reaction {
    display: flex;
    align-items: center;
    gap: 4px;
    height: 24px;
    padding: 0 6px;
    border: 1px solid transparent;
    border-radius: 8px;
    background: var(--_bg-alt);
    font-size: 0.875em;
    cursor: pointer;
  }
  .reaction:hover {
    border-color: var(--_border);
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_tint);
  }
  .reaction.add {
    color: var(--_fg-muted);
    opacity: 0;
  }
  article:hover .add,
  .add:focus-visible {
    opacity: 1;
  }
  .edited {
    color: var(--_fg-muted);
    font-size: 0.7em;
  }
  .content:has(+ .edited) {
    display: inline;
  }
  .content + .edited {
    margin-left: 4px;
  }
  .deleted .content {
    display: none;
  }
  .tombstone {
    color: var(--_fg-muted);
    font-style: italic;
  }
  .gutter {
    flex: none;
    width: 36px;
  }
  .main {
    min-width: 0;
    flex: 1;
  }
  .meta {
    display: flex;
    align-items: baseline;
    gap: 8px;
  }
  .author {
    font-weight: 600;
  }
  time {
    color: var(--_fg-muted);
    font-size: 0.75em;
  }
  .content {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.4;
  }
  .content a {
    color: var(--_link);
  }
  .content p {
    margin: 0;
  }
  .content code {
    font-family: var(--_mono);
    font-size: 0.875em;
    padding: 0.1em 0.3em;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg-alt);
  }
  .content .code-block {
    margin: 4px 0;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg-alt);
    /* A long line scrolls inside its block rather than wrapping or widening the row. */
    white-space: pre;
    overflow-x: auto;
    line-height: 1.35;
  }
  .content .code-block code {
    padding: 0;
    border: none;
    background: none;
  }
  .content blockquote {
    margin: 2px 0;
    padding-inline-start: 12px;
    border-inline-start: 4px solid var(--_quote-bar);
  }
  .pending .content {
    opacity: 0.6;
  }
  .note {
    font-size: 0.8em;
    color: var(--_fg-muted);
  }
  .failed-note {
    color: var(--_danger);
  }
  .failed-note button,
  .banner button {
    margin-left: 6px;
    background: none;
    border: 1px solid currentColor;
    border-radius: 4px;
    color: inherit;
    cursor: pointer;
  }
  .typing {
    min-height: 1.2em;
    padding: 0 16px;
    font-size: 0.8em;
    color: var(--_fg-muted);
  }
  .composer {
    position: relative;
    display: flex;
    gap: 8px;
    align-items: flex-end;
    margin: 0 16px 16px;
    padding: 8px;
    border-radius: var(--_radius);
    background: var(--_bg-alt);
  }
  .field {
    flex: 1;
    display: flex;
    min-width: 0;
  }
  .composer.closed {
    align-items: center;
    justify-content: space-between;
  }
  textarea {
    flex: 1;
    resize: none;
    border: none;
    background: transparent;
    color: inherit;
    font: inherit;
    line-height: 1.4;
    max-height: 10em;
    field-sizing: content;
  }
  textarea:focus {
    outline: none;
  }
  .composer:focus-within {
    outline: 2px solid var(--_accent);
  }
  .primary {
    border: none;
    border-radius: 6px;
    padding: 6px 14px;
    background: var(--_accent);
    color: var(--_accent-fg);
    cursor: pointer;
  }
  .primary:disabled {
    opacity: 0.5;
    cursor: default;
  }
  /* The "New" divider: a red rule with its label at the end, as in Discord. */
  .unread-divider {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    padding: 8px 16px 0;
    box-sizing: border-box;
    color: var(--_badge-bg);
    font-size: 0.75em;
    font-weight: 700;
  }
  .unread-divider::before {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_badge-bg);
  }
  .unread-divider span {
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_badge-bg);
    color: var(--_badge-fg);
  }
  .unread-bar {
    position: absolute;
    top: 0;
    inset-inline: 12px;
    z-index: 1;
    display: flex;
    justify-content: space-between;
    gap: 12px;
    padding: 4px 12px;
    border: none;
    border-radius: 0 0 var(--_radius) var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    font-size: 0.85em;
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }
  .jump {
    flex: none;
  }
  slot[name='header-actions'] {
    display: flex;
    align-items: center;
    gap: 4px;
    /* The search field gives up its width before the channel's name does. */
    flex: 0 8 auto;
    margin-inline-start: auto;
  }
  .new-messages {
    position: absolute;
    left: 50%;
    bottom: 12px;
    transform: translateX(-50%);
    border-radius: 999px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
  }
  /* A message's files keep their boxes' sizes from the first render, before their bytes (or their code) arrive. */
  .attachments {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    justify-items: start;
    gap: 4px;
    margin-top: 4px;
  }
  .images {
    display: grid;
    grid-template-columns: repeat(var(--_columns), 1fr);
    gap: 4px;
    width: min(100%, 400px);
  }
  .images.lone {
    display: block;
    width: auto;
    max-width: 100%;
  }
  .lone .image-box {
    width: min(calc(var(--_w) * 1px), 400px, calc(300px * var(--_w) / var(--_h)));
    aspect-ratio: var(--_w) / var(--_h);
  }
  .image-box {
    max-width: 100%;
    aspect-ratio: 1;
    border-radius: 6px;
    overflow: hidden;
    background: var(--_bg-alt);
  }
  .images > :first-child:nth-last-child(3) {
    grid-column: span 2;
    aspect-ratio: 2;
  }
  .file {
    box-sizing: border-box;
    width: min(100%, 400px);
    height: 58px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
  }
  .hint {
    color: var(--_fg-muted);
  }
`;
