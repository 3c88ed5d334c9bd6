// `npm run bench:comparison`: how the Compare page's query performs against a trivial query.
//
// Starts its own server (production mode, fresh embedded PostgreSQL seeded from seeds/, loopback
// only), then loads it with autocannon twice in the same run: once with exactly the query the
// Compare page sends (the generated ComparisonDocument in client/src/gql/graphql.ts) for
// every published case, once with `{ __typename }`. Prints a Markdown table of requests/s, p99
// latency and bytes per response, and the comparison / trivial ratio for requests/s.
//
// Settings (environment): BENCH_SECONDS (per query, default 10), BENCH_CONNECTIONS (default 10),
// BENCH_WARMUP (requests per query before measuring, default 20). Every response must be a 200
// with data and no `errors`, or the script fails. It is a script, not a test: nothing asserts timings.
import os from 'node:os';
import { appOperation, ensureServerBuilt, formatNumber, graphql, intFromEnv, launchServer, load, markdownTable, root, tail } from './lib.mjs';

/** The most cases one comparison takes (MAX_CASES in server/src/modules/comparison/comparison.service.ts). */
const MAX_CASES = 8;

const settings = {
  seconds: intFromEnv('BENCH_SECONDS', 10),
  connections: intFromEnv('BENCH_CONNECTIONS', 10),
  warmup: intFromEnv('BENCH_WARMUP', 20),
};

/** The command that reproduces this run: the npm script, with any settings that were changed. */
function command() {
  const changed = ['BENCH_SECONDS', 'BENCH_CONNECTIONS', 'BENCH_WARMUP'].filter((name) => process.env[name]?.trim());
  return [...changed.map((name) => `${name}=${process.env[name].trim()}`), 'npm run bench:comparison'].join(' ');
}

async function measure(url, label, payload) {
  let warm;
  for (let i = 0; i < settings.warmup; i++) warm = await graphql(url, payload, `${label} (warm-up)`);
  console.error(`Measuring ${label}: ${settings.seconds} s, ${settings.connections} connections…`);
  const { result, varied } = await load({ url, payload, expectedBody: warm.text, seconds: settings.seconds, connections: settings.connections, label });
  return { label, result, varied, bodyBytes: warm.bytes, json: warm.json };
}

async function run(server) {
  const comparisonQuery = await appOperation(root, 'Comparison');
  const started = Date.now();
  const url = await server.ready;
  console.error(`Server running at ${url} after ${((Date.now() - started) / 1000).toFixed(0)} s (data in ${server.dataDir}).`);

  const listed = await graphql(url, { query: '{ caseStudies(first: 100) { nodes { slug } } }' }, 'caseStudies');
  const published = listed.json.data.caseStudies.nodes.map((node) => node.slug);
  if (published.length < 2) throw new Error(`A comparison needs at least 2 published cases; the server has ${published.length}. Is seeds/ intact?\n${tail(server.output)}`);
  const slugs = published.slice(0, MAX_CASES);
  if (slugs.length < published.length) {
    console.error(`Note: ${published.length} cases are published but a comparison takes at most ${MAX_CASES}; comparing the first ${MAX_CASES} by name.`);
  }

  const comparisonPayload = { operationName: 'Comparison', query: comparisonQuery, variables: { cases: slugs.map((slug) => ({ slug })) } };
  const trivialPayload = { query: '{ __typename }' };

  const logged = server.output.length;
  const trivial = await measure(url, '{ __typename }', trivialPayload);
  const comparison = await measure(url, `Comparison (${slugs.length} cases)`, comparisonPayload);
  const serverLines = server.output.slice(logged);

  const grid = comparison.json.data.comparison;
  const rowCount = grid.sections.reduce((sum, section) => sum + section.rows.length, 0);
  const names = new Map([[comparison, `\`Comparison\` (${slugs.length} cases)`], [trivial, '`{ __typename }`']]);
  const rows = [comparison, trivial].map((measured) => [
    names.get(measured),
    formatNumber(measured.result.requests.average, 1),
    formatNumber(measured.result.latency.p99),
    formatNumber(measured.result.latency.average, 1),
    formatNumber(measured.bodyBytes),
    formatNumber(measured.result.requests.total),
  ]);
  const ratio = comparison.result.requests.average / trivial.result.requests.average;

  const lines = [
    `### Comparison vs trivial query, ${new Date().toISOString().slice(0, 10)}`,
    '',
    markdownTable(['Query', 'Requests/s (mean)', 'p99 latency (ms)', 'Mean latency (ms)', 'Bytes per response (body)', 'Requests measured'], rows),
    '',
    `Ratio, comparison / trivial requests/s: **${ratio.toFixed(3)}** (${(ratio * 100).toFixed(1)} %).`,
    '',
    `- Command: \`${command()}\``,
    `- Settings: ${settings.seconds} s per query, ${settings.connections} connections, ${settings.warmup} warm-up requests per query; POST to http://127.0.0.1/graphql (loopback), NODE_ENV=production, fresh embedded PostgreSQL seeded from seeds/.`,
    `- Cases compared: ${slugs.length} (${slugs.join(', ')})${slugs.length < published.length ? ` of ${published.length} published` : ''}; the answer has ${grid.sections.length} sections, ${rowCount} rows, ${grid.timeline.length} timeline events.`,
    `- Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model?.trim() ?? 'unknown model'}), Node ${process.version}, ${os.platform()} ${os.release()}; autocannon runs in the same process as this script, on the same machine as the server.`,
    `- Every response was a 200 with data and no errors${comparison.varied + trivial.varied ? ` (${comparison.varied + trivial.varied} differed from the warm-up answer but were still successes)` : ', identical to the warm-up answer'}.`,
  ];
  if (serverLines.length) lines.push(`- The server logged ${serverLines.length} line(s) during the runs:\n\n\`\`\`\n${serverLines.slice(-20).join('\n')}\n\`\`\``);
  console.log(lines.join('\n'));
}

let server;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`${signal}: stopping the bench server…`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

try {
  ensureServerBuilt();
  server = launchServer();
  await run(server);
} catch (error) {
  if (!interrupted) {
    console.error(`\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
} finally {
  if (server) {
    console.error('Stopping the bench server…');
    await server.stop();
  }
}
