/**
 * The spec parsed at build time (simulator/spec/generated/spec-document.ts) is
 * what scripts/gen-types.ts makes from the YAML in the repository, and
 * loadSpec() gives the same document either way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEC_JSON, SPEC_YAML_SHA256 } from '../../simulator/spec/generated/spec-document.js';
import { findSpecPath, loadSpec } from '../../simulator/spec/spec.js';
import { BOUNDS_MODULE_PATH, renderBoundsModule, renderSpecModule, SPEC_MODULE_PATH, specBounds, specHash } from '../../simulator/spec/spec-module.js';
import { QUERY_BOUNDS, SCHEMA_BOUNDS } from '../../simulator/spec/generated/spec-bounds.js';
import { parseYaml } from '../../simulator/lazy-modules.js';

describe('generated spec document', () => {
  const yaml = readFileSync(findSpecPath(), 'utf8');

  it('is up to date with contracts/openapi/paxos-identity.yaml (else: npm run gen:types)', () => {
    expect(readFileSync(SPEC_MODULE_PATH, 'utf8')).toBe(renderSpecModule(yaml));
    expect(SPEC_YAML_SHA256).toBe(specHash(yaml));
    expect(readFileSync(BOUNDS_MODULE_PATH, 'utf8')).toBe(renderBoundsModule(yaml));
  });

  it('holds the spec\'s bounds: page sizes of every list operation, the 260-character file name', () => {
    expect(QUERY_BOUNDS.ListEvents.limit).toEqual({ minimum: 1, maximum: 100, default: 100 });
    for (const op of ['ListIdentities', 'ListAccounts', 'ListProfiles', 'ListIdentityControls'] as const) {
      expect(QUERY_BOUNDS[op].limit, op).toEqual({ minimum: 1, maximum: 1000, default: 100 });
    }
    expect(SCHEMA_BOUNDS.IdentityPublicDocumentUploadBody.name.maxLength).toBe(260);
    // Every list operation that takes a limit declares its bounds.
    const withLimit = [...loadSpec().operations.values()].filter((op) => op.parameters.some((p) => p.in === 'query' && p.name === 'limit')).map((op) => op.operationId);
    expect(Object.keys(specBounds(parseYaml(yaml) as Record<string, unknown>).query).sort()).toEqual(withLimit.sort());
  });

  it('holds the same document as parsing the YAML', () => {
    expect(JSON.parse(SPEC_JSON)).toEqual(parseYaml(yaml));
    expect(loadSpec().doc).toEqual(parseYaml(yaml));
  });

  it('is not used for a YAML it was not made from', () => {
    const edited = yaml.replace(/title: .*/, 'title: edited');
    expect(edited).not.toBe(yaml);
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    try {
      writeFileSync(join(dir, 'spec.yaml'), edited);
      expect((loadSpec(join(dir, 'spec.yaml')).doc.info as { title: string }).title).toBe('edited');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
