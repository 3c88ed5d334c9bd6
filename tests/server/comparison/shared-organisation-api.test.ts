import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_AREAS, type CaseProfileDoc, type PeriodDoc } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { publishProfile } from '../../support/profiles.js';
import { loadSeeds, readSeedCase, readSeedCases } from '../../support/seeds.js';
import { expectedSharing, heldIn, type ExpectedSharing } from '../../support/shared-organisation.js';
import { periodOf } from './helpers.js';

// StructurePeriod.sharedOrganisations on the seeded cases, against what the seed files record:
// the expectations are worked out from the documents' responsibilities by the tests' own reading
// of the rule (tests/support/shared-organisation.ts), so whatever the seeds say next the answers
// follow.
let db: TestDatabase;
let server: TestServer;
let docs: CaseProfileDoc[];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  docs = await readSeedCases();
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const SHARED = `sharedOrganisations {
  key areaA { key } areaB { key } sharing tier bodyType bodies { key } functions uncertain text
  citations { locator source { url } }
}`;

interface GqlShared {
  key: string;
  areaA: { key: string };
  areaB: { key: string };
  sharing: string;
  tier: string | null;
  bodyType: string | null;
  bodies: { key: string }[];
  functions: string[];
  uncertain: boolean;
  text: string;
  citations: { locator: string | null; source: { url: string } }[];
}

/** An answer in the form the expectations take (the sharing as the API spells it). */
type Answer = Omit<ExpectedSharing, 'bodyNames' | 'sharing'> & { sharing: string };

const AREA_ORDER = SERVICE_AREAS.map(([key]) => key);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function expectedAnswer(doc: CaseProfileDoc, period: PeriodDoc, a: string, b: string): Answer | undefined {
  const expected = expectedSharing(doc, period, a, b);
  return (
    expected && {
      sharing: expected.sharing,
      bodies: expected.bodies,
      functions: expected.functions,
      uncertain: expected.uncertain,
      citations: expected.citations,
    }
  );
}

const answerOf = (s: GqlShared): Answer => ({
  sharing: s.sharing,
  bodies: sorted(s.bodies.map((b) => b.key)),
  functions: sorted(s.functions),
  uncertain: s.uncertain,
  citations: sorted(s.citations.map((c) => `${c.source.url} ${c.locator ?? ''}`)),
});

describe('which services share an organisation, on the seeded cases', () => {
  it("answers which cases put children's social work in the same organisation as adult social care", async () => {
    const { body } = await server.graphql<{
      caseStudies: {
        totalCount: number;
        nodes: { slug: string; currentPeriod: { key: string; sharedOrganisations: GqlShared[] } }[];
      };
    }>(`{ caseStudies(first: ${docs.length}) { totalCount nodes { slug currentPeriod { key ${SHARED} } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.caseStudies.totalCount).toBe(docs.length);
    const pair = 'childrens-social-work+adult-social-care';
    const actual = body
      .data!.caseStudies.nodes.flatMap((c) => {
        const found = c.currentPeriod.sharedOrganisations.find((s) => s.key === pair);
        return found ? [{ slug: c.slug, ...answerOf(found) }] : [];
      })
      .sort((x, y) => x.slug.localeCompare(y.slug));
    const expected = docs
      .flatMap((doc) => {
        const answer = expectedAnswer(doc, periodOf(doc), 'childrens-social-work', 'adult-social-care');
        return answer ? [{ slug: doc.slug, ...answer }] : [];
      })
      .sort((x, y) => x.slug.localeCompare(y.slug));
    // Some case records both areas today, so the question has an answer to check.
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);

    // The direct answer: the cases where one organisation holds both, with the functions and
    // whether the answer is uncertain.
    const oneOrganisation = (list: typeof expected) =>
      list.filter((c) => c.sharing === 'ONE_BODY').map((c) => [c.slug, c.functions, c.uncertain]);
    expect(oneOrganisation(actual)).toEqual(oneOrganisation(expected));
  });

  it('gives every pair of areas each period holds, in the vocabulary order, as the documents record them', async () => {
    const { body } = await server.graphql<{
      caseStudies: { nodes: { slug: string; periods: { key: string; sharedOrganisations: GqlShared[] }[] }[] };
    }>(`{ caseStudies(first: ${docs.length}) { nodes { slug periods { key ${SHARED} } } } }`);
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.caseStudies.nodes;
    expect(nodes.map((n) => n.slug).sort()).toEqual(docs.map((d) => d.slug).sort());
    let shared = 0;
    for (const doc of docs) {
      const periods = nodes.find((n) => n.slug === doc.slug)!.periods;
      for (const period of doc.periods) {
        const answers = periods.find((p) => p.key === period.key)!.sharedOrganisations;
        const areas = AREA_ORDER.filter((a) => heldIn(period).some((r) => r.serviceArea === a));
        const pairs = areas.flatMap((a, i) => areas.slice(i + 1).map((b) => [a, b] as const));
        expect(
          answers.map((s) => [s.key, s.areaA.key, s.areaB.key]),
          `${doc.slug} ${period.key}`,
        ).toEqual(pairs.map(([a, b]) => [`${a}+${b}`, a, b]));
        for (const [a, b] of pairs) {
          const answer = answers.find((s) => s.key === `${a}+${b}`)!;
          expect(answerOf(answer), `${doc.slug} ${period.key} ${a}+${b}`).toEqual(expectedAnswer(doc, period, a, b));
          if (answer.sharing !== 'SEPARATE') shared += 1;
          // Shared answers name their tier and kind only when the bodies have one each.
          if (answer.sharing === 'SEPARATE') expect([answer.tier, answer.bodyType]).toEqual([null, null]);
          expect(answer.text).not.toMatch(/[A-Z]{2,}_/);
          // A separate answer is only as sure as the period's responsibilities are complete.
          const complete = period.coverage?.responsibilities === 'complete';
          if (answer.sharing === 'SEPARATE')
            expect(answer.text.startsWith('Not shared in the responsibilities recorded: ')).toBe(!complete);
        }
      }
    }
    // The seeds hold shared pairs, so the loop above checked some.
    expect(shared).toBeGreaterThan(0);
  });

  // Last, as it publishes a case the seeds do not have.
  it('says a separate answer plainly where a period records every responsibility', async () => {
    const seed = readSeedCase('northern-ireland');
    await publishProfile(db.dataSource, {
      ...seed,
      slug: 'northern-ireland-complete',
      name: 'Northern Ireland, every responsibility recorded',
      periods: seed.periods.map((p) => ({ ...p, coverage: { ...p.coverage, responsibilities: 'complete' as const } })),
    });
    const texts = async (slug: string) => {
      const { body } = await server.graphql<{ caseStudy: { currentPeriod: { sharedOrganisations: GqlShared[] } } }>(
        `query ($slug: String!) { caseStudy(slug: $slug) { currentPeriod { ${SHARED} } } }`,
        { slug },
      );
      expect(body.errors).toBeUndefined();
      return body.data!.caseStudy.currentPeriod.sharedOrganisations.map((s) => [s.key, s.sharing, s.text]);
    };
    const partial = await texts('northern-ireland');
    const complete = await texts('northern-ireland-complete');
    expect(partial.some(([, sharing]) => sharing === 'SEPARATE')).toBe(true);
    const prefix = 'Not shared in the responsibilities recorded: ';
    expect(complete).toEqual(
      partial.map(([key, sharing, text]) => {
        if (sharing !== 'SEPARATE') return [key, sharing, text];
        const rest = text!.slice(prefix.length);
        return [key, sharing, `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`];
      }),
    );
  });
});
