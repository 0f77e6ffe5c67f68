/**
 * The account, profile and identity-control `curl` commands of Paxos's guides,
 * run with the real curl binary against a spawned simulator. The commands are
 * read AT RUN TIME from the guides in PAXOS_SHARED_DIR (never copied into the
 * project); only the host, the placeholders and the example control id are
 * replaced, and `--silent --show-error --write-out` is appended to read the
 * status. Without PAXOS_SHARED_DIR the test says loudly that it did not run;
 * with CI=true the directory is mandatory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { startCli, type CliProcess } from '../support/cli-process.js';

const SHARED = process.env.PAXOS_SHARED_DIR;
if (!SHARED) console.log('guide-curl: PAXOS_SHARED_DIR is not set; the guides\' account and control curl commands did NOT run');

/** Guides and the endpoints whose commands this test runs. */
const GUIDES = ['identity_person-crypto-brokerage.mdx', 'identity_institution-crypto-brokerage.mdx', 'identity_dormancy.mdx', 'identity-controls_overview.mdx'];
/** Our endpoints; orders (`/profiles/{profile_id}/orders`) are not simulated and are left out. */
const OURS = /\/v2\/(identity\/accounts|identity\/account-members|identity\/controls|profiles(?!\/[^/"?]+\/orders))\b/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The shell code blocks of a guide that call one of our account/profile/control endpoints, in order. */
export function guideCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```(?:shell|bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .map((b) => b.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n').trim())
    .filter((b) => b.startsWith('curl') && OURS.test(b));
}

interface Run {
  status: number;
  body: any;
}

describe('guide curl commands for accounts, profiles and identity controls', () => {
  it.runIf(process.env.CI === 'true')('is configured in CI (PAXOS_SHARED_DIR points at the guides)', () => {
    expect(SHARED, 'CI must set PAXOS_SHARED_DIR (see .ci/run)').toBeTruthy();
    expect(existsSync(join(SHARED as string, 'docs', GUIDES[0]))).toBe(true);
  });

  describe.skipIf(!SHARED)('against a spawned simulator', () => {
    let sim: CliProcess;
    let token: string;
    const people: string[] = [];
    let n = 0;

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sim.url}/v2${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await res.json()) as any;
    };

    beforeAll(async () => {
      sim = await startCli(['--memory', '--log-level', 'silent']);
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret' });
      token = ((await (await fetch(`${sim.url}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
      for (const i of [71, 72]) {
        const id = (await api('POST', '/identity/identities', personBody(i))).id as string;
        await api('PUT', `/identity/identities/${id}/sandbox-status`, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' });
        people.push(id);
      }
    }, 60_000);
    afterAll(async () => {
      await sim?.stop();
    });

    /** Replace host and placeholders, run with curl, return status and JSON body. */
    const run = (command: string, values: Record<string, string>, controlId?: string): Run => {
      let cmd = command.replace(/https:\/\/api(?:\.sandbox)?\.paxos\.com/g, sim.url).replace(/\{(\w+)\}/g, (whole, name: string) => {
        if (name === 'access_token') return token;
        if (/sarah/.test(name)) return people[1];
        if (/identity_id$/.test(name)) return people[0];
        if (/ref/.test(name)) return `guide-ref-${++n}`;
        if (values[name]) return values[name];
        throw new Error(`no value for placeholder ${whole}`);
      });
      if (controlId) cmd = cmd.replace(UUID, controlId); // the guide's example control id
      const out = execFileSync('bash', ['-c', `${cmd} --silent --show-error --write-out '\\n%{http_code}'`], { encoding: 'utf8' });
      const lines = out.trimEnd().split('\n');
      const status = Number(lines.pop());
      const text = lines.join('\n');
      return { status, body: text ? JSON.parse(text) : undefined };
    };

    it('runs the person guide\'s single-owner and joint account commands (step ➌)', () => {
      const commands = guideCommands(readFileSync(join(SHARED!, 'docs', GUIDES[0]), 'utf8'));
      expect(commands.length).toBeGreaterThanOrEqual(2);
      for (const command of commands) {
        const res = run(command, {});
        expect(res.status, `${command}\n${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body).toMatchObject({ identity_id: people[0], type: 'BROKERAGE', summary_status: 'APPROVED', profile_id: expect.any(String) });
      }
    });

    it('runs the institution guide\'s account and profile-lookup commands (step ➍)', () => {
      const commands = guideCommands(readFileSync(join(SHARED!, 'docs', GUIDES[1]), 'utf8'));
      expect(commands.length).toBeGreaterThanOrEqual(2);
      const values: Record<string, string> = {};
      const results = commands.map((command) => {
        const res = run(command, values);
        expect(res.status, `${command}\n${JSON.stringify(res.body)}`).toBe(200);
        if (res.body?.profile_id) values.account_id = res.body.id;
        return res;
      });
      const account = results[0].body;
      expect(account.profile_id).toEqual(expect.any(String));
      expect(results[1].body.items.map((p: { id: string }) => p.id)).toEqual([account.profile_id]);
    });

    it('runs the dormancy guide\'s create and delete control commands, and the identity follows', async () => {
      const commands = guideCommands(readFileSync(join(SHARED!, 'docs', GUIDES[2]), 'utf8'));
      expect(commands).toHaveLength(2);
      const created = run(commands[0], {});
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.body).toMatchObject({ type: 'DORMANT', reason_code: 'INACTIVITY', is_overridable: true });
      expect((await api('GET', `/identity/identities/${people[0]}`)).status).toBe('DISABLED');
      const deleted = run(commands[1], {}, created.body.id);
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      expect(deleted.body).toEqual({});
      expect((await api('GET', `/identity/identities/${people[0]}`)).status).toBe('APPROVED');
    });

    it('finds no command to run in the controls overview (it shows endpoints, not curl)', () => {
      expect(guideCommands(readFileSync(join(SHARED!, 'docs', GUIDES[3]), 'utf8'))).toEqual([]);
    });
  });
});
