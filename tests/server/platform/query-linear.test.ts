import fc from 'fast-check';
import { parse, validate, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@casebook/schema';
import { doubling, fanOut } from '../../../bench/hostile-queries.mjs';
import {
  queryCost,
  repeatedFieldsRule,
  selectionsRule,
  type VisitCounter,
} from '../../../server/src/http/query-limits.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { ListSizeService, type ListSizes } from '../../../server/src/modules/list-size/list-size.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';

// The shape of a query is checked in time linear in its size: each fragment is looked at once and
// its result multiplied at each spread, however the fragments spread one another. Shown by
// counting the selections each check visits, never by timing.
let db: TestDatabase;
let server: TestServer;
let schema: GraphQLSchema;
let sizes: ListSizes;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  schema = await createSchema();
  sizes = await new ListSizeService(db.dataSource).measure();
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** How many selections (fields, spreads, inline fragments) the document holds as written. */
function selectionCount(document: DocumentNode): number {
  let n = 0;
  visit(document, { Field: () => void n++, FragmentSpread: () => void n++, InlineFragment: () => void n++ });
  return n;
}

const operationOf = (document: DocumentNode) =>
  document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;

/** Fragments on CaseStudy, each spreading earlier ones any number of times, with a field or two of their own. */
const fragmentGraph = fc
  .array(
    fc.record({
      fields: fc.subarray(['name', 'slug', 'summary', 'kind', 'jurisdiction'], { minLength: 1 }),
      spreads: fc.array(fc.nat(), { maxLength: 4 }),
      periods: fc.boolean(),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((fragments) => {
    const text = fragments.map((f, i) => {
      const spreads = i === 0 ? [] : f.spreads.map((s) => `...G${s % i}`);
      const periods = f.periods ? ' periods { key levels { name bodies { name } } }' : '';
      return `fragment G${i} on CaseStudy { ${f.fields.join(' ')}${periods} ${spreads.join(' ')} }`;
    });
    return parse(`query { caseStudy(slug: "finland") { ...G${fragments.length - 1} } } ${text.join(' ')}`);
  });

describe('checks of a query in linear time', () => {
  it('cost and repeated fields visit each selection a small number of times, for any fragment graph', () => {
    fc.assert(
      fc.property(fragmentGraph, (document) => {
        const size = selectionCount(document);
        const costed: VisitCounter = { visits: 0 };
        queryCost(schema, document, operationOf(document), {}, sizes, costed);
        const repeated: VisitCounter = { visits: 0 };
        validate(schema, document, [repeatedFieldsRule(repeated)]);
        const selections: VisitCounter = { visits: 0 };
        validate(schema, document, [selectionsRule(selections)]);
        expect(costed.visits).toBeLessThanOrEqual(2 * size);
        expect(repeated.visits).toBeLessThanOrEqual(3 * size);
        expect(selections.visits).toBeLessThanOrEqual(size);
      }),
      { numRuns: 200 },
    );
  });

  it('costs fragments that double at each step without writing them out', () => {
    const document = parse(doubling(40));
    const counter: VisitCounter = { visits: 0 };
    const cost = queryCost(schema, document, operationOf(document), {}, sizes, counter);
    // 2^40 copies of three fields, in a page of a hundred.
    expect(cost).toBe(1 + 100 * (1 + 3 * 2 ** 40));
    expect(counter.visits).toBeLessThanOrEqual(2 * selectionCount(document));
  });

  it('refuses doubling fragments over HTTP, and keeps answering others meanwhile', async () => {
    for (const n of [22, 29]) {
      const health = fetch(`${server.url}/healthz`);
      const { status, body } = await server.graphql(doubling(n));
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      // Doubling in one place repeats F0's fields there 2^n times: refused before anything else runs.
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REPEATED_FIELDS']);
      expect((await health).status).toBe(200);
    }
  }, 20_000);

  it('refuses fragments that fan out across levels with TOO_MANY_SELECTIONS', async () => {
    const health = fetch(`${server.url}/healthz`);
    const { status, body } = await server.graphql(fanOut());
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_SELECTIONS']);
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`more than ${limits.query.selections} selections`));
    expect((await health).status).toBe(200);

    // The same query in a GET's address is refused alike.
    const viaGet = await fetch(`${server.url}/graphql?query=${encodeURIComponent(fanOut())}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(viaGet.status).toBe(400);
    const got = (await viaGet.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(got.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_SELECTIONS']);
  }, 20_000);

  it('refuses a field repeated more than the limit in one place, written out or through fragments', async () => {
    const written = await server.graphql(`{ ${'__typename '.repeat(500)} }`);
    expect(written.status).toBe(400);
    expect(written.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REPEATED_FIELDS']);
    expect(written.body.errors?.[0]?.message).toMatch(/"__typename" more than 20 times in one place; at most 20/);

    const spreads = Array.from({ length: limits.query.repeatedFields + 1 }, () => '...N').join(' ');
    const viaFragments = await server.graphql(
      `{ caseStudy(slug: "finland") { ${spreads} } } fragment N on CaseStudy { name }`,
    );
    expect(viaFragments.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REPEATED_FIELDS']);

    // Refused before GraphQL's own rules run (some are quadratic in repeated fields): the field
    // the schema lacks is never reached, so the refusal is the only error.
    const withUnknown = await server.graphql(`{ ${'__typename '.repeat(500)} noSuchField }`);
    expect(withUnknown.status).toBe(400);
    expect(withUnknown.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REPEATED_FIELDS']);

    // Up to the limit, the query is answered.
    const atLimit = await server.graphql(`{ ${'__typename '.repeat(limits.query.repeatedFields)} }`);
    expect(atLimit.body.errors).toBeUndefined();
    expect(atLimit.body.data).toEqual({ __typename: 'Query' });
  });

  it('reports a few errors for an operation full of unknown directives, not one each', async () => {
    const directives = Array.from({ length: 50 }, (_, i) => `@unknown${i}`).join(' ');
    const { status, body } = await server.graphql(`{ study ${directives} { title } }`);
    expect(status).toBe(400);
    expect(body.errors!.length).toBeLessThanOrEqual(limits.query.errors + 1);
    expect(body.errors!.length).toBeGreaterThan(1);
  });
});

describe('the cost of lists that are not paged', () => {
  it('counts nested sources and the claims citing them at their real sizes, and refuses the query', async () => {
    const nested = `{ caseStudies(first: 100) { edges { node { sources { citedBy(first: 100) { nodes { caseStudy { sources { citedBy(first: 100) { nodes { caseStudy { sources { title } } } } } } } } } } } } }`;
    const { status, body } = await server.graphql(nested);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    // Counted at the seeds' sizes: every case's sources as many as the most any case cites, each
    // page of citing claims as the hundred asked for; far over the limit (counted at two items a
    // list, with citedBy unpaged, it was 11,501).
    const S = sizes.sourcesPerCase;
    const page = (inner: number) => 1 + 100 * inner; // a page field and its hundred nodes
    const expected = page(1 + (1 + S * (1 + page(1 + (1 + S * (1 + page(1 + (1 + S * 2))))))));
    expect(body.errors?.[0]?.extensions?.cost).toBe(expected);
    const document = parse(nested);
    expect(queryCost(schema, document, operationOf(document), {}, sizes)).toBe(expected);
    expect(S).toBeGreaterThan(2);
  });
});
