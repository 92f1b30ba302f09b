import { css } from 'lit';

/** The thread panel, on top of the message list's styles it shares with `<chat-messages>`. */
export default css`
  .thread {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }
  [part='header'] {
    align-items: center;
  }
  .channel {
    color: var(--_fg-muted);
    font-size: 0.9em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .close {
    margin-left: auto;
    /* As tall as a line of the header, so the header lines up with the messages' one beside it. */
    margin-block: -6px;
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: none;
    border-radius: 6px;
    background: none;
    color: var(--_fg-muted);
    cursor: pointer;
  }
  .close:hover {
    background: var(--_hover);
    color: var(--_fg);
  }
  /* The root opens the list; the count under it would only open this same thread. */
  .root .thread-summary {
    display: none;
  }
  .root article {
    padding-bottom: 8px;
  }
  .replies-divider {
    color: var(--_fg-muted);
  }
`;
