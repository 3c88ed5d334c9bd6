import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  CREATE_CASE,
  dataOf,
  errorCodes,
  REVISIONS,
  saved,
  signedIn,
  tokenCaller,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// API tokens live by the admin who made them, the token list says who that was, and a
// PUBLISHED token reads what anyone may read and nothing more.
let db: TestDatabase;
let server: TestServer;
let admin: Caller & { userId: string };

const PUBLISHED = 'alphaland';
const DRAFTED = 'token-case';
const UPDATE_USER = `mutation ($id: ID!, $role: UserRole, $disabled: Boolean) {
  updateUser(id: $id, role: $role, disabled: $disabled) { userErrors { code } }
}`;
const PUBLISHED_READ = `query ($slug: String!) { caseStudy(slug: $slug) { name edition } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'root@example.org');
  saved(
    await admin.graphql(CREATE_CASE, {
      input: { slug: DRAFTED, name: 'Token case', kind: 'COUNTRY', jurisdiction: 'Nowhere', summary: 'A draft.' },
    }),
    'createCase',
  );
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** Changes an account as the root admin, expecting it to go through. */
async function update(id: string, change: { role?: string; disabled?: boolean }): Promise<void> {
  const reply = await admin.graphql(UPDATE_USER, { id, ...change });
  expect(dataOf(reply, 'updateUser').updateUser.userErrors).toEqual([]);
}

describe('a token and the account that made it', () => {
  it('stops working (401 UNAUTHENTICATED) while its creator is disabled, and works again once enabled', async () => {
    const maker = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'maker@example.org');
    const token = await tokenCaller(server.url, maker, 'READ', 'disabled-maker');
    expect(dataOf(await token.graphql(PUBLISHED_READ, { slug: PUBLISHED })).caseStudy.name).toBe('Alphaland');

    await update(maker.userId, { disabled: true });
    const refused = await token.graphql(PUBLISHED_READ, { slug: PUBLISHED });
    expect(refused.status).toBe(401);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);

    await update(maker.userId, { disabled: false });
    expect(dataOf(await token.graphql(PUBLISHED_READ, { slug: PUBLISHED })).caseStudy.name).toBe('Alphaland');
  });

  it('is refused once its creator is no longer an admin', async () => {
    const maker = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'downgraded@example.org');
    const token = await tokenCaller(server.url, maker, 'WRITE', 'downgraded-maker');
    expect(dataOf(await token.graphql(REVISIONS, { slug: PUBLISHED })).revisions.totalCount).toBeGreaterThan(0);

    await update(maker.userId, { role: 'EDITOR' });
    const refused = await token.graphql(PUBLISHED_READ, { slug: PUBLISHED });
    expect(refused.status).toBe(401);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
  });

  it('is listed with who made it', async () => {
    const maker = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'lister@example.org');
    await tokenCaller(server.url, maker, 'READ', 'listed');
    const tokens = dataOf(await admin.graphql(`{ apiTokens { name createdBy { id name active } } }`))
      .apiTokens as Json[];
    expect(tokens.find((t) => t.name === 'listed')?.createdBy).toEqual({
      id: maker.userId,
      name: 'lister@example.org',
      active: true,
    });
    const disabled = tokens.find((t) => t.name === 'disabled-maker');
    expect(disabled?.createdBy).toMatchObject({ name: 'maker@example.org', active: true });
  });
});

describe('a PUBLISHED token', () => {
  let token: Caller;
  let draftPartId: string;
  let publishedPartId: string;

  beforeAll(async () => {
    token = await tokenCaller(server.url, admin, 'PUBLISHED', 'published-only');
    const preview = dataOf(
      await admin.graphql(`query ($slug: String!) { caseStudy(slug: $slug, draft: true) { periods { id } } }`, {
        slug: DRAFTED,
      }),
    ).caseStudy as Json;
    draftPartId = (preview.periods as Json[])[0]!.id as string;
    const published = dataOf(
      await admin.graphql(`query ($slug: String!) { caseStudy(slug: $slug) { periods { id } } }`, { slug: PUBLISHED }),
    ).caseStudy as Json;
    publishedPartId = (published.periods as Json[])[0]!.id as string;
  });

  it('reads published cases and their parts', async () => {
    const data = dataOf(
      await token.graphql(
        `query ($slug: String!, $id: ID!) { caseStudy(slug: $slug) { name edition } caseStudies(first: 5) { nodes { slug } } node(id: $id) { id } }`,
        { slug: PUBLISHED, id: publishedPartId },
      ),
    );
    expect(data.caseStudy).toEqual({ name: 'Alphaland', edition: 1 });
    expect((data.caseStudies.nodes as Json[]).map((n) => n.slug)).toEqual([PUBLISHED]);
    expect(data.node).toEqual({ id: publishedPartId });
  });

  it('cannot read a draft, its revisions, a draft part by id or the audit log', async () => {
    for (const [what, query, variables] of [
      [
        'caseStudy(draft: true)',
        `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { name } }`,
        { slug: DRAFTED },
      ],
      ['draft', `query ($slug: String!) { draft(slug: $slug) { version } }`, { slug: DRAFTED }],
      ['revisions', REVISIONS, { slug: DRAFTED }],
      [
        'revisionDiff',
        `query ($slug: String!) { revisionDiff(slug: $slug, from: 1, to: 1) { path } }`,
        { slug: DRAFTED },
      ],
      ['auditLog', `{ auditLog(first: 1) { totalCount } }`, {}],
    ] as const) {
      const reply = await token.graphql(query, variables);
      expect(errorCodes(reply), what).toEqual(['FORBIDDEN']);
    }
    // The same id a READ token can follow.
    const reader = await tokenCaller(server.url, admin, 'READ', 'drafts-reader');
    expect(dataOf(await reader.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: draftPartId })).node).toEqual(
      {
        id: draftPartId,
      },
    );
    const byId = await token.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: draftPartId });
    expect(dataOf(byId).node).toBeNull();
  });
});
