import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { repoRoot, runCli, userEnv } from '../platform/processes.js';
import { alphaFile, badDir, betaFile, problemLines, readText, rel, rowCounts } from './helpers.js';

// Every kind of mistake an author can make in a profile, with the exact lines they are shown.
// Each bad document is imported together with a valid one (profiles/beta.yaml), so an import
// that wrote the valid file and skipped the bad one would fail the row counts too.
let db: TestDatabase;
let service: InterchangeService;
let tempDir: string;

const bad = (name: string) => path.join(badDir, `${name}.yaml`);
const limits = JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'limits.json'), 'utf8')) as {
  name: { max: number };
  counts: { citesPerClaim: number };
};
const BODY_TYPES = 'MINISTRY, AGENCY, AUTHORITY, BOARD, INSPECTORATE, PROVIDER, PARTNERSHIP, COURT_OR_TRIBUNAL, OTHER';
const DATE_HINT = 'must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)';

beforeAll(async () => {
  db = await createTestDatabase();
  service = new InterchangeService(db.dataSource);
  // Some content already, so that "nothing was written" is not just "still empty".
  expect((await service.importFiles([alphaFile], { publish: true })).map((r) => r.status)).toEqual(['published']);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-validation-'));
});

afterAll(async () => {
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** Imports beta.yaml with `files`; checks that all of them are refused and nothing was written; returns the lines shown. */
async function refused(files: string[]): Promise<string[]> {
  const before = await rowCounts(db.dataSource);
  const reports = await service.importFiles([betaFile, ...files], { publish: true });
  expect(reports[0]).toMatchObject({ label: 'beta-police', problems: [] });
  expect(reports.slice(1).map((r) => [rel(r.file), r.status])).toEqual(files.map((f) => [rel(f), 'invalid']));
  expect(await rowCounts(db.dataSource), 'a refused import writes nothing').toEqual(before);
  return problemLines(reports);
}

/** Each fixture in tests/fixtures/bad with the one problem it has (after `FILE: `). */
const ONE_FAULT: [fault: string, fixture: string, problem: string][] = [
  ['a wrong type (unitCount: many)', 'wrong-type', 'periods.0.levels.0.unitCount: must be a whole number'],
  ['an unknown field (colour)', 'unknown-field', 'periods.0.levels.0.bodies.0.colour: unknown field "colour"'],
  [
    'a value outside the vocabulary (body type MINSTRY)',
    'bad-enum',
    `periods.0.levels.0.bodies.0.type: must be one of ${BODY_TYPES}`,
  ],
  [
    'a coverage outside the vocabulary (levels: full)',
    'bad-coverage',
    'periods.0.coverage.levels: must be one of complete, partial, not-recorded',
  ],
  ['a claim with no source (empty cite)', 'empty-cite', 'lessons.0.cite: a claim needs at least one source'],
  [
    'two lessons with one key',
    'duplicate-lesson-key',
    'lessons.1.key: duplicate lesson key "local-scrutiny" (also at lessons.0)',
  ],
  [
    'two bodies with one key in one period',
    'duplicate-body-key',
    'periods.0.levels.1.bodies.0.key: duplicate body key "beta-police" in this period (also at periods.0.levels.0.bodies.0)',
  ],
  [
    'a responsibility naming an unknown service area',
    'unknown-service-area',
    'periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"',
  ],
  [
    'a connection with an unknown service area',
    'unknown-connection-area',
    'periods.0.connections.0.between.1: unknown service area "child-protection"',
  ],
  [
    'a cite naming an unknown source key',
    'unknown-source',
    'timeline.0.cite.0: unknown source "beta-audit-2016": add it to sources',
  ],
  ['an impossible date ("2023-02-30")', 'impossible-date', 'timeline.0.date: "2023-02-30" is not a day of that month'],
  ['a date in words ("April 2013")', 'malformed-date', `timeline.0.date: ${DATE_HINT}`],
  ['an unquoted year (a number in YAML)', 'unquoted-date', `timeline.0.date: ${DATE_HINT}`],
  [
    'a period that ends before it starts',
    'period-ends-before-start',
    'periods.0.validTo: ends (2010) before it starts (2015-04)',
  ],
  [
    'an uncertain claim without a note',
    'uncertain-without-note',
    'lessons.0.note: an uncertain claim needs a note saying why',
  ],
  ['a source no claim cites', 'uncited-source', 'sources.2: source "beta-news" is not cited by any claim'],
  ['a wrong format', 'wrong-format', 'format: must be "casebook/case-profile@1" or "casebook/study@1"'],
  ['a YAML syntax error, with its line', 'yaml-syntax', 'line 37: Nested mappings are not allowed in compact mappings'],
  ['a YAML map with a key twice, with its line', 'duplicate-yaml-key', 'line 5: Map keys must be unique'],
];

const SHAPE_FAULTS = [
  'periods.0.levels.0.unitCount: must be a whole number',
  'periods.0.levels.0.bodies.0.colour: unknown field "colour"',
  `periods.0.levels.0.bodies.0.type: must be one of ${BODY_TYPES}`,
  `timeline.0.date: ${DATE_HINT}`,
  'lessons.0.cite: a claim needs at least one source',
].map((line) => `tests/fixtures/bad/several-shape-faults.yaml: ${line}`);

const MEANING_FAULTS = [
  'periods.0.validTo: ends (2010) before it starts (2015-04)',
  'periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"',
  'periods.0.connections.0.between.1: unknown service area "child-protection"',
  'timeline.0.cite.0: unknown source "beta-audit-2016": add it to sources',
  'timeline.0.date: "2023-02-30" is not a day of that month',
  'lessons.0.note: an uncertain claim needs a note saying why',
  'sources.2: source "beta-news" is not cited by any claim',
].map((line) => `tests/fixtures/bad/several-faults.yaml: ${line}`);

describe('a profile with one mistake is refused with the exact problem', () => {
  it.for(ONE_FAULT)('%s', async ([, fixture, problem]) => {
    expect(await refused([bad(fixture)])).toEqual([`tests/fixtures/bad/${fixture}.yaml: ${problem}`]);
  });

  it('refuses a slug used by another file of the same import, naming that file', async () => {
    expect(await refused([bad('duplicate-slug')])).toEqual([
      `tests/fixtures/bad/duplicate-slug.yaml: slug: case beta-police is also described by ${betaFile}`,
    ]);
  });

  it('accepts a name of exactly the limit in schema/limits.json and refuses one character more', async () => {
    const doc = parse(readText(betaFile)) as { name: string };
    const atLimit = path.join(tempDir, 'name-at-limit.yaml');
    await writeFile(atLimit, stringify({ ...doc, name: 'N'.repeat(limits.name.max) }));
    const dryRun = await service.importFiles([atLimit], { dryRun: true, publish: true });
    expect(dryRun.map((r) => [r.status, r.problems])).toEqual([['would-publish', []]]);

    const overLimit = path.join(tempDir, 'name-over-limit.yaml');
    await writeFile(overLimit, stringify({ ...doc, name: 'N'.repeat(limits.name.max + 1) }));
    expect(await refused([overLimit])).toEqual([
      `${rel(overLimit)}: name: is longer than the limit of ${limits.name.max} characters`,
    ]);
  });

  it('refuses a claim citing more sources than the limit allows', async () => {
    const doc = parse(readText(betaFile)) as { lessons: { cite: string[] }[] };
    doc.lessons[0]!.cite = Array.from({ length: limits.counts.citesPerClaim + 1 }, (_, i) =>
      i % 2 ? 'beta-audit' : 'shared-oecd',
    );
    const file = path.join(tempDir, 'too-many-cites.yaml');
    await writeFile(file, stringify(doc));
    expect(await refused([file])).toEqual([
      `${rel(file)}: lessons.0.cite: has more than the limit of ${limits.counts.citesPerClaim} items`,
    ]);
  });
});

describe('every problem is reported at once', () => {
  it('lists every fault of shape in one document', async () => {
    expect(await refused([bad('several-shape-faults')])).toEqual(SHAPE_FAULTS);
  });

  it('lists every fault of meaning in one document', async () => {
    expect(await refused([bad('several-faults')])).toEqual(MEANING_FAULTS);
  });

  it('lists the problems of every bad file of one import, file by file', async () => {
    const files = [...ONE_FAULT.map(([, fixture]) => bad(fixture)), bad('several-shape-faults'), bad('several-faults')];
    expect(await refused(files)).toEqual([
      ...ONE_FAULT.map(([, fixture, problem]) => `tests/fixtures/bad/${fixture}.yaml: ${problem}`),
      ...SHAPE_FAULTS,
      ...MEANING_FAULTS,
    ]);
  });
});

describe('casebook import with bad files', () => {
  it('prints FILE: path: message for every problem, says nothing was written, and exits 1', async () => {
    const before = await rowCounts(db.dataSource);
    const files = [betaFile, bad('duplicate-slug'), bad('several-faults'), bad('yaml-syntax')].map(rel);
    const cli = runCli(['import', ...files], userEnv({ DATABASE_URL: db.url }));
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stdout).toBe('Validating 4 file(s)…\n');
    expect(cli.stderr.split('\n')).toEqual([
      'tests/fixtures/bad/duplicate-slug.yaml: slug: case beta-police is also described by tests/fixtures/profiles/beta.yaml',
      ...MEANING_FAULTS,
      'tests/fixtures/bad/yaml-syntax.yaml: line 37: Nested mappings are not allowed in compact mappings',
      '4 file(s): 3 invalid; nothing was written.',
      '',
    ]);
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });
});
