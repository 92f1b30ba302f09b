import type { BlobStore } from '../blobs/blob-store.js';
import { discardBlobs } from '../blobs/discard-blobs.js';
import type { Storage } from '../storage/types.js';

/** Options of {@link AttachmentSweeper}. */
export interface AttachmentSweeperOptions {
  /** How long an upload may wait for a send. */
  pendingUploadTtlMs: number;
  /** How often to look for uploads that waited longer. */
  sweepMs: number;
  /** Told about a sweep that failed (the next one tries again). */
  onError: (error: unknown) => void;
  /** The current time; tests may move it. */
  now?: () => number;
}

/** Uploads removed per transaction, so one sweep never holds a long lock nor a huge result. */
const BATCH = 100;
/** Batches per sweep at most; what is left waits for the next sweep. */
const MAX_BATCHES = 20;

/**
 * Removes uploads that no message named in time, with their bytes, every `sweepMs`. Each batch is
 * a delete that returns what it deleted, so two processes sweeping the same database never remove
 * a row twice, and a blob deleted twice is no error: running it everywhere is harmless.
 */
export class AttachmentSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly options: AttachmentSweeperOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Sweeps every `sweepMs` until {@link stop}. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined, this.options.onError)
        .finally(() => (this.running = undefined));
    }, this.options.sweepMs);
    // A sweep never keeps the process alive on its own.
    this.timer.unref();
  }

  /** Stops sweeping, waiting for a sweep under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Removes the uploads older than the time limit, a bounded number of batches; resolves with how many. */
  async sweep(): Promise<number> {
    const before = new Date(this.now() - this.options.pendingUploadTtlMs);
    let removed = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const stale = await this.storage.attachments.removeStale(before, BATCH);
      const ids = stale.map((attachment) => attachment.id);
      await discardBlobs(this.blobs, ids);
      removed += stale.length;
      if (stale.length < BATCH) break;
    }
    return removed;
  }
}
