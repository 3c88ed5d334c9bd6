import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { importSeeds } from '../comparison/helpers.js';

// Which services share an organisation with children's social work in each seeded case today,
// written out by hand from the research record (seeds/research/*.md), so that the computed
// answers are checked against what the sources say rather than against themselves.
let db: TestDatabase;
let server: TestServer;

const CASES = ['scotland', 'finland', 'ireland', 'netherlands', 'new-zealand', 'northern-ireland'];

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, CASES);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface Answer {
  key: string;
  sharing: string;
  functions: string[];
  bodies: { key: string }[];
}

async function currentAnswers(slug: string): Promise<Map<string, Answer>> {
  const { body } = await server.graphql<{
    caseStudy: { periods: { current: boolean; sharedOrganisations: Answer[] }[] };
  }>(
    `query ($slug: String!) { caseStudy(slug: $slug) { periods { current
       sharedOrganisations { key sharing functions bodies { key } } } } }`,
    { slug },
  );
  const current = body.data!.caseStudy.periods.find((p) => p.current)!;
  return new Map(current.sharedOrganisations.map((a) => [a.key.replace('childrens-social-work+', ''), a]));
}

/** [case, other service, how it is shared, a function it is shared for, a body it rests on] */
const EXPECTED: [string, string, string, string | null, string][] = [
  // Finland: the wellbeing services counties organise child welfare and services for older
  // people (addendum part B, Finland: "Child welfare and adult social care therefore sit with one organiser").
  ['finland', 'adult-social-care', 'ONE_BODY', 'DELIVERY', 'wellbeing-services-counties'],
  ['finland', 'health', 'ONE_BODY', 'DELIVERY', 'wellbeing-services-counties'],
  // Northern Ireland: the five trusts deliver children's social care within integrated health
  // and social care (case-facts 3), and adult social care too (addendum part B, Northern Ireland).
  ['northern-ireland', 'health', 'ONE_BODY', 'DELIVERY', 'hsc-trusts'],
  ['northern-ireland', 'adult-social-care', 'ONE_BODY', 'DELIVERY', 'hsc-trusts'],
  ['northern-ireland', 'education', 'SEPARATE', null, 'education-authority'],
  // The Netherlands: municipalities hold youth care (Youth Act 2015) and social support for
  // adults (Wmo 2015) (case-facts 4; addendum part B, the Netherlands).
  ['netherlands', 'adult-social-care', 'ONE_BODY', 'COMMISSIONING', 'municipalities'],
  // Ireland: Tusla holds children's services and the HSE adult care: two national agencies
  // (case-facts 6; addendum part B, Republic of Ireland).
  ['ireland', 'adult-social-care', 'SAME_KIND_AT_TIER', 'DELIVERY', 'hse'],
  ['ireland', 'health', 'SAME_KIND_AT_TIER', 'DELIVERY', 'tusla'],
  // New Zealand: Oranga Tamariki for children; Health New Zealand funds aged care (addendum part B).
  ['new-zealand', 'adult-social-care', 'SEPARATE', null, 'health-nz'],
  ['new-zealand', 'health', 'SEPARATE', null, 'oranga-tamariki'],
  // Scotland: integration joint boards commission adult social care, and every board holds some
  // children's services (addendum A3; Children in Scotland).
  ['scotland', 'adult-social-care', 'ONE_BODY', 'COMMISSIONING', 'integration-joint-boards'],
  ['scotland', 'education', 'ONE_BODY', 'DELIVERY', 'councils'],
];

describe("which services share an organisation with children's social work, case by case", () => {
  it.for(EXPECTED)('%s, with %s: %s', async ([slug, other, sharing, fn, body]) => {
    const answer = (await currentAnswers(slug)).get(other);
    expect(answer, `${slug} holds children's social work and ${other}`).toBeDefined();
    expect(answer!.sharing).toBe(sharing);
    if (fn) expect(answer!.functions).toContain(fn);
    else expect(answer!.functions).toEqual([]);
    expect(answer!.bodies.map((b) => b.key)).toContain(body);
  });

  it('answers the adult social care question for every country case', async () => {
    const shared: string[] = [];
    for (const slug of CASES) {
      const answer = (await currentAnswers(slug)).get('adult-social-care');
      if (answer && answer.sharing === 'ONE_BODY') shared.push(slug);
    }
    expect(shared.sort()).toEqual(['finland', 'netherlands', 'northern-ireland', 'scotland']);
  });
});
