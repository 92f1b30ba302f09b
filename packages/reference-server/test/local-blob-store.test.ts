import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../src/blobs/local-blob-store.js';
import { makeDataDir } from './support/test-server.js';

const directory = makeDataDir();
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const blobs = new LocalBlobStore(directory);

/** Every file under a directory, relative to it. */
const filesUnder = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));

describe('LocalBlobStore', () => {
  it('stores, reads back with its size, and deletes a blob; a missing key reads as undefined and deletes without error', async () => {
    await blobs.put('a_Kd81nVq2ZpLm4Rt7', Buffer.from('hello, files'));
    const blob = await blobs.get('a_Kd81nVq2ZpLm4Rt7');
    expect(blob?.size).toBe(12);
    expect(await text(blob!.stream)).toBe('hello, files');
    await blobs.delete('a_Kd81nVq2ZpLm4Rt7');
    expect(await blobs.get('a_Kd81nVq2ZpLm4Rt7')).toBeUndefined();
    await expect(blobs.delete('a_Kd81nVq2ZpLm4Rt7')).resolves.toBeUndefined();
  });

  it('fans blobs out into two levels by the end of the key and leaves no temporary file behind', async () => {
    await blobs.put('a_first000000000xyAB', Buffer.from('1'));
    await blobs.put('a_second00000000xyCD', Buffer.from('2'));
    expect(filesUnder(directory).sort()).toEqual([
      path.join('xy', 'AB', 'a_first000000000xyAB'),
      path.join('xy', 'CD', 'a_second00000000xyCD'),
    ]);
  });

  it.each(['../escape', 'a/b', '', 'x'.repeat(65), 'a.b'])('refuses the key %j, which is no id', async (key) => {
    await expect(blobs.put(key, Buffer.from('x'))).rejects.toThrow(/not a blob key/);
  });
});
