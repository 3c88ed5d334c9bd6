import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_AREAS, type CaseProfileDoc, type PeriodDoc } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { comparisonFixtureFile, DIFF_QUERY, importFiles, importSeeds, periodOf, type Selector } from './helpers.js';

// structuralDiff(from, to): parts matched by key, removed, added and changed, checked against
// the documents. A part one period lacks is removed or added only where that period records the
// section completely (its coverage); otherwise it is not recorded there.
let db: TestDatabase;
let server: TestServer;
const docs = new Map<string, CaseProfileDoc>();

beforeAll(async () => {
  db = await createTestDatabase();
  const imported = [
    ...(await importSeeds(db.dataSource, ['finland', 'netherlands', 'police-scotland'])),
    ...(await importSeeds(db.dataSource, ['new-zealand'])),
    ...(await importFiles(db.dataSource, [
      comparisonFixtureFile('renamed-agency'),
      comparisonFixtureFile('partial-before'),
    ])),
  ];
  for (const d of imported) docs.set(d.slug, d);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface Change {
  part: string;
  change: string;
  key: string;
  label: string;
  tier: string | null;
  fields: { field: string; before: string | null; after: string | null }[];
}
interface DiffAnswer {
  from: { index: number; selector: string; asOf: string | null; caseStudy: { slug: string }; period: { key: string } };
  to: { index: number; selector: string; asOf: string | null; caseStudy: { slug: string }; period: { key: string } };
  changes: Change[];
}

async function diff(from: Selector, to: Selector): Promise<DiffAnswer> {
  const { body } = await server.graphql<{ structuralDiff: DiffAnswer }>(DIFF_QUERY, { from, to });
  expect(body.errors).toBeUndefined();
  return body.data!.structuralDiff;
}

type Fields = Record<string, string | null>;
interface Part {
  part: string;
  key: string;
  label: string;
  tier: string | null;
  fields: Fields;
}

const text = (v: string | number | boolean | undefined): string | null => (v === undefined ? null : String(v));
/** A service area's name, as labels give it (from the vocabulary as shipped). */
const areaName = (key: string) => SERVICE_AREAS.find(([k]) => k === key)![1];

/** The parts of a period in document order, with the fields a change is reported in. */
function partsOf(period: PeriodDoc): Map<string, Part> {
  const levels = period.levels ?? [];
  const bodies = levels.flatMap((l) => (l.bodies ?? []).map((b) => ({ b, l })));
  const rows: Part[] = [
    ...levels.map((l) => ({
      part: 'LEVEL',
      key: l.key,
      label: l.name,
      tier: l.tier,
      fields: {
        tier: l.tier,
        name: l.name,
        unitCount: text(l.unitCount),
        absent: text(l.absent ?? false),
        description: text(l.description),
        uncertain: text(l.uncertain ?? false),
      },
    })),
    ...bodies.map(({ b, l }) => ({
      part: 'BODY',
      key: b.key,
      label: b.name,
      tier: l.tier,
      fields: {
        name: b.name,
        type: b.type,
        level: l.key,
        description: text(b.description),
        uncertain: text(b.uncertain ?? false),
      },
    })),
    ...bodies.flatMap(({ b, l }) =>
      (b.responsibilities ?? []).map((r) => ({
        part: 'RESPONSIBILITY',
        key: r.key,
        label: `${b.name}: ${r.function.toLowerCase()} (${areaName(r.serviceArea)})`,
        tier: l.tier,
        fields: {
          function: r.function,
          serviceArea: r.serviceArea,
          body: b.key,
          description: text(r.description),
          uncertain: text(r.uncertain ?? false),
        },
      })),
    ),
    ...(period.connections ?? []).map((c) => ({
      part: 'CONNECTION',
      key: c.key,
      label: `${areaName(c.between[0])} and ${areaName(c.between[1])}`,
      tier: c.tier ?? null,
      fields: {
        between: c.between.join(', '),
        mechanisms: c.mechanisms.join(', '),
        tier: text(c.tier),
        description: text(c.description),
        uncertain: text(c.uncertain ?? false),
      },
    })),
  ];
  return new Map(rows.map((r) => [`${r.part}:${r.key}`, r]));
}

const SECTION = {
  LEVEL: 'levels',
  BODY: 'levels',
  RESPONSIBILITY: 'responsibilities',
  CONNECTION: 'connections',
} as const;
/**
 * Whether a part missing from a period is absent there, as the period's document says: it records
 * the part's section completely, or (for a responsibility) every body, and not the part's body.
 */
const absentFrom = (period: PeriodDoc, parts: Map<string, Part>, p: Part) =>
  period.coverage?.[SECTION[p.part as keyof typeof SECTION]] === 'complete' ||
  (p.part === 'RESPONSIBILITY' && period.coverage?.levels === 'complete' && !parts.has(`BODY:${p.fields.body}`));

/**
 * The expected diff: removed (in the old order), added, changed (in the new order), then not
 * recorded before (in the new order) and not recorded after (in the old order).
 */
function expectedDiff(from: Selector, to: Selector): Change[] {
  const fromPeriod = periodOf(docs.get(from.slug)!, from.asOf);
  const toPeriod = periodOf(docs.get(to.slug)!, to.asOf);
  const before = partsOf(fromPeriod);
  const after = partsOf(toPeriod);
  const entry = (p: Part, change: string, fields: Change['fields'] = []): Change => ({
    part: p.part,
    change,
    key: p.key,
    label: p.label,
    tier: p.tier,
    fields,
  });
  const fromOnly = [...before].filter(([id]) => !after.has(id)).map(([, p]) => p);
  const toOnly = [...after].filter(([id]) => !before.has(id)).map(([, p]) => p);
  return [
    ...fromOnly.filter((p) => absentFrom(toPeriod, after, p)).map((p) => entry(p, 'REMOVED')),
    ...toOnly.filter((p) => absentFrom(fromPeriod, before, p)).map((p) => entry(p, 'ADDED')),
    ...[...after]
      .filter(([id]) => before.has(id))
      .map(([id, p]) => {
        const old = before.get(id)!.fields;
        return entry(
          p,
          'CHANGED',
          Object.keys(p.fields)
            .filter((f) => p.fields[f] !== old[f])
            .map((f) => ({ field: f, before: old[f] ?? null, after: p.fields[f] ?? null })),
        );
      })
      .filter((c) => c.fields.length > 0),
    ...toOnly.filter((p) => !absentFrom(fromPeriod, before, p)).map((p) => entry(p, 'NOT_RECORDED_BEFORE')),
    ...fromOnly.filter((p) => !absentFrom(toPeriod, after, p)).map((p) => entry(p, 'NOT_RECORDED_AFTER')),
  ];
}

const keys = (changes: Change[], change: string, part?: string) =>
  changes.filter((c) => c.change === change && (!part || c.part === part)).map((c) => c.key);

describe('structural diff', () => {
  it('Police Scotland 2012 to 2014: the forces and police boards go; Police Scotland, the SPA and local scrutiny are not recorded before', async () => {
    const from = { slug: 'police-scotland', asOf: '2012-06-30' };
    const to = { slug: 'police-scotland', asOf: '2014-01-01' };
    const d = await diff(from, to);
    expect([d.from.period.key, d.to.period.key]).toEqual(['before-2013', 'from-2013']);
    expect([d.from.index, d.to.index]).toEqual([0, 1]);
    expect([d.from.selector, d.to.selector]).toEqual(['police-scotland@2012-06-30', 'police-scotland@2014-01-01']);
    expect(d.changes).toEqual(expectedDiff(from, to));

    // Named in seeds/police-scotland.yaml: the eight regional forces (a level and its body) and the
    // two police authorities and six joint police boards that governed them are gone, as the period
    // from 2013 records every level and body.
    const removed = d.changes.filter((c) => c.change === 'REMOVED');
    expect(removed.find((c) => c.part === 'LEVEL' && c.key === 'regional-forces')).toMatchObject({
      label: 'Eight regional police forces',
      tier: 'REGIONAL',
    });
    expect(removed.find((c) => c.part === 'BODY' && c.key === 'police-forces')).toMatchObject({
      label: 'Eight regional police forces',
      tier: 'REGIONAL',
    });
    expect(removed.find((c) => c.part === 'BODY' && c.key === 'police-boards')).toMatchObject({
      label: 'Two police authorities and six joint police boards',
      tier: 'REGIONAL',
    });
    // Their responsibilities go with them, though the later period records only some responsibilities.
    expect(keys(d.changes, 'REMOVED', 'RESPONSIBILITY')).toEqual(
      expect.arrayContaining(['forces-policing', 'police-boards-governance']),
    );

    // The period before 2013 records only part of its structure: what the later one has is not
    // recorded before, never added.
    expect(keys(d.changes, 'ADDED')).toEqual([]);
    const added = d.changes.filter((c) => c.change === 'NOT_RECORDED_BEFORE');
    expect(added.find((c) => c.part === 'BODY' && c.key === 'police-scotland')).toMatchObject({
      label: 'Police Service of Scotland (Police Scotland)',
      tier: 'NATIONAL',
    });
    expect(added.find((c) => c.part === 'BODY' && c.key === 'spa')).toMatchObject({
      label: 'Scottish Police Authority (SPA)',
      tier: 'NATIONAL',
    });
    expect(added.find((c) => c.part === 'BODY' && c.key === 'local-scrutiny-committees')).toMatchObject({
      label: 'Council local police scrutiny committees',
      tier: 'LOCAL',
    });
    expect(keys(d.changes, 'NOT_RECORDED_BEFORE', 'RESPONSIBILITY')).toEqual(
      expect.arrayContaining(['spa-accountability', 'council-police-scrutiny']),
    );
    expect(keys(d.changes, 'NOT_RECORDED_BEFORE', 'CONNECTION')).toEqual(
      expect.arrayContaining(['childrens-services-planning']),
    );

    // HMICS stays (same key) but is described anew; the inspection is no longer marked uncertain.
    expect(keys(d.changes, 'REMOVED')).not.toContain('hmics');
    expect(keys(d.changes, 'NOT_RECORDED_BEFORE')).not.toContain('hmics');
    const inspection = d.changes.find((c) => c.change === 'CHANGED' && c.key === 'hmics-inspection')!;
    expect(inspection.fields.find((f) => f.field === 'uncertain')).toEqual({
      field: 'uncertain',
      before: 'true',
      after: 'false',
    });

    // Removed, added, changed, not recorded before, not recorded after; within each, levels,
    // bodies, responsibilities, connections.
    const rank = (c: Change) =>
      ['REMOVED', 'ADDED', 'CHANGED', 'NOT_RECORDED_BEFORE', 'NOT_RECORDED_AFTER'].indexOf(c.change) * 10 +
      ['LEVEL', 'BODY', 'RESPONSIBILITY', 'CONNECTION'].indexOf(c.part);
    expect(d.changes.map(rank)).toEqual(d.changes.map(rank).sort((a, b) => a - b));
  });

  it('the reverse diff: the forces and boards are added, and the later bodies are not recorded after', async () => {
    const d = await diff({ slug: 'police-scotland' }, { slug: 'police-scotland', asOf: '2012-06-30' });
    expect(d.changes).toEqual(
      expectedDiff({ slug: 'police-scotland' }, { slug: 'police-scotland', asOf: '2012-06-30' }),
    );
    expect(keys(d.changes, 'ADDED', 'BODY')).toEqual(expect.arrayContaining(['police-forces', 'police-boards']));
    expect(keys(d.changes, 'REMOVED')).toEqual([]);
    expect(keys(d.changes, 'NOT_RECORDED_AFTER', 'BODY')).toEqual(
      expect.arrayContaining(['police-scotland', 'spa', 'local-scrutiny-committees']),
    );
  });

  it('two different cases are diffed by key as well', async () => {
    const d = await diff({ slug: 'finland' }, { slug: 'netherlands' });
    expect([d.from.caseStudy.slug, d.to.caseStudy.slug]).toEqual(['finland', 'netherlands']);
    expect(d.changes).toEqual(expectedDiff({ slug: 'finland' }, { slug: 'netherlands' }));
    expect(d.changes.length).toBeGreaterThan(0);
  });

  it.each([
    ['the same selector', { slug: 'police-scotland' }, { slug: 'police-scotland' }],
    ['the same period by two dates', { slug: 'police-scotland', asOf: '2014-01-01' }, { slug: 'police-scotland' }],
    [
      'the same past period',
      { slug: 'police-scotland', asOf: '2000-01-01' },
      { slug: 'police-scotland', asOf: '2013-03-31' },
    ],
  ])('is empty for %s', async (_what, from, to) => {
    const d = await diff(from, to);
    expect(d.from.period.key).toBe(d.to.period.key);
    expect(d.changes).toEqual([]);
  });

  it('a body renamed under the same key is one CHANGED entry listing the name (fixture renamed-agency.yaml)', async () => {
    const d = await diff({ slug: 'renamed-agency', asOf: '2019-06-01' }, { slug: 'renamed-agency' });
    expect([d.from.period.key, d.to.period.key]).toEqual(['before-2020', 'from-2020']);
    expect(d.changes).toEqual([
      {
        part: 'BODY',
        change: 'CHANGED',
        key: 'agency',
        label: 'Children and Families Agency',
        tier: 'NATIONAL',
        fields: [{ field: 'name', before: 'Child Welfare Agency', after: 'Children and Families Agency' }],
      },
    ]);
    const back = await diff({ slug: 'renamed-agency' }, { slug: 'renamed-agency', asOf: '2019-06-01' });
    expect(back.changes).toEqual([
      {
        part: 'BODY',
        change: 'CHANGED',
        key: 'agency',
        label: 'Child Welfare Agency',
        tier: 'NATIONAL',
        fields: [{ field: 'name', before: 'Children and Families Agency', after: 'Child Welfare Agency' }],
      },
    ]);
  });
  it('against a partial earlier period, new parts are not recorded before; against a complete one, added or removed (fixture partial-before.yaml)', async () => {
    const d = await diff({ slug: 'partial-before', asOf: '2017-06-30' }, { slug: 'partial-before' });
    expect([d.from.period.key, d.to.period.key]).toEqual(['before-2018', 'from-2018']);
    const entry = (change: string, part: string, key: string, label: string, tier: string | null) => ({
      part,
      change,
      key,
      label,
      tier,
      fields: [],
    });
    expect(d.changes).toEqual([
      // The period after the reform records every body: the board it lacks is gone.
      entry('REMOVED', 'BODY', 'welfare-board', 'National Welfare Board', 'NATIONAL'),
      entry('NOT_RECORDED_BEFORE', 'LEVEL', 'regions', 'Regional offices of the agency', 'REGIONAL'),
      entry('NOT_RECORDED_BEFORE', 'BODY', 'children-agency', "Children's Agency", 'NATIONAL'),
      entry(
        'NOT_RECORDED_BEFORE',
        'RESPONSIBILITY',
        'agency-delivery',
        "Children's Agency: delivery (Children's social work and care)",
        'NATIONAL',
      ),
      entry(
        'NOT_RECORDED_BEFORE',
        'CONNECTION',
        'social-work-health',
        "Children's social work and care and Health care",
        null,
      ),
    ]);
    expect(d.changes).toEqual(expectedDiff({ slug: 'partial-before', asOf: '2017-06-30' }, { slug: 'partial-before' }));

    const back = await diff({ slug: 'partial-before' }, { slug: 'partial-before', asOf: '2017-06-30' });
    expect(back.changes.map((c) => [c.change, c.key])).toEqual([
      ['ADDED', 'welfare-board'],
      ['NOT_RECORDED_AFTER', 'regions'],
      ['NOT_RECORDED_AFTER', 'children-agency'],
      ['NOT_RECORDED_AFTER', 'agency-delivery'],
      ['NOT_RECORDED_AFTER', 'social-work-health'],
    ]);
  });

  it('New Zealand before and after 2017: the Ministry of Social Development is not recorded before, not added', async () => {
    const from = { slug: 'new-zealand', asOf: '2016-06-30' };
    // A date inside the 2017 period: the current period begins with the repeal of section 7AA in 2025.
    const to = { slug: 'new-zealand', asOf: '2024-06-30' };
    const d = await diff(from, to);
    expect([d.from.period.key, d.to.period.key]).toEqual(['before-2017', 'from-2017']);
    expect(d.changes).toEqual(expectedDiff(from, to));
    expect(d.changes.find((c) => c.key === 'msd')).toEqual({
      part: 'BODY',
      change: 'NOT_RECORDED_BEFORE',
      key: 'msd',
      label: 'Ministry of Social Development (MSD)',
      tier: 'NATIONAL',
      fields: [],
    });
    // The period before 2017 records only part of its structure, and none of its connections.
    expect(keys(d.changes, 'ADDED')).toEqual([]);
    expect(keys(d.changes, 'NOT_RECORDED_BEFORE', 'CONNECTION')).toHaveLength(4);
  });
});
