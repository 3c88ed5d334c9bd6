import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { generateProfile, publishProfile } from '../../support/profiles.js';
import { StatementCounter } from '../../support/statements.js';

const counter = new StatementCounter();
let db: TestDatabase;
let server: TestServer;

const FULL_PROFILE = `query ($slug: String!) {
  caseStudy(slug: $slug) {
    name summary notModelled { url }
    periods { key tiers { tier presence }
      levels { name citations { source { url } } bodies { name citations { locator source { title } } responsibilities { function serviceArea { name } body { name } citations { source { url } } } } }
      connections { areas { key } mechanisms citations { source { url } } } }
    timeline { title date { text } citations { source { url } } }
    lessons { title theme { name } citations { source { url standing } } }
    sources { url citedBy { totalCount nodes { key caseStudy { slug } } } }
  }
}`;

const LIST_WITH_LESSONS = `{
  caseStudies(first: 100) { totalCount nodes { slug name lessons { title theme { key } citations { source { url } } } } }
}`;

// Which services share an organisation, for every period of every case: computed from the
// edition bundles the periods already come from.
const LIST_WITH_SHARING = `{
  caseStudies(first: 20) { nodes { slug periods { key sharedOrganisations {
    key areaA { key } areaB { name } sharing tier bodyType functions uncertain text
    bodies { name level { tier } } citations { locator source { url } }
  } } } }
}`;

async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
  const { result, statements } = await counter.measure(() => server.graphql(query, variables));
  expect(result.body.errors).toBeUndefined();
  return statements;
}

beforeAll(async () => {
  db = await createTestDatabase({ logger: counter });
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('SQL statements per query do not grow with the data', () => {
  it('costs the same for a full profile, the list with lessons and the list with shared organisations, with 2 cases or 20 larger ones', async () => {
    for (let n = 0; n < 2; n++) await publishProfile(db.dataSource, generateProfile(n, 2));
    const profileSmall = await statementsFor(FULL_PROFILE, { slug: 'generated-0' });
    const listSmall = await statementsFor(LIST_WITH_LESSONS);
    const sharingSmall = await statementsFor(LIST_WITH_SHARING);

    for (let n = 2; n < 20; n++) await publishProfile(db.dataSource, generateProfile(n, 6));
    const profileLarge = await statementsFor(FULL_PROFILE, { slug: 'generated-19' });
    const listLarge = await statementsFor(LIST_WITH_LESSONS);
    const sharingLarge = await statementsFor(LIST_WITH_SHARING);

    const { result } = await counter.measure(() =>
      server.graphql<{ caseStudies: { totalCount: number } }>(LIST_WITH_LESSONS),
    );
    expect(result.body.data?.caseStudies.totalCount).toBe(20);
    expect(profileLarge).toBe(profileSmall);
    expect(listLarge).toBe(listSmall);
    expect(sharingLarge).toBe(sharingSmall);
    // A fixed, small number: one per nesting level, not one per row (and the counter does count).
    expect(profileSmall).toBeGreaterThan(8);
    expect(listSmall).toBeGreaterThan(2);
    expect(profileSmall).toBeLessThan(25);
    expect(listSmall).toBeLessThan(16);
    expect(sharingSmall).toBeLessThan(16);
  });
});
