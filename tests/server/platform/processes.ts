import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits at tests/server/platform). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MAIN = path.join(repoRoot, 'server', 'dist', 'main.js');
const CLI = path.join(repoRoot, 'server', 'dist', 'cli', 'casebook.js');

/**
 * The environment a user starts the server with: only the given variables, never the test run's
 * DATABASE_URL or NODE_ENV, so every default applies as it would for them.
 */
export function userEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir() };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...vars };
}

/** A temp folder the postgres user can enter (mkdtemp makes it private to root). */
export async function openTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A node process whose output is collected, so a test can wait for a line and show it on failure. */
export class NodeProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** stdout and stderr interleaved as they arrived. */
  output = '';
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  private readonly listeners = new Set<() => void>();

  constructor(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string = repoRoot) {
    this.child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.take('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.take('stderr', chunk));
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': it fires once the output pipes are drained too.
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  private take(stream: 'stdout' | 'stderr', chunk: string): void {
    this[stream] += chunk;
    this.output += chunk;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves with the first match of `pattern` in the output; rejects, quoting it, if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      const check = () => {
        const match = this.output.match(pattern);
        if (match) {
          done();
          resolve(match);
        } else if (this.exit) {
          done();
          reject(
            new Error(
              `The process ended (${JSON.stringify(this.exit)}) before printing ${pattern}. Its output:\n${this.output}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`No ${pattern} within ${timeoutMs} ms. Output so far:\n${this.output}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Sends `signal` and waits for the process to end, killing it when it does not within the time. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `node server/dist/main.js` as a user would (in the repository, or in `cwd`). */
export function startServer(env: NodeJS.ProcessEnv, cwd?: string): NodeProcess {
  return new NodeProcess(MAIN, [], env, cwd);
}

/**
 * Waits for the line giving the server's address and returns its base URL. Gives up before the
 * test's own timeout, so that a failure shows what the server printed.
 */
export async function serverUrl(server: NodeProcess): Promise<string> {
  const [, port] = await server.waitFor(/Reform Casebook is running at http:\/\/localhost:(\d+)/, 20_000);
  return `http://127.0.0.1:${port}`;
}

/**
 * Runs `node server/dist/cli/casebook.js ARGS` (in the repository, or in `cwd`), without a
 * terminal; await `exited` for it to finish.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): NodeProcess {
  return new NodeProcess(CLI, args, env, cwd);
}

/**
 * Whether `pid` is a running process. A zombie (ended, not yet reaped by its new parent) counts
 * as gone: it holds no port, files or memory.
 */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The command line of a process, '' when it has gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Waits until `pid` is gone; returns whether it went within the time. */
export async function waitUntilGone(pid: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

export interface InstanceRecord {
  port: number;
  ownerPid: number;
  postmasterPid: number;
}

/** The embedded PostgreSQL recorded in a data folder, or undefined. */
export function readInstance(dataDir: string): InstanceRecord | undefined {
  const file = path.join(dataDir, 'instance.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as InstanceRecord) : undefined;
}

/** URL of the `casebook` database of the embedded PostgreSQL running for a data folder. */
export function databaseUrl(dataDir: string): string {
  const instance = readInstance(dataDir);
  if (!instance) throw new Error(`No instance.json in ${dataDir}`);
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${instance.port}/casebook`;
}

/** PostgreSQL's lock file in a data folder's cluster: present while a postmaster runs there. */
export function postmasterLockFile(dataDir: string): string {
  return path.join(dataDir, 'pg', 'postmaster.pid');
}

/** The PostgreSQL cluster folder inside a data folder. */
export function clusterDirOf(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

/** The pid PostgreSQL's lock file in a data folder names, or undefined when there is no lock file. */
export function lockPid(dataDir: string): number | undefined {
  const lock = postmasterLockFile(dataDir);
  return existsSync(lock) ? Number(readFileSync(lock, 'utf8').split('\n')[0]) : undefined;
}

/** Every running process, with its arguments and the folder it runs in ('' when unreadable). */
function processes(): { pid: number; args: string[]; cwd: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter(isRunning)
    .map((pid) => {
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // Gone meanwhile, or another user's.
      }
      let args: string[] = [];
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        // Gone meanwhile.
      }
      return { pid, args, cwd };
    });
}

/** The running processes whose command line names a data folder's cluster: the postmasters started on it. */
export function postmastersOn(dataDir: string): number[] {
  const cluster = clusterDirOf(dataDir);
  return processes()
    .filter((entry) => entry.args.includes(cluster))
    .map((entry) => entry.pid);
}

/**
 * Every running process of a data folder's PostgreSQL: the postmasters, whose command line names
 * the cluster, and the processes they started (backends, checkpointer), whose titles do not but
 * which run in the cluster folder.
 */
export function clusterProcesses(dataDir: string): number[] {
  const cluster = clusterDirOf(dataDir);
  const real = existsSync(cluster) ? realpathSync(cluster) : cluster;
  return processes()
    .filter((entry) => entry.args.includes(cluster) || entry.cwd === real)
    .map((entry) => entry.pid);
}

/** A TCP port on the loopback interface that nothing listens on (to restart a server on the same one). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Opens a new TCP connection to the host and port of `url`: resolves 'refused' when nothing
 * listens there, 'accepted' when something does.
 */
export function tryConnect(url: string): Promise<'refused' | 'accepted'> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

/** Stops a PostgreSQL server a test left behind in `dataDir` (cleanup after a failure). */
export async function stopLeftoverPostgres(dataDir: string, pids: Iterable<number> = []): Promise<void> {
  const candidates = new Set(pids);
  const instance = readInstance(dataDir);
  if (instance) candidates.add(instance.postmasterPid);
  const lock = lockPid(dataDir);
  if (lock) candidates.add(lock);
  // Any other postmaster on the folder, such as one a test started by hand.
  for (const pid of postmastersOn(dataDir)) candidates.add(pid);
  for (const pid of candidates) {
    if (!pid || !isRunning(pid) || !commandLine(pid).includes('postgres')) continue;
    process.kill(pid, 'SIGINT');
    if (!(await waitUntilGone(pid, 15_000))) process.kill(pid, 'SIGKILL');
  }
}

/**
 * After a file's server and CLI processes, whatever failed: none of them, and no PostgreSQL they
 * started, outlives the file, nor does its data folder.
 */
export async function cleanUpProcesses(
  children: NodeProcess[],
  dataDir: string | undefined,
  postmasters: Iterable<number> = [],
): Promise<void> {
  await Promise.all(children.map((child) => child.stop('SIGTERM')));
  if (dataDir) {
    await stopLeftoverPostgres(dataDir, postmasters);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The processes one test file starts on one data folder: `start()` runs the server, `track()`
 * keeps any other process, `currentPostmaster()` notes the PostgreSQL the running server uses;
 * `cleanUp()` stops them all and removes the folder, whatever failed.
 */
export class DataFolderProcesses {
  dataDir = '';
  env: NodeJS.ProcessEnv = {};
  private readonly children: NodeProcess[] = [];
  private readonly postmasters = new Set<number>();

  async open(prefix: string): Promise<this> {
    this.dataDir = await openTempDir(prefix);
    this.env = userEnv({ CASEBOOK_DATA_DIR: this.dataDir, PORT: '0' });
    return this;
  }

  start(): NodeProcess {
    return this.track(startServer(this.env));
  }

  track(child: NodeProcess): NodeProcess {
    this.children.push(child);
    return child;
  }

  /** The running server's PostgreSQL, as its instance.json records it. */
  currentPostmaster(): number {
    const instance = readInstance(this.dataDir);
    if (!instance) throw new Error(`There is no instance.json in ${this.dataDir}: no server is running on it.`);
    this.postmasters.add(instance.postmasterPid);
    return instance.postmasterPid;
  }

  cleanUp(): Promise<void> {
    return cleanUpProcesses(this.children, this.dataDir || undefined, this.postmasters);
  }
}
