/**
 * docs/decisions.md stays true to the code: its example rules parse, and its
 * magic-values table lists exactly MAGIC_VALUES.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MAGIC_VALUES, parseRules } from '../../simulator/domain/decision-rules.js';
import { documentTypes } from '../../simulator/services/spec-enums.js';

const doc = readFileSync(new URL('../../docs/decisions.md', import.meta.url), 'utf8');
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parseYaml(m[1]) as Record<string, unknown>);

describe('docs/decisions.md', () => {
  it('has an example rules block that parses', () => {
    const withRules = yamlBlocks.filter((b) => b && 'rules' in b);
    expect(withRules).toHaveLength(1);
    const parsed = parseRules(withRules[0].rules, documentTypes());
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(new Set(parsed.rules.map((r) => r.outcome.kind))).toEqual(new Set(['APPROVED', 'DENIED', 'EDD', 'MANUAL_REVIEW', 'ERROR', 'PENDING']));
  });

  it('lists every magic value with its last name', () => {
    const rows = [...doc.matchAll(/^\| `(sim_[a-z_]+)` \| `([A-Za-z]+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(MAGIC_VALUES.map((m) => [m.refIdPrefix, m.lastName]));
  });
});
