/**
 * @module services/decision-rules
 * The decision rules in force (domain/decision-rules.ts): what GET /_sim/rules
 * reports, and replacing them (PUT /_sim/rules). A replacement is parsed
 * whole, saved in the store, and only then put in force, so a bad list or a
 * failed write leaves the old rules working. No HTTP here.
 */
import { formatRules, MAGIC_VALUES, parseRules } from '../domain/decision-rules.js';
import { invalid } from '../domain/errors.js';
import type { SimContext } from './context.js';
import { documentTypes } from './spec-enums.js';

export interface RulesView {
  rules: unknown[];
  magic_values: Array<{ ref_id_prefix: string; last_name: string; outcome: string }>;
  review_delay_ms: number;
  edd_review_delay_ms: number;
}

/** The rules in force, the magic values and the review delays. */
export function rulesView(ctx: SimContext): RulesView {
  return {
    rules: formatRules(ctx.rules.get()),
    magic_values: MAGIC_VALUES.map((m) => ({ ref_id_prefix: m.refIdPrefix, last_name: m.lastName, outcome: m.summary })),
    review_delay_ms: ctx.config.reviewDelayMs,
    edd_review_delay_ms: ctx.config.eddReviewDelayMs,
  };
}

/**
 * Replace every rule with `raw` (a list; `[]` removes them all) and return the new rules as
 * reported. A missing list or a bad rule is an `invalid` DomainError naming its path.
 */
export async function replaceRules(ctx: SimContext, raw: unknown): Promise<unknown[]> {
  if (!Array.isArray(raw)) throw invalid('rules is required: a list of rules (send [] to remove every rule)');
  const parsed = parseRules(raw, documentTypes());
  if (!parsed.ok) throw invalid(parsed.error);
  const formatted = formatRules(parsed.rules);
  await ctx.store.transact((tx) => tx.setSetting('rules', formatted));
  ctx.rules.set(parsed.rules);
  return formatted;
}
