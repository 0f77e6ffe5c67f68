/**
 * The benchmarks' command-line numbers: `--name N`, clamped to [1, max],
 * with a fallback when absent or not a number.
 */
export function numberArg(argv: readonly string[], name: string, fallback: number, max: number): number {
  const i = argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(argv[i + 1]) : fallback;
  return Math.max(1, Math.min(Number.isFinite(n) ? n : fallback, max));
}
