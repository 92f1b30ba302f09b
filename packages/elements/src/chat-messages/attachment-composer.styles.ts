import { css } from 'lit';

/** The composer's tray of files and the drop zone: adopted with their code, on the first file added. */
export default css`
  .tray {
    margin: 0 16px;
    padding: 8px 8px 4px;
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: var(--_bg-alt);
    border-bottom: 1px solid var(--_border);
  }
  .reply-bar + .tray {
    border-radius: 0;
  }
  .tray + .composer {
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  .uploads {
    display: grid;
    gap: 4px;
    max-height: 40vh;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    list-style: none;
  }
  .upload {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 4px 4px 4px 6px;
    border-radius: 6px;
    background: var(--_bg);
  }
  .upload.refused {
    outline: 1px solid var(--_danger);
  }
  .upload .badge,
  .thumb {
    width: 32px;
    height: 32px;
    flex: none;
    border-radius: 4px;
    object-fit: cover;
  }
  .upload-text {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.9em;
  }
  .upload-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .upload-size {
    color: var(--_fg-muted);
    font-size: 0.85em;
  }
  .upload-error,
  .tray-note.failed {
    color: var(--_danger);
    font-size: 0.85em;
  }
  .upload progress {
    width: 100%;
    height: 4px;
    appearance: none;
    border: none;
    border-radius: 2px;
    background: var(--_border);
    accent-color: var(--_accent);
  }
  .upload progress::-webkit-progress-bar {
    border-radius: 2px;
    background: var(--_border);
  }
  .upload progress::-webkit-progress-value {
    border-radius: 2px;
    background: var(--_accent);
  }
  .upload-action {
    flex: none;
    display: grid;
    place-items: center;
    width: 28px;
    height: 28px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: none;
    color: var(--_fg-muted);
    cursor: pointer;
  }
  .upload-action:hover {
    background: var(--_hover);
    color: var(--_fg);
  }
  .tray-note {
    margin: 4px 4px 2px;
    color: var(--_fg-muted);
    font-size: 0.85em;
  }
  .text-button {
    margin-inline-start: 6px;
    padding: 0;
    border: none;
    background: none;
    color: var(--_link);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  .drop-zone {
    position: absolute;
    inset: 8px 16px;
    z-index: 3;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_bg) 88%, var(--_accent));
    color: var(--_fg);
    font-weight: 600;
    pointer-events: none;
  }
`;
