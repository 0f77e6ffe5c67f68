#!/usr/bin/env node
/**
 * @module contracts/publish
 * `npx tsx contracts/publish.ts [--results contracts/results/<target>.json]`
 *
 * Publishes the committed pacts (contracts/pacts/) to a Pact Broker and, with
 * `--results`, that target's verification outcome per pact. Needs
 * PACT_BROKER_BASE_URL plus PACT_BROKER_TOKEN (or PACT_BROKER_USERNAME and
 * PACT_BROKER_PASSWORD); without them it says what to set and exits 0
 * without touching the network. Versions: PACT_CONSUMER_VERSION (default: the
 * git commit), PACT_PROVIDER_VERSION (default: `<target>-<consumer version>`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerConfigFrom, publishPact, publishVerification, type BrokerConfig } from './verify/broker.js';
import type { TargetResults } from './verify/results.js';

const PACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pacts');
const out = (line: string) => process.stdout.write(`${line}\n`);

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const env = process.env;
  const resolved = brokerConfigFrom(env);
  if (!resolved.ok) {
    out(`contracts/publish: nothing published (${resolved.reason}).`);
    out('  To publish the pacts and verification results to a Pact Broker, set PACT_BROKER_BASE_URL and either');
    out('  PACT_BROKER_TOKEN or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD; optionally PACT_CONSUMER_VERSION and PACT_PROVIDER_VERSION.');
    return 0;
  }
  const consumerVersion = env.PACT_CONSUMER_VERSION ?? gitCommit();
  if (!consumerVersion) {
    process.stderr.write('contracts/publish: set PACT_CONSUMER_VERSION (no git commit to use)\n');
    return 2;
  }
  const broker: BrokerConfig = { ...resolved.config, fetch: (request, init) => globalThis.fetch(request, init) };
  const pacts = readdirSync(PACTS_DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(PACTS_DIR, f), 'utf8')) as {
    consumer: { name: string };
    provider: { name: string };
  });
  for (const content of pacts) {
    await publishPact(broker, { consumer: content.consumer.name, provider: content.provider.name, consumerVersion, content });
    out(`published ${content.consumer.name} → ${content.provider.name} for version ${consumerVersion}`);
  }

  const resultsIndex = argv.indexOf('--results');
  if (resultsIndex >= 0) {
    const results = JSON.parse(readFileSync(argv[resultsIndex + 1], 'utf8')) as TargetResults;
    const providerVersion = env.PACT_PROVIDER_VERSION ?? `${results.target}-${consumerVersion}`;
    for (const content of pacts) {
      const mine = results.interactions.filter((i) => i.provider === content.provider.name);
      if (!mine.length) continue; // e.g. webhooks are not verified against the sandbox
      const success = mine.every((i) => i.status === 'passed');
      await publishVerification(broker, { consumer: content.consumer.name, provider: content.provider.name, consumerVersion, providerVersion, success, buildUrl: env.BUILD_URL });
      out(`published the ${results.target} verification of ${content.provider.name} (${success ? 'passed' : 'failed'}) as provider version ${providerVersion}`);
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`contracts/publish: ${error.message}\n`);
    process.exit(1);
  },
);
