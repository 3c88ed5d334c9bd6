import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  dataOf,
  DELETE_PART,
  editPayload,
  readDraft,
  REVISIONS,
  SAVE_PART,
  saved,
  signedIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Restoring one part, or one field of it, from an older revision: the lost citation comes back and
// the later fixes stay; a deleted body comes back whole; everything else is as it is now.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'finland';
const RESTORE_PART = `mutation ($slug: String!, $number: Int!, $kind: DraftPartKind!, $key: String, $periodKey: String, $field: String, $v: Int!) {
  restoreRevisionPart(slug: $slug, number: $number, kind: $kind, key: $key, periodKey: $periodKey, field: $field, expectedVersion: $v) {
    draft { version document } userErrors { field code message } } }`;

const draftNow = () => readDraft(editor, SLUG);
async function save(part: Json, mode = 'UPDATE') {
  const { version } = await draftNow();
  return saved(
    await editor.graphql(SAVE_PART, { edit: { slug: SLUG, expectedVersion: version, message: 'edit' }, part, mode }),
    'saveDraftPart',
  );
}
async function restore(vars: Json) {
  const { version } = await draftNow();
  return editPayload(editor, RESTORE_PART, 'restoreRevisionPart', { slug: SLUG, v: version, ...vars });
}
const lesson = (doc: Json, key: string) => (doc.lessons as Json[]).find((l) => l.key === key)!;

let first: Json;
let start: number;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([fromRoot('seeds', `${SLUG}.yaml`)], { publish: true });
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  saved(
    await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { userErrors { field code message } } }`),
    'startDraft',
  );
  const draft = await draftNow();
  first = draft.document as Json;
  start = draft.version as number;
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('restoring one part from an older revision', () => {
  it('brings back a lost citation alone, keeping the later fix of the same lesson and of another', async () => {
    const [one, two] = (first.lessons as Json[]).filter((l) => (l.cite as unknown[]).length >= 2);
    expect(one && two).toBeTruthy();
    await save({ kind: 'LESSON', key: one!.key, data: { cite: (one!.cite as unknown[]).slice(0, 1) } });
    await save({ kind: 'LESSON', key: one!.key, data: { title: `${one!.title as string} (revised)` } });
    await save({ kind: 'LESSON', key: two!.key, data: { detail: 'A later fix.' } });

    const payload = await restore({ number: start, kind: 'LESSON', key: one!.key, field: 'cite' });
    expect(payload.userErrors).toEqual([]);
    const doc = payload.draft.document as Json;
    expect(lesson(doc, one!.key as string).cite).toEqual(one!.cite);
    expect(lesson(doc, one!.key as string).title).toBe(`${one!.title as string} (revised)`);
    expect(lesson(doc, two!.key as string).detail).toBe('A later fix.');
    const latest = (dataOf(await editor.graphql(REVISIONS, { slug: SLUG })).revisions.nodes as Json[])[0]!;
    expect(latest.kind).toBe('RESTORE');
    expect(latest.message).toBe(`Restored the field cite of the lesson ${one!.title as string} from revision ${start}`);
  });

  it('restores a whole part’s own fields, clearing one added since, and leaves its place', async () => {
    const two = (first.lessons as Json[]).filter((l) => (l.cite as unknown[]).length >= 2)[1]!;
    await save({ kind: 'LESSON', key: two.key, data: { editorNote: 'Added after.' } });
    const payload = await restore({ number: start, kind: 'LESSON', key: two.key });
    expect(payload.userErrors).toEqual([]);
    const doc = payload.draft.document as Json;
    expect(lesson(doc, two.key as string)).toEqual(two);
    expect((doc.lessons as Json[]).map((l) => l.key)).toEqual((first.lessons as Json[]).map((l) => l.key));
  });

  it('brings back a deleted body with its responsibilities, under its level', async () => {
    const period = (first.periods as Json[]).find((p) =>
      (p.levels as Json[] | undefined)?.some((l) =>
        (l.bodies as Json[] | undefined)?.some((b) => (b.responsibilities as unknown[] | undefined)?.length),
      ),
    )!;
    const level = (period.levels as Json[]).find((l) =>
      (l.bodies as Json[] | undefined)?.some((b) => (b.responsibilities as unknown[] | undefined)?.length),
    )!;
    const body = (level.bodies as Json[]).find((b) => (b.responsibilities as unknown[] | undefined)?.length)!;
    const { version } = await draftNow();
    saved(
      await editor.graphql(DELETE_PART, {
        edit: { slug: SLUG, expectedVersion: version, message: 'delete' },
        kind: 'BODY',
        key: body.key,
        periodKey: period.key,
      }),
      'deleteDraftPart',
    );
    // A field of a deleted part cannot come back alone.
    const alone = await restore({ number: start, kind: 'BODY', key: body.key, periodKey: period.key, field: 'name' });
    expect(alone.userErrors).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'field' }]);
    const payload = await restore({ number: start, kind: 'BODY', key: body.key, periodKey: period.key });
    expect(payload.userErrors).toEqual([]);
    const doc = payload.draft.document as Json;
    const back = ((doc.periods as Json[]).find((p) => p.key === period.key)!.levels as Json[]).find(
      (l) => l.key === level.key,
    )!.bodies as Json[];
    expect(back.find((b) => b.key === body.key)).toEqual(body);
  });

  it('refuses a revision or a part that is not there, and writes nothing', async () => {
    const before = await draftNow();
    const noRevision = await restore({ number: 9999, kind: 'LESSON', key: 'x' });
    expect(noRevision.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: 'number' }]);
    const noPart = await restore({ number: start, kind: 'LESSON', key: 'no-such-lesson' });
    expect(noPart.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: 'key' }]);
    const holder = await restore({
      number: start,
      kind: 'LESSON',
      key: (first.lessons as Json[])[0]!.key,
      field: 'cite.0',
    });
    expect(holder.userErrors).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'field' }]);
    const after = await draftNow();
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
  });
});
