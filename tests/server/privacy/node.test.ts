import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import { anonymous, dataOf, signedIn, tokenCaller, UserRole, type Caller, type Json } from '../authoring/helpers.js';
import { DRAFT_MARK, makeDrafts, raw, type DraftIds } from './setup.js';

// node(id) applies the typed fields' rule: what only a draft holds (a part of a draft, a source
// only a draft cites, a case never published) is for those who may read drafts; to anyone else
// the id finds nothing. Published objects stay readable by anyone.
let db: TestDatabase;
let server: TestServer;
let viewer: Caller;
let nobody: Caller;
let reader: Caller;
let ids: DraftIds;
let published: { lesson: string; source: string; caseStudy: string; period: string };

const NODE = `query ($id: ID!) { node(id: $id) { __typename id
  ... on ReformLesson { title detail }
  ... on Source { title url }
  ... on CaseStudy { name summary }
  ... on StructurePeriod { label }
} }`;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  const editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
  const admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN);
  viewer = await signedIn(server.url, db.dataSource, UserRole.VIEWER);
  reader = await tokenCaller(server.url, admin, 'READ');
  nobody = anonymous(server.url);
  ids = await makeDrafts(editor);
  const finland = dataOf(
    await nobody.graphql(`{ caseStudy(slug: "finland") { id periods { id } lessons { id } sources { id } } }`),
  ).caseStudy as Json;
  published = {
    caseStudy: finland.id,
    period: finland.periods[0].id,
    lesson: finland.lessons[0].id,
    source: finland.sources[0].id,
  };
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const nodeOf = async (who: Caller, id: string): Promise<Json | null> =>
  dataOf(await who.graphql(NODE, { id }), `node(${id})`).node as Json | null;

describe('node(id) of what only a draft holds', () => {
  it('finds nothing for an anonymous caller: not a byte of the draft', async () => {
    for (const id of [ids.lesson, ids.source, ids.hiddenCase]) {
      const answer = await raw(server.url, nobody, NODE, { id });
      expect(JSON.parse(answer.text).data, answer.text).toEqual({ node: null });
      expect(answer.text).not.toContain(DRAFT_MARK);
    }
  });

  it('is read by those who may read drafts: a VIEWER and a READ token', async () => {
    for (const who of [viewer, reader]) {
      expect(await nodeOf(who, ids.lesson)).toMatchObject({
        __typename: 'ReformLesson',
        title: `${DRAFT_MARK} lesson`,
      });
      expect(await nodeOf(who, ids.source)).toMatchObject({ __typename: 'Source', title: `${DRAFT_MARK} report` });
      expect(await nodeOf(who, ids.hiddenCase)).toMatchObject({
        __typename: 'CaseStudy',
        name: `${DRAFT_MARK} Hidden`,
      });
    }
  });

  it('leaves published objects readable by anyone', async () => {
    for (const id of Object.values(published)) {
      const found = await nodeOf(nobody, id);
      expect(found?.id, id).toBe(id);
      expect(JSON.stringify(found)).not.toContain(DRAFT_MARK);
    }
  });
});
