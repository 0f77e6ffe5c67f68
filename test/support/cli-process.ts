/**
 * @module test/support/cli-process
 * The one way tests run a command-line entry point as a child process (node,
 * no shell): `runNode` runs a script to its end, `runCli` runs `paxos-sim`
 * to its end, `startCli` starts the `paxos-sim` server on `--port 0` and
 * waits for the port it prints. Children left running are killed by their own
 * pid (`stopAllCli`, or each handle's `stop`).
 *
 * `paxos-sim` and the scripts under contracts/ run from the sources
 * transpiled once to JavaScript (esbuild, the same transform tsx applies; see
 * compiledTree): a start then costs about 0.4 s instead of 1.2 s under the tsx
 * loader. Other scripts run under tsx. PAXOS_TEST_CLI=tsx runs everything
 * under tsx (to compare, or to debug).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { transform } from 'esbuild';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'simulator/cli.ts');
/** tsx's loader by URL, so a child can run in a directory with no node_modules. */
const TSX = import.meta.resolve('tsx');

/** The source trees the CLI's import graph spans; `.ts` files are transpiled, other files (dashboard assets, scenario JSON) copied. */
const SOURCE_DIRS = ['simulator', 'src', 'fixtures', 'contracts'];
/** Inside the repository, so that the copy finds node_modules, package.json and the spec by walking up, as the sources do. */
const BUILD_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'paxos-sim-test-cli');

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(REPO_ROOT, dir));
  return out.sort();
}

let compiled: Promise<string> | undefined;

const useTsx = () => process.env.PAXOS_TEST_CLI === 'tsx';

/** `simulator/cli.js` in the JavaScript copy of the sources (simulator/cli.ts itself with PAXOS_TEST_CLI=tsx). */
export async function compiledCli(): Promise<string> {
  return useTsx() ? CLI : join(await compiledTree(), 'simulator', 'cli.js');
}

/** A script of the source trees as JavaScript (`contracts/verify.ts` → its copy); any other script as given. */
async function runnable(script: string): Promise<string> {
  const rel = relative(REPO_ROOT, script);
  if (useTsx() || !rel.endsWith('.ts') || !SOURCE_DIRS.some((d) => rel.startsWith(`${d}/`))) return script;
  return join(await compiledTree(), `${rel.slice(0, -3)}.js`);
}

/**
 * The root of a JavaScript copy of the source trees, made once per state of the sources (keyed by
 * every file's path, size and mtime) and shared by every worker and run. Each builder writes a
 * private directory and renames it into place, so parallel workers never see a half-written copy.
 * The copy keeps the layout (non-TypeScript files are copied), so code that finds files beside
 * itself (the pacts, the scenarios, the dashboard's assets) finds the same content.
 */
export function compiledTree(): Promise<string> {
  compiled ??= (async () => {
    const files = sourceFiles();
    const hash = createHash('sha256');
    for (const file of files) {
      const st = statSync(file);
      hash.update(`${relative(REPO_ROOT, file)}\0${st.size}\0${st.mtimeMs}\n`);
    }
    const key = hash.digest('hex').slice(0, 16);
    const dir = join(BUILD_CACHE, key);
    if (existsSync(dir)) return dir;
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await Promise.all(
      files.map(async (file) => {
        const rel = relative(REPO_ROOT, file);
        const target = join(tmp, rel.endsWith('.ts') ? `${rel.slice(0, -3)}.js` : rel);
        mkdirSync(dirname(target), { recursive: true });
        if (!rel.endsWith('.ts')) return copyFileSync(file, target);
        const { code } = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
        writeFileSync(target, code);
      }),
    );
    try {
      renameSync(tmp, dir);
    } catch {
      // another worker got there first with the same sources
      rmSync(tmp, { recursive: true, force: true });
    }
    // copies of older sources are of no further use
    for (const old of readdirSync(BUILD_CACHE)) {
      if (old !== key && !old.includes('.tmp-')) rmSync(join(BUILD_CACHE, old), { recursive: true, force: true });
    }
    return dir;
  })();
  return compiled;
}

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

/** `node <script.js>` as is, `node --import tsx <script.ts>` for TypeScript. */
function spawnNode(script: string, args: string[], options: RunOptions): ChildProcess {
  const child = spawn(process.execPath, [...(script.endsWith('.ts') ? ['--import', TSX] : []), script, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Run `node --import tsx <script> ...args` (script relative to the repository root, or absolute) to its end. */
export async function runNode(script: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawnNode(await runnable(resolve(REPO_ROOT, script)), args, options);
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
  return runNode(CLI, args, options);
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
  const child = spawnNode(await compiledCli(), ['--port', '0', ...args], options);
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
