/**
 * Compare our spec with Paxos's published one.
 * Usage: tsx contracts/tools/spec-compat-cli.ts --upstream <path> [--ours <path>] [--strip-prefix /v2]
 *        (or set PAXOS_UPSTREAM_SPEC instead of --upstream; --strip-prefix maps upstream paths
 *        such as the controls preview's `/v2/identity/controls` onto ours)
 * Exit codes: 0 compatible, 1 differences found, 2 no upstream path given / unreadable input.
 */
import { join } from 'node:path';
import { REPO_ROOT, SPEC_PATH } from './gen-types.js';
import { compareSpecs, loadSpec, summarizeSpec } from './spec-compat.js';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const upstreamPath = flag('upstream') ?? process.env.PAXOS_UPSTREAM_SPEC;
if (!upstreamPath) {
  console.error('spec-compat: no upstream spec given; pass --upstream <path> or set PAXOS_UPSTREAM_SPEC');
  process.exit(2);
}
const oursPath = flag('ours') ?? join(REPO_ROOT, SPEC_PATH);

let upstream: object;
let ours: object;
try {
  upstream = loadSpec(upstreamPath);
  ours = loadSpec(oursPath);
} catch (err) {
  console.error(`spec-compat: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}

const stripPathPrefix = flag('strip-prefix');
const differences = compareSpecs(upstream, ours, { stripPathPrefix });
if (differences.length > 0) {
  for (const d of differences) console.log(`${d.kind}\t${d.where}\t${d.detail}`);
  console.error(`spec-compat: ${differences.length} difference(s) from ${upstreamPath}`);
  process.exit(1);
}
const { operations, schemas } = summarizeSpec(upstream);
console.log(`compatible: ${operations} operations, ${schemas} schemas checked`);
