/**
 * Shared set-up of the account, profile and identity-control tests: a sandbox
 * on either store, and approved person identities.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';

export type StoreKind = 'memory' | 'file';
export const STORES: StoreKind[] = ['memory', 'file'];

export async function sandboxOn(store: StoreKind, config: Parameters<typeof createTestSandbox>[0] = {}): Promise<TestSandbox & { cleanup(): Promise<void> }> {
  const dir = store === 'file' ? mkdtempSync(join(tmpdir(), 'paxos-accounts-')) : undefined;
  const sb = await createTestSandbox({
    ...config,
    config: { ...(dir ? { storage: 'file' as const, data: join(dir, 'db.json'), reset: true } : { storage: 'memory' as const }), ...config.config },
  });
  return Object.assign(sb, {
    async cleanup() {
      await sb.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Create person `n` and approve it through the sandbox-status endpoint; returns its id. */
export async function approvedPerson(sb: TestSandbox, n: number): Promise<string> {
  const created = await sb.api('POST', '/identity/identities', personBody(n));
  if (created.status !== 200) throw new Error(`create failed: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const set = await sb.api('PUT', `/identity/identities/${id}/sandbox-status`, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' });
  if (set.status !== 200) throw new Error(`sandbox-status failed: ${set.status} ${set.text}`);
  return id;
}

export async function pendingPerson(sb: TestSandbox, n: number): Promise<string> {
  return (await sb.api('POST', '/identity/identities', personBody(n))).body.id as string;
}
