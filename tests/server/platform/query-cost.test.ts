import { readFileSync } from 'node:fs';
import {
  Kind,
  isObjectType,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits, type PeriodDoc } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { LIST_SIZES, isObjectList, listSizeOf, queryCost } from '../../../server/src/http/query-limits.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { ListSizeService, type ListSizes } from '../../../server/src/modules/list-size/list-size.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds, readSeedCases } from '../../support/seeds.js';

// The cost limit: each field counts once per item of every list it sits in, a page counting as
// the size asked for, so a caller cannot make one request do the work of thousands.
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

const LESSONS = `query ($first: Int) { lessons(first: $first) { nodes { title detail caseStudy { name periods { key levels { name bodies { name } } } } } } }`;

/** Every operation document the app sends, from the generated client code. */
function appDocuments(): { name: string; document: DocumentNode; operation: OperationDefinitionNode }[] {
  const source = readFileSync(fromRoot('client', 'src', 'gql', 'graphql.ts'), 'utf8');
  const out = [];
  for (const match of source.matchAll(/export const (\w+)Document = (\{.*\}) as unknown as/g)) {
    const document = JSON.parse(match[2]!) as DocumentNode;
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!;
    out.push({ name: match[1]!, document, operation });
  }
  return out;
}

describe('the cost limit', () => {
  it('lets through every operation the app sends, at the largest pages and comparisons it asks for', () => {
    const documents = appDocuments();
    expect(documents.length).toBeGreaterThan(20);
    const largest = { first: limits.pageSize.max, cases: Array.from({ length: 8 }, (_, i) => ({ slug: `case-${i}` })) };
    for (const { name, document, operation } of documents) {
      expect(queryCost(schema, document, operation, largest, sizes), name).toBeLessThanOrEqual(limits.query.cost);
    }
  });

  it('counts a page as the size asked for, and a comparison by its cases', () => {
    const { document, operation } = appDocuments().find((d) => d.name === 'Comparison')!;
    const costOf = (n: number) =>
      queryCost(
        schema,
        document,
        operation,
        { cases: Array.from({ length: n }, (_, i) => ({ slug: `c${i}` })) },
        sizes,
      );
    // Every cell and every case's timeline is counted once per case.
    expect(costOf(8)).toBeGreaterThan(costOf(2) * 2);
    expect(costOf(8)).toBeLessThanOrEqual(costOf(2) * 4);
    const lessonsDocument = parse(LESSONS);
    const lessons = (first: number) =>
      queryCost(schema, lessonsDocument, lessonsDocument.definitions[0] as OperationDefinitionNode, { first }, sizes);
    // The page itself counts once; everything in it once per item.
    expect((lessons(10) - 1) * 10).toBe(lessons(100) - 1);
    const example = parse(`{ lessons(first: 50) { nodes { title caseStudy { name } } } }`);
    expect(
      queryCost(schema, example, example.definitions[0] as OperationDefinitionNode, {}, sizes),
      'the example in docs/API.md',
    ).toBe(201);
    // Past the largest page, the page size cap applies (and PAGE_SIZE_EXCEEDED answers the query).
    expect(lessons(100_000)).toBe(lessons(limits.pageSize.max));
  });

  it('refuses an operation over the limit before running it, with QUERY_TOO_COSTLY, its cost and the limit', async () => {
    // Twenty aliased pages of a hundred lessons, each with its case's whole structure.
    const costly = `query ($first: Int) { ${Array.from({ length: 20 }, (_, i) => `l${i}: lessons(first: $first) { nodes { title caseStudy { periods { levels { bodies { name responsibilities { description } } } } } } }`).join(' ')} }`;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: costly, variables: { first: 100 } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: limits.query.cost });
    expect(body.errors[0]!.extensions.cost as number).toBeGreaterThan(limits.query.cost);
    expect(body.errors[0]!.message).toMatch(new RegExp(`at most ${limits.query.cost}`));
    // The same shape with small pages costs less and runs.
    const cheap = await server.graphql(costly, { first: 2 });
    expect(cheap.status).toBe(200);
    expect(cheap.body.errors).toBeUndefined();
  });
});

describe('the sizes lists are counted at', () => {
  it('names every unpaged list of objects in the schema, and nothing else', () => {
    const lists: string[] = [];
    const entries = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const paged = field.name === 'nodes' || field.name === 'edges';
        if (!isObjectList(field.type) || (paged && 'pageInfo' in type.getFields())) continue;
        lists.push(`${type.name}.${field.name}`);
        if (listSizeOf(type.name, field.name))
          entries.add(LIST_SIZES[`${type.name}.${field.name}`] ? `${type.name}.${field.name}` : `*.${field.name}`);
      }
    }
    expect(lists.length).toBeGreaterThan(30);
    expect(
      lists.filter((name) => !listSizeOf(...(name.split('.') as [string, string]))),
      'lists without a size',
    ).toEqual([]);
    expect(
      Object.keys(LIST_SIZES).filter((key) => !entries.has(key)),
      'sizes of lists the schema lacks',
    ).toEqual([]);
  });

  it('are the largest lists of the data, measured in PostgreSQL', async () => {
    const cases = await readSeedCases();
    const most = (counts: number[]) => Math.max(...counts);
    expect(sizes.periodsPerCase).toBe(most(cases.map((c) => c.periods.length)));
    expect(sizes.lessonsPerCase).toBe(most(cases.map((c) => (c.lessons ?? []).length)));
    expect(sizes.timelinePerCase).toBe(most(cases.map((c) => (c.timeline ?? []).length)));
    expect(sizes.levelsPerPeriod).toBe(most(cases.flatMap((c) => c.periods.map((p) => (p.levels ?? []).length))));
    expect(sizes.bodiesPerLevel).toBe(
      most(cases.flatMap((c) => c.periods.flatMap((p) => (p.levels ?? []).map((l) => (l.bodies ?? []).length)))),
    );
    // Which services share an organisation: the pairs of areas a period holds, and every holder
    // of either area of a pair (what a separate answer rests on).
    const held = (p: PeriodDoc) =>
      (p.levels ?? []).flatMap((l) =>
        (l.bodies ?? []).flatMap((b) => (b.responsibilities ?? []).map((r) => ({ ...r, body: b.key }))),
      );
    const periods = cases.flatMap((c) => c.periods);
    const areasOf = (p: PeriodDoc) => [...new Set(held(p).map((r) => r.serviceArea))];
    expect(sizes.areaPairsPerPeriod).toBe(most(periods.map((p) => (areasOf(p).length * (areasOf(p).length - 1)) / 2)));
    expect(sizes.bodiesPerAreaPair).toBe(
      most(
        periods.flatMap((p) =>
          areasOf(p).flatMap((a, i) =>
            areasOf(p)
              .slice(i + 1)
              .map(
                (b) =>
                  new Set(
                    held(p)
                      .filter((r) => r.serviceArea === a || r.serviceArea === b)
                      .map((r) => r.body),
                  ).size,
              ),
          ),
        ),
      ),
    );
    // An empty database counts every list as one item.
    const empty = await createTestDatabase();
    try {
      const none = await new ListSizeService(empty.dataSource).measure();
      // The vocabularies come with the migrations; the parts of cases do not.
      expect(none).toMatchObject({ periodsPerCase: 0, levelsPerPeriod: 0, sourcesPerCase: 0, citationsPerClaim: 0 });
      const { document, operation } = appDocuments().find((d) => d.name === 'CaseProfile')!;
      expect(queryCost(schema, document, operation, { slug: 'x' }, none)).toBeLessThan(
        queryCost(schema, document, operation, { slug: 'x' }, sizes),
      );
    } finally {
      await empty.drop();
    }
  });
});
