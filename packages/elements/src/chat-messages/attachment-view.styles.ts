import { css } from 'lit';

/**
 * The insides of a row's files (their boxes are in the element's own styles, so that they keep
 * their size before this code loads) and the image viewer: adopted with the attachments' code.
 */
export default css`
  .image {
    display: block;
    width: 100%;
    height: 100%;
    padding: 0;
    border: none;
    border-radius: inherit;
    background: none;
    cursor: zoom-in;
  }
  .image img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    border-radius: inherit;
  }
  .broken {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 4px;
    height: 100%;
    padding: 4px;
    box-sizing: border-box;
    color: var(--_fg-muted);
    font-size: 0.8em;
  }
  .broken-name {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 8px 8px 8px 10px;
  }
  .file-text {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
  }
  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_link);
    font-weight: 500;
  }
  .file-size {
    color: var(--_fg-muted);
    font-size: 0.8em;
  }
  .download {
    flex: none;
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
  .download:hover {
    background: var(--_hover);
    color: var(--_fg);
  }
  .lightbox {
    width: 100vw;
    height: 100vh;
    max-width: none;
    max-height: none;
    margin: 0;
    padding: 0;
    border: none;
    background: rgb(0 0 0 / 0.86);
    color: #fff;
    font-family: var(--_font);
  }
  .lightbox[open] {
    display: flex;
    flex-direction: column;
  }
  .lightbox::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .lightbox-bar {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px 12px 8px 16px;
  }
  .lightbox-title {
    flex: 1;
    min-width: 0;
    display: flex;
    gap: 10px;
    align-items: baseline;
  }
  .lightbox-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .lightbox-position {
    flex: none;
    color: rgb(255 255 255 / 0.75);
    font-size: 0.85em;
  }
  .lightbox-download {
    color: #fff;
    font-size: 0.9em;
  }
  .lightbox-button {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: rgb(255 255 255 / 0.12);
    color: #fff;
    cursor: pointer;
  }
  .lightbox-button:hover {
    background: rgb(255 255 255 / 0.24);
  }
  .lightbox :focus-visible {
    outline: 2px solid #fff;
  }
  .lightbox-stage {
    flex: 1;
    min-height: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 12px;
    padding: 0 12px 16px;
  }
  .lightbox-stage img {
    min-width: 0;
    max-width: calc(100% - 104px);
    max-height: 100%;
    width: auto;
    height: auto;
    object-fit: contain;
  }
`;
