/**
 * @module test/contracts/support
 * The contracts' command-line entry points run through the one test spawner
 * (test/support/cli-process.ts) with a clean environment (PATH and HOME
 * only), plus a loopback server that records what it receives.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import { main as verifyMain } from '../../contracts/verify.js';
import { childEnv, REPO_ROOT, runNode, startCli, type RunResult } from '../support/cli-process.js';

export const ROOT = REPO_ROOT;
export type { RunResult };

/** The environment a child gets: PATH and HOME only, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv(extra, { clean: true });
}

/** Run `node --import tsx <script> ...args` from the repository root (clean environment by default); killed after `timeoutMs`. */
export function runScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return runNode(script, args, { env: options.env ?? cleanEnv(), timeoutMs: options.timeoutMs });
}

/** `contracts/verify.ts ...args` in this process with `env`, its output captured. */
export async function verifyInProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await verifyMain(args, options.env ?? cleanEnv());
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

/** `paxos-sim --port 0 --memory` as its own process (clean environment), once it prints its URL. */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const cli = await startCli(['--memory', '--log-level', 'warn'], { env: cleanEnv() });
  return { url: cli.url, stop: async () => void (await cli.stop()) };
}

export interface RecordingServer {
  url: string;
  requests: Array<{ method: string; url: string; body: string }>;
  close(): Promise<void>;
}

/**
 * A loopback server that records every request; `answer` decides the reply,
 * or returns undefined to never answer (a hanging target).
 */
export async function startRecordingServer(answer: (req: IncomingMessage, body: string) => { status: number; body: unknown } | undefined): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += (chunk as Buffer).toString();
    requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    const reply = answer(req, body);
    if (!reply) return; // hang
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
