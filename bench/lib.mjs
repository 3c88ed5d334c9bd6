// Shared helpers for the benchmarks in bench/: throw-away servers on loopback, the casebook CLI
// against their data folders, requests with a browser's headers, bounded autocannon runs and
// Markdown output. Benchmarks are scripts, never tests: nothing here asserts a timing, but every
// helper fails loudly when a response is not what the app would accept.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import autocannon from 'autocannon';
import { isStale, root } from '../scripts/build-state.mjs';

export { root };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a whole-number setting from the environment, with a default and a lower bound. */
export function intFromEnv(name, fallback, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}".`);
  return value;
}

/** The load settings every measurement uses: BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_WARMUP. */
export function loadSettings() {
  return {
    seconds: intFromEnv('BENCH_SECONDS', 10),
    connections: intFromEnv('BENCH_CONNECTIONS', 10),
    warmup: intFromEnv('BENCH_WARMUP', 20),
  };
}

/** The settings named in `names` that the caller's environment changed, as `NAME=value` words for a command line. */
export function changedSettings(names) {
  return names.filter((name) => process.env[name]?.trim()).map((name) => `${name}=${process.env[name].trim()}`);
}

/** Builds the server when server/dist is missing; returns a note (and warns) when it is older than its sources. */
export function ensureServerBuilt() {
  if (!existsSync(path.join(root, 'server', 'dist', 'main.js'))) {
    console.error('server/dist is missing: building the server…');
    const result = spawnSync('npm', ['run', 'build:server', '--silent'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('The server build failed; see the messages above.');
    return 'built by this run';
  }
  const built = statSync(path.join(root, 'server', 'dist', 'main.js'))
    .mtime.toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  if (isStale('server')) {
    console.error(
      'Note: server/dist is older than server/src; this run measures the last build. Run `npm run build:server` to measure the current code.',
    );
    return `the build in server/dist from ${built} UTC, older than edits in server/src that this run did not measure`;
  }
  return `the build in server/dist from ${built} UTC, current with server/src`;
}

/**
 * When server/dist was last written (the newest file in it, as an ISO time): the build a server
 * started now would run. Compare two of them to notice a rebuild between two servers of one run.
 */
export function serverBuildStamp() {
  const newest = (target) => {
    const stat = statSync(target);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return readdirSync(target).reduce((latest, entry) => Math.max(latest, newest(path.join(target, entry))), 0);
  };
  return new Date(newest(path.join(root, 'server', 'dist'))).toISOString();
}

/** One line describing the machine and how busy it was (load averages over 1, 5 and 15 minutes). */
export function machineLine() {
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  return `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model?.trim() ?? 'unknown model'}), Node ${process.version}, ${os.platform()} ${os.release()}; load average ${load}`;
}

/** The short commit the working tree is at, or "unknown". */
export function commit() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A new, empty data folder under the system temp folder, for one embedded PostgreSQL cluster. */
export function makeDataDir(prefix = 'casebook-bench-') {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/** Stops a PostgreSQL server still running in dataDir (after a process was killed), then removes the folder. */
export async function removeDataDir(dataDir) {
  await stopStrayPostgres(dataDir);
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** The environment for the server and the CLI: production, loopback, the embedded database in dataDir. */
function serverEnv(dataDir, extra = {}) {
  const env = {
    ...process.env,
    ...extra,
    CASEBOOK_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
  };
  // Always the embedded database in dataDir, never a database named in the caller's environment.
  delete env.DATABASE_URL;
  return env;
}

/**
 * Starts `node server/dist/main.js` on a free loopback port, in production mode, with the embedded
 * PostgreSQL in `dataDir` (by default a new folder: the server creates the cluster, migrates and
 * seeds it from seeds/). Returns at once; await `ready` for the URL. `spawnedAt` is the
 * performance.now() of the spawn. `stop()` (safe to call at any time, and more than once) sends
 * SIGTERM, waits for the server to drain and stop its database, then removes the folder unless
 * `keepDataDir`; it resolves to `{ code, signal, clean }`, clean meaning exit code 0 after SIGTERM.
 * `output` holds the last 200 lines; `logMark()` and `loggedSince(mark)` tell what it logged in between.
 * `env` adds server settings (e.g. CASEBOOK_RESPONSE_CACHE_MB).
 */
export function launchServer({
  dataDir = makeDataDir(),
  keepDataDir = false,
  readyTimeoutMs = 300_000,
  env = {},
} = {}) {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: root,
    env: serverEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server logs every request (to stdout, in production as JSON lines): keep only the last
  // lines for error messages, count the rest, and keep what it writes to stderr (warnings, errors).
  const output = [];
  const log = { out: 0, err: [] };
  const keep = (line) => {
    output.push(line);
    if (output.length > 200) output.shift();
  };
  let exited = false;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`The server did not report it was running within ${readyTimeoutMs / 1000} s.\n${tail(output)}`),
        ),
      readyTimeoutMs,
    );
    const onLine = (stream) => (line) => {
      keep(`[server ${stream}] ${line}`);
      if (stream === 'out') log.out++;
      else if (log.err.length < 1000) log.err.push(line);
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
      let result = { code: null, signal: null, clean: false };
      if (!exited) {
        child.kill('SIGTERM');
        const exit = await Promise.race([exitedPromise, sleep(60_000).then(() => undefined)]);
        if (exit) result = { ...exit, clean: exit.code === 0 };
        else {
          console.error('The server did not stop within 60 s of SIGTERM; killing it.');
          child.kill('SIGKILL');
          result = { ...(await exitedPromise), clean: false };
        }
      }
      if (keepDataDir) await stopStrayPostgres(dataDir);
      else await removeDataDir(dataDir);
      return result;
    })();
    return stopping;
  };

  /** What the server logged since `mark` (from an earlier `logMark()`): the number of stdout lines and the stderr lines. */
  const logMark = () => ({ out: log.out, err: log.err.length });
  const loggedSince = (mark) => ({ out: log.out - mark.out, err: log.err.slice(mark.err) });

  return { ready, stop, output, logMark, loggedSince, dataDir, pid: child.pid, spawnedAt };
}

/**
 * Milliseconds from a server's spawn until GET /healthz answers 200: the port is known once the
 * server logs it, then /healthz is asked every 20 ms.
 */
export async function timeToHealthy(server, timeoutMs = 60_000) {
  const url = await server.ready;
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    try {
      const response = await request(url, { path: '/healthz' });
      if (response.status === 200) return { url, ms: performance.now() - server.spawnedAt };
      last = `HTTP ${response.status}: ${snippet(response.text)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(20);
  }
  throw new Error(
    `/healthz did not answer 200 within ${timeoutMs / 1000} s of the server reporting it was running (last: ${last}).\n${tail(server.output)}`,
  );
}

/**
 * Runs `node server/dist/cli/casebook.js ARGS` with the server's environment and data folder
 * (the CLI starts the embedded PostgreSQL in dataDir itself when no server is using it). Resolves
 * to its output; throws, with the output, when it exits non-zero.
 */
export function runCli(args, { dataDir }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/dist/cli/casebook.js', ...args], {
      cwd: root,
      env: serverEnv(dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const shown = `${stderr}\n${stdout}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`casebook ${args[0]} exited (${signal ?? `code ${code}`}):\n${shown}`));
      }
    });
  });
}

/** Only after a process was killed without stopping its database: stops the postmaster it left in dataDir. */
async function stopStrayPostgres(dataDir) {
  const lockFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  console.error(`Stopping the PostgreSQL server (pid ${pid}) left running in ${dataDir}.`);
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

/**
 * Runs a benchmark's body with clean-up that always happens: `defer(fn)` registers a clean-up
 * (run last-registered first) at the end, on failure, and on SIGINT or SIGTERM. Failures are
 * printed and set exit code 1; an interrupt exits 130 once the clean-up is done.
 */
export async function runBenchmark(body) {
  const cleanups = [];
  const defer = (fn) => cleanups.push(fn);
  let cleaning;
  const cleanUp = () => {
    cleaning ??= (async () => {
      if (cleanups.length) console.error('Stopping the bench servers and removing their data…');
      while (cleanups.length) {
        try {
          await cleanups.pop()();
        } catch (error) {
          console.error(`Clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return cleaning;
  };
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`${signal}: stopping…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await body({ defer });
  } catch (error) {
    if (!interrupted) {
      console.error(`\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  } finally {
    await cleanUp();
  }
}

/** What a browser's fetch sends with every request: it accepts compressed answers. */
export const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

/** The headers the app's Apollo client sends in a browser: JSON (which CSRF prevention requires), Apollo's preflight header, compression. */
export const GRAPHQL_HEADERS = {
  ...BROWSER_HEADERS,
  'content-type': 'application/json',
  'apollo-require-preflight': 'true',
};

/** A body as the client reads it: undone Content-Encoding (gzip, deflate or br). */
export function decode(raw, encoding) {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'identity':
    case '':
      return raw;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    case 'deflate':
      // HTTP "deflate" is zlib-wrapped, but some servers send raw deflate.
      try {
        return inflateSync(raw);
      } catch {
        return inflateRawSync(raw);
      }
    default:
      throw new Error(`unexpected Content-Encoding "${encoding}"`);
  }
}

/**
 * One HTTP request on loopback with node:http, so that the body arrives as sent. Resolves to the
 * status, headers, the body as sent (`raw`), its Content-Encoding, and the decoded `text`.
 */
export function request(url, { method = 'GET', path: requestPath = '/', headers = BROWSER_HEADERS, body } = {}) {
  return new Promise((resolve, reject) => {
    const sent = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      new URL(requestPath, url),
      { method, headers: { ...headers, ...(sent ? { 'content-length': sent.length } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'] ?? 'identity';
          try {
            resolve({
              status: res.statusCode,
              headers: res.headers,
              raw,
              encoding,
              text: decode(raw, encoding).toString('utf8'),
            });
          } catch (error) {
            reject(
              new Error(
                `${method} ${requestPath}: the body could not be decoded (${error instanceof Error ? error.message : String(error)})`,
              ),
            );
          }
        });
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${requestPath}: no answer within 60 s`)));
    req.on('error', reject);
    req.end(sent);
  });
}

/** POSTs one GraphQL request as the app does; fails loudly unless it is a 200 with data and no `errors`. */
export async function graphql(url, payload, label = payload.operationName ?? 'request') {
  const response = await request(url, {
    method: 'POST',
    path: '/graphql',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify(payload),
  });
  const problem = graphqlProblem(response.status, response.text);
  if (problem) throw new Error(`${label}: ${problem}`);
  return { ...response, json: JSON.parse(response.text) };
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
 * A GraphQL operation to measure, sent as the app sends it. Under load an answer may differ from
 * the warm-up answer (it is still checked to be a GraphQL success).
 */
export function graphqlTarget(label, payload) {
  return {
    label,
    method: 'POST',
    path: '/graphql',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify(payload),
    check: graphqlProblem,
    strict: false,
  };
}

/** A GET to measure (an export): every answer must be a 200 with the warm-up answer's content. */
export function getTarget(label, requestPath) {
  const check = (status, text) =>
    status !== 200 ? `HTTP ${status}: ${snippet(text)}` : text.length === 0 ? 'the body is empty' : undefined;
  return { label, method: 'GET', path: requestPath, headers: BROWSER_HEADERS, body: undefined, check, strict: true };
}

/**
 * Measures one target: `warmup` requests one at a time (each checked, its body decoded), then
 * autocannon for `seconds` over `connections`. Returns autocannon's result with the body size
 * decoded and as sent, the Content-Encoding, the mean bytes on the wire per response (status
 * line, headers and body as sent), the X-Cache tally under load, the time and X-Cache of the
 * first warm-up answer (the one a response cache has to make) and the last warm-up answer.
 */
export async function measure(url, target, { seconds, connections, warmup }) {
  let warm;
  let first;
  for (let i = 0; i < warmup; i++) {
    const started = performance.now();
    warm = await request(url, target);
    first ??= { ms: performance.now() - started, cache: warm.headers['x-cache'] };
    const problem = target.check(warm.status, warm.text);
    if (problem) throw new Error(`${target.label} (warm-up): ${problem}`);
  }
  console.error(`Measuring ${target.label}: ${seconds} s, ${connections} connections…`);
  const { result, varied, wireBytes, cache } = await load({ url, target, expected: warm, seconds, connections });
  return {
    label: target.label,
    result,
    varied,
    bodyBytes: Buffer.byteLength(warm.text),
    sentBytes: warm.raw.length,
    encoding: warm.encoding,
    wireBytes,
    cache,
    first,
    warm,
  };
}

/**
 * The server's X-Cache answers (HIT: from its response cache; MISS: made and stored), e.g.
 * "HIT 100 %" or "HIT 99.9 %, MISS 0.1 %"; "–" when the server sent no X-Cache header.
 */
export function cacheShare(cache) {
  const total = Object.values(cache).reduce((sum, n) => sum + n, 0);
  const named = Object.entries(cache).filter(([value]) => value !== '');
  if (!total || !named.length) return '–';
  return Object.entries(cache)
    .sort(([, a], [, b]) => b - a)
    .map(([value, n]) => `${value || 'none'} ${formatNumber((100 * n) / total, n === total ? 0 : 1)} %`)
    .join(', ');
}

/**
 * Makes an autocannon client keep each response body as the bytes that arrived (autocannon
 * 8 joins them into a string, which ruins compressed bodies) and hand them, with the response
 * headers, to verifyBody; counts the bytes read per response. Relies on autocannon's
 * PipelinedRequestsQueue (the version is pinned in package.json).
 */
function keepRawBodies(client, wire) {
  const queue = client.pipelinedRequests;
  queue.addBody = function addBody(data) {
    const pending = this.peek();
    if (pending) (pending.chunks ??= []).push(data);
  };
  const terminate = queue.terminateRequest.bind(queue);
  queue.terminateRequest = () => {
    const done = terminate();
    if (done) done.body = { chunks: done.chunks ?? [], headers: done.headers?.headers ?? [] };
    return done;
  };
  client.on('response', (_status, bytes) => {
    wire.responses++;
    wire.bytes += bytes;
  });
}

/** Counts each response's X-Cache header value ('' when there is none). */
function tallyCache(client, cache) {
  client.on('headers', ({ headers }) => {
    const value = headerValue(headers ?? [], 'x-cache') ?? '';
    cache[value] = (cache[value] ?? 0) + 1;
  });
}

function headerValue(headers, name) {
  for (let i = 0; i + 1 < headers.length; i += 2)
    if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
  return undefined;
}

/**
 * Runs autocannon against one target for a fixed time with a fixed number of connections. Every
 * response must be a 200; every body must be the warm-up answer (byte for byte, or once decoded)
 * or, for a target that is not strict, pass the target's check. Throws, with the first bad body,
 * on any other status, socket error, timeout or bad body. Also returns the mean bytes read per
 * response and a tally of the X-Cache header's values.
 */
export async function load({ url, target, expected, seconds, connections }) {
  let firstBad;
  let varied = 0;
  const wire = { responses: 0, bytes: 0 };
  const cache = {};
  const result = await autocannon({
    url: `${url}${target.path}`,
    method: target.method,
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body }),
    connections,
    duration: seconds,
    timeout: 30,
    setupClient: (client) => {
      keepRawBodies(client, wire);
      tallyCache(client, cache);
    },
    verifyBody({ chunks, headers }) {
      const raw = Buffer.concat(chunks);
      if (raw.equals(expected.raw)) return true;
      let text;
      try {
        text = decode(raw, headerValue(headers, 'content-encoding')).toString('utf8');
      } catch (error) {
        firstBad ??= `the body could not be decoded: ${error instanceof Error ? error.message : String(error)}`;
        return false;
      }
      if (text === expected.text) return true;
      const problem = target.strict
        ? `the body differs from the warm-up answer: ${snippet(text)}`
        : target.check(200, text);
      if (!problem) {
        varied++;
        return true;
      }
      firstBad ??= problem;
      return false;
    },
  });
  const statuses = Object.entries(result.statusCodeStats ?? {});
  const failures = [];
  const other = statuses.filter(([code]) => code !== '200');
  if (other.length)
    failures.push(`responses other than 200 (${statuses.map(([code, { count }]) => `${code}: ${count}`).join(', ')})`);
  if (result.errors) failures.push(`${result.errors} socket errors (${result.timeouts} of them timeouts)`);
  if (result.mismatches) failures.push(`${result.mismatches} bad bodies; the first: ${firstBad}`);
  if (!result['2xx']) failures.push('no successful responses at all');
  if (failures.length) throw new Error(`${target.label}: ${failures.join('; ')}.`);
  return { result, varied, wireBytes: wire.responses ? wire.bytes / wire.responses : 0, cache };
}

/** A Markdown table; numbers are right-aligned. */
export function markdownTable(header, rows) {
  const numeric = header.map((_, i) => rows.every((row) => /^[\d.,×%-]+$/.test(String(row[i]))));
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(numeric.map((right) => (right ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

export const formatNumber = (value, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A ratio to two significant figures at least (0.0042, 0.31, 1.7, 12). */
export function formatRatio(value) {
  if (!Number.isFinite(value)) return '–';
  if (value >= 10) return formatNumber(value, 0);
  if (value >= 1) return formatNumber(value, 2);
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(value))));
  return value.toFixed(digits);
}

/**
 * The exact document the app sends for an operation (with its fragments), taken from the
 * generated client code in client/src/gql/graphql.ts.
 */
export async function appOperation(name) {
  const { print } = await import('graphql');
  const source = readFileSync(path.join(root, 'client', 'src', 'gql', 'graphql.ts'), 'utf8');
  const match = new RegExp(`export const ${name}Document = (\\{.*?\\}) as unknown as DocumentNode`).exec(source);
  if (!match) throw new Error(`${name}Document is not in client/src/gql/graphql.ts: run npm run codegen.`);
  return print(JSON.parse(match[1]));
}

/** The page size the app asks for when it lists cases (limits.pageSize.max in schema/limits.json, read by the app through @casebook/schema). */
export function appPageSize() {
  return JSON.parse(readFileSync(path.join(root, 'schema', 'limits.json'), 'utf8')).pageSize.max;
}
