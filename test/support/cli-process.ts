/**
 * @module test/support/cli-process
 * The one way tests run a command-line entry point as a child process (node
 * with the tsx loader, no shell): `runNode` runs a script to its end,
 * `startCli` starts the `paxos-sim` server on `--port 0` and waits for the
 * port it prints. Children left running are killed by their own pid
 * (`stopAllCli`, or each handle's `stop`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'simulator/cli.ts');
/** tsx's loader by URL, so a child can run in a directory with no node_modules. */
const TSX = import.meta.resolve('tsx');

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Our environment without any PAXOS_SIM_* / PAXOS_* variable that could leak into a child, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}, options: { clean?: boolean } = {}): NodeJS.ProcessEnv {
  const base = options.clean
    ? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
    : Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PAXOS_')));
  return { ...base, PACT_DO_NOT_TRACK: 'true', ...extra };
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** killed (SIGKILL) after this long; default 120 s */
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const live = new Set<ChildProcess>();

function spawnNode(script: string, args: string[], options: RunOptions): ChildProcess {
  const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Run `node --import tsx <script> ...args` (script relative to the repository root, or absolute) to its end. */
export function runNode(script: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawnNode(resolve(REPO_ROOT, script), args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `paxos-sim ...args` to its end. */
export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runNode('simulator/cli.ts', args, options);
}

export interface CliProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>, from the banner */
  url: string;
  port: number;
  /** complete stdout / stderr lines so far */
  stdout: string[];
  stderr: string[];
  output(): string;
  exited: Promise<number | null>;
  /** signal the child (SIGTERM by default) and wait for its exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function lines(into: string[]) {
  let rest = '';
  return (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    into.push(...parts);
  };
}

/**
 * Start the `paxos-sim` server with `--port 0` (the OS picks a free port) and
 * `args`, and resolve once its banner is complete; rejects with its output if
 * it exits first or prints nothing usable within 30 s.
 */
export async function startCli(args: string[], options: RunOptions = {}): Promise<CliProcess> {
  const child = spawnNode(CLI, ['--port', '0', ...args], options);
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', lines(stdout));
  child.stderr!.on('data', lines(stderr));
  const output = () => [...stdout, ...stderr].join('\n');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start in 30 s:\n${output()}`)), 30_000);
    const check = () => {
      // the banner's last fixed line: the simulator's "API reference", the proxy's "drift report"
      // (an earlier line would race the rest of the banner, which may arrive in a later chunk)
      if (stdout.some((l) => l.startsWith('  API reference:') || l.startsWith('  drift report:'))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with ${code}:\n${output()}`));
    });
  });
  const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(stdout[0] ?? '');
  if (!match) throw new Error(`unexpected first line: ${stdout[0]}`);
  return {
    child,
    url: match[1],
    port: Number(match[2]),
    stdout,
    stderr,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Kill (SIGKILL) every child still running; for afterEach/afterAll. */
export function stopAllCli(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}
