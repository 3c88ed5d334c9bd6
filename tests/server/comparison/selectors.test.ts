import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { COMPARISON_QUERY, DIFF_QUERY, importSeeds, type GqlComparison, type Selector } from './helpers.js';

// Selectors: `slug` or `slug@YYYY-MM-DD` in URLs, { slug, asOf } in GraphQL. Every bad one is
// named, by GraphQL (BAD_USER_INPUT with the field and every problem) and by the export URL (400).
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, ['finland', 'netherlands', 'northern-ireland', 'police-scotland']);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface UserErrorJson {
  field: string | null;
  code: string;
  message: string;
}

/** Runs the Compare query, expecting exactly one top-level error. */
async function refused(cases: Selector[]) {
  const { status, body } = await server.graphql<{ comparison: GqlComparison | null }>(COMPARISON_QUERY, { cases });
  expect(body.data?.comparison ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  const error = body.errors![0]!;
  return {
    status,
    message: error.message,
    code: error.extensions?.code,
    field: error.extensions?.field,
    userErrors: error.extensions?.userErrors as UserErrorJson[] | undefined,
  };
}

async function exported(query: string, format = 'csv') {
  const response = await fetch(`${server.url}/export/comparison.${format}?${query}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const text = (selectors: Selector[]) => selectors.map((s) => (s.asOf ? `${s.slug}@${s.asOf}` : s.slug)).join(',');

describe('how the day asked for stands with the period compared', () => {
  const FIT = `query Fit($cases: [CaseSelector!]!) {
    comparison(cases: $cases) { cases { asOf asOfFit period { key current } } }
  }`;
  const fits = async (cases: Selector[]) => {
    const { body } = await server.graphql<{
      comparison: {
        cases: { asOf: string | null; asOfFit: string | null; period: { key: string; current: boolean } }[];
      };
    }>(FIT, { cases });
    expect(body.errors).toBeUndefined();
    return body.data!.comparison.cases.map((c) => [c.asOf, c.asOfFit, c.period.key]);
  };

  it('says when a day falls in an earliest period with no recorded start, and when it is after today', async () => {
    const future = `${new Date().getUTCFullYear() + 5}-01-01`;
    expect(
      await fits([
        // Finland's earliest period has no recorded start; the Netherlands' starts in 2005.
        { slug: 'finland', asOf: '1990-01-01' },
        { slug: 'netherlands', asOf: '2010-06-30' },
        { slug: 'northern-ireland', asOf: future },
        { slug: 'police-scotland' },
      ]),
    ).toEqual([
      ['1990-01-01', 'EARLIEST_UNKNOWN_START', 'before-2023'],
      ['2010-06-30', 'WITHIN', 'before-2015'],
      [future, 'AFTER_TODAY', 'from-2022'],
      [null, null, 'from-2013'],
    ]);
  });

  it('a day inside the current period up to today is within it', async () => {
    expect(
      await fits([
        { slug: 'finland', asOf: '2026-01-01' },
        { slug: 'netherlands', asOf: '2015-01-01' },
      ]),
    ).toEqual([
      ['2026-01-01', 'WITHIN', 'from-2026'],
      ['2015-01-01', 'WITHIN', 'from-2015'],
    ]);
  });
});

describe('bad selectors through GraphQL', () => {
  it('an unknown slug: BAD_USER_INPUT naming the case, field cases.1.slug', async () => {
    const e = await refused([{ slug: 'finland' }, { slug: 'atlantis' }]);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases.1.slug' });
    expect(e.message).toContain('"atlantis"');
    expect(e.userErrors).toEqual([{ field: 'cases.1.slug', code: 'BAD_USER_INPUT', message: e.message }]);
  });

  it('a date outside every period: field cases.0.asOf, and the message says which periods there are', async () => {
    // The Netherlands' first recorded period starts in 2005.
    const e = await refused([{ slug: 'netherlands', asOf: '2000-01-01' }, { slug: 'finland' }]);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases.0.asOf' });
    expect(e.message).toContain('Netherlands');
    // Dates in words, as the Compare page shows the refusal.
    expect(e.message).toContain('1 January 2000');
    expect(e.message).toContain('from 2005 to 31 December 2014');
    expect(e.message).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(e.userErrors?.map((u) => u.field)).toEqual(['cases.0.asOf']);
  });

  it.each([
    ['an impossible month', '2012-13-01', 'police-scotland@2012-13-01'],
    ['an impossible day', '2023-02-30', 'police-scotland@2023-02-30'],
    ['a month, not a day', '2012-06', 'police-scotland@2012-06'],
    ['a year, not a day', '2012', 'police-scotland@2012'],
    ['not a date at all', 'yesterday', 'police-scotland@yesterday'],
    ['an empty date', '', 'police-scotland: ""'],
  ])('a malformed date (%s): field cases.1.asOf, naming the selector', async (_what, asOf, named) => {
    const e = await refused([{ slug: 'finland' }, { slug: 'police-scotland', asOf }]);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases.1.asOf' });
    expect(e.message).toContain(named);
    expect(e.userErrors?.map((u) => u.field)).toEqual(['cases.1.asOf']);
  });

  it('a malformed slug: field cases.0.slug, listed with the other bad ones', async () => {
    const e = await refused([{ slug: 'Police Scotland' }, { slug: 'finland' }, { slug: 'atlantis' }]);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases.0.slug' });
    expect(e.userErrors?.map((u) => u.field)).toEqual(['cases.0.slug', 'cases.2.slug']);
    expect(e.userErrors![0]!.message).toContain('"Police Scotland"');
    expect(e.userErrors![1]!.message).toContain('"atlantis"');
  });

  it('several bad selectors: every one is listed, the field is the first', async () => {
    const e = await refused([
      { slug: 'atlantis' },
      { slug: 'finland' },
      { slug: 'netherlands', asOf: '2000-01-01' },
      { slug: 'police-scotland', asOf: '2012-06' },
    ]);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases.0.slug' });
    expect(e.userErrors?.map((u) => [u.field, u.code])).toEqual([
      ['cases.0.slug', 'BAD_USER_INPUT'],
      ['cases.2.asOf', 'BAD_USER_INPUT'],
      ['cases.3.asOf', 'BAD_USER_INPUT'],
    ]);
    for (const u of e.userErrors!) expect(e.message).toContain(u.message);
    expect(e.userErrors![0]!.message).toContain('atlantis');
    expect(e.userErrors![1]!.message).toContain('1 January 2000');
    expect(e.userErrors![2]!.message).toContain('police-scotland@2012-06');
  });

  it.each([0, 1, 9])('%i cases are refused: field cases', async (n) => {
    const selectors = Array.from({ length: n }, (_, i) => ({
      slug: ['finland', 'netherlands', 'northern-ireland'][i % 3]!,
    }));
    const e = await refused(selectors);
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cases' });
    expect(e.message).toBe(`Compare 2 to 8 cases; ${n} were given.`);
  });

  it('bad selectors of a structural diff name from or to', async () => {
    const from = await server.graphql(DIFF_QUERY, { from: { slug: 'atlantis' }, to: { slug: 'finland' } });
    expect(from.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from.slug' });
    const malformed = await server.graphql(DIFF_QUERY, { from: { slug: 'Finland' }, to: { slug: 'finland' } });
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from.slug' });
    const to = await server.graphql(DIFF_QUERY, {
      from: { slug: 'finland' },
      to: { slug: 'finland', asOf: '2012-02-30' },
    });
    expect(to.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to.asOf' });
    expect(to.body.errors?.[0]?.message).toContain('finland@2012-02-30');
  });
});

describe('good selectors', () => {
  it('the same case twice at different dates: two columns, two periods', async () => {
    const { body } = await server.graphql<{ comparison: GqlComparison }>(COMPARISON_QUERY, {
      cases: [{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.comparison.cases.map((c) => [c.selector, c.asOf, c.caseStudy.slug, c.period.key])).toEqual([
      ['police-scotland@2012-06-30', '2012-06-30', 'police-scotland', 'before-2013'],
      ['police-scotland', null, 'police-scotland', 'from-2013'],
    ]);
  });

  const eight: Selector[] = [
    { slug: 'finland' },
    { slug: 'finland', asOf: '2020-01-01' },
    { slug: 'netherlands' },
    { slug: 'netherlands', asOf: '2010-01-01' },
    { slug: 'northern-ireland' },
    { slug: 'northern-ireland', asOf: '2015-01-01' },
    { slug: 'police-scotland' },
    { slug: 'police-scotland', asOf: '2012-06-30' },
  ];

  it('eight cases are allowed, and come back in the order selected', async () => {
    const { body } = await server.graphql<{ comparison: GqlComparison }>(COMPARISON_QUERY, { cases: eight });
    expect(body.errors).toBeUndefined();
    expect(body.data!.comparison.cases.map((c) => c.selector)).toEqual(text(eight).split(','));
    for (const s of body.data!.comparison.sections)
      for (const r of s.rows) expect(r.cells.map((c) => c.caseIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('eight through the export URL too', async () => {
    const r = await exported(`cases=${text(eight)}`);
    expect(r.status).toBe(200);
  });
});

describe('bad selectors through the export URL: 400 with the message', () => {
  it.each([
    ['an unknown slug', 'cases=finland,atlantis', ['There is no published case "atlantis".']],
    ['a date outside every period', 'cases=netherlands@2000-01-01,finland', ['netherlands', '1 january 2000']],
    ['an impossible date', 'cases=finland,police-scotland@2012-13-01', ['police-scotland@2012-13-01', 'no month 13']],
    ['a month, not a day', 'cases=finland,police-scotland@2012-06', ['police-scotland@2012-06', 'not a day']],
    ['a malformed slug', 'cases=Finland,netherlands', ['"Finland" is not a case selector']],
    ['two dates', 'cases=finland@2020-01-01@2021-01-01,netherlands', ['finland@2020-01-01@2021-01-01']],
    ['one case', 'cases=finland', ['Compare 2 to 8 cases; 1 were given.']],
    [
      'nine cases',
      `cases=${'finland,netherlands,northern-ireland,'.repeat(3).slice(0, -1)}`,
      ['Compare 2 to 8 cases; 9 were given.'],
    ],
    ['no cases', 'cases=', ['Name the cases']],
    ['no cases parameter', 'section=governance', ['Name the cases']],
  ])('%s', async (_what, query, needles) => {
    for (const format of ['csv', 'md', 'json']) {
      const r = await exported(query, format);
      expect(r.status, `${format}: ${r.body}`).toBe(400);
      expect(r.type).toMatch(/^text\/plain/);
      for (const needle of needles) expect(r.body.toLowerCase()).toContain(needle.toLowerCase());
    }
  });

  it('says the same as GraphQL, listing every bad selector', async () => {
    const selectors: Selector[] = [
      { slug: 'atlantis' },
      { slug: 'finland' },
      { slug: 'netherlands', asOf: '2000-01-01' },
    ];
    const e = await refused(selectors);
    const r = await exported(`cases=${text(selectors)}`);
    expect(r.status).toBe(400);
    expect(r.body.trim()).toBe(e.message);
    for (const u of e.userErrors!) expect(r.body).toContain(u.message);
  });

  it('lists every malformed selector of the URL at once', async () => {
    const r = await exported('cases=Finland,netherlands@2012-06,police-scotland@2012-02-30');
    expect(r.status).toBe(400);
    const lines = r.body.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('"Finland"');
    expect(lines[1]).toContain('netherlands@2012-06');
    expect(lines[2]).toContain('police-scotland@2012-02-30');
  });
});
