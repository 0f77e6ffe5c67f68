/**
 * Seeded data files for the benchmarks, made through the real create path of
 * an in-memory simulator. The review delay is about 100 years, so the decide
 * job each create schedules never falls due during a later run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../simulator/app.js';
import { loadConfig } from '../simulator/config.js';
import { silentLogger } from '../simulator/logger.js';
import { personBody, tokenForm } from './bodies.js';

export const SEED_REVIEW_DELAY = '5200w';

/** Data files `dir/seed-<size>.json` holding each of `sizes` identities (ascending); the files and the ids of the largest. */
export async function seedFresh(dir: string, sizes: number[]): Promise<{ files: Map<number, string>; ids: string[] }> {
  const sim = await createSimulator({ config: loadConfig({ argv: ['--memory', '--log-level', 'silent', '--review-delay', SEED_REVIEW_DELAY] }), logger: silentLogger });
  const tok = (await (await sim.app.request('/oauth2/token', { method: 'POST', body: tokenForm() })).json()) as { access_token: string };
  const headers = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
  const ids: string[] = [];
  const files = new Map<number, string>();
  const started = performance.now();
  for (const size of sizes) {
    while (ids.length < size) {
      const res = await sim.app.request('/v2/identity/identities', { method: 'POST', headers, body: JSON.stringify(personBody(ids.length)) });
      if (res.status !== 200) throw new Error(`seed create ${ids.length} failed: ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const file = join(dir, `seed-${size}.json`);
    writeFileSync(file, JSON.stringify(sim.store.snapshot()));
    files.set(size, file);
    console.log(`  seeded ${size} identities (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await sim.close();
  return { files, ids };
}
