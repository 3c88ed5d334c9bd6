import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseKind } from '../../../server/src/modules/case-study/case-study.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { insertCaseStudies } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/http.js';

let db: TestDatabase;
let server: TestServer;

interface ListData {
  caseStudies: {
    totalCount: number;
    nodes: { slug: string; name: string; kind: string }[];
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const LIST = `query ($first: Int, $after: String, $kind: CaseKind, $search: String) {
  caseStudies(first: $first, after: $after, kind: $kind, search: $search) {
    totalCount
    nodes { slug name kind }
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertCaseStudies(db.dataSource, [
    { slug: 'finland', name: 'Finland', kind: CaseKind.COUNTRY, summary: 'Wellbeing services counties since 2023.' },
    {
      slug: 'police-scotland',
      name: 'Police Scotland',
      kind: CaseKind.SERVICE_REFORM,
      summary: 'Eight forces merged in 2013.',
    },
    {
      slug: 'netherlands',
      name: 'The Netherlands',
      kind: CaseKind.COUNTRY,
      summary: 'Municipalities run youth care under the 2015 Youth Act.',
    },
  ]);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('caseStudies', () => {
  it('lists every case ordered by name, a leading "The" aside, with its total', async () => {
    const { status, body } = await server.graphql<ListData>(LIST, {});
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.caseStudies.totalCount).toBe(3);
    expect(body.data?.caseStudies.nodes.map((n) => n.slug)).toEqual(['finland', 'netherlands', 'police-scotland']);
    expect(body.data?.caseStudies.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('pages forward with cursors until the list ends', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: { body: { data?: ListData | null } } = await server.graphql<ListData>(LIST, { first: 2, after });
      const page: ListData['caseStudies'] = response.body.data!.caseStudies;
      expect(page.totalCount).toBe(3);
      seen.push(...page.nodes.map((n) => n.slug));
      pages += 1;
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 1);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['finland', 'netherlands', 'police-scotland']);
  });

  it('returns an empty page with null cursors when asked for none or past the end', async () => {
    const none = await server.graphql<ListData>(LIST, { first: 0 });
    expect(none.body.data?.caseStudies).toMatchObject({
      totalCount: 3,
      nodes: [],
      pageInfo: { startCursor: null, endCursor: null, hasNextPage: true },
    });
    const last = (await server.graphql<ListData>(LIST, { first: 3 })).body.data!.caseStudies.pageInfo.endCursor;
    const past = await server.graphql<ListData>(LIST, { after: last });
    expect(past.body.data?.caseStudies).toMatchObject({
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });

  it('filters by kind and by words in the name or summary', async () => {
    const reforms = await server.graphql<ListData>(LIST, { kind: 'SERVICE_REFORM' });
    expect(reforms.body.data?.caseStudies.nodes.map((n) => n.slug)).toEqual(['police-scotland']);
    const youth = await server.graphql<ListData>(LIST, { search: 'youth act' });
    expect(youth.body.data?.caseStudies.nodes.map((n) => n.slug)).toEqual(['netherlands']);
    const percent = await server.graphql<ListData>(LIST, { search: '100%' });
    expect(percent.body.data?.caseStudies.totalCount).toBe(0);
  });

  it('refuses an oversized page with its own code and the field', async () => {
    const { body } = await server.graphql<ListData>(LIST, { first: 101 });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'first' });
  });

  it('refuses a negative page size and a forged cursor as bad input naming the field', async () => {
    const negative = await server.graphql<ListData>(LIST, { first: -1 });
    expect(negative.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await server.graphql<ListData>(LIST, { after: 'not-a-cursor' });
    expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('caseStudy', () => {
  it('returns one case by slug, and null for an unknown slug', async () => {
    const found = await server.graphql<{ caseStudy: { name: string; kind: string } | null }>(
      `{ caseStudy(slug: "police-scotland") { name kind } }`,
    );
    expect(found.body.data?.caseStudy).toEqual({ name: 'Police Scotland', kind: 'SERVICE_REFORM' });
    const missing = await server.graphql<{ caseStudy: unknown }>(`{ caseStudy(slug: "atlantis") { name } }`);
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data?.caseStudy).toBeNull();
  });
});

describe('the database', () => {
  it('refuses two cases with one slug', async () => {
    await expect(
      db.dataSource.query(`INSERT INTO case_study (slug, name, kind) VALUES ('finland', 'Finland again', 'COUNTRY')`),
    ).rejects.toThrow(/idx_case_study_slug/);
  });
});
