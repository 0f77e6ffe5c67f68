/**
 * The README shows the example programs verbatim; the examples themselves
 * run in test/client/readme-examples.test.ts and test/testing/examples.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../simulator/config.js';
import { MAGIC_VALUES, parseRules } from '../../simulator/domain/decision-rules.js';
import { specEnum } from '../../simulator/services/spec-enums.js';
import { REPO_ROOT } from '../support/cli-process.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const SHOWN = ['examples/client/onboard-person.ts', 'examples/client/webhook-receiver.ts'];

describe('README examples', () => {
  it.each(SHOWN)('shows %s verbatim', (file) => {
    expect(existsSync(join(REPO_ROOT, file))).toBe(true);
    expect(README).toContain(readFileSync(join(REPO_ROOT, file), 'utf8').trim());
  });

  it('shows the vitest example verbatim, with package imports instead of relative ones', () => {
    const code = readFileSync(join(REPO_ROOT, 'examples/testing/onboarding.vitest.test.ts'), 'utf8')
      .trim()
      .replaceAll("from '../../src/testing.js'", "from 'paxos-identity-sandbox/testing'")
      .replaceAll("from '../../src/index.js'", "from 'paxos-identity-sandbox'");
    expect(README).toContain(code);
  });
});

describe('README configuration examples', () => {
  const yamlBlocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('has YAML examples', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(yamlBlocks.map((b, i) => [i, b]))('YAML block %i is a valid config file whose rules parse', (_i, block) => {
    const config = loadConfig({ argv: ['--config', 'readme.yaml'], readFile: () => block as string });
    const parsed = parseRules(config.rules, specEnum('DocumentType'));
    expect(parsed, JSON.stringify(parsed)).toMatchObject({ ok: true });
  });

  it('the full config example lists its clients, entities, consumer, delays and KYC timing', () => {
    const full = yamlBlocks.find((b) => b.includes('clients:'))!;
    const config = loadConfig({ argv: ['--config', 'readme.yaml'], readFile: () => full });
    expect(config.clients.map((c) => c.client_id)).toEqual(['backend', 'read-only', 'team-b']);
    expect(config.entities).toEqual([{ id: 'team-a', clients: ['backend', 'read-only'] }, { id: 'team-b', clients: ['team-b'] }]);
    expect(config.webhooks.consumers[0]).toMatchObject({ name: 'backend', entity_id: 'team-a', auth: { type: 'api_key', header: 'X-Api-Key' } });
    expect(config.reviewDelayMs).toBe(5000);
    expect(config.eddReviewDelayMs).toBe(10_000);
    expect(config.rescreenOnUpdate).toBe(true);
    expect(config.kyc).toMatchObject({ windowMs: 30 * 86_400_000, disableOnExpiry: true });
  });
});

describe('README magic values', () => {
  it.each(MAGIC_VALUES.map((m) => [m.refIdPrefix, m.lastName]))('lists %s / %s as the simulator defines it', (prefix, lastName) => {
    expect(README).toContain(`| \`${prefix}\` | \`${lastName}\` |`);
  });
});
