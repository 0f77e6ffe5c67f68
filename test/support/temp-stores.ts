/**
 * Temp directories and file stores for store tests: each test's stores are
 * closed and its directories removed after it (registered with afterEach).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Store } from '../../simulator/store/store.js';

/**
 * @example
 * const { stores, tempDir, tempFile } = tempStores('journal-test-');
 * const store = await createStore({ storage: 'file', path: tempFile() }); stores.push(store);
 */
export function tempStores(prefix: string) {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  return { stores, tempDir, tempFile: () => join(tempDir(), 'db.json') };
}
