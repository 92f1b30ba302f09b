import type { Readable } from 'node:stream';

/** A stored blob as a reader gets it: its bytes as a stream, and how many there are. */
export interface StoredBlob {
  stream: Readable;
  size: number;
}

/**
 * Where attachment bytes live, by key (an attachment's id). The three operations are all an
 * object store offers without listing or renaming, so an S3-compatible bucket fits behind it as
 * well as the data directory does. A key is written once and never changed: its bytes are the
 * same for as long as it exists.
 */
export interface BlobStore {
  /** Stores the bytes under the key; readers see all of them or none (never a partial blob). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under the key, or undefined when there are none. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** Removes the bytes under the key; removing a missing key is no error. */
  delete(key: string): Promise<void>;
}
