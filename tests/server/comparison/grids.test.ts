import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseProfileDoc } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  compare,
  expectedSections,
  expectedTimeline,
  importSeeds,
  periodOf,
  plainCitation,
  plainRowIn,
  sourceTable,
  type GqlComparison,
  type Selector,
  type SourceTable,
} from './helpers.js';

// The grids of seeded cases, cell by cell, against what the seed files say.
let db: TestDatabase;
let server: TestServer;
let docs: Map<string, CaseProfileDoc>;
let sources: SourceTable;

beforeAll(async () => {
  db = await createTestDatabase();
  const imported = await importSeeds(db.dataSource, ['finland', 'netherlands', 'northern-ireland', 'police-scotland']);
  docs = new Map(imported.map((d) => [d.slug, d]));
  sources = sourceTable(imported);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const doc = (slug: string) => docs.get(slug)!;
const sourceOf = (slug: string, key: string) => {
  const s = doc(slug).sources.find((x) => x.key === key)!;
  return { url: s.url, standing: s.standing };
};

/** Compares every case, row, cell and timeline entry of a comparison with the documents. */
async function expectGridsMatchDocuments(selection: Selector[]): Promise<GqlComparison> {
  const selected = selection.map((s) => ({ doc: doc(s.slug), asOf: s.asOf }));
  const actual = await compare(server, selection);

  expect(actual.baselineIndex).toBeNull();
  expect(actual.cases.map((c) => [c.index, c.selector, c.asOf, c.baseline, c.caseStudy.slug, c.period.key])).toEqual(
    selected.map((s, i) => [
      i,
      s.asOf ? `${s.doc.slug}@${s.asOf}` : s.doc.slug,
      s.asOf ?? null,
      false,
      s.doc.slug,
      periodOf(s.doc, s.asOf).key,
    ]),
  );

  const expected = expectedSections(selected, sources);
  expect(actual.sections.map((s) => s.kind)).toEqual(expected.map((s) => s.kind));
  for (const [i, section] of expected.entries()) {
    const rows = actual.sections[i]!.rows;
    expect(
      rows.map((r) => r.key),
      `${section.kind} row keys`,
    ).toEqual(section.rows.map((r) => r.key));
    for (const [j, row] of section.rows.entries())
      expect(plainRowIn(section.kind)(rows[j]!), `${section.kind} ${row.key}`).toEqual(row);
  }
  expect(
    actual.timeline.map((t) => ({
      caseIndex: t.caseIndex,
      key: t.event.key,
      title: t.event.title,
      date: t.event.date.text,
    })),
  ).toEqual(expectedTimeline(selected));

  // The expectations are not trivially empty: every section has rows, and the grid has data and gaps.
  // (A case holding one service area, as Police Scotland does, shares no organisation between two.)
  for (const section of expected)
    if (section.kind !== 'SHARED_ORGANISATIONS' || selected.some((s) => s.doc.slug !== 'police-scotland'))
      expect(section.rows.length, section.kind).toBeGreaterThan(0);
  const statuses = new Set(expected.flatMap((s) => s.rows.flatMap((r) => r.cells.map((c) => c.status))));
  expect(statuses).toContain('PRESENT');
  expect(statuses).toContain('NO_DATA');
  return actual;
}

const section = (c: GqlComparison, kind: string) => c.sections.find((s) => s.kind === kind)!;
const row = (c: GqlComparison, kind: string, key: string) => {
  const found = section(c, kind).rows.find((r) => r.key === key);
  if (!found) throw new Error(`no ${kind} row ${key}`);
  return found;
};

describe('grids of seeded cases, cell by cell against the seed files', () => {
  it('Finland, the Netherlands and Northern Ireland today', async () => {
    const c = await expectGridsMatchDocuments([
      { slug: 'finland' },
      { slug: 'netherlands' },
      { slug: 'northern-ireland' },
    ]);

    // Spot checks, read straight from seeds/northern-ireland.yaml: no local tier (recorded as absent).
    const local = row(c, 'GOVERNANCE', 'LOCAL').cells[2]!;
    expect(local.status).toBe('ABSENT');
    expect(local.value).toEqual(['absent']);
    expect(local.items.map((i) => i.key)).toEqual(['local-councils']);
    expect(local.items[0]!.citations.map(plainCitation).map(({ url, standing }) => ({ url, standing }))).toEqual([
      sourceOf('northern-ireland', 'nilegalguide-hsc-development'),
    ]);

    // The five trusts: a regional level with its unit count, its body and the body's sources.
    const regional = row(c, 'GOVERNANCE', 'REGIONAL').cells[2]!;
    expect(regional.items.map((i) => i.label)).toEqual(['Health and Social Care Trusts (5)']);
    const trusts = regional.items[0]!.parts.find((p) => p.key === 'hsc-trusts')!;
    expect(trusts.citations.map((x) => ({ url: x.source.url, standing: x.source.standing }))).toEqual([
      sourceOf('northern-ireland', 'doh-independent-review'),
      sourceOf('northern-ireland', 'wikipedia-hscb'),
    ]);

    // The co-operation duty is flagged uncertain, with the record's note, and the cell says so.
    const education = row(c, 'CONNECTIONS', 'childrens-social-work+education').cells[2]!;
    const duty = education.items.find((i) => i.key === 'co-operation-duty')!;
    expect(duty.uncertain).toBe(true);
    expect(duty.uncertaintyNote).toMatch(/children's authorities/);
    expect(education.uncertain).toBe(true);
    // Each mechanism with the tier it works at: all four are national in Northern Ireland.
    expect(education.value).toEqual([
      'JOINT_BOARD:NATIONAL',
      'POOLED_BUDGET:NATIONAL',
      'STRATEGIC_PLANNING:NATIONAL',
      'STATUTORY_DUTY:NATIONAL',
    ]);

    // The trusts hold children's social work and health care: one body, for delivery.
    const trustsShare = row(c, 'SHARED_ORGANISATIONS', 'childrens-social-work+health').cells[2]!;
    expect(trustsShare.value).toContain('DELIVERY@REGIONAL:PROVIDER');
    expect(trustsShare.items.map((i) => i.key)).toContain('hsc-trusts');
  });

  it('Police Scotland before and after the merger, side by side', async () => {
    const c = await expectGridsMatchDocuments([
      { slug: 'police-scotland', asOf: '2012-06-30' },
      { slug: 'police-scotland' },
    ]);
    expect(c.cases.map((x) => x.period.key)).toEqual(['before-2013', 'from-2013']);

    // Eight forces at the regional tier before; local policing divisions after.
    expect(row(c, 'GOVERNANCE', 'REGIONAL').cells.map((x) => x.items.map((i) => i.label))).toEqual([
      ['Eight regional police forces (8)'],
      ['Local policing divisions (13)'],
    ]);

    // Accountability for policing moved from the police authorities and joint police boards of the
    // force areas (regional) to national bodies and council scrutiny.
    const accountability = row(c, 'RESPONSIBILITIES', 'policing:ACCOUNTABILITY');
    expect(accountability.cells.map((x) => x.value)).toEqual([
      ['REGIONAL:BOARD'],
      ['NATIONAL:AUTHORITY', 'NATIONAL:OTHER', 'LOCAL:OTHER'],
    ]);
    expect(accountability.verdict).toBe('DIFFERENT');
    expect(accountability.cells[0]!.items.map((i) => i.label)).toEqual([
      'Two police authorities and six joint police boards',
    ]);

    // Inspection by HMICS before the merger is not described: uncertain, with the note; after, it is not.
    const inspection = row(c, 'RESPONSIBILITIES', 'policing:INSPECTION');
    expect(inspection.cells.map((x) => x.uncertain)).toEqual([true, false]);
    expect(inspection.cells[0]!.items[0]!.uncertaintyNote).toMatch(/^Its work before 2013 is not described/);
    expect(
      inspection.cells[1]!.items[0]!.citations.map((x) => ({ url: x.source.url, standing: x.source.standing })),
    ).toEqual([
      sourceOf('police-scotland', 'reform-act-notes-hmics'),
      sourceOf('police-scotland', 'hmics-what-we-do'),
      sourceOf('police-scotland', 'hmics-best-value-audit'),
    ]);
    expect(inspection.verdict).toBe('SAME');

    // No connections are recorded before 2013: every connection cell of that case has no data.
    for (const r of section(c, 'CONNECTIONS').rows) expect(r.cells[0]!.status, r.key).toBe('NO_DATA');
    // Lessons belong to the case, not a period: both columns have the same ones.
    for (const r of section(c, 'LESSONS').rows)
      expect(
        r.cells[0]!.items.map((i) => i.key),
        r.key,
      ).toEqual(r.cells[1]!.items.map((i) => i.key));
  });

  it('earlier periods chosen by date: Northern Ireland in 2015, Finland in 2020, the Netherlands in 2010', async () => {
    const c = await expectGridsMatchDocuments([
      { slug: 'northern-ireland', asOf: '2015-06-01' },
      { slug: 'finland', asOf: '2020-01-01' },
      { slug: 'netherlands', asOf: '2010-01-01' },
    ]);
    expect(c.cases.map((x) => x.period.key)).toEqual(['before-2022', 'before-2023', 'before-2015']);
  });

  it('chooses the period whose span holds the day, at both edges of a change', async () => {
    const c = await compare(server, [
      { slug: 'police-scotland', asOf: '2013-03-31' },
      { slug: 'police-scotland', asOf: '2013-04-01' },
      { slug: 'northern-ireland', asOf: '2009-01-01' },
      { slug: 'northern-ireland', asOf: '2022-03-31' },
      { slug: 'northern-ireland', asOf: '2022-04-01' },
    ]);
    expect(c.cases.map((x) => x.period.key)).toEqual([
      'before-2013',
      'from-2013',
      'before-2022',
      'before-2022',
      'from-2022',
    ]);
  });
});
