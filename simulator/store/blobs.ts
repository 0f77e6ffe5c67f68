/**
 * @module store/blobs
 * Where uploaded document bytes go: files beside the lowdb file, or memory.
 *
 * A file blob is written to a temporary file and renamed into place, so a
 * reader never sees part of one. With `fsync` (the store's `storage_fsync`)
 * the file and then its directory are flushed to disk before `put` resolves,
 * as the journal does for the document's row: an upload that was answered
 * survives power loss with its bytes, not only its record. A blob that
 * cannot be written (disk full, no permission) is a StoreWriteError, as a
 * row that cannot be: the upload is answered 503 and nothing is recorded.
 */
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syncPath } from './journal-file.js';
import { StoreWriteError } from './store.js';

export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  clear(): Promise<void>;
}

export function memoryBlobs(): BlobStore {
  const map = new Map<string, Uint8Array>();
  return {
    put: async (key, bytes) => void map.set(key, bytes),
    get: async (key) => map.get(key),
    clear: async () => map.clear(),
  };
}

export interface FileBlobOptions {
  /** flush each blob and its directory to disk before `put` resolves */
  fsync?: boolean;
  /** flushes a file or directory to disk (tests record the calls); default: open it and fsync */
  sync?: (path: string) => Promise<void>;
}

export function fileBlobs(dir: string, options: FileBlobOptions = {}): BlobStore {
  const { fsync = false, sync = syncPath } = options;
  const safe = (key: string) => join(dir, key.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    async put(key, bytes) {
      const path = safe(key);
      // (a name no key maps to: safe() leaves no dot)
      const temp = `${path}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temp, bytes);
        if (fsync) await sync(temp);
        await rename(temp, path);
        if (fsync) await sync(dir);
      } catch (err) {
        await unlink(temp).catch(() => undefined);
        throw new StoreWriteError(err);
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(safe(key)));
      } catch {
        return undefined;
      }
    },
    clear: () => rm(dir, { recursive: true, force: true }),
  };
}
