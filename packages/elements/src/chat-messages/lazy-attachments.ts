import type { ReactiveElement } from 'lit';
import type { AttachmentComposer } from './attachment-composer.js';
import type { AttachmentSource } from './attachment-source.js';

const DRAG_EVENTS = ['dragenter', 'dragover', 'dragleave', 'drop'] as const;

/**
 * The files of the composer, their code (the tray, uploads, the drop zone) fetched when the user
 * first picks, pastes or drags a file in: most messages carry none. Only what must answer at once
 * lives here: a drag of files over the element is accepted (so the drop reaches it) and the files
 * of a drop, a paste or the picker are taken before the browser lets go of them.
 */
export class LazyAttachments {
  /** The tray of files to send, once a file was added. */
  composer: AttachmentComposer | undefined;
  private loading: Promise<AttachmentComposer> | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly source: () => AttachmentSource,
  ) {
    // On the element itself, for as long as it lives.
    for (const type of DRAG_EVENTS) host.addEventListener(type, this);
  }

  /** A drag over the element: one carrying files is accepted where the user may post, and its drop added. */
  handleEvent(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files') || !this.source().canAttach) return;
    event.preventDefault();
    const files = event.type === 'drop' ? [...event.dataTransfer.files] : [];
    void this.load().then((composer) => composer.drag(event.type, files));
  }

  /** A paste into the composer: files in it are added instead of their names as text. */
  paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.add(files);
  }

  /** Adds files to the open channel's tray (each uploads at once). */
  add(files: readonly File[]): void {
    if (files.length > 0) void this.load().then((composer) => composer.add(files));
  }

  private load(): Promise<AttachmentComposer> {
    return (this.loading ??= import('./attachment-composer.js').then(({ AttachmentComposer }) => {
      this.composer = new AttachmentComposer(this.host, this.source);
      this.host.requestUpdate();
      return this.composer;
    }));
  }
}
