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
  plainRowIn,
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
    expect(actual.commonApproaches.map(({ sentence: _, ...a }) => a)).toEqual(recount);
    // Something is shared, and the cases without data are named but not counted.
    expect(recount.length).toBeGreaterThan(0);
    for (const a of actual.commonApproaches) {
      expect(a.sharedBy.length).toBeGreaterThanOrEqual(2);
      expect([...a.sharedBy, ...a.differ, ...a.noData].sort()).toEqual(selection.map((_, i) => i));
    }
  });

  it('across six cases: what some share and others do not comes first, most shared first, ties in the grid order', async () => {
    const { actual } = await compared(selections[2]![1]);
    const list = actual.commonApproaches;
    expect(list.some((a) => a.noData.length > 0)).toBe(true);
    expect(list.some((a) => a.differ.length > 0)).toBe(true);
    // Where each approach's row stands in the grid.
    const position = (a: (typeof list)[number]) => {
      const s = actual.sections.findIndex((x) => x.kind === a.section);
      const r = actual.sections[s]!.rows.findIndex((x) => x.key === a.rowKey);
      expect(r, `${a.section} ${a.rowKey} is a row of the grid`).toBeGreaterThanOrEqual(0);
      return s * 1000 + r;
    };
    const everyone = (a: (typeof list)[number]) => a.differ.length + a.noData.length === 0;
    let ties = 0;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      expect(everyone(a) && !everyone(b), `${a.rowKey} before ${b.rowKey}`).toBe(false);
      if (everyone(a) !== everyone(b)) continue;
      expect(a.sharedBy.length).toBeGreaterThanOrEqual(b.sharedBy.length);
      if (a.sharedBy.length !== b.sharedBy.length) continue;
      ties += 1;
      expect(position(a), `${a.rowKey} before ${b.rowKey}`).toBeLessThanOrEqual(position(b));
    }
    expect(ties).toBeGreaterThan(0);
    // No lesson is ever a common approach, and every approach points at a row of the grid.
    expect(list.some((a) => a.section === 'LESSONS')).toBe(false);
    for (const a of list) position(a);
  });

  it('each approach is a sentence naming who shares it, who does not and who does not record it', async () => {
    const { actual } = await compared(selections[2]![1]);
    const name = (i: number) => actual.cases[i]!.caseStudy.name;
    for (const a of actual.commonApproaches) {
      const [shared, ...rest] = a.sentence.replace(/\.$/, '').split('; ');
      for (const i of a.sharedBy) expect(shared, a.sentence).toContain(name(i));
      const notIn = rest.find((x) => x.startsWith('not in ')) ?? '';
      for (const i of a.differ) expect(notIn, a.sentence).toContain(name(i));
      const notRecorded = rest.find((x) => x.startsWith('not recorded for ')) ?? '';
      for (const i of a.noData) expect(notRecorded, a.sentence).toContain(name(i));
      // Plain words: no internal codes.
      expect(a.sentence).not.toMatch(/[A-Z]{2,}_[A-Z]|@|\b(?:NATIONAL|REGIONAL|LOCAL|PRESENT|NO_DATA)\b/);
    }
  });

  it('verdicts: the same only where every case records the row with one value; lessons never judged', async () => {
    const { actual, expected } = await compared(selections[2]![1]);
    const flags = (c: { sections: { kind: string; rows: { key: string; verdict: string; withData: number }[] }[] }) =>
      c.sections.flatMap((s) => s.rows.map((r) => [s.kind, r.key, r.withData, r.verdict]));
    expect(flags(actual)).toEqual(flags({ sections: expected }));
    const judged = actual.sections.filter((s) => s.kind !== 'LESSONS').flatMap((s) => s.rows);
    expect(judged.some((r) => r.verdict === 'DIFFERENT' && r.withData === r.cells.length)).toBe(true);
    // Police Scotland on either side of the merger: some rows did not change.
    const twice = await compared([{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }]);
    expect(flags(twice.actual)).toEqual(flags({ sections: twice.expected }));
    expect(twice.actual.sections.flatMap((s) => s.rows).some((r) => r.verdict === 'SAME')).toBe(true);
    // A row one case records and another does not is a difference.
    const oneSided = judged.filter((r) => r.withData < r.cells.length);
    expect(oneSided.length).toBeGreaterThan(0);
    for (const r of oneSided) expect(r.verdict, r.key).toBe('DIFFERENT');
    for (const r of actual.sections.find((s) => s.kind === 'LESSONS')!.rows)
      expect(r.verdict, r.key).toBe('NOT_JUDGED');
  });

  it('a case twice at different dates shares with itself where nothing changed', async () => {
    const { actual } = await compared([{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }]);
    const inspection = actual.commonApproaches.find((a) => a.rowKey === 'policing:INSPECTION')!;
    expect(inspection).toMatchObject({
      section: 'RESPONSIBILITIES',
      value: ['NATIONAL:INSPECTORATE'],
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
      expect(actual.sections[i]!.rows.map(plainRowIn(section.kind)), section.kind).toEqual(section.rows);
    }
    expect(actual.commonApproaches.map(({ sentence: _, ...a }) => a)).toEqual(recountCommonApproaches(expected));

    // Homeland has no regional tier (absent); Alphaland has counties; Beta records every level and has
    // none there, so it is absent too: the same as the baseline.
    const regional = row(actual, 'GOVERNANCE', 'REGIONAL');
    expect(regional.cells.map((c) => [c.status, c.versusBaseline])).toEqual([
      ['PRESENT', 'DIFFERENT'],
      ['ABSENT', null],
      ['ABSENT', 'SAME'],
    ]);
    expect(regional.differFromBaseline).toEqual([0]);
    // Everyone has a national tier, but not the same one: Homeland has a ministry for children's
    // social work; Alphaland adds an inspectorate; Beta's is a police service. Presence is not judged.
    const national = row(actual, 'GOVERNANCE', 'NATIONAL');
    expect(national.cells.map((c) => [c.value, c.versusBaseline])).toEqual([
      [['MINISTRY:childrens-social-work', 'INSPECTORATE:childrens-social-work'], 'DIFFERENT'],
      [['MINISTRY:childrens-social-work'], null],
      [['PROVIDER:policing'], 'DIFFERENT'],
    ]);
    expect(national.differFromBaseline).toEqual([0, 2]);
    // Alphaland plans social work with schools as Homeland does; its link with health is integration, not a joint board.
    expect(row(actual, 'CONNECTIONS', 'childrens-social-work+education').cells.map((c) => c.versusBaseline)).toEqual([
      'SAME',
      null,
      'NOT_RECORDED',
    ]);
    expect(row(actual, 'CONNECTIONS', 'childrens-social-work+health').differFromBaseline).toEqual([0]);
    // Homeland records no link between social work and policing (NONE); Beta has a multi-agency team.
    const policing = row(actual, 'CONNECTIONS', 'childrens-social-work+policing');
    expect(policing.cells.map((c) => [c.status, c.value, c.versusBaseline])).toEqual([
      ['NO_DATA', [], 'NOT_RECORDED'],
      ['ABSENT', ['NONE'], null],
      ['PRESENT', ['MULTI_AGENCY_TEAM:LOCAL'], 'DIFFERENT'],
    ]);
    expect(policing.differFromBaseline).toEqual([2]);
  });

  it('the baseline may stand in any column', async () => {
    const { actual, expected } = await compared([{ slug: 'homeland' }, { slug: 'finland' }, { slug: 'alphaland' }]);
    expect(actual.baselineIndex).toBe(0);
    expect(actual.cases.map((c) => c.baseline)).toEqual([true, false, false]);
    for (const [i, section] of expected.entries())
      expect(actual.sections[i]!.rows.map(plainRowIn(section.kind)), section.kind).toEqual(section.rows);
    expect(actual.sections.flatMap((s) => s.rows).some((r) => r.differFromBaseline.length > 0)).toBe(true);
  });

  it('without the baseline selected there is no baseline and no differences', async () => {
    const { actual } = await compared([{ slug: 'alphaland' }, { slug: 'beta-police' }]);
    expect(actual.baselineIndex).toBeNull();
    expect(actual.cases.map((c) => c.baseline)).toEqual([false, false]);
    for (const r of actual.sections.flatMap((s) => s.rows)) {
      expect(r.differFromBaseline).toEqual([]);
      expect(r.cells.map((c) => c.versusBaseline)).toEqual([null, null]);
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
      for (const [j, r] of section.rows.entries())
        expect(plainRowIn(section.kind)(rows[j]!), `${section.kind} ${r.key}`).toEqual(r);
    }
    expect(actual.commonApproaches.map(({ sentence: _, ...a }) => a)).toEqual(recountCommonApproaches(expected));
    expect(actual.sections.flatMap((s) => s.rows).some((r) => r.differFromBaseline.length > 0)).toBe(true);
  });
});
