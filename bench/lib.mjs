// Shared helpers for the benchmarks in bench/: a throw-away server on loopback, GraphQL POSTs,
// bounded autocannon runs and Markdown output. Benchmarks are scripts, never tests: nothing here
// asserts a timing, but every helper fails loudly when a response is not what the app would accept.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { isStale, root } from '../scripts/build-state.mjs';

export { root };

/** Reads a whole-number setting from the environment, with a default and a lower bound. */
export function intFromEnv(name, fallback, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}".`);
  return value;
}

/** Builds the server when server/dist is missing; warns (but does not rebuild) when it is older than its sources. */
export function ensureServerBuilt() {
  if (!existsSync(path.join(root, 'server', 'dist', 'main.js'))) {
    console.error('server/dist is missing: building the server…');
    const result = spawnSync('npm', ['run', 'build:server', '--silent'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('The server build failed; see the messages above.');
  } else if (isStale('server')) {
    console.error('Note: server/dist is older than server/src; this run measures the last build. Run `npm run build:server` to measure the current code.');
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node server/dist/main.js` on a free loopback port, in production mode, with a fresh
 * embedded PostgreSQL in a new folder under the system temp folder (seeded from seeds/ on start).
 * Returns at once; await `ready` for the URL. `stop()` (safe to call at any time, and more than
 * once) sends SIGTERM, waits for the server to drain and stop its database, then removes the folder.
 */
export function launchServer({ readyTimeoutMs = 300_000 } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-'));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);

  const env = { ...process.env, CASEBOOK_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' };
  // Always the fresh embedded database, never a database named in the caller's environment.
  delete env.DATABASE_URL;

  const child = spawn(process.execPath, ['server/dist/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  let exited = false;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not report it was running within ${readyTimeoutMs / 1000} s.\n${tail(output)}`)), readyTimeoutMs);
    const onLine = (stream) => (line) => {
      output.push(`[server ${stream}] ${line}`);
      const match = /Reform Casebook is running at http:\/\/[^:/]+:(\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    lines(child.stdout, onLine('out'));
    lines(child.stderr, onLine('err'));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${signal ?? `code ${code}`}) before it was running.\n${tail(output)}`));
    });
  });
  ready.catch(() => undefined); // The caller awaits it; this only keeps an early failure from being "unhandled".

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const result = await Promise.race([exitedPromise, sleep(60_000).then(() => undefined)]);
        if (!result) {
          console.error('The server did not stop within 60 s of SIGTERM; killing it.');
          child.kill('SIGKILL');
          await exitedPromise;
        }
      }
      await stopStrayPostgres(dataDir);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    })();
    return stopping;
  };

  return { ready, stop, output, dataDir, pid: child.pid };
}

/** Only after the server was killed without stopping its database: stops the postmaster it left in dataDir. */
async function stopStrayPostgres(dataDir) {
  const lockFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  console.error(`Stopping the PostgreSQL server (pid ${pid}) the bench server left running.`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function lines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffered += chunk;
    let index;
    while ((index = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, index));
      buffered = buffered.slice(index + 1);
    }
  });
  stream.on('end', () => {
    if (buffered) onLine(buffered);
  });
}

export function tail(output, count = 40) {
  return output.length ? `Last server output:\n${output.slice(-count).join('\n')}` : '(The server printed nothing.)';
}

/** The headers the app's Apollo client sends: JSON (which CSRF prevention requires) and Apollo's preflight header. */
export const GRAPHQL_HEADERS = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };

/** POSTs one GraphQL request; fails loudly unless it is a 200 with data and no `errors`. */
export async function graphql(url, payload, label = payload.operationName ?? 'request') {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: GRAPHQL_HEADERS, body: JSON.stringify(payload) });
  const text = await response.text();
  const problem = graphqlProblem(response.status, text);
  if (problem) throw new Error(`${label}: ${problem}`);
  return { text, json: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** Why a GraphQL HTTP response is not a success (status 200, a `data` object, no `errors`), or undefined. */
export function graphqlProblem(status, text) {
  if (status !== 200) return `HTTP ${status}: ${snippet(text)}`;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return `the body is not JSON: ${snippet(text)}`;
  }
  if (body?.errors) return `the response has errors: ${snippet(JSON.stringify(body.errors))}`;
  if (!body?.data || typeof body.data !== 'object') return `the response has no data: ${snippet(text)}`;
  return undefined;
}

const snippet = (text, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/**
 * Runs autocannon against `${url}/graphql` for a fixed time with a fixed number of connections,
 * POSTing `payload` every time. Every response body is checked: it must equal `expectedBody` (the
 * warm-up answer) or, failing that, parse as a GraphQL success. Throws, with the first bad body,
 * on any non-2xx status, socket error, timeout or bad body.
 */
export async function load({ url, payload, expectedBody, seconds, connections, label }) {
  let firstBad;
  let varied = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify(payload),
    connections,
    duration: seconds,
    timeout: 30,
    verifyBody(body) {
      if (body === expectedBody) return true;
      const problem = graphqlProblem(200, body);
      if (!problem) {
        varied++;
        return true;
      }
      firstBad ??= problem;
      return false;
    },
  });
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}: ${count}`).join(', ');
  const failures = [];
  if (result.non2xx) failures.push(`${result.non2xx} non-2xx responses (${statuses})`);
  if (result.errors) failures.push(`${result.errors} socket errors (${result.timeouts} of them timeouts)`);
  if (result.mismatches) failures.push(`${result.mismatches} responses that were not GraphQL successes; the first: ${firstBad}`);
  if (!result['2xx']) failures.push('no successful responses at all');
  if (failures.length) throw new Error(`${label}: ${failures.join('; ')}.`);
  return { result, varied };
}

/** A Markdown table; numbers are right-aligned. */
export function markdownTable(header, rows) {
  const numeric = header.map((_, i) => rows.every((row) => /^[\d.,×%-]+$/.test(String(row[i]))));
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(numeric.map((right) => (right ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

export const formatNumber = (value, digits = 0) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The exact document the app sends for an operation (with its fragments), taken from the
 * generated client code in client/src/gql/graphql.ts.
 */
export async function appOperation(root, name) {
  const { print } = await import('graphql');
  const source = readFileSync(path.join(root, 'client', 'src', 'gql', 'graphql.ts'), 'utf8');
  const match = new RegExp(`export const ${name}Document = (\\{.*?\\}) as unknown as DocumentNode`).exec(source);
  if (!match) throw new Error(`${name}Document is not in client/src/gql/graphql.ts: run npm run codegen.`);
  return print(JSON.parse(match[1]));
}
