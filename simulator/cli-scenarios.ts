/**
 * @module cli-scenarios
 * `paxos-sim scenarios | seed <name> | demo <name>`: list the named scenarios,
 * load one into a running simulator, or play its timeline with paced, readable
 * output. Everything goes through the simulator's HTTP APIs.
 */
import { listScenarios, loadScenario } from '../fixtures/scenarios/registry.js';
import { playScenario, seedScenario, type StepReport } from '../fixtures/scenarios/player.js';
import type { Scenario } from '../fixtures/scenarios/schema.js';
import { DEFAULT_CLIENT, parseArgs } from './config.js';

type Env = Record<string, string | undefined>;
const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

interface Target {
  url: string;
  clientId: string;
  clientSecret: string;
  controlToken?: string;
  seed: number;
  pace: number;
}

function targetOf(flags: Map<string, string[]>, env: Env): Target | string {
  const flag = (n: string) => flags.get(n)?.at(-1);
  const url = (flag('url') ?? env.PAXOS_SIM_URL ?? `http://127.0.0.1:${env.PAXOS_SIM_PORT ?? 4010}`).replace(/\/+$/, '');
  const seed = Number(flag('seed') ?? 1);
  const pace = Number(flag('pace') ?? 600);
  if (!Number.isInteger(seed) || seed < 0) return `--seed must be a whole number, got "${flag('seed')}"`;
  if (!Number.isFinite(pace) || pace < 0) return `--pace must be milliseconds, got "${flag('pace')}"`;
  return {
    url,
    seed,
    pace,
    clientId: flag('client-id') ?? env.PAXOS_SIM_CLIENT_ID ?? DEFAULT_CLIENT.client_id,
    clientSecret: flag('client-secret') ?? env.PAXOS_SIM_CLIENT_SECRET ?? DEFAULT_CLIENT.client_secret,
    controlToken: flag('control-token') ?? env.PAXOS_SIM_CONTROL_TOKEN,
  };
}

async function ensureRunning(t: Target): Promise<string | undefined> {
  try {
    const res = await fetch(`${t.url}/_sim/health`, { headers: t.controlToken ? { 'x-sim-token': t.controlToken } : {}, signal: AbortSignal.timeout(5000) });
    if (res.ok) return undefined;
    return `the simulator at ${t.url} answered ${res.status} on /_sim/health (is the control API disabled or token-protected? use --control-token)`;
  } catch {
    return `no simulator is running at ${t.url} (start one with "npm start", or pass --url)`;
  }
}

const STATUS_MARK: Record<string, string> = { APPROVED: '✔', DENIED: '✘', PENDING: '…', DISABLED: '⏸', ERROR: '!' };

function printStep(step: StepReport, total: number, deliveries: string[]): void {
  const width = 20;
  const done = Math.round(((step.index + 1) / total) * width);
  out(`[${'#'.repeat(done)}${'.'.repeat(width - done)}] step ${step.index + 1}/${total}  ${step.summary}`);
  for (const [key, status] of Object.entries(step.statuses)) {
    const reqs = step.requirements[key]?.length ? `  requirements: ${step.requirements[key].join(', ')}` : '';
    out(`    ${STATUS_MARK[status ?? ''] ?? '?'} ${key}: ${status ?? 'unknown'}${reqs}`);
  }
  for (const [key, types] of Object.entries(step.events)) if (types.length) out(`    events for ${key}: ${types.join(', ')}`);
  for (const d of deliveries) out(`    webhook ${d}`);
  if (step.error) out(`    ERROR ${step.error}`);
  for (const m of step.mismatches) out(`    MISMATCH ${m}`);
  out(`    ${step.ok ? 'ok' : 'FAILED'}`);
}

/** Deliveries the simulator has made since the last call, as readable lines. */
function deliveryWatcher(t: Target) {
  const seen = new Set<string>();
  return async (): Promise<string[]> => {
    try {
      const res = await fetch(`${t.url}/_sim/webhooks/deliveries`, { headers: t.controlToken ? { 'x-sim-token': t.controlToken } : {} });
      if (!res.ok) return [];
      const body = (await res.json()) as { deliveries?: Array<{ id: string; status: string; event_type?: string; event_id: string; attempts: Array<{ status_code?: number; latency_ms: number; error?: string }> }> };
      const lines: string[] = [];
      for (const d of [...(body.deliveries ?? [])].reverse()) {
        const last = d.attempts.at(-1);
        const key = `${d.id}:${d.attempts.length}`;
        if (!last || seen.has(key)) continue;
        seen.add(key);
        lines.push(`${d.event_type ?? d.event_id} → ${last.status_code ?? last.error ?? 'no answer'} in ${last.latency_ms.toFixed(1)} ms (${d.status}, attempt ${d.attempts.length})`);
      }
      return lines;
    } catch {
      return [];
    }
  };
}

export async function runScenarioCommand(command: 'scenarios' | 'seed' | 'demo', argv: string[], env: Env): Promise<number> {
  const { flags, positional } = parseArgs(argv);
  if (command === 'scenarios') {
    const list = listScenarios();
    const width = Math.max(...list.map((s) => s.name.length));
    for (const s of list) out(`${s.name.padEnd(width)}  ${s.description}`);
    return 0;
  }
  const name = positional[1];
  let scenario: Scenario;
  try {
    if (!name) throw new Error(`name a scenario; valid names: ${listScenarios().map((s) => s.name).join(', ')}`);
    scenario = loadScenario(name);
  } catch (e) {
    err(`paxos-sim ${command}: ${(e as Error).message}`);
    return 2;
  }
  const target = targetOf(flags, env);
  if (typeof target === 'string') {
    err(`paxos-sim ${command}: ${target}`);
    return 2;
  }
  const down = await ensureRunning(target);
  if (down) {
    err(`paxos-sim ${command}: ${down}`);
    return 1;
  }
  const options = {
    baseUrl: `${target.url}/v2`,
    tokenUrl: `${target.url}/oauth2/token`,
    controlUrl: `${target.url}/_sim`,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    controlToken: target.controlToken,
    seed: target.seed,
  };
  if (command === 'seed') {
    const report = await seedScenario(scenario, options);
    for (const [key, identity] of Object.entries(report.identities)) out(`${key}: ${identity.type} ${identity.id} (ref_id ${identity.ref_id})`);
    if (!report.ok) for (const step of report.steps.filter((s) => !s.ok)) err(`step ${step.index + 1} failed: ${step.error ?? step.mismatches.join('; ')}`);
    return report.ok ? 0 : 1;
  }
  out(`${scenario.title}\n${scenario.description}\n(seed ${target.seed}, ${target.url})\n`);
  const watch = deliveryWatcher(target);
  const total = scenario.steps.length;
  const printed: Promise<void>[] = [];
  let chain = Promise.resolve();
  const report = await playScenario(scenario, {
    ...options,
    onStep: (step) => {
      chain = chain.then(async () => {
        printStep(step, total, await watch());
        if (target.pace) await new Promise((r) => setTimeout(r, target.pace));
      });
      printed.push(chain);
    },
  });
  await Promise.all(printed);
  const failed = report.steps.filter((s) => !s.ok).length;
  out(`\n${report.ok ? 'PASSED' : 'FAILED'}: ${scenario.name}, ${report.steps.length - failed}/${total} steps as expected`);
  return report.ok ? 0 : 1;
}
