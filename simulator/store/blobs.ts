/**
 * @module store/blobs
 * Where uploaded document bytes go: files beside the lowdb file, or memory.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export function fileBlobs(dir: string): BlobStore {
  const safe = (key: string) => join(dir, key.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(safe(key), bytes);
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
