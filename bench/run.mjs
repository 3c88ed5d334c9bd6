// `npm run bench`: what the app's own requests cost, each against a trivial query measured in the
// same run on the same server, plus how long the server takes to start.
//
// Starts its own server (production mode, loopback, a fresh embedded PostgreSQL in a new temp
// folder, seeded from seeds/ on start), timing that cold first start until /healthz answers 200.
// Then loads it with autocannon, one request type at a time, sending what the app sends with a
// browser's headers (accept-encoding: gzip, deflate, br):
//   trivial            { __typename }: HTTP, Express and Apollo alone (the baseline of every ratio)
//   profile            the case profile page's CaseProfile query for one case
//   comparison         the Compare page's Comparison query for every published case (at most 8)
//   list               the Home page's CaseCards query as the page first sends it
//   search             the same query with a search term
//   export-case        GET /export/cases/SLUG.yaml
//   export-comparison  GET /export/comparison.csv for the compared cases
//   start              also stops the server with SIGTERM and times a warm start on the same folder
// and prints a Markdown table: requests/s, p99 latency, body and wire bytes per response, and the
// ratio to the trivial query's requests/s.
//
//   node bench/run.mjs [--only NAME,…]   measure a subset (the trivial query always runs);
//                                        `export` selects both exports; BENCH_ONLY does the same
//   node bench/run.mjs --scale           (npm run bench:scale) list, search and comparison with
//                                        only the real cases, then with 200 synthetic cases more
//                                        (bench/synthetic.mjs); PASS or OVER against 2× each
//
// Settings (environment): BENCH_SECONDS (per measurement, default 10), BENCH_CONNECTIONS (default
// 10), BENCH_WARMUP (requests before measuring, default 20); for --scale, BENCH_CASES (synthetic
// cases, default 200), BENCH_SEED (default 1) and BENCH_SCALE_CACHE_MB (the server's response cache
// for the scale run, default 0: off, so every request reaches the database). Every response must be a 200 and, for GraphQL,
// have data and no `errors`, or the run fails. It is a script, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import limits from '@casebook/schema/limits.json' with { type: 'json' };
import {
  appOperation,
  appPageSize,
  cacheShare,
  changedSettings,
  commit,
  ensureServerBuilt,
  formatNumber,
  formatRatio,
  getTarget,
  graphql,
  graphqlTarget,
  intFromEnv,
  launchServer,
  loadSettings,
  machineLine,
  makeDataDir,
  markdownTable,
  measure,
  removeDataDir,
  runBenchmark,
  runCli,
  serverBuildStamp,
  tail,
  timeToHealthy,
} from './lib.mjs';
import { syntheticProfiles, writeProfiles } from './synthetic.mjs';

/** The most cases one comparison takes (comparison.cases in schema/limits.json). */
const MAX_CASES = limits.comparison.cases.max;
/** The case whose profile page and export are measured (when it is published). */
const PROFILE_SLUG = 'finland';
/** The word searched for on the Home page. */
const SEARCH_TERM = 'board';
/** The most a measurement may slow down, with the synthetic cases added, before the scale check says OVER. */
const SCALE_LIMIT = 2;

const MEASURED = ['profile', 'comparison', 'list', 'search', 'export-case', 'export-comparison'];
const CHOICES = [...MEASURED, 'start'];
const SETTINGS = ['BENCH_SECONDS', 'BENCH_CONNECTIONS', 'BENCH_WARMUP', 'BENCH_ONLY', 'BENCH_CASES', 'BENCH_SEED'];

function parseArgs(argv) {
  const args = { scale: false, only: process.env.BENCH_ONLY?.trim() || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--scale') args.scale = true;
    else if (arg === '--only') args.only = argv[++i];
    else if (arg.startsWith('--only=')) args.only = arg.slice('--only='.length);
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`Unknown argument "${arg}". Try --help.`);
  }
  if (args.only === undefined) return args;
  const names = args.only
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const chosen = new Set();
  for (const name of names) {
    const matches = CHOICES.filter((choice) => choice === name || choice.startsWith(`${name}-`));
    if (name !== 'trivial' && matches.length === 0)
      throw new Error(`--only: unknown measurement "${name}"; choose from trivial, ${CHOICES.join(', ')}, export.`);
    for (const match of matches) chosen.add(match);
  }
  return { ...args, chosen };
}

const USAGE = `Usage: node bench/run.mjs [--only NAME,…] [--scale]
  NAME: ${CHOICES.join(', ')} (export = both exports); the trivial query always runs.
  --scale  list, search and comparison with the real cases, then with synthetic cases added.
Environment: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_ONLY; BENCH_CASES, BENCH_SEED, BENCH_SCALE_CACHE_MB (--scale; default 0, the response cache off).`;

/** The command that reproduces this run, with any settings that were changed. */
function command(argv) {
  const npmScripts = {
    '': 'npm run bench',
    '--scale': 'npm run bench:scale',
    '--only comparison': 'npm run bench:comparison',
  };
  const script = npmScripts[argv.join(' ')] ?? ['node bench/run.mjs', ...argv].join(' ');
  return [...changedSettings(SETTINGS), script].join(' ');
}

/**
 * What the app sends, built against a running server: the published cases are asked for first
 * (the comparison takes the first 8 by name unless `comparisonSlugs` is given; the list and search
 * ask for the Home page's page size unless `pageSize` is given).
 */
async function appRequests(url, { comparisonSlugs, pageSize = appPageSize(), searchPageSize = pageSize } = {}) {
  const listed = await graphql(
    url,
    { query: '{ caseStudies(first: 100) { totalCount nodes { slug } } }' },
    'caseStudies',
  );
  const { totalCount, nodes } = listed.json.data.caseStudies;
  const published = nodes.map((node) => node.slug);
  const slugs = comparisonSlugs ?? published.slice(0, MAX_CASES);
  if (slugs.length < 2)
    throw new Error(
      `A comparison needs at least 2 published cases; the server has ${published.length}. Is seeds/ intact?`,
    );
  const profileSlug = published.includes(PROFILE_SLUG) ? PROFILE_SLUG : published[0];
  const [profileQuery, comparisonQuery, casesQuery] = await Promise.all([
    appOperation('CaseProfile'),
    appOperation('Comparison'),
    appOperation('CaseCards'),
  ]);
  // The variables in the order and form client/src/features/home/components/CaseCardList.vue sends them.
  const homeVariables = (search) => ({
    first: search ? searchPageSize : pageSize,
    search,
    kind: null,
    serviceArea: null,
    theme: null,
  });
  const targets = {
    trivial: graphqlTarget('`{ __typename }`', { query: '{ __typename }' }),
    profile: graphqlTarget(`\`CaseProfile\` (${profileSlug})`, {
      operationName: 'CaseProfile',
      query: profileQuery,
      variables: { slug: profileSlug, edition: null, draft: null },
    }),
    comparison: graphqlTarget(`\`Comparison\` (${slugs.length} cases)`, {
      operationName: 'Comparison',
      query: comparisonQuery,
      variables: { cases: slugs.map((slug) => ({ slug })) },
    }),
    list: graphqlTarget(`\`CaseCards\` (Home page list, first ${pageSize})`, {
      operationName: 'CaseCards',
      query: casesQuery,
      variables: homeVariables(null),
    }),
    search: graphqlTarget(`\`CaseCards\` (search "${SEARCH_TERM}", first ${searchPageSize})`, {
      operationName: 'CaseCards',
      query: casesQuery,
      variables: homeVariables(SEARCH_TERM),
    }),
    'export-case': getTarget(`GET /export/cases/${profileSlug}.yaml`, `/export/cases/${profileSlug}.yaml`),
    'export-comparison': getTarget(
      `GET /export/comparison.csv (${slugs.length} cases)`,
      `/export/comparison.csv?cases=${slugs.join(',')}`,
    ),
  };
  return { targets, totalCount, published, slugs };
}

/** The columns every table shares: requests/s, latency, sizes, encoding, cache and first answer. */
function measurementCells(measured) {
  return [
    formatNumber(measured.result.requests.average, 1),
    formatNumber(measured.result.latency.p99),
    formatNumber(measured.result.latency.average, 1),
    formatNumber(measured.bodyBytes),
    measured.encoding,
    formatNumber(measured.wireBytes),
    cacheCell(measured),
    formatNumber(measured.first.ms, 1),
  ];
}

/** What a measured answer held, for the notes under a table. */
function answerNote(id, measured) {
  if (!['list', 'search', 'comparison'].includes(id)) return undefined;
  const data = JSON.parse(measured.warm.text).data;
  if (id === 'comparison') {
    const grid = data.comparison;
    return `${grid.sections.length} sections, ${grid.sections.reduce((sum, section) => sum + section.rows.length, 0)} rows, ${grid.timeline.length} timeline events`;
  }
  return `${data.caseStudies.nodes.length} cards of ${data.caseStudies.totalCount} matching`;
}

async function measureAll(url, targets, ids, settings) {
  const results = new Map();
  for (const id of ['trivial', ...ids]) results.set(id, await measure(url, targets[id], settings));
  return results;
}

const seconds = (ms) => formatNumber(ms / 1000, 1);
const settingsLine = (settings) =>
  `${settings.seconds} s per measurement, ${settings.connections} connections, ${settings.warmup} warm-up requests each; loopback (127.0.0.1), NODE_ENV=production, embedded PostgreSQL in a new temp folder; headers as a browser sends them (accept-encoding: gzip, deflate, br; for GraphQL also content-type: application/json and apollo-require-preflight)`;

function validationLine(results) {
  const varied = [...results.values()].reduce((sum, measured) => sum + measured.varied, 0);
  return `Every response was a 200${varied ? ` (${varied} GraphQL answers differed from the warm-up answer but were still successes)` : ' identical to its warm-up answer'}; GraphQL answers had data and no errors.`;
}

/** The X-Cache share under load, and what the first warm-up answer said. */
const cacheCell = (measured) =>
  `${cacheShare(measured.cache)}${measured.first.cache ? ` (first: ${measured.first.cache})` : ''}`;

/** What the server logged while it was measured: its stdout lines (the request log) are counted, its stderr lines shown. */
function serverLogNote(server, mark, when = '') {
  const { out, err } = server.loggedSince(mark);
  const shown = err.length
    ? `; on stderr ${err.length} line(s):\n\n\`\`\`\n${err.slice(-20).join('\n')}\n\`\`\``
    : ', nothing on stderr';
  return `- While being measured${when}, the server wrote ${formatNumber(out)} line(s) to stdout (its request log)${shown}.`;
}

async function main(argv, { defer }) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const settings = loadSettings();
  const build = ensureServerBuilt();
  const machineBefore = machineLine();
  if (args.scale) await scale({ argv, args, settings, build, machineBefore, defer });
  else await overview({ argv, args, settings, build, machineBefore, defer });
}

async function overview({ argv, args, settings, build, machineBefore, defer }) {
  const ids = MEASURED.filter((id) => !args.chosen || args.chosen.has(id));
  const warmStart = !args.chosen || args.chosen.has('start');

  const buildStamp = serverBuildStamp();
  const dataDir = makeDataDir();
  defer(() => removeDataDir(dataDir));
  console.error(`Cold start: the server creates the database cluster in ${dataDir}, migrates and seeds it…`);
  const server = launchServer({ dataDir, keepDataDir: true });
  defer(() => server.stop());
  const cold = await timeToHealthy(server);
  console.error(`/healthz answered 200 after ${seconds(cold.ms)} s.`);

  const app = await appRequests(cold.url);
  const mark = server.logMark();
  const results = await measureAll(cold.url, app.targets, ids, settings);
  const serverNote = serverLogNote(server, mark);
  const machineAfter = machineLine();

  let warm;
  let rebuilt = false;
  if (warmStart) {
    const stopped = await server.stop();
    if (!stopped.clean)
      throw new Error(
        `The server did not stop cleanly on SIGTERM (${stopped.signal ?? `exit code ${stopped.code}`}), so a warm start cannot be timed.\n${tail(server.output)}`,
      );
    rebuilt = serverBuildStamp() !== buildStamp;
    if (rebuilt) console.error('Note: server/dist was rebuilt during the run; the warm start runs the newer build.');
    console.error('Warm start: the same folder again…');
    const again = launchServer({ dataDir, keepDataDir: true });
    defer(() => again.stop());
    warm = await timeToHealthy(again);
    console.error(`/healthz answered 200 after ${seconds(warm.ms)} s.`);
    await again.stop();
  }

  const trivial = results.get('trivial').result.requests.average;
  const rows = [...results.values()].map((measured) => [
    measured.label,
    ...measurementCells(measured),
    formatNumber(measured.result.requests.total),
    formatRatio(measured.result.requests.average / trivial),
  ]);
  const startRows = [['Cold first start (new cluster, migrate, seed)', seconds(cold.ms)]];
  if (warm)
    startRows.push([
      `Warm start (same folder, after a clean SIGTERM stop${rebuilt ? '; a newer build of server/dist' : ''})`,
      seconds(warm.ms),
    ]);
  const answers = [...results.entries()]
    .map(([id, measured]) => [measured.label, answerNote(id, measured)])
    .filter(([, note]) => note);

  console.log(
    [
      `### Run of ${new Date().toISOString().slice(0, 10)}`,
      '',
      markdownTable(
        [
          'Request',
          'Requests/s (mean)',
          'p99 latency (ms)',
          'Mean latency (ms)',
          'Body (bytes, decoded)',
          'Content-Encoding',
          'On the wire (bytes per response)',
          'X-Cache under load',
          'First answer (ms)',
          'Requests measured',
          'Ratio to trivial (requests/s)',
        ],
        rows,
      ),
      '',
      markdownTable(['Start', 'Spawn to /healthz 200 (s)'], startRows),
      '',
      `- Command: \`${command(argv)}\``,
      `- Settings: ${settingsLine(settings)}.`,
      `- Cases: ${app.totalCount} published; compared: ${app.slugs.join(', ')}.`,
      ...answers.map(([label, note]) => `- ${label} answered ${note}.`),
      `- Server: ${build}; commit ${commit()}.${rebuilt ? ` server/dist was rebuilt during the run (files from ${buildStamp}, then ${serverBuildStamp()}): the warm start ran the newer build.` : ''}`,
      `- Machine before: ${machineBefore}. After measuring: ${machineAfter}. autocannon runs in this process, on the same machine as the server and its database.`,
      `- ${validationLine(results)}`,
      serverNote,
    ].join('\n'),
  );
}

/** Runs the casebook CLI's import and returns the number in "N <what>" from its summary line. */
async function importCount(files, dataDir, flags, what) {
  const { stdout } = await runCli(['import', ...files, ...flags], { dataDir });
  const summary = stdout.trim().split('\n').pop() ?? '';
  const match = new RegExp(`(\\d+) ${what}`).exec(summary);
  if (!match || Number(match[1]) !== files.length || !/, 0 failed/.test(summary))
    throw new Error(`casebook import ${flags.join(' ')} did not take every file: "${summary}"`);
  return summary;
}

async function scale({ argv, args, settings, build, machineBefore, defer }) {
  const ids = ['list', 'search', 'comparison'].filter((id) => !args.chosen || args.chosen.has(id));
  if (ids.length === 0) throw new Error('--scale measures list, search and comparison: --only chose none of them.');
  const count = intFromEnv('BENCH_CASES', 200);
  const seed = intFromEnv('BENCH_SEED', 1, 0);

  const synthDir = mkdtempSync(path.join(os.tmpdir(), 'casebook-synthetic-'));
  defer(() => rmSync(synthDir, { recursive: true, force: true }));
  const files = writeProfiles(synthDir, syntheticProfiles({ count, seed }));
  console.error(`Wrote ${files.length} synthetic case profiles (seed ${seed}) to ${synthDir}.`);

  const dataDir = makeDataDir();
  defer(() => removeDataDir(dataDir));
  console.error(`Starting a server on a new database in ${dataDir} (seeded with the real cases)…`);
  const firstBuild = serverBuildStamp();
  // The response cache would answer almost every request from memory, whatever the number of
  // cases: with it off, every request reaches the database, which is the path that has to scale.
  const serverSettings = { CASEBOOK_RESPONSE_CACHE_MB: process.env.BENCH_SCALE_CACHE_MB ?? '0' };
  const first = launchServer({ dataDir, keepDataDir: true, env: serverSettings });
  defer(() => first.stop());
  const firstUrl = await first.ready;
  // The list asks for a page as large as the real cases, and the search for as many as the real
  // cases match, in both halves: the answers are then the same size, so only the work of finding
  // and ranking them among more cases differs.
  const matches = await graphql(
    firstUrl,
    { query: 'query ($s: String) { caseStudies(search: $s) { totalCount } }', variables: { s: SEARCH_TERM } },
    'search count',
  );
  const pages = {
    pageSize: (await appRequests(firstUrl)).totalCount,
    searchPageSize: matches.json.data.caseStudies.totalCount,
  };
  const real = await appRequests(firstUrl, pages);
  const firstMark = first.logMark();
  const before = await measureAll(firstUrl, real.targets, ids, settings);
  const firstNote = serverLogNote(first, firstMark, ` with ${real.totalCount} cases`);
  const stopped = await first.stop();
  if (!stopped.clean)
    throw new Error(
      `The server did not stop cleanly on SIGTERM (${stopped.signal ?? `exit code ${stopped.code}`}).\n${tail(first.output)}`,
    );

  console.error(`Validating the synthetic profiles with the casebook CLI (import --publish --dry-run)…`);
  const dryRun = await importCount(files, dataDir, ['--publish', '--dry-run'], 'would be published');
  console.error(`Importing them (import --publish)…`);
  const importStarted = performance.now();
  const imported = await importCount(files, dataDir, ['--publish'], 'published');
  const importMs = performance.now() - importStarted;

  console.error('Starting the server again on the same database…');
  const secondBuild = serverBuildStamp();
  if (secondBuild !== firstBuild)
    throw new Error(
      `server/dist was rebuilt during the run (files from ${firstBuild}, now ${secondBuild}): the two halves would measure different builds. Run again when no build is running.`,
    );
  const second = launchServer({ dataDir, keepDataDir: true, env: serverSettings });
  defer(() => second.stop());
  const secondUrl = await second.ready;
  const scaled = await appRequests(secondUrl, { comparisonSlugs: real.slugs, ...pages });
  if (scaled.totalCount !== real.totalCount + count)
    throw new Error(
      `Expected ${real.totalCount + count} published cases after the import, the server lists ${scaled.totalCount}.`,
    );
  const secondMark = second.logMark();
  const after = await measureAll(secondUrl, scaled.targets, ids, settings);
  const secondNote = serverLogNote(second, secondMark, ` with ${scaled.totalCount} cases`);
  await second.stop();
  const machineAfter = machineLine();

  const realCases = `${real.totalCount} cases`;
  const allCases = `${scaled.totalCount} cases`;
  const rows = [...before.keys()].flatMap((id) =>
    [
      [before.get(id), realCases],
      [after.get(id), allCases],
    ].map(([measured, cases]) => [measured.label, cases, ...measurementCells(measured)]),
  );
  const verdicts = [...before.keys()].map((id) => {
    const a = before.get(id);
    const b = after.get(id);
    const slowdown = a.result.requests.average / b.result.requests.average;
    return {
      id,
      label: a.label,
      slowdown,
      p99: b.result.latency.p99 / Math.max(a.result.latency.p99, 1),
      first: b.first.ms / a.first.ms,
      verdict: id === 'trivial' ? 'control' : slowdown <= SCALE_LIMIT ? 'PASS' : 'OVER',
    };
  });
  const answers = ids.map(
    (id) =>
      `- ${before.get(id).label} answered ${answerNote(id, before.get(id))} with ${realCases}, ${answerNote(id, after.get(id))} with ${allCases}.`,
  );
  const over = verdicts.filter((v) => v.verdict === 'OVER');

  console.log(
    [
      `### Scale: ${realCases} against ${allCases}, ${new Date().toISOString().slice(0, 10)}`,
      '',
      markdownTable(
        [
          'Request',
          'Cases',
          'Requests/s (mean)',
          'p99 latency (ms)',
          'Mean latency (ms)',
          'Body (bytes, decoded)',
          'Content-Encoding',
          'On the wire (bytes per response)',
          'X-Cache under load',
          'First answer (ms)',
        ],
        rows,
      ),
      '',
      markdownTable(
        ['Request', 'Slowdown (requests/s ratio)', 'p99 ratio', 'First answer ratio', `Against ${SCALE_LIMIT}×`],
        verdicts.map((v) => [v.label, formatRatio(v.slowdown), formatRatio(v.p99), formatRatio(v.first), v.verdict]),
      ),
      '',
      `Slowdown is requests/s with ${realCases} divided by requests/s with ${allCases}: PASS when it is at most ${SCALE_LIMIT}, OVER otherwise. The trivial query is a control: it does not touch the cases, so its slowdown shows how much the machine itself changed between the two halves. First answer is the first warm-up request, made alone: with a response cache it is the answer the server has to make (its X-Cache is shown as "first"), the only figure here that reaches the database when the cache serves the rest; it is one sample, so only large differences mean anything.`,
      '',
      `- Command: \`${command(argv)}\``,
      `- Settings: ${settingsLine(settings)}. Server: CASEBOOK_RESPONSE_CACHE_MB=${serverSettings.CASEBOOK_RESPONSE_CACHE_MB}${serverSettings.CASEBOOK_RESPONSE_CACHE_MB === '0' ? ' (response cache off: every request is answered from the database)' : ''} (BENCH_SCALE_CACHE_MB).`,
      `- Synthetic cases: ${count} profiles from bench/synthetic.mjs (seed ${seed}), derived from the real ones. \`casebook import … --publish --dry-run\`: "${dryRun}" \`casebook import … --publish\`: "${imported}" (${seconds(importMs)} s).`,
      `- One data folder: the server seeded it and was measured, stopped with SIGTERM; the CLI imported the synthetic profiles; the server started again on it and was measured.${ids.includes('comparison') ? ` The comparison compares the same ${real.slugs.length} real cases both times (${real.slugs.join(', ')}).` : ''}`,
      ...answers,
      `- Server: ${build} (newest file ${firstBuild}, the same for both halves); commit ${commit()}.`,
      `- Machine before: ${machineBefore}. After: ${machineAfter}. autocannon runs in this process, on the same machine as the server and its database.`,
      `- With ${realCases}: ${validationLine(before)} With ${allCases}: ${validationLine(after)}`,
      firstNote,
      secondNote,
      '',
      over.length
        ? `Scale check: OVER. ${over.map((v) => `${v.label} is ${formatRatio(v.slowdown)}× slower`).join('; ')} with ${allCases} (limit ${SCALE_LIMIT}×).`
        : `Scale check: PASS. Every measurement is at most ${SCALE_LIMIT}× slower with ${allCases}.`,
    ].join('\n'),
  );
  if (over.length) process.exitCode = 1;
}

await runBenchmark((context) => main(process.argv.slice(2), context));
