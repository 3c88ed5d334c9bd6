import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { generateProfile, publishProfile } from '../../support/profiles.js';
import { StatementCounter } from '../../support/statements.js';
import { COMPARISON_QUERY, type GqlComparison, type Selector } from './helpers.js';

// The client's Compare query costs a fixed number of SQL statements, however much the cases hold.
const counter = new StatementCounter();
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase({ logger: counter });
  // generated-0 … generated-7 are small (2 bodies a level); generated-8 … generated-15 are large (8).
  for (let n = 0; n < 16; n++) await publishProfile(db.dataSource, generateProfile(n, n < 8 ? 2 : 8));
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const range = (from: number) => Array.from({ length: 8 }, (_, i) => from + i);

async function cost(cases: Selector[]): Promise<{ statements: number; items: number }> {
  const { result, statements } = await counter.measure(() =>
    server.graphql<{ comparison: GqlComparison }>(COMPARISON_QUERY, { cases }),
  );
  expect(result.body.errors).toBeUndefined();
  const c = result.body.data!.comparison;
  expect(c.cases).toHaveLength(8);
  const items = c.sections.flatMap((s) =>
    s.rows.flatMap((r) => r.cells.flatMap((x) => x.items.flatMap((i) => [i, ...i.parts]))),
  ).length;
  return { statements, items };
}

describe('SQL statements of the Compare query', () => {
  it('are the same for eight small and eight large cases, today or at a date', async () => {
    const small = await cost(range(0).map((n) => ({ slug: `generated-${n}` })));
    const large = await cost(range(8).map((n) => ({ slug: `generated-${n}` })));
    const largeDated = await cost(range(8).map((n) => ({ slug: `generated-${n}`, asOf: '2015-06-30' })));

    // The large cases really hold more (so the equality below means something).
    expect(large.items).toBeGreaterThan(2 * small.items);
    expect(large.statements).toBe(small.statements);
    expect(largeDated.statements).toBe(small.statements);
    // The counter does count: resolving, loading and citations take several statements.
    expect(small.statements).toBeGreaterThan(3);
    expect(small.statements).toBeLessThan(30);
  });
});
