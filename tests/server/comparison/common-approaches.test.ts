import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseProfileDoc } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { fixturesDir } from '../../support/profiles.js';
import {
  compare,
  comparisonFixtureFile,
  expectedSections,
  importFiles,
  importSeeds,
  plainRow,
  recountCommonApproaches,
  sourceTable,
  type GqlComparison,
  type Selector,
} from './helpers.js';

// Common approaches and agreement recounted from the documents, and differences from the
// baseline case: a fixture baseline (tests/fixtures/comparison/homeland.yaml) and seeded Scotland.
let db: TestDatabase;
let server: TestServer;
const docs = new Map<string, CaseProfileDoc>();
const imported: CaseProfileDoc[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  imported.push(
    ...(await importSeeds(db.dataSource, [
      'finland',
      'ireland',
      'netherlands',
      'new-zealand',
      'northern-ireland',
      'police-scotland',
    ])),
  );
  imported.push(
    ...(await importFiles(db.dataSource, [
      comparisonFixtureFile('homeland'),
      path.join(fixturesDir, 'profiles', 'alpha.yaml'),
      path.join(fixturesDir, 'profiles', 'beta.yaml'),
    ])),
  );
  for (const d of imported) docs.set(d.slug, d);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** The comparison, and what the documents say it should be. */
async function compared(selection: Selector[]) {
  const selected = selection.map((s) => ({ doc: docs.get(s.slug)!, asOf: s.asOf }));
  const actual = await compare(server, selection);
  const expected = expectedSections(selected, sourceTable(imported));
  return { actual, expected };
}

const row = (c: GqlComparison, kind: string, key: string) => {
  const found = c.sections.find((s) => s.kind === kind)!.rows.find((r) => r.key === key);
  if (!found) throw new Error(`no ${kind} row ${key}`);
  return found;
};

describe('common approaches, recounted from the seed files', () => {
  const selections: [string, Selector[]][] = [
    [
      'Finland, the Netherlands and Northern Ireland',
      [{ slug: 'finland' }, { slug: 'netherlands' }, { slug: 'northern-ireland' }],
    ],
    [
      'Police Scotland in 2012 and today, with Northern Ireland',
      [{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }, { slug: 'northern-ireland' }],
    ],
    [
      'six seeded cases',
      [
        { slug: 'finland' },
        { slug: 'ireland' },
        { slug: 'netherlands' },
        { slug: 'new-zealand' },
        { slug: 'northern-ireland' },
        { slug: 'police-scotland' },
      ],
    ],
  ];

  it.each(selections)('%s: values, sharedBy, differ, noData and order', async (_name, selection) => {
    const { actual, expected } = await compared(selection);
    const recount = recountCommonApproaches(expected);
    expect(actual.commonApproaches).toEqual(recount);
    // Something is shared, and the cases without data are named but not counted.
    expect(recount.length).toBeGreaterThan(0);
    for (const a of actual.commonApproaches) {
      expect(a.sharedBy.length).toBeGreaterThanOrEqual(2);
      expect([...a.sharedBy, ...a.differ, ...a.noData].sort()).toEqual(selection.map((_, i) => i));
    }
  });

  it('across six cases: the most shared come first, and ties are ordered by section, row key and value', async () => {
    const { actual } = await compared(selections[2]![1]);
    const list = actual.commonApproaches;
    expect(list.some((a) => a.noData.length > 0)).toBe(true);
    expect(list.some((a) => a.differ.length > 0)).toBe(true);
    const sections = ['GOVERNANCE', 'RESPONSIBILITIES', 'CONNECTIONS', 'LESSONS'];
    let ties = 0;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      expect(a.sharedBy.length).toBeGreaterThanOrEqual(b.sharedBy.length);
      if (a.sharedBy.length !== b.sharedBy.length) continue;
      ties += 1;
      const order =
        sections.indexOf(a.section) - sections.indexOf(b.section) ||
        (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0) ||
        (a.value.join('+') < b.value.join('+') ? -1 : 1);
      expect(order, `${a.rowKey} before ${b.rowKey}`).toBeLessThan(0);
    }
    expect(ties).toBeGreaterThan(0);
  });

  it('agreement: at least two cells with data, all with the same value', async () => {
    const { actual, expected } = await compared(selections[2]![1]);
    const flags = (c: { sections: { kind: string; rows: { key: string; agree: boolean; withData: number }[] }[] }) =>
      c.sections.flatMap((s) => s.rows.map((r) => [s.kind, r.key, r.withData, r.agree]));
    expect(flags(actual)).toEqual(flags({ sections: expected }));
    // Both outcomes occur, and a row with a single cell of data never agrees.
    const all = actual.sections.flatMap((s) => s.rows);
    expect(all.some((r) => r.agree)).toBe(true);
    expect(all.some((r) => !r.agree && r.withData >= 2)).toBe(true);
    for (const r of all.filter((x) => x.withData < 2)) expect(r.agree, r.key).toBe(false);
  });

  it('a case twice at different dates shares with itself where nothing changed', async () => {
    const { actual } = await compared([{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }]);
    const inspection = actual.commonApproaches.find((a) => a.rowKey === 'policing:INSPECTION')!;
    expect(inspection).toMatchObject({
      section: 'RESPONSIBILITIES',
      value: ['NATIONAL'],
      sharedBy: [0, 1],
      differ: [],
      noData: [],
    });
    expect(actual.commonApproaches.find((a) => a.rowKey === 'policing:ACCOUNTABILITY')).toBeUndefined();
  });
});

describe('differences from the baseline (fixture: homeland.yaml, baseline: true)', () => {
  const withBaseline: Selector[] = [{ slug: 'alphaland' }, { slug: 'homeland' }, { slug: 'beta-police' }];

  it('marks the baseline case and says, cell by cell and row by row, how the others differ from it', async () => {
    const { actual, expected } = await compared(withBaseline);
    expect(actual.baselineIndex).toBe(1);
    expect(actual.cases.map((c) => c.baseline)).toEqual([false, true, false]);
    for (const [i, section] of expected.entries()) {
      expect(actual.sections[i]!.rows.map(plainRow), section.kind).toEqual(section.rows);
    }
    expect(actual.commonApproaches).toEqual(recountCommonApproaches(expected));

    // Homeland has no regional tier (absent); Alphaland has counties; Beta records nothing there.
    const regional = row(actual, 'GOVERNANCE', 'REGIONAL');
    expect(regional.cells.map((c) => [c.status, c.differsFromBaseline])).toEqual([
      ['PRESENT', true],
      ['ABSENT', null],
      ['NO_DATA', null],
    ]);
    expect(regional.differFromBaseline).toEqual([0]);
    // Everyone has a national tier: nobody differs.
    expect(row(actual, 'GOVERNANCE', 'NATIONAL').cells.map((c) => c.differsFromBaseline)).toEqual([false, null, false]);
    expect(row(actual, 'GOVERNANCE', 'NATIONAL').differFromBaseline).toEqual([]);
    // Alphaland plans social work with schools as Homeland does; its link with health is integration, not a joint board.
    expect(
      row(actual, 'CONNECTIONS', 'childrens-social-work+education').cells.map((c) => c.differsFromBaseline),
    ).toEqual([false, null, null]);
    expect(row(actual, 'CONNECTIONS', 'childrens-social-work+health').differFromBaseline).toEqual([0]);
    // Homeland records no link between social work and policing (NONE); Beta has a multi-agency team.
    const policing = row(actual, 'CONNECTIONS', 'childrens-social-work+policing');
    expect(policing.cells.map((c) => [c.status, c.value, c.differsFromBaseline])).toEqual([
      ['NO_DATA', [], null],
      ['ABSENT', ['NONE'], null],
      ['PRESENT', ['MULTI_AGENCY_TEAM'], true],
    ]);
    expect(policing.differFromBaseline).toEqual([2]);
  });

  it('the baseline may stand in any column', async () => {
    const { actual, expected } = await compared([{ slug: 'homeland' }, { slug: 'finland' }, { slug: 'alphaland' }]);
    expect(actual.baselineIndex).toBe(0);
    expect(actual.cases.map((c) => c.baseline)).toEqual([true, false, false]);
    for (const [i, section] of expected.entries())
      expect(actual.sections[i]!.rows.map(plainRow), section.kind).toEqual(section.rows);
    expect(actual.sections.flatMap((s) => s.rows).some((r) => r.differFromBaseline.length > 0)).toBe(true);
  });

  it('without the baseline selected there is no baseline and no differences', async () => {
    const { actual } = await compared([{ slug: 'alphaland' }, { slug: 'beta-police' }]);
    expect(actual.baselineIndex).toBeNull();
    expect(actual.cases.map((c) => c.baseline)).toEqual([false, false]);
    for (const r of actual.sections.flatMap((s) => s.rows)) {
      expect(r.differFromBaseline).toEqual([]);
      expect(r.cells.map((c) => c.differsFromBaseline)).toEqual([null, null]);
    }
  });
});

describe('seeded Scotland as the baseline', () => {
  it('is marked, and the other cases are compared with it (seeds/scotland.yaml must exist)', async () => {
    const [scotland] = await importSeeds(db.dataSource, ['scotland']);
    imported.push(scotland!);
    docs.set(scotland!.slug, scotland!);
    expect(scotland!.baseline).toBe(true);

    const { actual, expected } = await compared([
      { slug: 'finland' },
      { slug: 'scotland' },
      { slug: 'police-scotland' },
    ]);
    expect(actual.baselineIndex).toBe(1);
    expect(actual.cases.map((c) => [c.caseStudy.slug, c.baseline])).toEqual([
      ['finland', false],
      ['scotland', true],
      ['police-scotland', false],
    ]);
    for (const [i, section] of expected.entries()) {
      const rows = actual.sections[i]!.rows;
      expect(
        rows.map((r) => r.key),
        section.kind,
      ).toEqual(section.rows.map((r) => r.key));
      for (const [j, r] of section.rows.entries()) expect(plainRow(rows[j]!), `${section.kind} ${r.key}`).toEqual(r);
    }
    expect(actual.commonApproaches).toEqual(recountCommonApproaches(expected));
    expect(actual.sections.flatMap((s) => s.rows).some((r) => r.differFromBaseline.length > 0)).toBe(true);
  });
});
