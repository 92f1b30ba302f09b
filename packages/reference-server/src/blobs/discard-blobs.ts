import type { BlobStore } from './blob-store.js';

/**
 * Deletes the bytes of files whose rows a committed transaction removed. Called only after the
 * commit: a crash or a failed delete between the two leaves an orphan blob, bytes no row names
 * and no URL serves, and never a row whose bytes are missing. A failure here is therefore not
 * the caller's: the delete it belongs to has happened.
 */
export async function discardBlobs(blobs: BlobStore, keys: readonly string[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => blobs.delete(key)));
}
