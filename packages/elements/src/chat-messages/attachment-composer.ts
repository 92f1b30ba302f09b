import { ChatApiError } from '@hearth/sdk';
import { removeUpload, uploadAttachment } from '@hearth/sdk/attachments';
import type { Attachment, MAX_ATTACHMENTS } from '@hearth/sdk/protocol';
import { type ReactiveElement, html, nothing } from 'lit';
import { adoptStyles } from '../internal/adopt-styles.js';
import { addStrings, format } from '../internal/strings.js';
import attachmentComposerStyles from './attachment-composer.styles.js';
import { ATTACHMENT_STRINGS } from './attachment-strings.js';
import { fileBadgeStyles, renderFileBadge } from './file-badge.js';
import { formatFileSize } from './file-size.js';
import type { AttachmentSource } from './attachment-source.js';

addStrings(ATTACHMENT_STRINGS);

/** The most files one message carries, as the server counts them. */
const MAX_FILES: typeof MAX_ATTACHMENTS = 10;

/** The image types the server shows inline, whose chosen files the tray previews. */
const PREVIEWED = /^image\/(png|jpeg|gif|webp)$/;

/** One file of the tray: uploading, uploaded (ready to send), or refused (and why). */
interface Upload {
  key: number;
  file: File;
  state: 'uploading' | 'done' | 'refused';
  /** Bytes sent so far. */
  loaded: number;
  attachment?: Attachment;
  error?: string;
  abort: AbortController;
  /** A `blob:` URL of the chosen image, for its thumbnail. */
  preview?: string;
}

/** A channel's tray: its files, and a notice about files not added. */
interface Tray {
  uploads: Upload[];
  notice?: string | undefined;
}

let nextKey = 0;

/**
 * The files the composer holds for the next message, one tray per channel: each uploads as soon as
 * it is added, with its progress, and can be cancelled (the upload stops and leaves nothing),
 * removed once uploaded (the upload is deleted from the server), or, refused, dismissed with the
 * reason shown. At most {@link MAX_FILES}: more are not added, and a notice says so. Send waits
 * (its button disabled, a hint said) while any upload is in progress; the send takes the uploaded
 * files and empties the tray. What happens is said to screen readers, politely.
 */
export class AttachmentComposer {
  private readonly trays = new Map<string, Tray>();
  private dragDepth = 0;
  private announcement = '';

  constructor(
    private readonly host: ReactiveElement,
    private readonly source: () => AttachmentSource,
  ) {
    adoptStyles(host.renderRoot as ShadowRoot, fileBadgeStyles);
    adoptStyles(host.renderRoot as ShadowRoot, attachmentComposerStyles);
  }

  /** The open channel's tray. */
  private get tray(): Tray {
    const channelId = this.source().channelId ?? '';
    let tray = this.trays.get(channelId);
    if (!tray) this.trays.set(channelId, (tray = { uploads: [] }));
    return tray;
  }

  /** Whether a file of the open channel is still uploading (Send waits for it). */
  get busy(): boolean {
    return this.tray.uploads.some((upload) => upload.state === 'uploading');
  }

  /** Whether the open channel's tray holds uploaded files (a message may then be sent without text). */
  get ready(): boolean {
    return this.tray.uploads.some((upload) => upload.state === 'done');
  }

  /** Adds files to the open channel's tray, each uploading at once; those past the most a message carries are refused. */
  add(files: readonly File[]): void {
    const { chat, channelId, canAttach, t } = this.source();
    if (!chat || !channelId || !canAttach) return;
    const tray = this.tray;
    const room = MAX_FILES - tray.uploads.filter((upload) => upload.state !== 'refused').length;
    tray.notice = files.length > room ? format(t('tooManyFiles'), { max: MAX_FILES, count: files.length - Math.max(0, room) }) : undefined;
    for (const file of files.slice(0, Math.max(0, room))) {
      const upload: Upload = {
        key: nextKey++,
        file,
        state: 'uploading',
        loaded: 0,
        abort: new AbortController(),
        preview: PREVIEWED.test(file.type) ? URL.createObjectURL(file) : undefined,
      };
      tray.uploads.push(upload);
      uploadAttachment(chat, channelId, file, {
        name: file.name || undefined,
        signal: upload.abort.signal,
        onProgress: ({ loaded }) => {
          upload.loaded = loaded;
          this.host.requestUpdate();
        },
      }).then(
        (attachment) => {
          Object.assign(upload, { state: 'done', attachment, loaded: file.size });
          this.say(format(t('uploadedFile'), { name: attachment.name }));
        },
        (error: unknown) => {
          if (upload.abort.signal.aborted) return;
          const reason =
            error instanceof ChatApiError ? (error.problem.detail ?? error.message) : String((error as Error)?.message ?? error);
          Object.assign(upload, { state: 'refused', error: format(t('uploadRefused'), { name: file.name, reason }) });
          this.say(upload.error as string);
        },
      );
    }
    this.host.requestUpdate();
  }

  /** A drag of files over the element: the drop zone shows while it lasts; a drop adds its files. */
  drag(type: string, files: readonly File[]): void {
    if (type === 'dragenter') this.dragDepth++;
    else if (type === 'dragleave') this.dragDepth = Math.max(0, this.dragDepth - 1);
    else if (type === 'drop') {
      this.dragDepth = 0;
      this.add(files);
    }
    this.host.requestUpdate();
  }

  /** The uploaded files of the open channel, for the message being sent; the tray empties. */
  take(): Attachment[] {
    const tray = this.tray;
    const taken = tray.uploads.flatMap((upload) => upload.attachment ?? []);
    for (const upload of tray.uploads) this.forget(upload);
    tray.uploads = [];
    tray.notice = undefined;
    this.host.requestUpdate();
    return taken;
  }

  /** Takes a file out of the tray: stops its upload, or deletes it from the server once uploaded. */
  private remove(upload: Upload): void {
    const tray = this.tray;
    tray.uploads = tray.uploads.filter((candidate) => candidate !== upload);
    this.forget(upload);
    const { chat, t } = this.source();
    const name = upload.attachment?.name ?? upload.file.name;
    if (upload.state === 'uploading') {
      upload.abort.abort();
      this.say(format(t('uploadCancelled'), { name }));
    } else if (upload.state === 'done') {
      // An upload no message names is removed by the server within the hour anyway.
      if (chat && upload.attachment) removeUpload(chat, upload.attachment.id).catch(() => {});
      this.say(format(t('fileRemoved'), { name }));
    }
    this.host.requestUpdate();
  }

  private forget(upload: Upload): void {
    if (upload.preview) URL.revokeObjectURL(upload.preview);
  }

  private say(text: string): void {
    this.announcement = text;
    this.host.requestUpdate();
  }

  /** The drop zone over the message pane while files are dragged over it. */
  renderDropZone() {
    if (this.dragDepth === 0) return nothing;
    const { channelName, t } = this.source();
    return html`<div part="drop-zone" class="drop-zone"><span>${format(t('dropFiles'), { channel: channelName })}</span></div>`;
  }

  /** The tray above the composer's field, with the open channel's files; nothing while it is empty. */
  renderTray() {
    const { t } = this.source();
    const tray = this.tray;
    const live = html`<div class="visually-hidden" aria-live="polite">${this.announcement}</div>`;
    if (tray.uploads.length === 0 && !tray.notice) return live;
    return html`<div part="tray" class="tray" role="group" aria-label=${t('filesToSend')}>
      ${live}
      <ul class="uploads">
        ${tray.uploads.map((upload) => this.renderUpload(upload))}
      </ul>
      ${
        tray.notice
          ? html`<p class="tray-note failed">
              ${tray.notice}
              <button type="button" class="text-button" @click=${() => ((tray.notice = undefined), this.host.requestUpdate())}>
                ${t('dismiss')}
              </button>
            </p>`
          : nothing
      }
      ${this.busy ? html`<p class="tray-note">${t('waitForUploads')}</p>` : nothing}
    </div>`;
  }

  private renderUpload(upload: Upload) {
    const { t } = this.source();
    const { file, state } = upload;
    const name = upload.attachment?.name ?? file.name;
    const [label, part] =
      state === 'uploading'
        ? [format(t('cancelUpload'), { name }), 'cancel-upload']
        : state === 'done'
          ? [format(t('removeFile'), { name }), 'remove-file']
          : [t('dismiss'), 'dismiss-upload'];
    return html`<li part=${`upload ${state}`} class="upload ${state}">
      ${upload.preview ? html`<img class="thumb" src=${upload.preview} alt="" />` : renderFileBadge(name, file.type)}
      <span class="upload-text">
        <span class="upload-name" title=${name}>${name}</span>
        ${
          state === 'refused'
            ? html`<span class="upload-error">${upload.error}</span>`
            : html`<span class="upload-size">${formatFileSize(file.size, document.documentElement.lang || undefined)}</span>`
        }
        ${
          state === 'uploading'
            ? html`<progress
                part="upload-progress"
                max=${Math.max(1, file.size)}
                .value=${upload.loaded}
                aria-label=${format(t('uploadingFile'), { name })}
              ></progress>`
            : nothing
        }
      </span>
      <button type="button" part=${part} class="upload-action" aria-label=${label} title=${label} @click=${() => this.remove(upload)}>
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path d="M5 5l10 10 M15 5L5 15" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
      </button>
    </li>`;
  }
}
