// `npm run bench:hostile`: whether hostile requests slow an instance for everyone else.
//
// Starts its own server (production mode, loopback, a fresh embedded PostgreSQL in a new temp
// folder, seeded from seeds/), then times GET /healthz, one request after another, first on the
// idle server (the baseline, measured in the same run) and then while BENCH_CONNECTIONS other
// connections keep sending, in turn, each hostile request below. The server must refuse every
// hostile request with HTTP 400 (the run fails on any 200 or 5xx): what is measured is what the
// refusals cost everyone else.
//   doubling-22, doubling-29  fragments that each spread the one before twice (2^22, 2^29 copies)
//   fan-out                   fragments spread 20 times at each of three levels (8,000 names)
//   nested-citations          cases' sources, the claims citing them, their cases' sources … at 100 a page
//   repeated-fields           500 × __typename
//   unknown-directives        50 directives the schema does not have
// For scale, the same number of connections also sends an ordinary cheap read (`{ study { title } }`,
// answered 200): any load slows /healthz on a small machine, and the question is whether a hostile
// request costs more than an ordinary one. Prints a Markdown table: each load's own rate and p99,
// and /healthz p50 and p99 under it, with the ratio of that p99 to the idle p99 and to the p99
// under the ordinary load. It is a script, not a test.
//
// Settings (environment): BENCH_SECONDS (per measurement, default 10), BENCH_CONNECTIONS (default 10).
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { doubling, fanOut } from './hostile-queries.mjs';
import {
  changedSettings,
  commit,
  ensureServerBuilt,
  formatNumber,
  formatRatio,
  GRAPHQL_HEADERS,
  intFromEnv,
  launchServer,
  machineLine,
  markdownTable,
  request,
  runBenchmark,
  timeToHealthy,
} from './lib.mjs';

/** Each hostile request, with the code its refusal must carry. */
const HOSTILE = [
  { label: 'doubling-22', query: doubling(22), code: 'TOO_MANY_REPEATED_FIELDS' },
  { label: 'doubling-29', query: doubling(29), code: 'TOO_MANY_REPEATED_FIELDS' },
  { label: 'fan-out', query: fanOut(), code: 'TOO_MANY_SELECTIONS' },
  {
    label: 'nested-citations',
    query:
      '{ caseStudies(first: 100) { edges { node { sources { citedBy(first: 100) { nodes { caseStudy { sources { citedBy(first: 100) { nodes { caseStudy { sources { title } } } } } } } } } } } } }',
    code: 'QUERY_TOO_COSTLY',
  },
  { label: 'repeated-fields', query: `{ ${'__typename '.repeat(500)} }`, code: 'TOO_MANY_REPEATED_FIELDS' },
  {
    label: 'unknown-directives',
    query: `{ study ${Array.from({ length: 50 }, (_, i) => `@unknown${i}`).join(' ')} { title } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** /healthz latencies (ms), one request after another, for `seconds`. */
async function sampleHealth(url, seconds) {
  const times = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const answer = await request(url, { path: '/healthz' });
    if (answer.status !== 200) throw new Error(`/healthz answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The ordinary load the hostile ones are compared with. */
const ORDINARY = { label: 'ordinary read', query: '{ study { title } }', status: 200 };

/** Checks one answer to a hostile request: HTTP 400 with the expected code (or the ordinary read's 200). */
async function checkAnswer(url, hostile) {
  const answer = await request(url, {
    method: 'POST',
    path: '/graphql',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify({ query: hostile.query }),
  });
  const codes = (JSON.parse(answer.text).errors ?? []).map((e) => e.extensions?.code);
  if (hostile.status === 200 && answer.status === 200 && !codes.length) return;
  if (answer.status !== 400 || !codes.includes(hostile.code))
    throw new Error(
      `${hostile.label}: expected HTTP 400 with ${hostile.code}, got ${answer.status} ${codes.join(', ')}`,
    );
}

/** Sends the request over `connections` for `seconds`, timing /healthz meanwhile. */
async function underLoad(url, hostile, { seconds, connections }) {
  await checkAnswer(url, hostile);
  const load = autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify({ query: hostile.query }),
    connections,
    duration: seconds,
    timeout: 60,
  });
  const health = await sampleHealth(url, seconds);
  const result = await load;
  const statuses = Object.entries(result.statusCodeStats ?? {});
  const expected = String(hostile.status ?? 400);
  const wrong = statuses.filter(([code]) => code !== expected);
  if (wrong.length || result.errors)
    throw new Error(
      `${hostile.label}: answers other than ${expected} (${statuses.map(([code, { count }]) => `${code}: ${count}`).join(', ')}; ${result.errors} socket errors)`,
    );
  return { result, health };
}

async function main({ defer }) {
  const seconds = intFromEnv('BENCH_SECONDS', 10);
  const connections = intFromEnv('BENCH_CONNECTIONS', 10);
  ensureServerBuilt();
  const machineBefore = machineLine();
  const server = launchServer();
  defer(() => server.stop());
  const { url } = await timeToHealthy(server);
  console.error(`Idle: timing /healthz for ${seconds} s…`);
  const idle = await sampleHealth(url, seconds);
  const rows = [['idle (baseline)', '–', '–', formatNumber(idle.p50, 1), formatNumber(idle.p99, 1), '1.00', '–']];
  let ordinaryP99;
  for (const hostile of [ORDINARY, ...HOSTILE]) {
    console.error(`Sending ${hostile.label} over ${connections} connections for ${seconds} s, timing /healthz…`);
    const { result, health } = await underLoad(url, hostile, { seconds, connections });
    ordinaryP99 ??= health.p99;
    rows.push([
      hostile.label,
      formatNumber(result.requests.average),
      formatNumber(result.latency.p99),
      formatNumber(health.p50, 1),
      formatNumber(health.p99, 1),
      formatRatio(health.p99 / idle.p99),
      formatRatio(health.p99 / ordinaryP99),
    ]);
  }
  console.log(
    [
      `Hostile requests, ${seconds} s each over ${connections} connections; commit ${commit()}.`,
      machineBefore,
      changedSettings(['BENCH_SECONDS', 'BENCH_CONNECTIONS']).join(' ') || undefined,
      '',
      markdownTable(['Load', 'req/s', 'p99 ms', '/healthz p50 ms', '/healthz p99 ms', '÷ idle', '÷ ordinary'], rows),
    ]
      .filter((line) => line !== undefined)
      .join('\n'),
  );
}

await runBenchmark(main);
