import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseProfileDoc, PeriodDoc } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { comparisonFixtureFile, DIFF_QUERY, importFiles, importSeeds, periodOf, type Selector } from './helpers.js';

// structuralDiff(from, to): parts matched by key, removed, added and changed, checked against
// the documents.
let db: TestDatabase;
let server: TestServer;
const docs = new Map<string, CaseProfileDoc>();

beforeAll(async () => {
  db = await createTestDatabase();
  const imported = [
    ...(await importSeeds(db.dataSource, ['finland', 'netherlands', 'police-scotland'])),
    ...(await importFiles(db.dataSource, [comparisonFixtureFile('renamed-agency')])),
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
        label: `${b.name}: ${r.function.toLowerCase()} (${r.serviceArea})`,
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
      label: `${c.between[0]} and ${c.between[1]}`,
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

/** The expected diff: removed (in the old order), added, then changed (in the new order). */
function expectedDiff(from: Selector, to: Selector): Change[] {
  const before = partsOf(periodOf(docs.get(from.slug)!, from.asOf));
  const after = partsOf(periodOf(docs.get(to.slug)!, to.asOf));
  const entry = (p: Part, change: string, fields: Change['fields'] = []): Change => ({
    part: p.part,
    change,
    key: p.key,
    label: p.label,
    tier: p.tier,
    fields,
  });
  return [
    ...[...before].filter(([id]) => !after.has(id)).map(([, p]) => entry(p, 'REMOVED')),
    ...[...after].filter(([id]) => !before.has(id)).map(([, p]) => entry(p, 'ADDED')),
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
  ];
}

const keys = (changes: Change[], change: string, part?: string) =>
  changes.filter((c) => c.change === change && (!part || c.part === part)).map((c) => c.key);

describe('structural diff', () => {
  it('Police Scotland 2012 to 2014: the forces and police boards go; Police Scotland, the SPA and local scrutiny come', async () => {
    const from = { slug: 'police-scotland', asOf: '2012-06-30' };
    const to = { slug: 'police-scotland', asOf: '2014-01-01' };
    const d = await diff(from, to);
    expect([d.from.period.key, d.to.period.key]).toEqual(['before-2013', 'from-2013']);
    expect([d.from.index, d.to.index]).toEqual([0, 1]);
    expect([d.from.selector, d.to.selector]).toEqual(['police-scotland@2012-06-30', 'police-scotland@2014-01-01']);
    expect(d.changes).toEqual(expectedDiff(from, to));

    // Named in seeds/police-scotland.yaml: the eight regional forces (a level and its body) and the eight police boards.
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
      label: 'Eight local police boards',
      tier: 'LOCAL',
    });
    expect(keys(d.changes, 'REMOVED', 'RESPONSIBILITY')).toEqual(
      expect.arrayContaining(['forces-policing', 'police-boards-governance']),
    );

    const added = d.changes.filter((c) => c.change === 'ADDED');
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
    expect(keys(d.changes, 'ADDED', 'RESPONSIBILITY')).toEqual(
      expect.arrayContaining(['spa-accountability', 'council-police-scrutiny']),
    );

    // HMICS stays (same key) but is described anew; the inspection is no longer marked uncertain.
    expect(keys(d.changes, 'REMOVED')).not.toContain('hmics');
    expect(keys(d.changes, 'ADDED')).not.toContain('hmics');
    const inspection = d.changes.find((c) => c.change === 'CHANGED' && c.key === 'hmics-inspection')!;
    expect(inspection.fields.find((f) => f.field === 'uncertain')).toEqual({
      field: 'uncertain',
      before: 'true',
      after: 'false',
    });

    // Removed, then added, then changed; within each, levels, bodies, responsibilities, connections.
    const rank = (c: Change) =>
      ['REMOVED', 'ADDED', 'CHANGED'].indexOf(c.change) * 10 +
      ['LEVEL', 'BODY', 'RESPONSIBILITY', 'CONNECTION'].indexOf(c.part);
    expect(d.changes.map(rank)).toEqual(d.changes.map(rank).sort((a, b) => a - b));
  });

  it('the reverse diff swaps removed and added', async () => {
    const d = await diff({ slug: 'police-scotland' }, { slug: 'police-scotland', asOf: '2012-06-30' });
    expect(d.changes).toEqual(
      expectedDiff({ slug: 'police-scotland' }, { slug: 'police-scotland', asOf: '2012-06-30' }),
    );
    expect(keys(d.changes, 'ADDED', 'BODY')).toEqual(expect.arrayContaining(['police-forces', 'police-boards']));
    expect(keys(d.changes, 'REMOVED', 'BODY')).toEqual(
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
});
