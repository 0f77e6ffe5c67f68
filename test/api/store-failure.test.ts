/**
 * A store that cannot write (disk full, no permission; injected into the real
 * file store): every write answers 503 with a Problem and changes nothing,
 * reads go on, background work does not crash the process, and the simulator
 * recovers by itself once the disk can be written again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalIo } from '../../simulator/store/journal-file.js';
import { createStore, readDataFile } from '../../simulator/store/lowdb-store.js';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, problemError, type TestSandbox } from '../support/sandbox.js';

let dir: string;
let sb: TestSandbox | undefined;
const failing: { code?: string } = {};
const io: Partial<JournalIo> = {
  async write(handle, bytes, position) {
    if (failing.code) throw Object.assign(new Error(`${failing.code}: injected`), { code: failing.code });
    await handle.write(bytes, 0, bytes.length, position);
  },
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paxos-sim-fail-'));
  failing.code = undefined;
});
afterEach(async () => {
  failing.code = undefined;
  if (sb) {
    await sb.close();
    await sb.sim.store.close();
  }
  sb = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function sandbox() {
  const path = join(dir, 'db.json');
  const store = await createStore({ storage: 'file', path, io });
  sb = await createTestSandbox({ config: { storage: 'file', data: path }, options: { store } });
  return { sb, path };
}

/** The 503 Problem (with Retry-After) of a write that could not be saved, naming the file system's code. */
function expectUnsaved(res: { status: number; body: unknown; headers: Headers }, code: string): void {
  expect(res.status).toBe(503);
  expect(problemError(res)).toBeUndefined();
  expect(res.body).toEqual({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: `the simulator could not save the change (${code}); nothing was changed, retry once the data file can be written`,
    meta: { code },
  });
  expect(res.headers.get('retry-after')).toBe('1');
}

describe('writes that cannot be saved', () => {
  for (const code of ['ENOSPC', 'EACCES']) {
    it(`${code}: 503 Problem, nothing changed, reads go on, and writes work again afterwards`, async () => {
      const { sb, path } = await sandbox();
      const kept = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
      failing.code = code;
      const res = await sb.api('POST', '/identity/identities', { ...personBody(2), ref_id: 'not-saved' });
      expectUnsaved(res, code);
      // nothing of it in memory or on disk
      const list = await sb.api('GET', '/identity/identities');
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([kept]);
      expect(Object.keys(readDataFile(path).identities)).toEqual([kept]);
      // other writes fail the same way (a token, a clock move through the control API)
      expect((await sb.request('/oauth2/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret' }) })).status).toBe(503);
      expect((await sb.request('/_sim/clock/advance', { method: 'POST', json: { duration: '1s' } })).status).toBe(503);

      failing.code = undefined;
      const again = await sb.api('POST', '/identity/identities', { ...personBody(2), ref_id: 'saved' });
      expect(again.status).toBe(200);
      expect(Object.keys(readDataFile(path).identities).sort()).toEqual([kept, again.body.id].sort());
    });
  }

  it('the scheduler and webhook dispatcher log the failure and keep running', async () => {
    const { sb } = await sandbox();
    const id = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
    failing.code = 'ENOSPC';
    // the decision falls due, but cannot be saved: the advance fails, the identity stays PENDING
    expect((await sb.request('/_sim/clock/advance', { method: 'POST', json: { duration: '3s' } })).status).toBe(503);
    expect((await sb.api('GET', `/identity/identities/${id}`)).body.summary_status).toBe('PENDING');
    await expect(sb.sim.scheduler.runDue()).rejects.toThrow(/could not be saved \(ENOSPC\)/);
    failing.code = undefined;
    await sb.sim.advance(3_000);
    expect((await sb.api('GET', `/identity/identities/${id}`)).body.summary_status).toBe('APPROVED');
  });

  it('PUT /_sim/rules that cannot be saved leaves the old rules in force', async () => {
    const { sb } = await sandbox();
    const keep = [{ name: 'keep', match: { ref_id_prefix: 'k' }, outcome: 'APPROVED' }];
    expect((await sb.request('/_sim/rules', { method: 'PUT', json: { rules: keep } })).status).toBe(200);
    failing.code = 'ENOSPC';
    const res = await sb.request('/_sim/rules', { method: 'PUT', json: { rules: [{ outcome: 'DENIED' }] } });
    expect(res.status).toBe(503);
    expect((await sb.request('/_sim/rules')).body.rules).toEqual(keep);
    expect(sb.sim.ctx.rules.get()).toHaveLength(1);
  });

  it('an upload whose bytes cannot be written: 503 Problem, the document stays not uploaded, and the same upload works afterwards', async () => {
    const { sb, path } = await sandbox();
    const person = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
    const doc = (await sb.api('PUT', `/identity/identities/${person}/documents`, { name: 'proof.pdf', document_types: ['PROOF_OF_RESIDENCY'] })).body;
    // a file where the uploads' directory goes: the bytes cannot be written (EEXIST from the real file system)
    writeFileSync(`${path}.files`, 'in the way');
    const upload = () => sb.request(new URL(doc.upload_url).pathname, { method: 'PUT', body: new TextEncoder().encode('%PDF-1.4'), headers: { 'content-type': 'application/pdf' } });
    const res = await upload();
    expectUnsaved(res, 'EEXIST');
    expect(readDataFile(path).documents[doc.file_id].uploaded_at).toBeUndefined();
    expect(await sb.sim.ctx.blobs.get(doc.file_id)).toBeUndefined();

    rmSync(`${path}.files`);
    expect((await upload()).status).toBe(200);
    expect(readDataFile(path).documents[doc.file_id].uploaded_at).toEqual(expect.any(String));
    expect(new TextDecoder().decode(await sb.sim.ctx.blobs.get(doc.file_id))).toBe('%PDF-1.4');
  });
});
