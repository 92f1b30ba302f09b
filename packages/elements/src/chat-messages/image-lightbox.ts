import type { ChatClient } from '@hearth/sdk';
import type { Attachment } from '@hearth/sdk/protocol';
import { html, nothing, render } from 'lit';
import { type ChatStrings, format } from '../internal/strings.js';
import { attachmentBlobs } from './attachment-blobs.js';

const arrow = (path: string) =>
  html`<svg viewBox="0 0 20 20" width="22" height="22" aria-hidden="true">
    <path d=${path} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
  </svg>`;

/**
 * Shows a message's images one at a time in a modal `<dialog>` (the top layer, over the whole
 * page): the image at full size, fitted to the viewport, its name and a Download link; Previous
 * and Next (and the arrow keys) move among the images. Escape, the close button or a click beside
 * the image close it, and the focus goes back to `opener`.
 *
 * @param root the shadow root the dialog goes in (it inherits the element's custom properties).
 */
export function openLightbox(
  root: ShadowRoot,
  chat: ChatClient | undefined,
  images: readonly Attachment[],
  index: number,
  t: (key: keyof ChatStrings) => string,
  opener: HTMLElement,
): void {
  const dialog = document.createElement('dialog');
  dialog.setAttribute('part', 'lightbox');
  dialog.className = 'lightbox';
  dialog.setAttribute('aria-labelledby', 'lightbox-name');
  let shown = index;
  let held: Attachment | undefined;
  let url: string | undefined;

  const draw = () => {
    const image = images[shown] as Attachment;
    const many = images.length > 1;
    render(
      html`<div class="lightbox-bar">
          <span class="lightbox-title">
            <span id="lightbox-name" class="lightbox-name">${image.name}</span>
            ${many ? html`<span class="lightbox-position">${format(t('imagePosition'), { index: shown + 1, count: images.length })}</span>` : nothing}
          </span>
          <a
            part="lightbox-download"
            class="lightbox-download"
            href=${url ?? nothing}
            download=${image.name}
            aria-disabled=${url ? nothing : 'true'}
            >${t('download')}</a
          >
          <button
            type="button"
            part="lightbox-close"
            class="lightbox-button"
            aria-label=${t('closeViewer')}
            title=${t('closeViewer')}
            @click=${() => dialog.close()}
          >
            ${arrow('M5 5l10 10 M15 5L5 15')}
          </button>
        </div>
        <div class="lightbox-stage" @click=${(event: Event) => event.target === event.currentTarget && dialog.close()}>
          ${many ? html`<button type="button" part="lightbox-previous" class="lightbox-button" aria-label=${t('previousImage')} title=${t('previousImage')} @click=${() => move(-1)}>${arrow('M12 4l-6 6 6 6')}</button>` : nothing}
          <img
            part="lightbox-image"
            src=${url ?? nothing}
            alt=${image.name}
            width=${image.width ?? nothing}
            height=${image.height ?? nothing}
          />
          ${many ? html`<button type="button" part="lightbox-next" class="lightbox-button" aria-label=${t('nextImage')} title=${t('nextImage')} @click=${() => move(1)}>${arrow('M8 4l6 6-6 6')}</button>` : nothing}
        </div>`,
      dialog,
    );
  };

  /** Shows the image at `shown`, holding its bytes' URL (and letting go of the one before). */
  const hold = () => {
    const image = images[shown] as Attachment;
    if (held) attachmentBlobs.release(held.id);
    held = image;
    url = undefined;
    draw();
    attachmentBlobs.acquire(chat, image).then(
      (found) => {
        if (held !== image) return;
        url = found;
        draw();
      },
      () => {},
    );
  };

  const move = (step: number) => {
    shown = (shown + step + images.length) % images.length;
    hold();
  };

  dialog.addEventListener('keydown', (event) => {
    if (images.length < 2 || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    move(event.key === 'ArrowLeft' ? -1 : 1);
  });
  // An Escape that closes the viewer closes nothing else (an open thread, say).
  dialog.addEventListener('cancel', (event) => event.stopPropagation());
  dialog.addEventListener('keydown', (event) => event.key === 'Escape' && event.stopPropagation());
  dialog.addEventListener('close', () => {
    if (held) attachmentBlobs.release(held.id);
    held = undefined;
    dialog.remove();
    opener.focus();
  });
  root.append(dialog);
  hold();
  dialog.showModal();
}
