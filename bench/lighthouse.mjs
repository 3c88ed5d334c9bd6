// Lighthouse over the pages a reader arrives at from a link: Home, a profile and a 4-case
// comparison, on a fresh production server with the seeded cases. Lighthouse 12.8 (the last line
// for Node 20) with its mobile defaults unchanged, Debian's Chromium, three runs per page and the
// median of each figure. Lighthouse's scores are absolute, not ratios: the machine and its load
// are printed beside them.
//   node bench/lighthouse.mjs            (LIGHTHOUSE_RUNS=N for another number of runs)
//
// Lighthouse is installed on first use into a folder of its own under the system temp folder, not
// into the project: `npm ci` refuses the project's lock once it holds lighthouse 12.3 to 13.4
// (their third-party-web is missing from the lock npm writes), and 13 needs Node 22.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  commit,
  ensureServerBuilt,
  formatNumber,
  intFromEnv,
  launchServer,
  machineLine,
  markdownTable,
  root,
  runBenchmark,
} from './lib.mjs';

const LIGHTHOUSE = '12.8.2';
const CHROMIUM = '/usr/bin/chromium';
const RUNS = intFromEnv('LIGHTHOUSE_RUNS', 3);
const PAGES = [
  { name: 'Home', path: '/' },
  { name: 'Profile: Scotland today', path: '/cases/scotland' },
  { name: 'Compare: 4 cases', path: '/compare?cases=finland,ireland,netherlands,scotland' },
];
const TARGETS = 'Targets: performance ≥ 90, accessibility 100, SEO 100, CLS < 0.1, LCP ≤ 2.5 s.';

/** The Lighthouse CLI, installed once per version under the temp folder. */
function lighthouseCli() {
  const dir = path.join(os.tmpdir(), `casebook-lighthouse-${LIGHTHOUSE}`);
  const cli = path.join(dir, 'node_modules', 'lighthouse', 'cli', 'index.js');
  if (existsSync(cli)) return cli;
  console.error(`Installing lighthouse ${LIGHTHOUSE} into ${dir} (once)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'casebook-lighthouse', private: true }));
  const npm = spawnSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '-E', `lighthouse@${LIGHTHOUSE}`], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (npm.status !== 0 || !existsSync(cli)) throw new Error(`Could not install lighthouse ${LIGHTHOUSE} into ${dir}.`);
  return cli;
}

/** One Lighthouse run of `url`; its report's scores and metrics. */
function runOnce(cli, url, out) {
  const result = spawnSync(
    process.execPath,
    [
      cli,
      url,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      `--chrome-path=${CHROMIUM}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      '--only-categories=performance,accessibility,seo,best-practices',
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (result.status !== 0 || !existsSync(out))
    throw new Error(`Lighthouse failed on ${url} (exit ${result.status}):\n${result.stderr?.slice(-2000)}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  if (report.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${report.runtimeError.message}`);
  const score = (id) => Math.round((report.categories[id]?.score ?? NaN) * 100);
  const metric = (id) => report.audits[id]?.numericValue ?? NaN;
  const failing = (id) =>
    (report.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => ref.id);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    seo: score('seo'),
    bestPractices: score('best-practices'),
    cls: metric('cumulative-layout-shift'),
    lcp: metric('largest-contentful-paint'),
    fcp: metric('first-contentful-paint'),
    tbt: metric('total-blocking-time'),
    failing: [...failing('seo'), ...failing('accessibility')],
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

await runBenchmark(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium.`);
  if (!existsSync(path.join(root, 'client', 'dist', 'index.html'))) {
    const build = spawnSync('npm', ['run', 'build:client', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('The client build failed.');
  }
  const built = ensureServerBuilt();
  const cli = lighthouseCli();
  const server = launchServer();
  const reports = path.join(os.tmpdir(), `casebook-lighthouse-reports-${process.pid}`);
  mkdirSync(reports, { recursive: true });
  try {
    const url = await server.ready;
    const loadBefore = os.loadavg()[0];
    const rows = [];
    for (const page of PAGES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(runOnce(cli, `${url}${page.path}`, path.join(reports, `${rows.length}-${i}.json`)));
        console.error(`${page.name}: run ${i + 1} of ${RUNS} done`);
      }
      const m = (key) => median(runs.map((r) => r[key]));
      rows.push([
        page.name,
        formatNumber(m('performance')),
        formatNumber(m('accessibility')),
        formatNumber(m('seo')),
        formatNumber(m('bestPractices')),
        m('cls').toFixed(3),
        `${(m('lcp') / 1000).toFixed(1)} s`,
        `${(m('fcp') / 1000).toFixed(1)} s`,
        `${formatNumber(m('tbt'))} ms`,
        [...new Set(runs.flatMap((r) => r.failing))].join(', ') || 'none',
      ]);
    }
    console.log(`## Lighthouse ${LIGHTHOUSE}, mobile defaults, median of ${RUNS} runs per page\n`);
    console.log(
      markdownTable(
        [
          'Page',
          'Performance',
          'Accessibility',
          'SEO',
          'Best practices',
          'CLS',
          'LCP',
          'FCP',
          'TBT',
          'Audits not passed (SEO, accessibility)',
        ],
        rows,
      ),
    );
    console.log(`\n${TARGETS}`);
    console.log(
      `\n${machineLine()}; load average ${loadBefore.toFixed(2)} before the runs and ${os.loadavg()[0].toFixed(2)} after; ` +
        `Chromium ${spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim()}; commit ${commit()}; server: ${built}.`,
    );
  } finally {
    rmSync(reports, { recursive: true, force: true });
    await server.stop();
  }
});
