/**
 * @module contracts/verify/target
 * The two verification targets. `simulator`: a fresh simulator on a free port
 * with an in-memory store and its control API switched off (provider states
 * must not need it). `sandbox`: any Paxos-shaped API named by the four
 * PAXOS_* variables; the URLs default to Paxos's sandbox.
 */
import { ENVIRONMENTS } from '../../src/index.js';
import { testConfig } from '../../simulator/config.js';
import { startServer } from '../../simulator/server.js';

export type TargetName = 'simulator' | 'sandbox';
export const TARGET_NAMES: readonly TargetName[] = ['simulator', 'sandbox'];

export interface Target {
  name: TargetName;
  /** API base URL including `/v2`. */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** The variables the sandbox target reads; the two URLs have defaults. */
export const SANDBOX_VARIABLES = {
  baseUrl: 'PAXOS_BASE_URL',
  tokenUrl: 'PAXOS_TOKEN_URL',
  clientId: 'PAXOS_CLIENT_ID',
  clientSecret: 'PAXOS_CLIENT_SECRET',
} as const;

export type SandboxTargetResult = { ok: true; target: Target } | { ok: false; missing: string[] };

/**
 * Read the sandbox target from the environment, without contacting anything.
 * @example const r = sandboxTarget(process.env); if (!r.ok) console.error(`set ${r.missing.join(', ')}`);
 */
export function sandboxTarget(env: Record<string, string | undefined>): SandboxTargetResult {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const clientId = value(SANDBOX_VARIABLES.clientId);
  const clientSecret = value(SANDBOX_VARIABLES.clientSecret);
  const missing = [SANDBOX_VARIABLES.clientId, SANDBOX_VARIABLES.clientSecret].filter((name) => !value(name));
  if (!clientId || !clientSecret) return { ok: false, missing };
  return {
    ok: true,
    target: {
      name: 'sandbox',
      baseUrl: value(SANDBOX_VARIABLES.baseUrl) ?? ENVIRONMENTS.sandbox.baseUrl,
      tokenUrl: value(SANDBOX_VARIABLES.tokenUrl) ?? ENVIRONMENTS.sandbox.tokenUrl,
      clientId,
      clientSecret,
      close: async () => undefined,
    },
  };
}

/** @example const target = await simulatorTarget(); try { … } finally { await target.close(); } */
export async function simulatorTarget(): Promise<Target> {
  const config = testConfig({ port: 0, control: { enabled: false } });
  const running = await startServer({ config });
  const client = config.clients[0];
  return {
    name: 'simulator',
    baseUrl: running.baseUrl,
    tokenUrl: running.tokenUrl,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    close: () => running.stop(),
  };
}
