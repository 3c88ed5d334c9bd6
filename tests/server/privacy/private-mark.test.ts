import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../../server/src/http/schema.js';
import { requireCapability } from '../../../server/src/modules/account/auth-checker.js';
import type { Context } from '../../../server/src/modules/context.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import { anonymous, signedIn, UserRole, type Caller } from '../authoring/helpers.js';
import { raw } from './setup.js';

// What the execution read decides whether an answer may be shared, not how the operation looks:
// two published reads are changed here so that their resolvers read something private (one passes
// a permission check, one marks what it read), and neither answer is stored, although both
// operations pass the static filter.
let db: TestDatabase;
let server: TestServer;
let viewer: Caller;
let nobody: Caller;

/** Runs `before` ahead of a root query field's own resolver. */
function wrap(schema: GraphQLSchema, name: string, before: (ctx: Context) => Promise<void> | void): void {
  const field = schema.getQueryType()!.getFields()[name]!;
  const resolve = field.resolve as GraphQLFieldResolver<unknown, Context>;
  field.resolve = async (source, args, ctx, info) => {
    await before(ctx);
    return resolve(source, args, ctx, info);
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  const schema = await createSchema();
  // Behind a permission check, as an @Authorized field or caseStudy(draft: true) is.
  wrap(schema, 'lessonThemes', (ctx) => requireCapability(ctx, 'readDrafts', 'lessonThemes'));
  // A read that marks its answer private, as the viewer and node(id) of a draft do.
  wrap(schema, 'serviceAreas', (ctx) =>
    (ctx as Partial<Context>).privacy?.markPrivate('serviceAreas (read for the viewer)'),
  );
  server = await startTestServer(db.dataSource, { schema });
  viewer = await signedIn(server.url, db.dataSource, UserRole.VIEWER);
  nobody = anonymous(server.url);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the private mark', () => {
  it('leaves answers that read nothing private shared', async () => {
    const query = `{ caseStudies(first: 3) { nodes { slug } } }`;
    expect((await raw(server.url, viewer, query)).cache).toBe('MISS');
    expect((await raw(server.url, nobody, query)).cache).toBe('HIT');
  });

  for (const [what, query] of [
    ['a permission check passed', `{ lessonThemes { key name } }`],
    ['a read marked private', `{ serviceAreas { key name } }`],
  ] as const)
    it(`keeps an answer out of the shared cache after ${what}`, async () => {
      const first = await raw(server.url, viewer, query);
      expect(first.status, first.text).toBe(200);
      expect(JSON.parse(first.text).errors, first.text).toBeUndefined();
      expect(first.cache, 'not stored').toBeNull();
      expect((await raw(server.url, viewer, query)).cache, 'asked again').toBeNull();
      expect((await raw(server.url, nobody, query)).cache, 'asked by someone else').not.toBe('HIT');
    });
});
