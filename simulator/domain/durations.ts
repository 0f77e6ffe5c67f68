/**
 * @module domain/durations
 * The one duration parser, used by the config, decision rules, fault rules,
 * the control API's clock, scenarios and the testing helpers. Pure.
 */

/** Parse durations like "90s", "5m", "2h", "1d", "1h30m", "500ms" or an ISO 8601 "PT1H". */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(trimmed);
  if (iso && trimmed !== 'P' && trimmed !== 'PT') {
    const [, d, h, m, sec] = iso;
    return ((+(d ?? 0) * 24 + +(h ?? 0)) * 60 + +(m ?? 0)) * 60_000 + Math.round(+(sec ?? 0) * 1000);
  }
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(re)) {
    total += Number(match[1]) * unit[match[2]];
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? Math.round(total) : undefined;
}

/**
 * Milliseconds from a config value: a number of seconds (≥ 0) or a duration
 * string; undefined for anything else. The config file and the decision rules
 * read their durations through this one rule.
 */
export function secondsOrDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0) return value * 1000;
  return typeof value === 'string' ? parseDuration(value) : undefined;
}
