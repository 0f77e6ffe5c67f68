/**
 * Durability of the file store with real `paxos-sim` processes and real files:
 * every acknowledged create survives kill -9 in the middle of a burst; a torn
 * journal tail is dropped; compaction runs while writes go on; a second
 * process on the same data file is refused and a stale lock is taken over; a
 * full disk (a small tmpfs when this machine lets us mount one) answers 503
 * Problems, keeps the process alive, and recovers when space returns.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../simulator/store/journal.js';
import { readDataFile } from '../../simulator/store/lowdb-store.js';
import { personBody } from '../support/bodies.js';
import { childEnv, runCli, startCli, type CliProcess } from '../support/cli-process.js';

let dir: string;
let data: string;
const running: CliProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paxos-sim-durable-'));
  data = join(dir, 'db.json');
});
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ PAXOS_SIM_LOG_LEVEL: 'warn', ...extra });
async function start(args: string[] = [], extra: Record<string, string> = {}): Promise<CliProcess> {
  const cli = await startCli(['--data', data, '--review-delay', '1h', ...args], { env: childEnv(env(extra)) });
  running.push(cli);
  return cli;
}
async function token(cli: CliProcess): Promise<string> {
  const res = await fetch(`${cli.url}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret', scope: 'identity:read_identity identity:write_identity' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
async function create(cli: CliProcess, tok: string, n: number): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cli.url}/v2/identity/identities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...personBody(n), ref_id: `durable-${n}` }),
  });
  return { status: res.status, body: await res.json() };
}
async function getStatus(cli: CliProcess, tok: string, id: string): Promise<number> {
  return (await fetch(`${cli.url}/v2/identity/identities/${id}`, { headers: { authorization: `Bearer ${tok}` } })).status;
}
async function listIds(cli: CliProcess, tok: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(`${cli.url}/v2/identity/identities?limit=1000${cursor ? `&page_cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${tok}` } });
    const body = (await res.json()) as { items: Array<{ id: string }>; next_page_cursor?: string };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.next_page_cursor;
  } while (cursor);
  return ids.sort();
}
const killed = async (cli: CliProcess) => {
  await cli.stop('SIGKILL');
  running.splice(running.indexOf(cli), 1);
};

/**
 * Creates at concurrency 16 until `stopAfter` are acknowledged, then kill -9
 * while more are in flight. Returns the acknowledged ids.
 */
async function burstThenKill(cli: CliProcess, stopAfter: number, onAck?: (n: number) => void): Promise<string[]> {
  const tok = await token(cli);
  const acked: string[] = [];
  let next = 0;
  let killing: Promise<void> | undefined;
  const worker = async () => {
    while (!killing) {
      const n = next++;
      try {
        const res = await create(cli, tok, n);
        if (res.status === 200) acked.push(res.body.id);
        else throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
      } catch (err) {
        if (killing) return; // the connection died with the process: not acknowledged
        throw err;
      }
      onAck?.(acked.length);
      if (acked.length >= stopAfter) killing ??= killed(cli);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await killing;
  return [...acked];
}

describe('kill -9 and restart', () => {
  it('keeps every acknowledged create after kill -9 mid-burst, and takes over the stale lock', async () => {
    const first = await start();
    const acked = await burstThenKill(first, 60);
    expect(acked.length).toBeGreaterThanOrEqual(60);
    // the killed process left its lock behind
    expect(JSON.parse(readFileSync(`${data}.lock`, 'utf8'))).toMatchObject({ pid: first.child.pid, port: first.port });

    const second = await start();
    expect(second.output()).toMatch(new RegExp(`took over the lock of .*db\\.json from a process that is gone \\(pid ${first.child.pid}\\)`));
    expect(JSON.parse(readFileSync(`${data}.lock`, 'utf8'))).toMatchObject({ pid: second.child.pid, port: second.port });
    const tok = await token(second);
    const statuses = await Promise.all(acked.map((id) => getStatus(second, tok, id)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // a clean stop folds the journal into db.json and releases the lock
    expect(await second.stop('SIGTERM')).toBe(0);
    running.splice(0);
    expect(existsSync(`${data}.lock`)).toBe(false);
    expect(readFileSync(`${data}.journal`, 'utf8')).toBe('');
    const saved = JSON.parse(readFileSync(data, 'utf8')) as { identities: Record<string, unknown> };
    for (const id of acked) expect(saved.identities).toHaveProperty(id);
  });

  it('drops a torn last journal line with a log line and keeps everything before it', async () => {
    const first = await start();
    const tok = await token(first);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await create(first, tok, n)).body.id);
    await killed(first);
    appendFileSync(`${data}.journal`, '{"v":1,"seq":99,"put":{"identities":{"torn":{"id":"tor');

    const second = await start();
    expect(second.output()).toMatch(/warn dropped a torn last line \(line \d+, \d+ bytes\) from .*db\.json\.journal/);
    const tok2 = await token(second);
    expect(await listIds(second, tok2)).toEqual([...ids].sort());
    // writes after the recovery land on a line of their own, and survive another kill -9: the
    // journal now parses with no torn tail, and replaying it (as start-up does) holds them all
    const after = (await create(second, tok2, 100)).body.id;
    await killed(second);
    expect(parseJournal(readFileSync(`${data}.journal`, 'utf8')).torn).toBeUndefined();
    expect(Object.keys(readDataFile(data).identities).sort()).toEqual([...ids, after].sort());
  });

  it('compacts while writes go on (small threshold), losing nothing across kill -9', async () => {
    const first = await start([], { PAXOS_SIM_COMPACT_AFTER: '4KB' });
    let folded = 0;
    const acked = await burstThenKill(first, 100, (count) => {
      // look at the lowdb file during the burst: compaction has put identities into it
      if (count % 10 === 0 && existsSync(data)) folded = Math.max(folded, Object.keys((JSON.parse(readFileSync(data, 'utf8')) as { identities: object }).identities).length);
    });
    expect(folded).toBeGreaterThan(0);
    const second = await start();
    const tok = await token(second);
    const present = new Set(await listIds(second, tok));
    expect(acked.filter((id) => !present.has(id))).toEqual([]);
  });
});

describe('the index file beside db.json', () => {
  it('a clean stop writes it; the restart reads no row of db.json, serves every identity, and after kill -9 replays the journal on top of it', async () => {
    const first = await start([], { PAXOS_SIM_LOG_LEVEL: 'info' });
    expect(first.output()).not.toMatch(/read the places/);
    const tok = await token(first);
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push((await create(first, tok, n)).body.id);
    expect(await first.stop('SIGTERM')).toBe(0);
    running.splice(running.indexOf(first), 1);
    expect(existsSync(`${data}.index`)).toBe(true);

    const second = await start([], { PAXOS_SIM_LOG_LEVEL: 'info' });
    expect(second.output()).toMatch(/info read the places and index keys of \d+ rows from .*db\.json\.index \(no row of .*db\.json was read\)/);
    const tok2 = await token(second);
    expect(await listIds(second, tok2)).toEqual([...ids].sort());
    for (const id of ids.slice(0, 3)) expect(await getStatus(second, tok2, id)).toBe(200);
    const more: string[] = [];
    for (let n = 20; n < 25; n++) more.push((await create(second, tok2, n)).body.id);
    await killed(second);

    const third = await start([], { PAXOS_SIM_LOG_LEVEL: 'info' });
    expect(third.output()).toMatch(/info read the places and index keys of/);
    expect(await listIds(third, await token(third))).toEqual([...ids, ...more].sort());
  });
});

describe('one process per data file', () => {
  it('refuses a second paxos-sim on the same data file, naming the holder, with exit code 2', async () => {
    const holder = await start();
    const second = await runCli(['--port', '0', '--data', data], { timeoutMs: 30_000 });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(`^paxos-sim: the data file .*db\\.json is in use by another paxos-sim \\(pid ${holder.child.pid}, port ${holder.port}, started [^)]+\\); stop it, or start this one with another --data file`),
    );
    // the holder is untouched and still serving
    expect((await fetch(`${holder.url}/_sim/health`)).status).toBe(200);
    expect(await holder.stop('SIGTERM')).toBe(0);
    running.splice(0);
    expect(existsSync(`${data}.lock`)).toBe(false);
  });
});

/** A small tmpfs, if this machine lets us mount one (root on Linux); else undefined. */
function mountTmpfs(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const mnt = mkdtempSync(join(tmpdir(), 'paxos-sim-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]);
  if (r.status !== 0) {
    rmSync(mnt, { recursive: true, force: true });
    return undefined;
  }
  return mnt;
}

describe('a full disk', () => {
  const mnt = mountTmpfs();
  afterAll(() => {
    if (!mnt) return;
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });
  if (!mnt) {
    // The in-process tests in test/unit/store/journal.test.ts and test/api/store-failure.test.ts inject ENOSPC/EACCES instead.
    console.warn('[durability] NOT RUN: the real ENOSPC test needs root and `mount -t tmpfs` (injected-failure tests cover the same paths)');
  }

  it.runIf(mnt)('ENOSPC on a 2 MB tmpfs: 503 Problems, the process stays up, nothing acknowledged is lost, and it recovers by itself', async () => {
    const dataDir = join(mnt!, 'data');
    mkdirSync(dataDir);
    data = join(dataDir, 'db.json');
    const cli = await start();
    const tok = await token(cli);
    const acked: string[] = [];
    for (let n = 0; n < 5; n++) acked.push((await create(cli, tok, n)).body.id);

    // fill the disk
    const filler = join(mnt!, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      for (;;) writeSync(fd, Buffer.alloc(1));
    } catch {
      // full to the byte
    }
    closeSync(fd);

    // creates fail once the journal's last page is used up; each failure is a 503 Problem
    let refused: { status: number; body: any } | undefined;
    for (let n = 100; n < 120 && !refused; n++) {
      const res = await create(cli, tok, n);
      if (res.status === 200) acked.push(res.body.id);
      else refused = res;
    }
    expect(refused).toEqual({
      status: 503,
      body: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: expect.stringMatching(/could not save the change \(ENOSPC\); nothing was changed/), meta: { code: 'ENOSPC' } },
    });
    // still alive and serving reads
    expect(cli.child.exitCode).toBeNull();
    expect(await getStatus(cli, tok, acked[0])).toBe(200);
    expect(await listIds(cli, tok)).toEqual([...acked].sort());

    // space returns: the next write works without a restart
    unlinkSync(filler);
    const again = await create(cli, tok, 200);
    expect(again.status).toBe(200);
    acked.push(again.body.id);

    await killed(cli);
    const second = await start();
    expect(await listIds(second, await token(second))).toEqual([...acked].sort());
  });
});
