import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialDateWords } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { compare, importSeeds, type GqlComparison, type Selector } from './helpers.js';

// What holds of every comparison of the live seeds, whatever their content says: the seeds are
// rewritten as the content is brought up to date, so only these rules are checked on them.
let db: TestDatabase;
let server: TestServer;

const SEEDS = [
  'scotland',
  'finland',
  'ireland',
  'netherlands',
  'new-zealand',
  'northern-ireland',
  'police-scotland',
  'scottish-fire-and-rescue-service',
];

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, SEEDS);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** Internal codes a reader must never see: enum values, comparison values. */
const CODE = /\b[A-Z]{2,}_[A-Z_]+\b|@|\b(?:NATIONAL|REGIONAL|LOCAL|PRESENT|ABSENT|NO_DATA|NONE)\b/;

function checkInvariants(c: GqlComparison) {
  const names = c.cases.map((x) => (x.asOf ? `${x.caseStudy.name} on ${partialDateWords(x.asOf)}` : x.caseStudy.name));
  for (const section of c.sections) {
    for (const row of section.rows) {
      const at = `${section.kind} ${row.key}`;
      expect(row.basis, at).toMatch(section.kind === 'LESSONS' ? /^Not judged/ : /^Compared on: /);
      expect(row.verdictText, at).not.toBe('');
      for (const cell of row.cells) {
        expect(cell.valueText, at).not.toBe('');
        expect(cell.valueText, at).not.toMatch(CODE);
      }
      if (section.kind === 'LESSONS') {
        // No lesson row carries a verdict, a standing against the baseline or a comparison value.
        expect(row.verdict, at).toBe('NOT_JUDGED');
        expect(row.differFromBaseline, at).toEqual([]);
        for (const cell of row.cells) {
          expect(cell.versusBaseline, at).toBeNull();
          expect(cell.value, at).toEqual([]);
        }
        continue;
      }
      const recorded = row.cells.filter((x) => x.status !== 'NO_DATA');
      const same =
        recorded.length === row.cells.length && recorded.every((x) => x.value.join() === recorded[0]!.value.join());
      expect(row.verdict, at).toBe(same ? 'SAME' : 'DIFFERENT');
      // Every verdict names the cases it is about, and who does not record the row.
      for (const cell of row.cells) expect(row.verdictText, at).toContain(names[cell.caseIndex]!);
      const unrecorded = row.cells.filter((x) => x.status === 'NO_DATA');
      if (unrecorded.length) expect(row.verdictText, at).toMatch(/Not recorded for /);
      expect(row.verdictText, at).not.toMatch(CODE);
      // The baseline's standing: three states kept apart.
      if (c.baselineIndex !== null) {
        const base = row.cells[c.baselineIndex]!;
        for (const cell of row.cells) {
          const expected =
            cell.caseIndex === c.baselineIndex
              ? null
              : cell.status === 'NO_DATA'
                ? 'NOT_RECORDED'
                : base.status === 'NO_DATA'
                  ? 'BASELINE_NOT_RECORDED'
                  : cell.value.join() === base.value.join()
                    ? 'SAME'
                    : 'DIFFERENT';
          expect(cell.versusBaseline, `${at} case ${cell.caseIndex}`).toBe(expected);
        }
      }
    }
  }
  // Every common approach points at a judged row of the grid, names its cases in a sentence, and is
  // never a trivial one (a tier present, a theme with a lesson).
  for (const a of c.commonApproaches) {
    const row = c.sections.find((s) => s.kind === a.section)?.rows.find((r) => r.key === a.rowKey);
    expect(row, `${a.section} ${a.rowKey}`).toBeDefined();
    expect(a.section).not.toBe('LESSONS');
    expect(a.sentence).not.toMatch(CODE);
    expect(a.sentence).not.toMatch(/\bpresent\b/i);
    for (const i of [...a.sharedBy, ...a.differ, ...a.noData]) expect(a.sentence).toContain(names[i]!);
  }
}

describe('comparisons of the live seeds', () => {
  const selections: [string, Selector[]][] = [
    ['Scotland and Northern Ireland', [{ slug: 'scotland' }, { slug: 'northern-ireland' }]],
    ['all eight cases', SEEDS.map((slug) => ({ slug }))],
    [
      'earlier periods by date, with the baseline',
      [
        { slug: 'new-zealand', asOf: '2016-01-01' },
        { slug: 'scotland' },
        { slug: 'police-scotland', asOf: '2012-06-30' },
        { slug: 'finland', asOf: '2020-01-01' },
      ],
    ],
  ];

  it.each(selections)('%s: every verdict has its basis and words; lessons are never judged', async (_n, cases) => {
    const c = await compare(server, cases);
    checkInvariants(c);
    // Not vacuous: rows of every judged kind, both verdicts where the cases differ at all.
    const judged = c.sections.filter((s) => s.kind !== 'LESSONS').flatMap((s) => s.rows);
    expect(judged.length).toBeGreaterThan(10);
    expect(judged.some((r) => r.verdict === 'DIFFERENT')).toBe(true);
    expect(c.sections.find((s) => s.kind === 'LESSONS')!.rows.length).toBeGreaterThan(0);
  });
});
