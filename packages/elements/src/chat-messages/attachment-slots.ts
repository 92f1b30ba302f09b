import type { Attachment } from '@hearth/sdk/protocol';
import { html, nothing } from 'lit';

/** Whether the server recognised the file as an image it serves inline (it measured it). */
export const isImage = (attachment: Attachment): boolean => !!attachment.width;

/**
 * A message's files in their boxes: the images as a grid (`fill` draws each), then a card per
 * other file. Without `fill` (before the attachments' code is here) the boxes stay empty, at the
 * size they will have, so the row keeps its height as the code and the bytes arrive: a lone image
 * at its own shape (at most 400 × 300 pixels, narrower with the list), tiles of two or more
 * square (the first of three spans the grid).
 */
export function renderAttachmentBoxes(attachments: readonly Attachment[], fill?: (attachment: Attachment, index: number) => unknown) {
  const images = attachments.filter(isImage);
  const lone = images.length === 1;
  return html`<div part="attachments" class="attachments">
    ${
      images.length
        ? html`<div class="images ${lone ? 'lone' : ''}" style="--_columns:${images.length > 4 ? 3 : 2}">
            ${images.map(
              (image, index) =>
                html`<div class="image-box" style=${lone ? `--_w:${image.width};--_h:${image.height}` : ''}>${fill?.(image, index)}</div>`,
            )}
          </div>`
        : nothing
    }
    ${attachments.filter((file) => !isImage(file)).map((file, index) => html`<div part="file" class="file">${fill?.(file, index)}</div>`)}
  </div>`;
}
