import type { ChatClient } from '@hearth/sdk';
import type { Attachment } from '@hearth/sdk/protocol';
import { type ChildPart, html, noChange, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import { adoptStyles } from '../internal/adopt-styles.js';
import { type ChatStrings, addStrings, format } from '../internal/strings.js';
import { attachmentBlobs } from './attachment-blobs.js';
import { isImage, renderAttachmentBoxes } from './attachment-slots.js';
import { ATTACHMENT_STRINGS } from './attachment-strings.js';
import attachmentViewStyles from './attachment-view.styles.js';
import { fileBadgeStyles, renderFileBadge } from './file-badge.js';
import { formatFileSize } from './file-size.js';
import { openLightbox } from './image-lightbox.js';

addStrings(ATTACHMENT_STRINGS);

type Translate = (key: keyof ChatStrings) => string;

/**
 * An image's bytes, from its `blob:` URL once fetched (the box around it keeps its size until
 * then), or a small broken-image sign with the file's name when they cannot be had. Holds the URL
 * while in the page; lets go of it when its row leaves.
 */
class AttachmentImage extends AsyncDirective {
  private attachment: Attachment | undefined;
  private chat: ChatClient | undefined;
  private t: Translate = String as Translate;
  private holding = false;

  render(chat: ChatClient | undefined, attachment: Attachment, t: Translate): unknown {
    this.t = t;
    if (this.attachment?.id === attachment.id) return noChange;
    this.letGo();
    this.attachment = attachment;
    this.chat = chat;
    this.show();
    return nothing;
  }

  private show(): void {
    const attachment = this.attachment;
    if (!attachment) return;
    this.holding = true;
    attachmentBlobs.acquire(this.chat, attachment).then(
      (url) => {
        if (this.attachment === attachment) this.setValue(html`<img src=${url} alt=${attachment.name} draggable="false" />`);
      },
      () => {
        if (this.attachment !== attachment) return;
        const failed = format(this.t('imageFailed'), { name: attachment.name });
        this.setValue(html`<span class="broken" title=${failed}>${brokenIcon}<span class="broken-name">${attachment.name}</span></span>`);
      },
    );
  }

  private letGo(): void {
    if (this.attachment && this.holding) attachmentBlobs.release(this.attachment.id);
    this.holding = false;
  }

  protected override disconnected(): void {
    this.letGo();
  }

  protected override reconnected(): void {
    this.show();
  }
}

const attachmentImage = directive(AttachmentImage);

const brokenIcon = html`<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
  <path d="M3 4h14v12H3z M3 13l4-4 3 3 2-2 5 5 M14 3L6 17" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
</svg>`;
const downloadIcon = html`<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
  <path
    d="M10 3v10 M6 9l4 4 4-4 M4 16h12"
    fill="none"
    stroke="currentColor"
    stroke-width="1.6"
    stroke-linecap="round"
    stroke-linejoin="round"
  />
</svg>`;

/** Fetches the file's bytes and saves them under its name, through a link to a `blob:` URL. */
async function download(root: Node, chat: ChatClient | undefined, attachment: Attachment): Promise<void> {
  const url = await attachmentBlobs.acquire(chat, attachment);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  link.hidden = true;
  (root as ShadowRoot).append(link);
  link.click();
  link.remove();
  // The browser has the bytes once the download starts; the URL goes with the card's other users.
  setTimeout(() => attachmentBlobs.release(attachment.id), 1000);
}

/**
 * A message's files in its row: its images as a grid of buttons that open the image viewer, each
 * box at its final size before the bytes arrive; then a card per other file, with a badge of its
 * type, its name (whole on hover), its size and a Download button.
 */
export function renderAttachments(part: ChildPart, attachments: readonly Attachment[], chat: ChatClient | undefined, t: Translate) {
  const root = part.parentNode.getRootNode();
  if (root instanceof ShadowRoot) {
    adoptStyles(root, fileBadgeStyles);
    adoptStyles(root, attachmentViewStyles);
  }
  const images = attachments.filter(isImage);
  return renderAttachmentBoxes(attachments, (attachment, index) => {
    if (isImage(attachment)) {
      return html`<button
        type="button"
        part="image"
        class="image"
        aria-label=${format(t('openImage'), { name: attachment.name })}
        @click=${(event: Event) => openLightbox(root as ShadowRoot, chat, images, index, t, event.currentTarget as HTMLElement)}
      >
        ${attachmentImage(chat, attachment, t)}
      </button>`;
    }
    return html`${renderFileBadge(attachment.name, attachment.contentType)}
      <span class="file-text">
        <span part="file-name" class="file-name" title=${attachment.name}>${attachment.name}</span>
        <span class="file-size">${formatFileSize(attachment.size, document.documentElement.lang || undefined)}</span>
      </span>
      <button
        type="button"
        part="download"
        class="download"
        aria-label=${format(t('downloadFile'), { name: attachment.name })}
        title=${t('download')}
        @click=${(event: Event) => {
          const button = event.currentTarget as HTMLElement;
          download(root, chat, attachment).catch(() => {
            // Said on the button itself, until the next try.
            button.title = format(t('downloadFailed'), { name: attachment.name });
          });
        }}
      >
        ${downloadIcon}
      </button>`;
  });
}
