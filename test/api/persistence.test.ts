/**
 * The lowdb file store behind the API: state survives a restart, --reset
 * starts empty, a corrupt file fails with a clear message, every acknowledged
 * write is on disk (snapshot + journal) and the lowdb file is valid JSON at
 * every instant (atomic temp-file-and-rename writes).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';
import { readDataFile } from '../../simulator/store/lowdb-store.js';
import { personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';

let dir: string;
let file: string;
const open: TestSandbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paxos-sim-api-'));
  file = join(dir, 'db.json');
});
afterEach(async () => {
  for (const sb of open.splice(0)) await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fileSandbox(reset = false) {
  const sb = await createTestSandbox({ config: { storage: 'file', data: file, reset } });
  open.push(sb);
  return sb;
}
/** What is durable: the lowdb snapshot with the journal replayed. */
const onDisk = () => readDataFile(file);
/** The lowdb file alone (valid JSON at every instant: temp file and rename). */
const snapshotFile = () => JSON.parse(readFileSync(file, 'utf8')) as { identities: Record<string, unknown> };

describe('file store', () => {
  it('keeps identities, members, documents and events across a restart', async () => {
    // Phase 1: write through the API, then close.
    const first = await fileSandbox();
    const person = (await first.api('POST', '/identity/identities', personBody(1))).body.id;
    const trust = (await first.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body.id;
    const upload = (await first.api('PUT', `/identity/identities/${person}/documents`, { name: 'a.pdf' })).body;
    await first.request(new URL(upload.upload_url).pathname, { method: 'PUT', body: 'bytes', headers: { 'content-type': 'application/pdf' } });
    await first.sim.advance(first.config.reviewDelayMs);
    await first.close();
    open.splice(0);

    // Phase 2: a new simulator on the same file sees everything.
    const second = await fileSandbox();
    const got = await second.api('GET', `/identity/identities/${person}?include_details=true`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ status: 'APPROVED', person_details: { first_name: 'Ada' } });
    const members = (await second.api('GET', `/identity/identities/${trust}?include_institution_members=true`)).body.institution_members;
    expect(members).toEqual([expect.objectContaining({ identity_id: person, summary_status: 'APPROVED' })]);
    expect((await second.api('GET', `/identity/identities/${person}/documents`)).body.documents.map((d: { name: string }) => d.name)).toEqual(['a.pdf']);
    expect(new TextDecoder().decode(await second.sim.ctx.blobs.get(upload.file_id))).toBe('bytes');
    expect((await second.api('GET', '/events')).body.events.map((e: { type: string }) => e.type)).toContain('identity.approved');
    expect((await second.api('GET', '/identity/identities')).body.items).toHaveLength(2);
  });

  it('starts empty with reset', async () => {
    const first = await fileSandbox();
    await first.api('POST', '/identity/identities', personBody(1));
    await first.close();
    open.splice(0);
    const second = await fileSandbox(true);
    expect((await second.api('GET', '/identity/identities')).body.items).toEqual([]);
    expect(onDisk().identities).toEqual({});
  });

  it('refuses a corrupt file with a clear message naming the file and --reset', async () => {
    writeFileSync(file, '{"identities": {');
    const config = testConfig({ storage: 'file', data: file });
    await expect(createSimulator({ config })).rejects.toThrow(/^cannot read the data file .*db\.json: .*\(start with --reset to begin empty\)$/);
    writeFileSync(file, JSON.stringify({ version: 999 }));
    await expect(createSimulator({ config })).rejects.toThrow(/schema version 999, expected 1/);
  });

  it('leaves valid JSON on disk after every write, even during a burst of concurrent writes', async () => {
    const sb = await fileSandbox();
    // sequential writes: each resolves only once it is on disk
    for (let n = 1; n <= 5; n++) {
      const { id } = (await sb.api('POST', '/identity/identities', personBody(n))).body;
      expect(onDisk().identities).toHaveProperty(id);
    }
    // concurrent writes: read the file while they are in flight
    let done = false;
    const burst = Promise.all(Array.from({ length: 20 }, (_, i) => sb.api('POST', '/identity/identities', personBody(100 + i)))).finally(() => (done = true));
    let reads = 0;
    while (!done && reads < 500) {
      expect(() => snapshotFile()).not.toThrow();
      expect(() => onDisk()).not.toThrow();
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await burst;
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(Object.keys(onDisk().identities)).toHaveLength(25);
    // a clean close folds the journal into the lowdb file, which then holds everything
    await sb.close();
    open.splice(0);
    expect(Object.keys(snapshotFile().identities)).toHaveLength(25);
    expect(readFileSync(`${file}.journal`, 'utf8')).toBe('');
  });
});
