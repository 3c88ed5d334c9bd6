import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  dataOf,
  readDraft,
  REVISIONS,
  saved,
  signedIn,
  tokenCaller,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// What an editor types in an open form is kept on the server as they type: for them alone, never
// a revision nor part of the draft, replaced form by form, and gone when they discard it.
let db: TestDatabase;
let server: TestServer;
let eve: Caller;
let ed: Caller;
let rita: Caller;
let admin: Caller;

const SLUG = 'finland';
const KEEP = `mutation ($slug: String!, $form: String!, $label: String!, $state: JSONObject!) {
  keepPendingChange(slug: $slug, form: $form, label: $label, state: $state) { pendingChange { form label state updatedAt } userErrors { field code message } } }`;
const DISCARD = `mutation ($slug: String!, $form: String!) { discardPendingChange(slug: $slug, form: $form) { discarded userErrors { code } } }`;
const MINE = `query ($slug: String!) { pendingChanges(slug: $slug) { form label state } }`;

const keep = async (who: Caller, form: string, state: Json, label = 'the lesson Keep directors in post') =>
  dataOf(await who.graphql(KEEP, { slug: SLUG, form, label, state })).keepPendingChange as Json;
const mine = async (who: Caller) => dataOf(await who.graphql(MINE, { slug: SLUG })).pendingChanges as Json[];
const revisionCount = async () => dataOf(await eve.graphql(REVISIONS, { slug: SLUG })).revisions.totalCount as number;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([fromRoot('seeds', `${SLUG}.yaml`)], { publish: true });
  eve = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  ed = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ed@example.org');
  rita = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rita@example.org');
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'ada@example.org');
  saved(
    await eve.graphql(`mutation { startDraft(slug: "${SLUG}") { userErrors { field code message } } }`),
    'startDraft',
  );
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('unsaved input kept as it is typed', () => {
  it('is kept for its author alone, replaced form by form, and never touches the draft or its history', async () => {
    const before = await readDraft(eve, SLUG);
    const revisions = await revisionCount();
    const first = await keep(eve, 'LESSON:keep-directors@/', { values: { title: 'Keep direc' }, baseVersion: 1 });
    expect(first.userErrors).toEqual([]);
    await keep(eve, 'LESSON:keep-directors@/', { values: { title: 'Keep directors in post' }, baseVersion: 1 });
    expect(await mine(eve)).toEqual([
      {
        form: 'LESSON:keep-directors@/',
        label: 'the lesson Keep directors in post',
        state: { values: { title: 'Keep directors in post' }, baseVersion: 1 },
      },
    ]);
    // Another editor sees none of it, and what they keep is theirs.
    expect(await mine(ed)).toEqual([]);
    await keep(ed, 'LESSON:keep-directors@/', { values: { title: 'Another title' } });
    expect((await mine(eve))[0]!.state.values.title).toBe('Keep directors in post');
    const after = await readDraft(eve, SLUG);
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
    expect(await revisionCount()).toBe(revisions);
  });

  it('is gone once discarded, and a second discard says there was nothing', async () => {
    const gone = dataOf(await eve.graphql(DISCARD, { slug: SLUG, form: 'LESSON:keep-directors@/' }));
    expect(gone.discardPendingChange).toEqual({ discarded: true, userErrors: [] });
    expect(await mine(eve)).toEqual([]);
    const again = dataOf(await eve.graphql(DISCARD, { slug: SLUG, form: 'LESSON:keep-directors@/' }));
    expect(again.discardPendingChange).toEqual({ discarded: false, userErrors: [] });
    // Ed's is still there.
    expect(await mine(ed)).toHaveLength(1);
  });

  it('refuses a state over the limit, and more forms than an editor may keep in one case', async () => {
    const long = await keep(eve, 'LESSON:long@/', { values: { detail: 'x'.repeat(limits.pendingChanges.stateChars) } });
    expect(long.userErrors).toMatchObject([{ field: 'state', code: 'BAD_USER_INPUT' }]);
    let deep: Json = {};
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const nested = await keep(eve, 'LESSON:deep@/', deep);
    expect(nested.userErrors).toMatchObject([{ field: 'state', code: 'BAD_USER_INPUT' }]);
    for (let i = 0; i < limits.pendingChanges.perCase; i++)
      expect((await keep(eve, `EVENT:e${i}@/`, { values: { title: `E${i}` } })).userErrors).toEqual([]);
    const over = await keep(eve, 'EVENT:one-more@/', { values: {} });
    expect(over.userErrors).toMatchObject([{ code: 'WORKFLOW', field: null }]);
    // A form already kept can still be replaced.
    expect((await keep(eve, 'EVENT:e0@/', { values: { title: 'E0 again' } })).userErrors).toEqual([]);
    expect(await mine(eve)).toHaveLength(limits.pendingChanges.perCase);
  });

  it('is for people signed in who edit: a token keeps nothing and reads none, a reviewer is refused', async () => {
    const tool = await tokenCaller(server.url, admin, 'WRITE');
    const byTool = await keep(tool, 'LESSON:x@/', { values: {} });
    expect(byTool.userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect(await mine(tool)).toEqual([]);
    const reply = await rita.graphql(MINE, { slug: SLUG });
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
