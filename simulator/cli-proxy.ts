/**
 * @module cli-proxy
 * `paxos-sim proxy --target <base URL> [--token-target <URL>] [--port N] [--host H] [--record DIR] [--report PATH]`:
 * the validating, recording proxy (proxy/server.ts) in front of a Paxos
 * sandbox or any URL. Stops on SIGINT/SIGTERM after writing the report.
 */
import { isHttpUrl, parseArgs } from './config.js';
import { startProxy } from './proxy/server.js';

type Env = Record<string, string | undefined>;

export async function runProxyCommand(argv: readonly string[], env: Env): Promise<number> {
  const { flags } = parseArgs(argv);
  const flag = (n: string) => flags.get(n)?.at(-1);
  const target = flag('target') ?? env.PAXOS_SIM_PROXY_TARGET;
  const err = (line: string) => process.stderr.write(`paxos-sim proxy: ${line}\n`);
  if (!target || !isHttpUrl(target)) {
    err(`--target must be the http(s) base URL to forward to (e.g. https://api.sandbox.paxos.com), got ${JSON.stringify(target ?? null)}`);
    return 2;
  }
  const tokenTarget = flag('token-target');
  if (tokenTarget !== undefined && !isHttpUrl(tokenTarget)) {
    err(`--token-target must be an http(s) base URL (e.g. https://oauth.sandbox.paxos.com), got "${tokenTarget}"`);
    return 2;
  }
  const port = Number(flag('port') ?? 4020);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`--port must be a whole number from 0 to 65535, got "${flag('port')}"`);
    return 2;
  }
  const proxy = await startProxy({ target, tokenTarget, port, host: flag('host') ?? '127.0.0.1', recordDir: flag('record'), report: flag('report') });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const stop = async () => {
    await proxy.stop();
    out('');
    out(proxy.driftText().trimEnd());
    process.exit(proxy.results().ok ? 0 : 1);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  out(`paxos-sim proxy listening on ${proxy.url}`);
  out(`  forwarding /v2 to ${target.replace(/\/+$/, '')}/v2 and /oauth2/token to ${(tokenTarget ?? target).replace(/\/+$/, '')}/oauth2/token`);
  out(`  base URL:  ${proxy.url}/v2`);
  out(`  token URL: ${proxy.url}/oauth2/token`);
  out(`  drift report: ${proxy.reportPaths.text} (and ${proxy.reportPaths.json} for contracts:drift)`);
  if (proxy.recordingPath) out(`  recording (PII redacted): ${proxy.recordingPath}`);
  return -1;
}
