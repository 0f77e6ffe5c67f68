/**
 * checkPactFile(): a generated pact equal to the committed one passes even when
 * only the pact-js / pact-core versions differ; any other difference fails with
 * the command that regenerates the committed pacts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPactFile, COMMITTED_PACTS_DIR, normalisePact } from '../../contracts/consumer/pact-files.js';
import { pactFileName, PROVIDERS } from '../../contracts/consumer/participants.js';

const file = pactFileName(PROVIDERS.oauth);
const committed = JSON.parse(readFileSync(join(COMMITTED_PACTS_DIR, file), 'utf8')) as { interactions: Array<{ description: string }>; metadata: Record<string, unknown> };

function generated(change: (pact: typeof committed) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'pact-check-'));
  const pact = structuredClone(committed);
  change(pact);
  writeFileSync(join(dir, file), JSON.stringify(pact));
  return dir;
}

describe('checkPactFile', () => {
  it('ignores pact-js and pact-core version metadata', () => {
    const dir = generated((p) => {
      p.metadata = { ...p.metadata, 'pact-js': { version: '99.0.0' }, pactRust: { ffi: '9.9.9', models: '9.9.9' } };
    });
    expect(checkPactFile({ provider: PROVIDERS.oauth, generatedDir: dir })).toEqual({ ok: true, message: expect.stringContaining('is up to date') });
  });

  it('fails on a changed interaction and says how to regenerate', () => {
    const dir = generated((p) => {
      p.interactions[0].description = 'a token request that nobody committed';
    });
    const check = checkPactFile({ provider: PROVIDERS.oauth, generatedDir: dir });
    expect(check.ok).toBe(false);
    expect(check.message).toContain('npm run contracts:pacts');
    expect(check.message).toContain('a token request that nobody committed');
  });

  it('writes the normalised pact when asked to update', () => {
    const dir = generated(() => undefined);
    const target = mkdtempSync(join(tmpdir(), 'pact-target-'));
    expect(checkPactFile({ provider: PROVIDERS.oauth, generatedDir: dir, committedDir: target, update: true }).ok).toBe(true);
    const written = readFileSync(join(target, file), 'utf8');
    expect(written).toBe(normalisePact(JSON.stringify(committed)));
    expect(written).not.toMatch(/pactRust|pact-js/);
  });
});
