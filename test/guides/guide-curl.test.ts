/**
 * Paxos's guides, run as written (issue 9): every curl of the person and
 * institution crypto-brokerage guides and the dormancy guide that targets an
 * endpoint this simulator serves is run with the real curl binary, built the
 * way the guide writes it (`--data` JSON with no Content-Type, so curl sends
 * application/x-www-form-urlencoded; `--form` for the token), against a freshly
 * spawned `paxos-sim` process on a free port. Only the host and the guide's
 * `{placeholders}` are replaced.
 *
 * With PAXOS_SHARED_DIR pointing at the shared Paxos material, the guides are
 * read at run time and compared with the fixture (guide-requests.ts): same
 * requests, same JSON bodies, in the same order. Without it that check says it
 * did NOT run; in CI it is mandatory.
 */
import { notice } from '../support/notice.js';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { startCli, type CliProcess } from '../support/cli-process.js';
import { GUIDE_REQUESTS, type GuideRequest } from './guide-requests.js';

const run = promisify(execFile);
const sharedDir = process.env.PAXOS_SHARED_DIR;
const GUIDES = [...new Set(GUIDE_REQUESTS.map((r) => r.guide))];

if (!sharedDir) notice('guide-curl: PAXOS_SHARED_DIR is not set; the fixture was NOT compared with Paxos\'s guides (the requests still run)');
for (const r of GUIDE_REQUESTS.filter((x) => x.pending)) {
  console.warn(`guide-curl: PENDING ENDPOINT, NOT RUN: ${r.guide} ${r.step}: ${r.method} ${r.path} (${r.pending})`);
}

// ------------------------------------------------------------------ the simulator process
let cli: CliProcess;
let origin: string;

beforeAll(async () => {
  cli = await startCli(['--memory', '--log-level', 'silent']);
  origin = cli.url;
  // The person guide's joint account names a second owner it never creates: make one (approved) here.
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: values.paxos_client_id, client_secret: values.paxos_secret, scope: 'identity:read_identity identity:write_identity' });
  const token = ((await (await fetch(`${origin}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  const api = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${origin}/v2${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}`).toBe(200);
    return (await res.json()) as { id: string };
  };
  const sarah = (await api('POST', '/identity/identities', personBody(72))).id;
  await api('PUT', `/identity/identities/${sarah}/sandbox-status`, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' });
  values.sarah_duncan_identity_id = sarah;
  // The dormancy guide requests no token; the controls need the identity-control scopes (preview spec).
  const controlScopes = new URLSearchParams({ grant_type: 'client_credentials', client_id: values.paxos_client_id, client_secret: values.paxos_secret, scope: 'identity:read_identity identity:read_identity_control identity:write_identity_control' });
  values['identity_dormancy.mdx:access_token'] = ((await (await fetch(`${origin}/oauth2/token`, { method: 'POST', body: controlScopes })).json()) as { access_token: string }).access_token;
}, 30_000);

afterAll(async () => {
  await cli?.stop();
});

// ------------------------------------------------------------------ curl, as the guides write it
const values: Record<string, string> = {
  paxos_client_id: 'paxos-sim-client',
  paxos_secret: 'paxos-sim-secret',
  your_end_user_ref_id: 'guide-person-ref',
  your_inst_end_user_ref_id: 'guide-institution-ref',
  your_account_ref: 'guide-account-ref',
  your_account_ref_id: 'guide-joint-account-ref',
  profile_id: 'a-profile-id',
  order_id: 'an-order-id',
};
/** Placeholders that name a value saved under another name. */
const ALIASES: Record<string, string> = { billy_duncan_identity_id: 'identity_id' };
/** A guide without a token or identity of its own goes on with another guide's. */
const CONTINUES: Record<string, string> = { 'identity_dormancy.mdx': 'identity_person-crypto-brokerage.mdx' };

function fill(text: string, guide: string): string {
  return text.replace(/\{(\w+)\}/g, (whole, placeholder: string) => {
    const name = ALIASES[placeholder] ?? placeholder;
    const from = CONTINUES[guide];
    const v = values[`${guide}:${name}`] ?? (from && values[`${from}:${name}`]) ?? values[name];
    if (v === undefined) throw new Error(`no value for placeholder ${whole}`);
    // ref ids are per guide, so the two guides do not clash on one simulator
    return name.endsWith('ref_id') ? `${v}-${guide.split('_')[1].split('-')[0]}` : v;
  });
}

function curlArgs(r: GuideRequest, path = r.servedPath ?? r.path): string[] {
  const url = `${origin}${fill(path, r.guide)}`;
  const args = ['--silent', '--show-error', '--location', url];
  if (r.form) {
    for (const [k, v] of Object.entries(r.form)) args.push('--form', `${k}=${fill(v, r.guide)}`);
    return args;
  }
  args.push('--request', r.method, '--header', `Authorization: Bearer ${fill('{access_token}', r.guide)}`);
  for (const [k, v] of Object.entries(r.headers ?? {})) args.push('--header', `${k}: ${v}`);
  if (r.data !== undefined) {
    let data = JSON.stringify(r.data, null, 4);
    for (const [literal, placeholder] of Object.entries(r.substitute ?? {})) data = data.split(literal).join(placeholder);
    args.push('--data', fill(data, r.guide));
  }
  return args;
}

async function curl(r: GuideRequest, path?: string): Promise<{ status: number; body: any }> {
  const { stdout } = await run('curl', [...curlArgs(r, path), '--write-out', '\n%{http_code}']);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
}

const expected = (body: Record<string, unknown>, guide: string) =>
  JSON.parse(fill(JSON.stringify(body), guide)) as Record<string, unknown>;

describe.each(GUIDES)('%s, run with curl against a fresh paxos-sim', (guide) => {
  for (const r of GUIDE_REQUESTS.filter((x) => x.guide === guide)) {
    const label = `${r.step}: ${r.method} ${r.path}${r.servedPath ? ` (the guide's path lacks /v2; run on ${r.servedPath})` : ''}`;
    if (r.pending) {
      it.skip(`${label} (PENDING ENDPOINT: ${r.pending})`, () => {});
      continue;
    }
    it(label, async () => {
      if (r.approve) {
        const approved = await fetch(`${origin}/v2/identity/identities/${fill(r.approve, guide)}/sandbox-status`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${fill('{access_token}', guide)}`, 'content-type': 'application/json' },
          // an institution takes sanctions only (id verification applies to persons)
          body: JSON.stringify({ sanctions_verification_status: 'APPROVED' }),
        });
        expect(approved.status, await approved.clone().text()).toBe(200);
      }
      if (r.advance) {
        // The guide shows the decision as made; here it comes after the review delay: move the clock past it.
        const moved = await fetch(`${origin}/_sim/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ duration: r.advance }) });
        expect(moved.status).toBe(200);
      }
      if (r.servedPath) {
        // The guide's path as written is not served (it lacks /v2): that answers 404, and the request runs on servedPath.
        const asWritten = await curl(r, r.path);
        expect(asWritten.status, JSON.stringify(asWritten.body)).toBe(404);
      }
      if (r.before) {
        const sent = await fetch(`${origin}${fill(r.before.path, guide)}`, {
          method: r.before.method,
          headers: { authorization: `Bearer ${fill('{access_token}', guide)}`, 'content-type': 'application/json' },
          body: fill(JSON.stringify(r.before.body), guide),
        });
        expect(sent.status, await sent.clone().text()).toBe(200);
      }
      const res = await curl(r);
      if (r.notSimulated) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toContain('not simulated');
        return;
      }
      expect(res.status, JSON.stringify(res.body)).toBe(r.expect!.status);
      if (r.expect!.body && r.exact) expect(res.body).toEqual(expected(r.expect!.body, guide));
      else if (r.expect!.body) expect(res.body).toMatchObject(expected(r.expect!.body, guide));
      for (const field of r.has ?? []) expect(res.body[field], field).toEqual(expect.any(String));
      for (const [name, field] of Object.entries(r.save ?? {})) values[`${guide}:${name}`] = String(res.body[field]);
      if (r.then) {
        const token = fill('{access_token}', guide);
        const after = await fetch(`${origin}${fill(r.then.path, guide)}`, { headers: { authorization: `Bearer ${token}` } });
        expect(after.status).toBe(200);
        expect(await after.json()).toMatchObject(expected(r.then.body, guide));
      }
    });
  }
});

// ------------------------------------------------------------------ drift: the guides still say this
describe('the fixture matches the guides (PAXOS_SHARED_DIR)', () => {
  it.runIf(process.env.CI === 'true')('is configured in CI', () => {
    expect(sharedDir, 'CI must set PAXOS_SHARED_DIR (see .ci/run)').toBeTruthy();
    expect(existsSync(join(sharedDir as string, 'docs'))).toBe(true);
  });

  it.skipIf(!sharedDir).each(GUIDES)('%s: same requests and bodies, in order', (guide) => {
    const text = readFileSync(join(sharedDir as string, 'docs', guide), 'utf8');
    const commands = [...text.matchAll(/```(?:shell|bash)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((c) => /\bcurl\b/.test(c));
    const fromGuide = commands.map((c) => {
      const url = /curl\s+(?:--location\s+|-X\s+\w+\s+)?['"]https:\/\/[^/'"]+([^'"]*)['"]/.exec(c)?.[1];
      const data = /(?:--data|-d)\s+'([\s\S]*?)'\s*$/m.exec(c)?.[1];
      const forms = Object.fromEntries([...c.matchAll(/--form\s+(\w+)=('([^']*)'|\S+)/g)].map((m) => [m[1], m[3] ?? m[2]]));
      return { path: url, data: data === undefined ? undefined : (JSON.parse(data) as unknown), form: Object.keys(forms).length ? forms : undefined };
    });
    const ours = GUIDE_REQUESTS.filter((r) => r.guide === guide);
    expect(fromGuide.map((g) => g.path)).toEqual(ours.map((r) => r.path));
    for (const [i, r] of ours.entries()) {
      if (r.data !== undefined) expect(fromGuide[i].data, `${guide} ${r.step}`).toEqual(r.data);
      if (r.form !== undefined) expect(fromGuide[i].form, `${guide} ${r.step}`).toEqual(r.form);
    }
  });

  it.skipIf(!sharedDir)('identity-controls_overview.mdx has no curl command to run (it lists endpoints only)', () => {
    const text = readFileSync(join(sharedDir as string, 'docs', 'identity-controls_overview.mdx'), 'utf8');
    const commands = [...text.matchAll(/```(?:shell|bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((c) => /\bcurl\b/.test(c));
    expect(commands).toEqual([]);
  });
});
