/**
 * The README's walk-through of the onboarding guide (steps ➊ ➋ ➌), run as
 * written with bash and curl against a freshly started `paxos-sim` process.
 * The only change is the port; the clock is frozen and advanced by the 2 s
 * review delay between steps ➋ and ➌ instead of waiting.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, type CliProcess } from '../support/cli-process.js';
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

describe('README onboarding walk-through', () => {
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

  it('gets a token, creates a PENDING identity, and sees it APPROVED with its event and webhook', async () => {
    const [auth, create, wait] = walkthroughBlocks().map((b) => b.replaceAll('localhost:4010', `127.0.0.1:${sim.port}`));
    const advance = `curl -sf -X POST 'http://127.0.0.1:${sim.port}/_sim/clock/advance' -H 'content-type: application/json' -d '{"duration":"2s"}' >/dev/null`;
    const out = bash([auth, create, 'echo "--- step 3"', advance, wait].join('\n'));
    const [beforeWait, afterWait] = out.split('--- step 3');

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
});
