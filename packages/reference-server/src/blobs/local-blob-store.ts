import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, StoredBlob } from './blob-store.js';

/** What a key may look like: an id, so it can never climb out of the directory. */
const KEY = /^[\w-]{1,64}$/;

/**
 * A {@link BlobStore} in a directory of the local disk (by default `<dataDir>/attachments/`).
 * Blobs fan out into two levels of subdirectories by the key's last characters (ids share their
 * prefix), so no directory grows past a few thousand entries. A blob is written to a temporary
 * file, flushed, then renamed over its key: a crash leaves at most a stray temporary file, never
 * a half blob under a key.
 *
 * @example
 * const blobs = new LocalBlobStore(path.join(config.dataDir, 'attachments'));
 * await blobs.put(attachment.id, bytes);
 */
export class LocalBlobStore implements BlobStore {
  constructor(readonly directory: string) {}

  /** The file that holds a key's bytes. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
    const tail = key.padStart(4, '_').slice(-4);
    return path.join(this.directory, tail.slice(0, 2), tail.slice(2, 4), key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    await rename(temporary, target);
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    const file = this.pathOf(key);
    try {
      const { size } = await stat(file);
      return { stream: createReadStream(file), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
