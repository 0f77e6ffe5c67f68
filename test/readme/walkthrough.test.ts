/**
 * The README's walk-through of the onboarding guide (steps ➊ ➋ ➌), run as
 * written with bash and curl against a freshly started `paxos-sim` process.
 * The only change is the port; the clock is frozen and advanced by the 2 s
 * review delay between steps ➋ and ➌ instead of waiting. It runs twice on the
 * same simulator (fresh ref_id and SSN each time), and a repeated create
 * answers 409 and carries on with meta.existing.id.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, type CliProcess } from '../support/cli-process.js';
import { notice } from '../support/notice.js';
import { startReceiver, type Receiver } from '../webhooks/support.js';

function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## The onboarding guide, step by step');
  const end = readme.indexOf('\n## ', start + 5);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function bash(script: string): string {
  return execFileSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 30_000 });
}

/** The walk-through's tools; without them it is skipped with a notice, except in CI (CI=true), where that fails. */
const MISSING_TOOLS = ['curl', 'jq'].filter((tool) => {
  try {
    execFileSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
const RUN = MISSING_TOOLS.length === 0;
if (!RUN && process.env.CI !== 'true') {
  notice(`README walk-through test did NOT run: ${MISSING_TOOLS.join(' and ')} not found (install with apt-get install ${MISSING_TOOLS.join(' ')}).`);
}

describe.runIf(process.env.CI === 'true')('README walk-through tools in CI', () => {
  it('has curl and jq', () => {
    expect(MISSING_TOOLS).toEqual([]);
  });
});

describe.runIf(RUN)('README onboarding walk-through', () => {
  let sim: CliProcess;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.on('/paxos/webhooks', (_req, res) => void res.writeHead(200).end('ok'));
    sim = await startCli(['--memory', '--frozen', '--webhook-url', `${receiver.url}/paxos/webhooks`, '--webhook-header', 'X-Api-Key: secret']);
  });

  afterAll(async () => {
    await sim?.stop();
    await receiver?.close();
  });

  it('has the three steps as bash blocks', () => {
    expect(walkthroughBlocks()).toHaveLength(3);
  });

  function walkthrough(): { out: string; beforeWait: string; afterWait: string } {
    const [auth, create, wait] = walkthroughBlocks().map((b) => b.replaceAll('localhost:4010', `127.0.0.1:${sim.port}`));
    const advance = `curl -sf -X POST 'http://127.0.0.1:${sim.port}/_sim/clock/advance' -H 'content-type: application/json' -d '{"duration":"2s"}' >/dev/null`;
    const out = bash([auth, create, 'echo "--- step 3"', advance, wait].join('\n'));
    const [beforeWait, afterWait] = out.split('--- step 3');
    return { out, beforeWait, afterWait };
  }
  const idOf = (text: string) => /"id": "([0-9a-f-]{36})"/.exec(text)?.[1];
  const refOf = (text: string) => /"ref_id": "(user-[^"]+)"/.exec(text)?.[1];

  const firstRun: { id?: string; ref?: string } = {};

  it('gets a token, creates a PENDING identity, and sees it APPROVED with its event and webhook', async () => {
    const { beforeWait, afterWait } = walkthrough();
    firstRun.id = idOf(beforeWait);
    firstRun.ref = refOf(beforeWait);

    // ➊ the token response as the guide shows it, with exactly the guide's scopes
    expect(beforeWait).toMatch(/"token_type":"bearer","expires_in":3599,"scope":"identity:read_identity identity:write_identity"/);
    // ➋ the identity enters PENDING at once
    expect(beforeWait).toMatch(/"status": "PENDING"/);
    expect(beforeWait).toMatch(/"summary_status": "PENDING"/);
    // ➌ polling shows the decision
    expect(afterWait).toMatch(/"status": "APPROVED"/);
    expect(afterWait).toMatch(/"requirements": \[\]/);

    // ➌ the webhook way: the thin payload arrives with the API-key header
    const drain = await fetch(`${sim.url}/_sim/webhooks/drain`, { method: 'POST' });
    expect(drain.status).toBe(200);
    const approved = receiver.to('/paxos/webhooks').map((r) => ({ ...r, json: JSON.parse(r.body) })).find((r) => r.json.type === 'identity.approved');
    expect(approved?.headers['x-api-key']).toBe('secret');
    expect(approved?.json).toMatchObject({ source: 'com.paxos', object: 'event', is_test: false });
    // …and the full event, fetched as a webhook consumer does, names the identity
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret', scope: 'events:read_event' });
    const { access_token } = (await (await fetch(`${sim.url}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string };
    const event = await (await fetch(`${sim.url}/v2/events/${approved!.json.id}`, { headers: { authorization: `Bearer ${access_token}` } })).json();
    expect(event).toMatchObject({ id: approved!.json.id, type: 'identity.approved', object: { new_summary_status: 'APPROVED' } });
    expect(beforeWait).toContain(event.object.identity_id);
  });

  it('runs a second time on the same simulator: a new identity, PENDING then APPROVED', () => {
    expect(firstRun.id, 'the first run printed an identity id').toBeDefined();
    const { beforeWait, afterWait } = walkthrough();
    const id = idOf(beforeWait);
    expect(id).toBeDefined();
    expect(id).not.toBe(firstRun.id);
    expect(refOf(beforeWait)).not.toBe(firstRun.ref);
    expect(beforeWait).toMatch(/"status": "PENDING"/);
    expect(beforeWait).not.toMatch(/"status": 409/);
    expect(afterWait).toMatch(/"status": "APPROVED"/);
    expect(afterWait).not.toMatch(/"status": 404/);
  });

  it('carries on with meta.existing.id when the same create is sent again (409)', () => {
    const [auth, create, wait] = walkthroughBlocks().map((b) => b.replaceAll('localhost:4010', `127.0.0.1:${sim.port}`));
    // the create once more with the same ref_id and SSN: drop the lines that make fresh ones
    const again = create
      .split('\n')
      .filter((line) => !/^(REF_ID|SSN)=/.test(line))
      .join('\n');
    const out = bash([auth, create, 'FIRST_ID=$IDENTITY_ID', 'echo "--- again"', again, 'echo "$IDENTITY" | jq -c .', 'echo "first=$FIRST_ID again=$IDENTITY_ID"', wait].join('\n'));
    const [, repeated] = out.split('--- again');
    expect(repeated).toMatch(/"status":409/);
    expect(repeated).toMatch(/"title":"Already Exists"/);
    const ids = /first=(\S+) again=(\S+)/.exec(repeated);
    expect(ids?.[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids?.[2]).toBe(ids?.[1]);
    // ➌ then reads that identity, not a 404
    expect(repeated).toMatch(/"status": "PENDING"/);
    expect(repeated).not.toMatch(/"status": 404/);
  });
});
