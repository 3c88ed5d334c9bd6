import { readFileSync } from 'node:fs';
import { Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { queryCost } from '../../../server/src/http/query-limits.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';

// The cost limit: each field counts once per item of every list it sits in, a page counting as
// the size asked for, so a caller cannot make one request do the work of thousands.
let db: TestDatabase;
let server: TestServer;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  schema = await createSchema();
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
      expect(queryCost(schema, document, operation, largest), name).toBeLessThanOrEqual(limits.query.cost);
    }
  });

  it('counts a page as the size asked for, and a comparison by its cases', () => {
    const { document, operation } = appDocuments().find((d) => d.name === 'Comparison')!;
    const two = queryCost(schema, document, operation, { cases: [{ slug: 'a' }, { slug: 'b' }] });
    const eight = queryCost(schema, document, operation, {
      cases: Array.from({ length: 8 }, (_, i) => ({ slug: `c${i}` })),
    });
    expect(eight).toBe(two * 4);
    const lessonsDocument = parse(LESSONS);
    const lessons = (first: number) =>
      queryCost(schema, lessonsDocument, lessonsDocument.definitions[0] as OperationDefinitionNode, { first });
    // The page itself counts once; everything in it once per item.
    expect((lessons(10) - 1) * 10).toBe(lessons(100) - 1);
    const example = parse(`{ lessons(first: 50) { nodes { title caseStudy { name } } } }`);
    expect(
      queryCost(schema, example, example.definitions[0] as OperationDefinitionNode),
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
