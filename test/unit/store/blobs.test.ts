/**
 * Uploaded document bytes on disk (store/blobs.ts): written whole under a
 * temporary name and renamed into place; with fsync, the file and then its
 * directory are flushed before put() resolves; a blob that cannot be written
 * is a StoreWriteError (the 503 every failed write is), with no temporary
 * file left behind.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileBlobs } from '../../../simulator/store/blobs.js';
import { StoreWriteError } from '../../../simulator/store/store.js';
import { tempStores } from '../../support/temp-stores.js';

const { tempDir } = tempStores('blobs-test-');
const bytes = new TextEncoder().encode('%PDF-1.4 blob');

describe('file blobs', () => {
  it('stores and reads back the bytes, leaving only the blob itself', async () => {
    const dir = join(tempDir(), 'db.json.files');
    const blobs = fileBlobs(dir);
    await blobs.put('file-1', bytes);
    expect(new TextDecoder().decode(await blobs.get('file-1'))).toBe('%PDF-1.4 blob');
    expect(readdirSync(dir)).toEqual(['file-1']);
    expect(await blobs.get('file-2')).toBeUndefined();
  });

  it.each([
    { fsync: true, expected: ['file-1.tmp', 'db.json.files'] },
    { fsync: false, expected: [] },
  ])('fsync $fsync: flushes the blob, then its directory, before put resolves', async ({ fsync, expected }) => {
    const dir = join(tempDir(), 'db.json.files');
    const synced: string[] = [];
    const blobs = fileBlobs(dir, {
      fsync,
      sync: async (path) => {
        // the blob is flushed under its temporary name, before it is renamed into place
        synced.push(path.slice(path.lastIndexOf('/') + 1));
        if (path.endsWith('.tmp')) expect(readdirSync(dir)).toEqual(['file-1.tmp']);
      },
    });
    await blobs.put('file-1', bytes);
    expect(synced).toEqual(expected);
    expect(readdirSync(dir)).toEqual(['file-1']);
  });

  it('a blob that cannot be written is a StoreWriteError with its code, and leaves nothing behind', async () => {
    const base = tempDir();
    // a file where the blob directory should be: the directory cannot be made
    writeFileSync(join(base, 'db.json.files'), 'in the way');
    const blocked = fileBlobs(join(base, 'db.json.files'));
    const err = await blocked.put('file-1', bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).code).toBe('EEXIST');

    // a directory where the temporary file should be: the write fails once the directory exists
    const dir = join(base, 'other.files');
    const blobs = fileBlobs(dir, { fsync: true, sync: async () => undefined });
    await blobs.put('file-0', bytes);
    mkdirSync(join(dir, 'file-1.tmp', 'inside'), { recursive: true });
    const second = await blobs.put('file-1', bytes).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreWriteError);
    expect((second as StoreWriteError).code).toBe('EISDIR');
    expect(readdirSync(dir).sort()).toEqual(['file-0', 'file-1.tmp']);
    expect(await blobs.get('file-1')).toBeUndefined();
  });
});
