import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InterchangeService, type ImportReport } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runCli, userEnv } from '../platform/processes.js';
import { alphaFile, badDir, readText, rel, rowCounts, seedCaseFiles, seedFiles } from './helpers.js';

// Seeding is idempotent: importing the seeds again changes nothing, and a changed file publishes
// a new edition of its case alone. The steps build on each other and run in order.
let db: TestDatabase;
let service: InterchangeService;
let tempDir: string;
let env: NodeJS.ProcessEnv;

const SEEDS = seedFiles();
const CASE_FILES = seedCaseFiles();
/** What the import reports call each file: the case's slug, or "study". */
const labelOf = (file: string) => (parse(readText(file)) as { slug?: string }).slug ?? 'study';
const LABELS = SEEDS.map(labelOf);
const CASE_SLUGS = CASE_FILES.map(labelOf);
/** The case whose summary the test changes, and one it leaves alone. */
const CHANGED = CASE_FILES[0]!;
const CHANGED_SLUG = labelOf(CHANGED);
const NEW_SUMMARY = 'A summary rewritten by the seed test, to see one case published again.';

const statuses = (reports: ImportReport[]) => reports.map((r) => [r.label, r.status, r.problems]);

beforeAll(async () => {
  db = await createTestDatabase();
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-seed-'));
  env = userEnv({ DATABASE_URL: db.url });
});

afterAll(async () => {
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

async function editions(): Promise<Record<string, number>> {
  const rows = (await db.dataSource.query(`SELECT slug, edition FROM case_study ORDER BY slug`)) as {
    slug: string;
    edition: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.slug, r.edition]));
}

describe('importing the seeds through InterchangeService', () => {
  it('has at least two case profiles to work with', () => {
    expect(CASE_FILES.length).toBeGreaterThanOrEqual(2);
  });

  it('in a dry run, reports every file as would-publish and writes nothing', async () => {
    const reports = await service.importFiles(SEEDS, { dryRun: true, publish: true });
    expect(statuses(reports)).toEqual(LABELS.map((label) => [label, 'would-publish', []]));
    expect(await rowCounts(db.dataSource)).toEqual({ caseStudy: 0, caseEdition: 0, source: 0, citation: 0 });
  });

  it('publishes edition 1 of every case the first time', async () => {
    const reports = await service.importFiles(SEEDS, { publish: true });
    expect(statuses(reports)).toEqual(LABELS.map((label) => [label, 'published', []]));
    expect(await editions()).toEqual(Object.fromEntries(CASE_SLUGS.map((slug) => [slug, 1])));
    expect((await rowCounts(db.dataSource)).caseEdition).toBe(CASE_FILES.length);
  });

  it('reports every file unchanged the second time, and writes nothing', async () => {
    const before = await rowCounts(db.dataSource);
    const reports = await service.importFiles(SEEDS, { publish: true });
    expect(statuses(reports)).toEqual(LABELS.map((label) => [label, 'unchanged', []]));
    expect(await rowCounts(db.dataSource)).toEqual(before);
    expect(Object.values(await editions())).toEqual(CASE_SLUGS.map(() => 1));
  });

  describe('with the summary of one case changed (in a copy of the seeds)', () => {
    let copies: string[];

    beforeAll(async () => {
      copies = await Promise.all(
        SEEDS.map(async (file) => {
          const copy = path.join(tempDir, path.basename(file));
          if (file === CHANGED)
            await writeFile(copy, stringify({ ...(parse(readText(file)) as object), summary: NEW_SUMMARY }));
          else await copyFile(file, copy);
          return copy;
        }),
      );
    });

    const expected = (changedStatus: ImportReport['status']) =>
      LABELS.map((label) => [label, label === CHANGED_SLUG ? changedStatus : 'unchanged', []]);

    it('a dry run reports would-publish for that case only and writes nothing', async () => {
      const before = await rowCounts(db.dataSource);
      expect(statuses(await service.importFiles(copies, { dryRun: true, publish: true }))).toEqual(
        expected('would-publish'),
      );
      expect(await rowCounts(db.dataSource)).toEqual(before);
      const current = parse((await service.exportCase(CHANGED_SLUG, 'yaml'))!.text) as { summary: string };
      expect(current.summary).toBe((parse(readText(CHANGED)) as { summary: string }).summary);
    });

    it('publishes edition 2 of that case only', async () => {
      const before = await rowCounts(db.dataSource);
      const reports = await service.importFiles(copies, { publish: true });
      expect(statuses(reports)).toEqual(expected('published'));
      expect(reports.find((r) => r.label === CHANGED_SLUG)?.edition).toBe(2);
      expect(await rowCounts(db.dataSource)).toMatchObject({
        caseStudy: before.caseStudy,
        caseEdition: before.caseEdition + 1,
      });
      expect(await editions()).toEqual(
        Object.fromEntries(CASE_SLUGS.map((slug) => [slug, slug === CHANGED_SLUG ? 2 : 1])),
      );
      const exported = parse((await service.exportCase(CHANGED_SLUG, 'yaml'))!.text) as { summary: string };
      expect(exported.summary).toBe(NEW_SUMMARY);
    });
  });
});

describe('the compiled CLI', () => {
  it('seed --dry-run lists every seed file: the one changed in the database would be published again, the rest are unchanged', async () => {
    const before = await rowCounts(db.dataSource);
    const cli = runCli(['seed', '--dry-run', '--publish'], env);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stdout.split('\n')).toEqual([
      `Validating ${SEEDS.length} file(s)…`,
      ...LABELS.flatMap((label, i) =>
        label === CHANGED_SLUG
          ? [
              `[${i + 1}/${SEEDS.length}] ${label}: would be published`,
              // Part by part: the seed file would give the summary back.
              `  would change the headline of ${(parse(readText(CHANGED)) as { name: string }).name} (summary)`,
            ]
          : [`[${i + 1}/${SEEDS.length}] ${label}: unchanged`],
      ),
      `${SEEDS.length} file(s): 1 would be published, ${SEEDS.length - 1} unchanged, 0 failed (dry run: nothing was written).`,
      '',
    ]);
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });

  it('import --dry-run names each changed field as the file does, with the form’s words where they say more', async () => {
    const file = path.join(tempDir, 'uncertain-lesson.yaml');
    const doc = parse(readText(CASE_FILES[1]!)) as { lessons: { key: string; title: string; uncertain?: boolean }[] };
    const lesson = doc.lessons.find((l) => !l.uncertain)!;
    Object.assign(lesson, { uncertain: true, note: 'Counted differently after 2020.' });
    await writeFile(file, stringify(doc));
    const cli = runCli(['import', rel(file), '--dry-run'], env);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stdout).toContain(
      `  would change lesson ${lesson.key} "${lesson.title}" (uncertain “The evidence for this is uncertain”, note “Why it is uncertain”)\n`,
    );
  });

  it('import FILE --dry-run prints a line per file and a summary, writes nothing and exits 0', async () => {
    const before = await rowCounts(db.dataSource);
    const unchanged = CASE_FILES[1]!;
    const cli = runCli(['import', rel(alphaFile), rel(unchanged), '--dry-run', '--publish'], env);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stdout.split('\n')).toEqual([
      'Validating 2 file(s)…',
      '[1/2] alphaland: would be published',
      `[2/2] ${labelOf(unchanged)}: unchanged`,
      '2 file(s): 1 would be published, 1 unchanged, 0 failed (dry run: nothing was written).',
      '',
    ]);
    expect(cli.stderr).toBe('');
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });

  it('import of an invalid file prints FILE:LINE:COLUMN: path (the field in words): message, says nothing was written and exits 1', async () => {
    const before = await rowCounts(db.dataSource);
    const cli = runCli(['import', rel(alphaFile), rel(path.join(badDir, 'unknown-source.yaml'))], env);
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stderr.split('\n')).toEqual([
      'tests/fixtures/bad/unknown-source.yaml:38:12: timeline.0.cite.0 (Sources cited, in the event “Regional forces merge”): unknown source "beta-audit-2016": add it to sources',
      '2 file(s): 1 invalid; nothing was written.',
      '',
    ]);
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });

  it('import publishes, and export SLUG --out DIR writes DIR/SLUG.yaml equal to the source file', async () => {
    const load = runCli(['import', rel(alphaFile), '--publish'], env);
    expect(await load.exited, load.output).toEqual({ code: 0, signal: null });
    expect(load.stdout).toBe(
      'Validating 1 file(s)…\n[1/1] alphaland: published edition 1\n1 file(s): 1 published, 0 unchanged, 0 failed.\n',
    );

    const out = path.join(tempDir, 'export');
    const cli = runCli(['export', 'alphaland', '--out', out], env);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    // The file as imported, naming the revision it was exported from after its format line.
    const written = await readFile(path.join(out, 'alphaland.yaml'), 'utf8');
    expect(written).toMatch(
      /^format: casebook\/case-profile@1\nexportedFrom:\n {2}revision: 1\n {2}digest: [\w-]{43}\n/,
    );
    expect(written.replace(/^exportedFrom:\n {2}revision: 1\n {2}digest: [\w-]{43}\n/m, '')).toBe(readText(alphaFile));
    expect(cli.stderr).toBe(
      `[1/1] alphaland: written to ${path.join(out, 'alphaland.yaml')}\n1 document(s): 1 exported, 0 failed.\n`,
    );
  });

  it('export of an unknown slug says so and exits 1', async () => {
    const cli = runCli(['export', 'unknown-slug'], env);
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toBe(
      '[1/1] unknown-slug: no published case with this slug\n1 document(s): 0 exported, 1 failed.\n',
    );
  });
});
