/**
 * The benchmarks' server processes: start one and wait for its
 * "listening on <url>" line, and stop it. Both the simulator and the bare
 * Hono baseline run as their own processes, so the load generator does not
 * share their event loop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Proc {
  url: string;
  child: ChildProcess;
  /** spawn → "listening on" line, in ms */
  startMs: number;
}

/** Start `node [--import tsx] <args>` (tsx by default, for TypeScript entry points) with `env` added. */
export async function startProcess(args: string[], opts: { tsx?: boolean; env?: Record<string, string> } = {}): Promise<Proc> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(opts.tsx ?? true ? ['--import', 'tsx'] : []), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return { url, child, startMs: performance.now() - t0 };
}

/** SIGTERM, and wait for the exit (at once if it has already exited). */
export const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** CPU time (user + system, every thread) a process has used, in µs, from /proc/<pid>/stat (Linux; undefined elsewhere). */
export function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
