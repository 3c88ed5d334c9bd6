import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationKeys } from '../../../server/src/http/operation-key.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, withoutBudget, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';

// Stored answers are keyed by the operation as parsed, not as written: the same operation spelled
// with other spacing or comments, or sent with variables it does not declare, is answered from the
// same entry; anything that can change the answer keys a different one.
let db: TestDatabase;
let server: TestServer;

interface Answer {
  cache: string | null;
  text: string;
  data: Record<string, { slug: string } | null> | undefined;
}

async function ask(query: string, variables: Record<string, unknown> = {}, operationName?: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  // The answer without the caller's own rate budget, which differs from one request to the next.
  const answer = withoutBudget(JSON.parse(text) as { data?: Answer['data']; extensions?: Record<string, unknown> });
  return {
    cache: response.headers.get('x-cache'),
    text: JSON.stringify(answer),
    data: answer.data,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the response cache key', () => {
  it('is the same for the same operation written differently: spacing, commas, comments', async () => {
    const first = await ask(`query Case($slug: String!) { caseStudy(slug: $slug) { slug name summary } }`, {
      slug: 'finland',
    });
    expect(first.cache).toBe('MISS');
    for (const spelling of [
      `query Case($slug:String!){caseStudy(slug:$slug){slug name summary}}`,
      `# One case, as the case page asks for it
query Case( $slug: String! ) {
  caseStudy(slug: $slug) {
    slug, name   # its title
    summary
  }
}`,
    ]) {
      const again = await ask(spelling, { slug: 'finland' });
      expect(again.cache, spelling).toBe('HIT');
      expect(again.text).toBe(first.text);
    }
  });

  it('leaves out variables the operation does not declare: they neither bypass nor split the cache', async () => {
    const QUERY = `query Summary($slug: String!) { caseStudy(slug: $slug) { slug summary } }`;
    const first = await ask(QUERY, { slug: 'scotland', unused: 'a' });
    expect(first.cache).toBe('MISS');
    expect(first.data?.caseStudy?.slug).toBe('scotland');
    for (const variables of [
      { slug: 'scotland' },
      { slug: 'scotland', unused: 'b' },
      { other: [1, 2], slug: 'scotland' },
    ]) {
      const again = await ask(QUERY, variables);
      expect(again.cache, JSON.stringify(variables)).toBe('HIT');
      expect(again.text).toBe(first.text);
    }
    // A variable the operation uses is part of the key.
    const ireland = await ask(QUERY, { slug: 'ireland', unused: 'a' });
    expect(ireland.cache).toBe('MISS');
    expect(ireland.data?.caseStudy?.slug).toBe('ireland');
  });

  it('keeps apart what answers differently: the operation operationName picks, a variable given or left to its default', async () => {
    const TWO = `query First { caseStudy(slug: "finland") { slug } } query Second { caseStudy(slug: "scotland") { slug } }`;
    const TWO_SPACED = `query First {
  caseStudy(slug: "finland") { slug }
}

query Second {
  caseStudy(slug: "scotland") { slug }
}`;
    expect(await ask(TWO, {}, 'First')).toMatchObject({ cache: 'MISS', data: { caseStudy: { slug: 'finland' } } });
    expect(await ask(TWO_SPACED, {}, 'Second')).toMatchObject({
      cache: 'MISS',
      data: { caseStudy: { slug: 'scotland' } },
    });
    expect(await ask(TWO_SPACED, {}, 'First')).toMatchObject({
      cache: 'HIT',
      data: { caseStudy: { slug: 'finland' } },
    });
    expect(await ask(TWO, {}, 'Second')).toMatchObject({ cache: 'HIT', data: { caseStudy: { slug: 'scotland' } } });

    const DEFAULTED = `query Pick($slug: String! = "netherlands") { caseStudy(slug: $slug) { slug } }`;
    expect(await ask(DEFAULTED)).toMatchObject({ cache: 'MISS', data: { caseStudy: { slug: 'netherlands' } } });
    expect(await ask(DEFAULTED, { slug: 'new-zealand' })).toMatchObject({
      cache: 'MISS',
      data: { caseStudy: { slug: 'new-zealand' } },
    });
    expect(await ask(`# defaulted\n${DEFAULTED}`, { unused: true })).toMatchObject({
      cache: 'HIT',
      data: { caseStudy: { slug: 'netherlands' } },
    });
    expect(await ask(`# given\n${DEFAULTED}`, { slug: 'new-zealand', unused: true })).toMatchObject({
      cache: 'HIT',
      data: { caseStudy: { slug: 'new-zealand' } },
    });
  });
});

describe('OperationKeys', () => {
  const keys = new OperationKeys();

  it('gives the printed document, the operation chosen and only the variables it declares', () => {
    const parts = keys.normalise(`query A($x: Int, $y: Int) { a(x: $x) b(y: $y) } # note`, 'A', { y: 2, z: 3 });
    expect(parts).toEqual({
      document: 'query A($x: Int, $y: Int) {\n  a(x: $x)\n  b(y: $y)\n}',
      operation: 'A',
      variables: { y: 2 },
    });
    // Given as null is not the same as left out: the argument's default applies only to the latter.
    expect(keys.normalise(`query ($x: Int) { a(x: $x) }`, null, { x: null })?.variables).toEqual({ x: null });
    expect(keys.normalise(`query ($x: Int) { a(x: $x) }`, undefined, undefined)?.variables).toEqual({});
    expect(keys.normalise(`{ a }`, null, null)).toMatchObject({ operation: null, variables: {} });
  });

  it('gives nothing for what is not one operation the server could run: a query that does not parse, no operation picked, bad variables', () => {
    expect(keys.normalise(`{ a `, null, {})).toBeNull();
    expect(keys.normalise(`query A { a } query B { b }`, null, {}), 'two operations, none named').toBeNull();
    expect(keys.normalise(`query A { a }`, 'B', {}), 'no such operation').toBeNull();
    expect(keys.normalise(`query A { a }`, 7, {}), 'operationName not a string').toBeNull();
    expect(keys.normalise(`query A { a }`, 'A', [1]), 'variables not an object').toBeNull();
    expect(keys.normalise(`fragment F on Query { a }`, null, {}), 'no operation').toBeNull();
  });

  it('parses each query string once while it is remembered', () => {
    const counting = new OperationKeys();
    const query = `query Once { a }`;
    counting.normalise(query, null, {});
    counting.normalise(query, 'Once', { x: 1 });
    counting.normalise(`query   Once { a }`, null, {});
    expect(counting.parses).toBe(2);
  });
});
