import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { publishProfile, readProfileFixture } from '../../support/profiles.js';

let db: TestDatabase;
let server: TestServer;
const alpha = readProfileFixture('alpha');
const beta = readProfileFixture('beta');

const CITES = `citations { locator source { url standing } }`;
const CLAIM = `key uncertain uncertaintyNote ${CITES}`;
const PROFILE = `query ($slug: String!, $edition: Int) {
  caseStudy(slug: $slug, edition: $edition) {
    id slug name kind jurisdiction summary baseline edition publishedAt
    notModelled { url reason }
    periods {
      key label current description
      validFrom { text precision earliest latest }
      validTo { text precision earliest latest }
      tiers { tier presence levels { key } }
      levels { tier name unitCount absent description ${CLAIM}
        bodies { name type ${CLAIM} responsibilities { function serviceArea { key } body { key } ${CLAIM} } } }
      connections { areas { key } mechanisms tier description ${CLAIM} }
    }
    timeline { title date { text precision } ${CLAIM} }
    lessons { title detail evidenceStrength transferability theme { key name } caseStudy { slug } ${CLAIM} }
    sources { url title publisher standing date { text precision } accessed { text } }
  }
}`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field

async function profile(slug: string, edition?: number): Promise<Json> {
  const { body } = await server.graphql<{ caseStudy: Json }>(PROFILE, { slug, edition });
  expect(body.errors).toBeUndefined();
  return body.data!.caseStudy;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await publishProfile(db.dataSource, alpha);
  await publishProfile(db.dataSource, beta);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('caseStudy: the full profile of the fixture', () => {
  it('returns the headline of the first edition', async () => {
    const c = await profile('alphaland');
    expect(c).toMatchObject({
      slug: 'alphaland',
      name: 'Alphaland',
      kind: 'COUNTRY',
      jurisdiction: 'Alphaland',
      baseline: false,
      edition: 1,
    });
    expect(c.summary).toBe(alpha.summary);
    expect(Date.parse(c.publishedAt)).not.toBeNaN();
    expect(c.notModelled).toEqual([
      { url: 'https://example.org/alpha/figures', reason: 'Figures only; not a structural fact.' },
    ]);
  });

  it('holds both periods in order, with their dates and which one is current', async () => {
    const [before, after] = (await profile('alphaland')).periods;
    expect(before).toMatchObject({
      key: 'before-2020',
      current: false,
      validFrom: null,
      validTo: { text: '2019-12-31', precision: 'DAY' },
    });
    expect(after).toMatchObject({
      key: 'from-2020',
      current: true,
      validTo: null,
      validFrom: { text: '2020-01-01', earliest: '2020-01-01' },
    });
    expect(after.description).toBe("Counties organise children's social work and health together.");
  });

  it('tells an absent tier from a tier with no data, and keeps several levels per tier', async () => {
    const [before, after] = (await profile('alphaland')).periods;
    expect(before.tiers.map((t: Json) => [t.tier, t.presence])).toEqual([
      ['NATIONAL', 'PRESENT'],
      ['REGIONAL', 'ABSENT'],
      ['LOCAL', 'PRESENT'],
    ]);
    expect(after.tiers[0].levels.map((l: Json) => l.key)).toEqual(['ministry-level', 'inspectorate-level']);
    const betaPeriod = (await profile('beta-police')).periods[0];
    expect(betaPeriod.tiers.map((t: Json) => t.presence)).toEqual(['PRESENT', 'NO_DATA', 'NO_DATA']);
    const regional = before.levels.find((l: Json) => l.key === 'regional-tier');
    expect(regional).toMatchObject({ tier: 'REGIONAL', absent: true, name: 'No regional tier', bodies: [] });
  });

  it('returns levels, bodies and responsibilities exactly as the document has them', async () => {
    const after = (await profile('alphaland')).periods[1];
    const docAfter = alpha.periods[1]!;
    expect(after.levels.map((l: Json) => [l.key, l.tier, l.name, l.unitCount])).toEqual(
      docAfter.levels!.map((l) => [l.key, l.tier, l.name, l.unitCount ?? null]),
    );
    const counties = after.levels.find((l: Json) => l.key === 'counties');
    expect(counties.description).toBe('Self-governing counties with elected councils.');
    expect(counties.bodies[0]).toMatchObject({ key: 'county-councils', name: 'County councils', type: 'AUTHORITY' });
    expect(
      counties.bodies[0].responsibilities.map((r: Json) => [r.key, r.function, r.serviceArea.key, r.body.key]),
    ).toEqual([
      ['counties-commissioning', 'COMMISSIONING', 'childrens-social-work', 'county-councils'],
      ['counties-health', 'DELIVERY', 'health', 'county-councils'],
    ]);
  });

  it('keeps uncertain claims with their notes, and citations with their locators and standing', async () => {
    const after = (await profile('alphaland')).periods[1];
    const inspectorate = after.levels.find((l: Json) => l.key === 'inspectorate-level');
    expect(inspectorate).toMatchObject({
      uncertain: true,
      uncertaintyNote: 'The record does not say whether the inspectorate covers health as well.',
    });
    expect(after.levels.find((l: Json) => l.key === 'counties').uncertain).toBe(false);
    const inspection = inspectorate.bodies[0].responsibilities[0];
    expect(inspection.citations).toEqual([
      { locator: 'page 12', source: { url: 'https://example.org/shared/oecd', standing: 'ACADEMIC' } },
    ]);
  });

  it('returns connections with both areas, their mechanisms and tier', async () => {
    const after = (await profile('alphaland')).periods[1];
    expect(after.connections.map((c: Json) => [c.key, c.areas.map((a: Json) => a.key), c.mechanisms, c.tier])).toEqual([
      [
        'social-work-health',
        ['childrens-social-work', 'health'],
        ['STRUCTURAL_INTEGRATION', 'POOLED_BUDGET'],
        'REGIONAL',
      ],
      ['social-work-education', ['childrens-social-work', 'education'], ['STRATEGIC_PLANNING'], null],
    ]);
    expect(after.connections[1]).toMatchObject({
      uncertain: true,
      uncertaintyNote: 'Inferred from a description of the earlier plan.',
    });
  });

  it('orders the timeline by the earliest instant each date can mean, coarser first on a tie', async () => {
    const timeline = (await profile('alphaland')).timeline;
    expect(timeline.map((e: Json) => [e.date.text, e.date.precision])).toEqual([
      ['2018-06', 'MONTH'],
      ['2020', 'YEAR'],
      ['2020-01-01', 'DAY'],
    ]);
  });

  it('returns lessons with theme, evidence strength, and null transferability when none is recorded', async () => {
    const lessons = (await profile('alphaland')).lessons;
    expect(lessons[0]).toMatchObject({
      key: 'leadership-continuity',
      theme: { key: 'leadership', name: 'Leadership' },
      evidenceStrength: 'MODERATE',
      caseStudy: { slug: 'alphaland' },
    });
    expect(lessons[0].transferability).toMatch(/any transfer of statutory duties/);
    expect(lessons[1]).toMatchObject({
      key: 'pooled-budgets',
      evidenceStrength: null,
      transferability: null,
      uncertain: true,
    });
  });

  it('lists the sources the profile cites with their metadata', async () => {
    const sources = (await profile('alphaland')).sources;
    expect(sources.map((s: Json) => s.url).sort()).toEqual(alpha.sources.map((s) => s.url).sort());
    expect(sources.find((s: Json) => s.url.endsWith('/oecd'))).toMatchObject({
      publisher: 'OECD',
      date: { text: '2021-03', precision: 'MONTH' },
      accessed: { text: '2024-05-01' },
    });
  });
});

describe('sources shared across cases', () => {
  it('stores one row for a URL cited with the same details, and lists every claim of every case that cites it', async () => {
    const { body } = await server.graphql<{ sources: Json }>(
      `{ sources(search: "wellbeing") { totalCount nodes { url citedBy(first: 100) { totalCount nodes { claimType key label locator caseStudy { slug } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.sources.totalCount).toBe(1);
    const citedBy = body.data!.sources.nodes[0].citedBy.nodes as Json[];
    expect(body.data!.sources.nodes[0].citedBy.totalCount).toBe(citedBy.length);
    expect(new Set(citedBy.map((c) => c.caseStudy.slug))).toEqual(new Set(['alphaland', 'beta-police']));
    expect(citedBy).toContainEqual({
      claimType: 'RESPONSIBILITY',
      key: 'inspectorate-inspection',
      label: expect.stringContaining('Care Inspectorate'),
      locator: 'page 12',
      caseStudy: { slug: 'alphaland' },
    });
    expect(citedBy).toContainEqual(
      expect.objectContaining({
        claimType: 'REFORM_LESSON',
        key: 'local-scrutiny',
        caseStudy: { slug: 'beta-police' },
      }),
    );
    const count = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM source WHERE url = 'https://example.org/shared/oecd'`,
    );
    expect(count[0].n).toBe(1);
  });

  it('filters sources by standing and by case, and pages them', async () => {
    const official = await server.graphql<{ sources: Json }>(
      `{ sources(standing: OFFICIAL) { totalCount nodes { url } } }`,
    );
    expect(official.body.data!.sources.totalCount).toBe(3);
    const ofBeta = await server.graphql<{ sources: Json }>(`{ sources(caseStudy: "beta-police") { nodes { url } } }`);
    expect(ofBeta.body.data!.sources.nodes.map((s: Json) => s.url).sort()).toEqual([
      'https://example.org/beta/audit',
      'https://example.org/shared/oecd',
    ]);
    const page = await server.graphql<{ sources: Json }>(
      `{ sources(first: 2) { totalCount pageInfo { hasNextPage } nodes { title } } }`,
    );
    expect(page.body.data!.sources).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
  });

  it('finds the bibliography entry at an exact address, trimmed, and nothing at a near one', async () => {
    const at = async (url: string) => {
      const { body } = await server.graphql<{ sources: Json }>(
        `query ($url: String) { sources(url: $url) { totalCount nodes { url title publisher standing date { text } } } }`,
        { url },
      );
      expect(body.errors).toBeUndefined();
      return body.data!.sources;
    };
    const shared = await at('https://example.org/shared/oecd');
    expect(shared.totalCount).toBe(1);
    expect(shared.nodes[0]).toMatchObject({ url: 'https://example.org/shared/oecd', standing: expect.any(String) });
    expect(shared.nodes[0].title).toMatch(/wellbeing/i);
    // Spaces around a pasted address do not matter; anything else in it does.
    expect(await at('  https://example.org/shared/oecd \n')).toEqual(shared);
    expect((await at('https://example.org/shared')).totalCount).toBe(0);
    expect((await at('https://example.org/shared/oecd/')).totalCount).toBe(0);
    expect((await at('https://example.org/shared/OECD')).totalCount).toBe(0);
    const long = await server.graphql(`query ($url: String) { sources(url: $url) { totalCount } }`, {
      url: `https://example.org/${'x'.repeat(5000)}`,
    });
    expect(long.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('pages the claims citing a source: every claim once, in order, with the total on each page', async () => {
    const CITED = `query ($first: Int, $after: String) { sources(search: "wellbeing") { nodes {
      all: citedBy(first: 100) { nodes { key caseStudy { slug } } }
      page: citedBy(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { key caseStudy { slug } } }
    } } }`;
    const ask = async (variables: Record<string, unknown>) => {
      const { body } = await server.graphql<{ sources: Json }>(CITED, variables);
      expect(body.errors).toBeUndefined();
      return body.data!.sources.nodes[0] as Json;
    };
    const { all } = await ask({ first: 1 });
    expect(all.nodes.length).toBeGreaterThan(2);
    // The study record first (none here), then by case: alphaland's claims before beta-police's.
    const slugsInOrder = all.nodes.map((c: Json) => c.caseStudy.slug);
    expect(slugsInOrder).toEqual([...slugsInOrder].sort());
    const seen: Json[] = [];
    let after: string | null = null;
    for (let n = 0; n < 20; n++) {
      const { page }: Json = await ask({ first: 2, after });
      expect(page.totalCount).toBe(all.nodes.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all.nodes);
    // Past the end, and a page of none, still say how many there are.
    const { page: past } = await ask({ first: 2, after });
    expect(past).toMatchObject({ totalCount: all.nodes.length, nodes: [] });
    expect((await ask({ first: 0 })).page).toMatchObject({ totalCount: all.nodes.length, nodes: [] });
    const big = await server.graphql(`{ sources { nodes { citedBy(first: 101) { totalCount } } } }`);
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'first' });
  });
});

describe('caseStudies filters and search', () => {
  const slugs = async (args: string) => {
    const { body } = await server.graphql<{ caseStudies: Json }>(
      `{ caseStudies${args} { totalCount nodes { slug } } }`,
    );
    expect(body.errors).toBeUndefined();
    return body.data!.caseStudies.nodes.map((n: Json) => n.slug);
  };

  it('filters by kind, service area, lesson theme and evidence strength', async () => {
    expect(await slugs('(kind: SERVICE_REFORM)')).toEqual(['beta-police']);
    expect(await slugs('(serviceArea: "policing")')).toEqual(['beta-police']);
    expect(await slugs('(serviceArea: "education")')).toEqual(['alphaland']);
    // A body of Alphaland holds children's social work; Beta only connects policing with it.
    expect(await slugs('(serviceArea: "childrens-social-work")')).toEqual(['alphaland']);
    expect(await slugs('(connectedToServiceArea: "childrens-social-work")')).toEqual(['alphaland', 'beta-police']);
    expect(await slugs('(theme: "finance")')).toEqual(['alphaland']);
    expect(await slugs('(evidenceStrength: CONTESTED)')).toEqual(['beta-police']);
    expect(await slugs('(theme: "engagement")')).toEqual([]);
  });

  it('refuses an unknown service area or theme, naming the argument', async () => {
    const { body } = await server.graphql(`{ caseStudies(serviceArea: "plumbing") { totalCount } }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serviceArea' });
  });

  it('ranks a match in the name above a match only in a lesson', async () => {
    // "Police" is Beta's name; Alphaland mentions it nowhere. "Councils" appears in Beta's lesson
    // and as Alphaland's bodies; "Alphaland" in a lesson of neither.
    await publishProfile(db.dataSource, {
      ...beta,
      slug: 'gamma',
      name: 'Gamma',
      summary: 'Nothing relevant.',
      lessons: [{ ...beta.lessons![0]!, key: 'l', detail: 'The Alphaland counties were studied.' }],
    });
    try {
      // Name (A) above lesson (C); summary (B) above lesson (C); stemming matches "county" to "counties".
      expect(await slugs('(search: "alphaland")')).toEqual(['alphaland', 'gamma']);
      // Beta has no county, but "councils" in its lesson is spelt nearly alike: a loose match, ranked last.
      expect(await slugs('(search: "county")')).toEqual(['alphaland', 'gamma', 'beta-police']);
      // Gamma copies Beta's bodies, so it matches too, but only in bodies (C), below Beta's name (A).
      expect(await slugs('(search: "beta police")')).toEqual(['beta-police', 'gamma']);
    } finally {
      await db.dataSource.query(`DELETE FROM case_study WHERE slug = 'gamma'`);
    }
  });

  it('returns only cases published since a time', async () => {
    expect(await slugs(`(updatedSince: "2000-01-01T00:00:00Z")`)).toEqual(['alphaland', 'beta-police']);
    expect(await slugs(`(updatedSince: "2999-01-01T00:00:00Z")`)).toEqual([]);
  });
});

describe('lessons', () => {
  it('lists lessons across cases, filtered by theme, strength, case and text', async () => {
    const q = async (args: string) => {
      const { body } = await server.graphql<{ lessons: Json }>(
        `{ lessons${args} { totalCount nodes { key caseStudy { slug } } } }`,
      );
      expect(body.errors).toBeUndefined();
      return body.data!.lessons;
    };
    expect((await q('')).totalCount).toBe(3);
    expect((await q('(theme: "governance-accountability")')).nodes).toEqual([
      { key: 'local-scrutiny', caseStudy: { slug: 'beta-police' } },
    ]);
    expect((await q('(evidenceStrength: MODERATE)')).nodes.map((n: Json) => n.key)).toEqual(['leadership-continuity']);
    expect((await q('(caseStudy: "alphaland")')).totalCount).toBe(2);
    expect((await q('(search: "budgets")')).nodes.map((n: Json) => n.key)).toEqual(['pooled-budgets']);
    const first = await q('(first: 1)');
    expect(first.nodes).toHaveLength(1);
  });
});

describe('editions', () => {
  it('serves the latest edition by default and an older one by number; the parts follow the edition', async () => {
    const renamed = structuredClone(alpha);
    renamed.periods[1]!.levels = renamed.periods[1]!.levels!.filter((l) => l.key !== 'inspectorate-level');
    renamed.summary = 'Second edition.';
    await publishProfile(db.dataSource, renamed);
    const latest = await profile('alphaland');
    expect(latest).toMatchObject({ edition: 2, summary: 'Second edition.' });
    expect(latest.periods[1].levels.map((l: Json) => l.key)).not.toContain('inspectorate-level');
    const first = await profile('alphaland', 1);
    expect(first).toMatchObject({ edition: 1, summary: alpha.summary });
    expect(first.periods[1].levels.map((l: Json) => l.key)).toContain('inspectorate-level');
    // An explicit null edition means the latest, as clients send it for "no edition chosen".
    expect(await profile('alphaland', null as unknown as number)).toMatchObject({ edition: 2 });
    const { body } = await server.graphql<{ caseStudy: unknown }>(
      `{ caseStudy(slug: "alphaland", edition: 9) { name } }`,
    );
    expect(body.data!.caseStudy).toBeNull();
    const editions = await server.graphql<{ caseStudy: Json }>(
      `{ caseStudy(slug: "alphaland") { editions { edition } } }`,
    );
    expect(editions.body.data!.caseStudy.editions.map((e: Json) => e.edition)).toEqual([2, 1]);
  });
});

describe('node(id)', () => {
  it('fetches a case, a body and a source again by global id, and null for a bad id', async () => {
    const c = await profile('beta-police');
    const body = c.periods[0].levels[0].bodies[0];
    const { body: answer } = await server.graphql<{ a: Json; b: Json }>(
      `query ($a: ID!) { a: node(id: $a) { id ... on CaseStudy { slug } } b: node(id: "bm90LWFuLWlk") { id } }`,
      { a: c.id },
    );
    expect(answer.data).toEqual({ a: { id: c.id, slug: 'beta-police' }, b: null });
    const ids = await server.graphql<{ caseStudy: Json }>(
      `{ caseStudy(slug: "beta-police") { periods { levels { bodies { id } } } sources { id url } } }`,
    );
    const bodyId = ids.body.data!.caseStudy.periods[0].levels[0].bodies[0].id;
    const sourceId = ids.body.data!.caseStudy.sources[0].id;
    const again = await server.graphql<{ b: Json; s: Json }>(
      `query ($b: ID!, $s: ID!) { b: node(id: $b) { ... on Body { name } } s: node(id: $s) { ... on Source { url } } }`,
      { b: bodyId, s: sourceId },
    );
    expect(again.body.data!.b).toEqual({ name: body.name });
    expect(again.body.data!.s.url).toBe(ids.body.data!.caseStudy.sources[0].url);
  });
});

describe('vocabularies', () => {
  it('lists service areas and lesson themes with keys and descriptions', async () => {
    const { body } = await server.graphql<{ serviceAreas: Json[]; lessonThemes: Json[] }>(
      `{ serviceAreas { key name description } lessonThemes { key name } }`,
    );
    expect(body.data!.serviceAreas.map((a) => a.key)).toEqual(
      expect.arrayContaining([
        'childrens-social-work',
        'child-family-health',
        'education',
        'adult-social-care',
        'youth-justice',
        'mental-health',
        'disability',
        'policing',
        'fire-and-rescue',
      ]),
    );
    expect(body.data!.serviceAreas.every((a) => a.description.length > 0)).toBe(true);
    expect(body.data!.lessonThemes.map((t) => t.key)).toEqual([
      'leadership',
      'governance-accountability',
      'finance',
      'workforce',
      'culture',
      'ict-data',
      'local-partnership',
      'legislation',
      'pace-sequencing',
      'engagement',
      'outcomes-evidence',
    ]);
  });
});
