/**
 * The published package, as a consumer gets it: `npm pack` (its prepack
 * script builds dist/), install the tarball into a fresh project, compile a
 * strict NodeNext TypeScript program against the package's own declarations,
 * run it with plain node, and run the `paxos-sim` bin. Dependencies come from
 * the npm cache when they are there (--prefer-offline), else from the registry;
 * the simulator itself only listens on 127.0.0.1.
 *
 * Under scripts/test.sh the build's tsc skips its type-check
 * (PAXOS_BUILD_TYPECHECK=0): the suite type-checks the same files beside
 * vitest. The files it writes, declarations included, are the same.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const QUIET_NPM = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

const PROGRAM = `import { createPaxosClient, unwrap, type CreateIdentityRequest, type Identity } from 'paxos-identity-sandbox';
import { startSimulator } from 'paxos-identity-sandbox/testing';
import { createSimulator } from 'paxos-identity-sandbox/simulator';

const person: CreateIdentityRequest = {
  ref_id: 'packed-1',
  person_details: {
    verifier_type: 'PAXOS', first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1990-12-10', nationality: 'USA',
    cip_id: '123-45-6789', cip_id_type: 'SSN', cip_id_country: 'USA', email: 'ada@example.com',
    address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
  },
  customer_due_diligence: {
    estimated_yearly_income: 'INCOME_50K_TO_100K', expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
    source_of_wealth: 'EMPLOYMENT_INCOME', employment_status: 'FULL_TIME', employment_industry_sector: 'INFORMATION',
  },
};
// @ts-expect-error: the wire types are real, not any
const wrong: Identity['status'] = 'ACCEPTED';

const sim = await startSimulator({ startAt: '2026-01-15T10:00:00Z' });
try {
  const client = createPaxosClient({ baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, ...sim.credentials, now: () => sim.clock.now().getTime() });
  const created = unwrap(await client.createIdentity(person));
  await sim.clock.advance('2s');
  const identity: Identity = unwrap(await client.getIdentity(created.id));
  const dashboard = await fetch(sim.controlUrl + '/');
  const script = await fetch(sim.controlUrl + '/dashboard/app.js');
  const spec = await fetch(sim.controlUrl + '/docs/openapi.yaml');
  const renderer = await fetch(sim.controlUrl + '/docs/assets/swagger-ui.css');
  console.log(['status=' + identity.status, 'dashboard=' + dashboard.status + '/' + script.status, 'docs=' + spec.status + '/' + renderer.status, 'simulator=' + typeof createSimulator, String(wrong).length].join(' '));
} finally {
  await sim.stop();
}
`;

const TSCONFIG = (typeRoots: string) => ({
  compilerOptions: {
    strict: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    lib: ['ES2023', 'DOM'],
    outDir: 'out',
    typeRoots: [typeRoots],
    types: ['node'],
    // our declarations (and those they pull in) must check cleanly in a consumer's project;
    // TypeScript's own lib.*.d.ts need no checking here (that alone halves the compile)
    skipLibCheck: false,
    skipDefaultLibCheck: true,
  },
  include: ['main.ts'],
});

describe('the packed npm package', () => {
  let work: string;
  let project: string;
  let pack: PackResult;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'paxos-pack-'));
    project = join(work, 'consumer');
    mkdirSync(project);
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env: QUIET_NPM, timeout: 120_000, maxBuffer: 16 << 20 });
    pack = (JSON.parse(packed.stdout) as PackResult[])[0];
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-consumer', version: '1.0.0', private: true, type: 'module' }));
    await run('npm', ['install', join(work, pack.filename), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      cwd: project,
      env: QUIET_NPM,
      timeout: 120_000,
    });
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, the spec, the dashboard and the scenarios, and no sources or tests', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/testing.js', 'dist/src/testing.d.ts',
      'dist/src/generated/paxos-identity.d.ts', 'dist/simulator/cli.js', 'dist/fixtures/scenarios/approved-person.json',
      'contracts/openapi/paxos-identity.yaml', 'simulator/dashboard/public/index.html',
    ]));
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(paths.filter((p) => /(^|\/)test\//.test(p) || p.includes('.test.'))).toEqual([]);
    expect(pack.size).toBeLessThan(1_000_000);
    // the entry points are bundled (scripts/bundle-dist.mjs): the code they share is in dist/chunks/
    expect(paths.some((p) => /^dist\/chunks\/chunk-[\w-]+\.js$/.test(p))).toBe(true);
  });

  it('compiles a strict NodeNext program against the package types and runs it with node', async () => {
    writeFileSync(join(project, 'main.ts'), PROGRAM);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG(join(REPO_ROOT, 'node_modules', '@types'))));
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, timeout: 90_000 }).catch((err: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${err.stdout ?? String(err)}`);
    });
    const result = await run(process.execPath, ['out/main.js'], { cwd: project, timeout: 30_000 });
    expect(result.stdout.trim()).toBe('status=APPROVED dashboard=200/200 docs=200/200 simulator=function 8');
  }, 150_000);

  it('installs the paxos-sim bin, which runs without tsx and knows its version', async () => {
    // the bin link npm made (what npx would run), executed directly
    const bin = join(project, 'node_modules', '.bin', 'paxos-sim');
    const help = await run(bin, ['--help'], { cwd: project, timeout: 30_000 });
    expect(help.stdout).toContain('paxos-sim: a local simulator of the Paxos Identity API');
    const scenarios = await run(bin, ['scenarios'], { cwd: project, timeout: 30_000 });
    expect(scenarios.stdout).toMatch(/^approved-person\s/m);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'paxos-identity-sandbox', 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(installed.bin['paxos-sim']).toBe('dist/simulator/cli.js');
    const version = await run(bin, ['-v'], { cwd: project, timeout: 30_000 });
    expect(version.stdout).toBe(`paxos-sim ${installed.version}\n`);
  }, 60_000);
});
