import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Each fixture in tests/fixtures/bad with the one problem it has: where it is (the line and column
 * of the value at fault, or of the map a missing field belongs in) and what (after `FILE:LINE:COLUMN: `).
 */
const ONE_FAULT: [fault: string, fixture: string, position: string, problem: string][] = [
  ['a wrong type (unitCount: many)', 'wrong-type', '17:20', 'periods.0.levels.0.unitCount: must be a whole number'],
  ['an unknown field (colour)', 'unknown-field', '22:21', 'periods.0.levels.0.bodies.0.colour: unknown field "colour"'],
  [
    'a value outside the vocabulary (body type MINSTRY)',
    'bad-enum',
    '21:19',
    `periods.0.levels.0.bodies.0.type: must be one of ${BODY_TYPES}`,
  ],
  [
    'a coverage outside the vocabulary (levels: full)',
    'bad-coverage',
    '14:15',
    'periods.0.coverage.levels: must be one of complete, partial, not-recorded',
  ],
  ['a claim with no source (empty cite)', 'empty-cite', '45:11', 'lessons.0.cite: a claim needs at least one source'],
  [
    'two lessons with one key',
    'duplicate-lesson-key',
    '46:10',
    'lessons.1.key: duplicate lesson key "local-scrutiny" (also at lessons.0)',
  ],
  [
    'two bodies with one key in one period',
    'duplicate-body-key',
    '33:18',
    'periods.0.levels.1.bodies.0.key: duplicate body key "beta-police" in this period (also at periods.0.levels.0.bodies.0)',
  ],
  [
    'a responsibility naming an unknown service area',
    'unknown-service-area',
    '26:30',
    'periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"',
  ],
  [
    'a connection with an unknown service area',
    'unknown-connection-area',
    '30:29',
    'periods.0.connections.0.between.1: unknown service area "child-protection"',
  ],
  [
    'a cite naming an unknown source key',
    'unknown-source',
    '38:12',
    'timeline.0.cite.0: unknown source "beta-audit-2016": add it to sources',
  ],
  [
    'an impossible date ("2023-02-30")',
    'impossible-date',
    '36:11',
    'timeline.0.date: "2023-02-30" is not a day of that month',
  ],
  ['a date in words ("April 2013")', 'malformed-date', '36:11', `timeline.0.date: ${DATE_HINT}`],
  ['an unquoted year (a number in YAML)', 'unquoted-date', '36:11', `timeline.0.date: ${DATE_HINT}`],
  [
    'a period that ends before it starts',
    'period-ends-before-start',
    '13:14',
    'periods.0.validTo: ends (2010) before it starts (2015-04)',
  ],
  [
    'an uncertain claim without a note',
    'uncertain-without-note',
    '40:5',
    'lessons.0.note: an uncertain claim needs a note saying why',
  ],
  ['a source no claim cites', 'uncited-source', '59:5', 'sources.2: source "beta-news" is not cited by any claim'],
  ['a wrong format', 'wrong-format', '2:9', 'format: must be "casebook/case-profile@1" or "casebook/study@1"'],
  [
    'a YAML syntax error, with its line',
    'yaml-syntax',
    '37:12',
    'timeline.0.title: Nested mappings are not allowed in compact mappings',
  ],
  ['a YAML map with a key twice, with its line', 'duplicate-yaml-key', '5:1', 'name: Map keys must be unique'],
];

// In the order of the file.
const SHAPE_FAULTS = [
  '17:20: periods.0.levels.0.unitCount: must be a whole number',
  `22:19: periods.0.levels.0.bodies.0.type: must be one of ${BODY_TYPES}`,
  '23:21: periods.0.levels.0.bodies.0.colour: unknown field "colour"',
  `38:11: timeline.0.date: ${DATE_HINT}`,
  '47:11: lessons.0.cite: a claim needs at least one source',
].map((line) => `tests/fixtures/bad/several-shape-faults.yaml:${line}`);

const MEANING_FAULTS = [
  '13:14: periods.0.validTo: ends (2010) before it starts (2015-04)',
  '27:30: periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"',
  '31:29: periods.0.connections.0.between.1: unknown service area "child-protection"',
  '37:11: timeline.0.date: "2023-02-30" is not a day of that month',
  '39:12: timeline.0.cite.0: unknown source "beta-audit-2016": add it to sources',
  '41:5: lessons.0.note: an uncertain claim needs a note saying why',
  '61:5: sources.2: source "beta-news" is not cited by any claim',
].map((line) => `tests/fixtures/bad/several-faults.yaml:${line}`);

describe('a profile with one mistake is refused with the exact problem', () => {
  it.for(ONE_FAULT)('%s', async ([, fixture, position, problem]) => {
    expect(await refused([bad(fixture)])).toEqual([`tests/fixtures/bad/${fixture}.yaml:${position}: ${problem}`]);
  });

  it('refuses a slug used by another file of the same import, naming that file', async () => {
    expect(await refused([bad('duplicate-slug')])).toEqual([
      `tests/fixtures/bad/duplicate-slug.yaml:3:7: slug: case beta-police is also described by ${betaFile}`,
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
      `${rel(overLimit)}:3:7: name: is longer than the limit of ${limits.name.max} characters`,
    ]);
  });

  it('refuses a claim citing more sources than the limit allows', async () => {
    const doc = parse(readText(betaFile)) as { lessons: { cite: string[] }[] };
    doc.lessons[0]!.cite = Array.from({ length: limits.counts.citesPerClaim + 1 }, (_, i) =>
      i % 2 ? 'beta-audit' : 'shared-oecd',
    );
    const file = path.join(tempDir, 'too-many-cites.yaml');
    const text = stringify(doc);
    await writeFile(file, text);
    // The list is written one item a line below its key, so the problem is at the key.
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.indexOf('lessons:') && l === '    cite:') + 1;
    expect(await refused([file])).toEqual([
      `${rel(file)}:${line}:5: lessons.0.cite: has more than the limit of ${limits.counts.citesPerClaim} items`,
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
      ...ONE_FAULT.map(
        ([, fixture, position, problem]) => `tests/fixtures/bad/${fixture}.yaml:${position}: ${problem}`,
      ),
      ...SHAPE_FAULTS,
      ...MEANING_FAULTS,
    ]);
  });
});

describe('casebook import with bad files', () => {
  it('prints FILE:LINE:COLUMN: path (the field in words): message for every problem, says nothing was written, and exits 1', async () => {
    const before = await rowCounts(db.dataSource);
    const files = [betaFile, bad('duplicate-slug'), bad('several-faults'), bad('yaml-syntax')].map(rel);
    const cli = runCli(['import', ...files], userEnv({ DATABASE_URL: db.url }));
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stdout).toBe('Validating 4 file(s)…\n');
    const faults = 'tests/fixtures/bad/several-faults.yaml';
    const period = 'in the period “One national service (from 2015)”';
    expect(cli.stderr.split('\n')).toEqual([
      'tests/fixtures/bad/duplicate-slug.yaml:3:7: slug: case beta-police is also described by tests/fixtures/profiles/beta.yaml',
      `${faults}:13:14: periods.0.validTo (Valid to, ${period}): ends (2010) before it starts (2015-04)`,
      `${faults}:27:30: periods.0.levels.0.bodies.0.responsibilities.0.serviceArea (Service area, in the responsibility “police-delivery”): unknown service area "social-care"`,
      `${faults}:31:29: periods.0.connections.0.between.1 (Between the service areas, in the connection “police-social-work”): unknown service area "child-protection"`,
      `${faults}:37:11: timeline.0.date (Date, in the event “Regional forces merge”): "2023-02-30" is not a day of that month`,
      `${faults}:39:12: timeline.0.cite.0 (Sources cited, in the event “Regional forces merge”): unknown source "beta-audit-2016": add it to sources`,
      `${faults}:41:5: lessons.0.note (Why it is uncertain, in the lesson “Local scrutiny weakened after the merger”): an uncertain claim needs a note saying why`,
      `${faults}:61:5: sources.2 (the source “News report on the merger”): source "beta-news" is not cited by any claim`,
      'tests/fixtures/bad/yaml-syntax.yaml:37:12: timeline.0.title (Title, in the event “merger”): Nested mappings are not allowed in compact mappings',
      '4 file(s): 3 invalid; nothing was written.',
      '',
    ]);
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });
});

describe('casebook validate and import: every problem of a file in one run', () => {
  /** beta.yaml with a syntax error (a colon in an unquoted title), a missing field and a bad reference. */
  const brokenBeta = () =>
    readText(betaFile)
      .replace('title: Local scrutiny weakened after the merger', 'title: Local scrutiny: weakened after the merger')
      .replace('    label: One national service (from 2015)\n', '')
      .replace('serviceArea: policing', 'serviceArea: social-care');
  /** The same faults in JSON: a missing comma, a missing field and a bad reference. */
  const brokenJson = () => {
    const doc = parse(readText(betaFile)) as { periods: Record<string, unknown>[]; lessons: { cite: string[] }[] };
    delete doc.periods[0]!.label;
    doc.lessons[0]!.cite = ['beta-audit', 'shared-oced'];
    return JSON.stringify(doc, null, 2).replace('"jurisdiction": "Betaland",', '"jurisdiction": "Betaland"');
  };
  const period = 'periods.0.label (Label, in the period “from-2015”): is required';
  const area =
    'periods.0.levels.0.bodies.0.responsibilities.0.serviceArea (Service area, in the responsibility “police-delivery”): unknown service area "social-care"';

  it('`validate` prints FILE:LINE:COLUMN: path (the field in words): message for each, in the order of the file, without a database', async () => {
    const yamlFile = path.join(tempDir, 'broken-beta.yaml');
    const jsonFile = path.join(tempDir, 'broken-beta.json');
    // A quote never closed: nothing like a document is left to check.
    const unreadable = path.join(tempDir, 'unreadable.yaml');
    await writeFile(yamlFile, brokenBeta());
    await writeFile(jsonFile, brokenJson());
    await writeFile(unreadable, '"format: casebook/case-profile@1\nslug: beta-police\n');
    const nowhere = path.join(tempDir, 'no-database');
    const cli = runCli(
      ['validate', rel(yamlFile), rel(jsonFile), rel(unreadable)],
      userEnv({ CASEBOOK_DATA_DIR: nowhere }),
    );
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stdout).toBe('');
    expect(cli.stderr.split('\n')).toEqual([
      `${rel(yamlFile)}:9:5: ${period}`,
      `${rel(yamlFile)}:28:30: ${area}`,
      `${rel(yamlFile)}:44:12: lessons.0.title (Title, in the lesson “local-scrutiny”): Nested mappings are not allowed in compact mappings`,
      `${rel(jsonFile)}:7:3: jurisdiction: Missing , between flow map items`,
      `${rel(jsonFile)}:10:5: ${period}`,
      `${rel(jsonFile)}:85:9: lessons.0.cite.1 (Sources cited, in the lesson “Local scrutiny weakened after the merger”): unknown source "shared-oced": add it to sources`,
      `${rel(unreadable)}:3:1: Missing closing "quote`,
      `${rel(unreadable)}: (file): cannot be read as a document until the syntax problems are fixed, so nothing else in it was checked`,
      '3 file(s): 3 invalid.',
      '',
    ]);
    expect(existsSync(nowhere), 'validate makes no database').toBe(false);

    const good = runCli(['validate', rel(betaFile)], userEnv({ CASEBOOK_DATA_DIR: nowhere }));
    expect(await good.exited, good.output).toEqual({ code: 0, signal: null });
    expect(good.stdout).toBe('1 file(s): all valid.\n');
  });

  it('`import` reports the same in one run against the database, and writes nothing', async () => {
    const file = path.join(tempDir, 'broken-beta-import.yaml');
    await writeFile(file, brokenBeta());
    const before = await rowCounts(db.dataSource);
    const cli = runCli(['import', rel(file)], userEnv({ DATABASE_URL: db.url }));
    expect(await cli.exited, cli.output).toEqual({ code: 1, signal: null });
    expect(cli.stderr.split('\n')).toEqual([
      `${rel(file)}:9:5: ${period}`,
      `${rel(file)}:28:30: ${area}`,
      `${rel(file)}:44:12: lessons.0.title (Title, in the lesson “local-scrutiny”): Nested mappings are not allowed in compact mappings`,
      '1 file(s): 1 invalid; nothing was written.',
      '',
    ]);
    expect(await rowCounts(db.dataSource)).toEqual(before);
  });
});
