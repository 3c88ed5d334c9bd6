import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_AREAS } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';

// The bibliography names the claims citing each source in words a reader knows, with the period
// and tier that find the claim on its case's page: never a service area's or function's key.
let db: TestDatabase;
let server: TestServer;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field

const CITED_BY = `query ($case: String, $after: String) {
  sources(first: 100, caseStudy: $case, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { title citedBy(first: 30) { totalCount nodes {
      claimType key label words tier period { key label } caseStudy { slug }
    } } }
  }
}`;

/** The first claims citing each source (of one case, or of the whole bibliography), page by page. */
async function claims(caseSlug: string | null): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | null = null;
  do {
    const { body } = await server.graphql<Json>(CITED_BY, { case: caseSlug, after });
    expect(body.errors).toBeUndefined();
    const page = body.data!.sources as Json;
    out.push(...(page.nodes as Json[]).flatMap((s) => s.citedBy.nodes as Json[]));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor as string) : null;
  } while (after);
  return out;
}

const FROM_2023 = 'Wellbeing services counties, with regional state supervision (1 January 2023 to 31 December 2025)';
// Keys that are also plain words ("health", "policing") may be said; the hyphenated ones are keys only.
const AREA_KEYS = SERVICE_AREAS.map(([key]) => key as string).filter((key) => key.includes('-'));
const FUNCTION_CODES = ['ACCOUNTABILITY', 'COMMISSIONING', 'DELIVERY', 'FUNDING', 'INSPECTION', 'POLICY', 'REGULATION'];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the claims citing a source, in words', () => {
  it('names a body with its level and period, and gives the period and tier that find it', async () => {
    const found = (await claims('finland')).filter(
      (c) => c.claimType === 'BODY' && c.key === 'wellbeing-services-counties' && c.period?.key === 'from-2023',
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({
      words: `Body “Wellbeing services counties” in the regional level “Wellbeing services counties”, in the period “${FROM_2023}”`,
      tier: 'REGIONAL',
      period: { key: 'from-2023', label: FROM_2023 },
      caseStudy: { slug: 'finland' },
    });
  });

  it('names a responsibility by its function, service area and body, never by their keys', async () => {
    const found = (await claims('finland')).find(
      (c) => c.claimType === 'RESPONSIBILITY' && c.key === 'counties-child-welfare' && c.period?.key === 'from-2023',
    );
    expect(found?.label).toContain('childrens-social-work');
    expect(found?.words).toBe(
      `Responsibility “Delivery: Children's social work and care” of Wellbeing services counties, in the regional level “Wellbeing services counties”, in the period “${FROM_2023}”`,
    );
    expect(found?.tier).toBe('REGIONAL');
  });

  it('names the claims of every case without a key, and lessons and events without a period', async () => {
    const all = await claims(null);
    expect(all.length).toBeGreaterThan(100);
    for (const c of all) {
      for (const key of AREA_KEYS) expect(c.words).not.toContain(key);
      for (const code of FUNCTION_CODES) expect(c.words).not.toMatch(new RegExp(`\\b${code}\\b`));
      expect(c.words).not.toMatch(/^[A-Z_]+ /);
    }
    const connection = all.find((c) => c.claimType === 'SERVICE_CONNECTION');
    expect(connection?.words).toMatch(/^Connection “[^”]+ and [^”]+”, in the period “.+”$/);
    expect(connection?.period).not.toBeNull();
    for (const c of all.filter((x) => x.claimType === 'REFORM_LESSON' || x.claimType === 'TIMELINE_EVENT')) {
      expect(c.period).toBeNull();
      expect(c.tier).toBeNull();
      expect(c.words).toMatch(/^(Lesson|Event) “.+” (among the reform lessons|on the timeline)$/);
    }
    const study = all.find((c) => c.caseStudy === null);
    expect(study?.words).toMatch(/^Study (strand|report|finding) “.+”$/);
  });
});
