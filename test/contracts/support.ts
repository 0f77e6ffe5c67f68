/**
 * @module test/contracts/support
 * Run the contracts' command-line entry points as child processes (node with
 * the tsx loader, no shell), and start the simulator CLI as a separate
 * process. Children are killed by their own pid when a bound passes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment a child gets: PATH and HOME only, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PACT_DO_NOT_TRACK: 'true', ...extra };
}

/** Run `node --import tsx <script> ...args` from the repository root; killed after `timeoutMs`. */
export function runScript(script: string, args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: options.env ?? cleanEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

/** Start `simulator/cli.ts --port 0 --memory` as its own process and wait for its URL. */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--memory', '--log-level', 'warn'], {
    cwd: ROOT,
    env: cleanEnv(),
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the simulator exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
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
