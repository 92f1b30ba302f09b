import { css } from 'lit';

/** The inline editor's and the delete confirmation's styles, adopted by `<chat-messages>` once they are fetched. */
export default css`
  article.editing {
    background: var(--_hover);
  }
  .editing .content,
  .editing .content + .edited {
    display: none;
  }
  .editor textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.6em;
    margin-top: 2px;
    padding: 8px 10px;
    /* A field of its own on the row's highlight, in either scheme. */
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    resize: vertical;
    line-height: 1.4;
  }
  .editor-actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    font-size: 0.8em;
  }
  .editor-actions .hint {
    color: var(--_fg-muted);
  }
  .link-button {
    padding: 0;
    border: none;
    background: none;
    color: var(--_link);
    cursor: pointer;
  }
  .link-button:hover {
    text-decoration: underline;
  }
  /* Hugs its text and buttons, like the failed-send note, rather than spanning the row. */
  .confirm {
    width: fit-content;
    max-width: 100%;
    box-sizing: border-box;
    margin-top: 4px;
    padding: 6px 8px;
    border-inline-start: 3px solid var(--_danger);
    border-radius: 4px;
    background: var(--_bg-alt);
    font-size: 0.875em;
  }
  .confirm button {
    padding: 3px 10px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg);
    cursor: pointer;
  }
  /* The button that confirms a delete: white on a red that keeps its contrast in both schemes. */
  .confirm .danger-button {
    border-color: transparent;
    background: light-dark(#b3261e, #a12d2f);
    color: #ffffff;
  }
`;
