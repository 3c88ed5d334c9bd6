import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { editPayload, readDraft, saved, signedIn, UserRole, type Caller, type Json } from './helpers.js';

// The author's order: a part moved among those beside it stays where it was put, and a period
// copied with everything in it starts the next period of the case.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'finland';
const REORDER = `mutation ($edit: DraftEditInput!, $kind: DraftPartKind!, $key: String!, $periodKey: String, $position: Int!) {
  reorderDraftPart(edit: $edit, kind: $kind, key: $key, periodKey: $periodKey, position: $position) { draft { version document } userErrors { field code message } } }`;
const COPY = `mutation ($edit: DraftEditInput!, $key: String!, $newKey: String!, $label: String!) {
  copyDraftPeriod(edit: $edit, key: $key, newKey: $newKey, label: $label) { draft { version document } userErrors { field code message } } }`;

const draftNow = () => readDraft(editor, SLUG);
async function send(query: string, field: string, vars: Json) {
  const { version } = await draftNow();
  return editPayload(editor, query, field, { edit: { slug: SLUG, expectedVersion: version }, ...vars });
}
const keys = (list: Json[] | undefined) => (list ?? []).map((x) => x.key as string);

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([fromRoot('seeds', `${SLUG}.yaml`)], { publish: true });
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  saved(
    await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { userErrors { field code message } } }`),
    'startDraft',
  );
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('moving a part among those beside it', () => {
  it('puts a period, a body and a lesson where they are moved, leaving what they hold as it was', async () => {
    const before = (await draftNow()).document as Json;
    const periods = keys(before.periods as Json[]);
    expect(periods.length).toBeGreaterThan(1);
    const last = periods[periods.length - 1]!;
    const moved = await send(REORDER, 'reorderDraftPart', { kind: 'PERIOD', key: last, position: 0 });
    expect(moved.userErrors).toEqual([]);
    const doc = moved.draft.document as Json;
    expect(keys(doc.periods as Json[])).toEqual([last, ...periods.slice(0, -1)]);
    expect((doc.periods as Json[])[0]).toEqual((before.periods as Json[]).at(-1));

    const period = (doc.periods as Json[]).find((p) =>
      (p.levels as Json[] | undefined)?.some((l) => ((l.bodies as Json[] | undefined)?.length ?? 0) > 1),
    )!;
    const level = (period.levels as Json[]).find((l) => ((l.bodies as Json[] | undefined)?.length ?? 0) > 1)!;
    const bodies = keys(level.bodies as Json[]);
    const body = await send(REORDER, 'reorderDraftPart', {
      kind: 'BODY',
      key: bodies[0],
      periodKey: period.key,
      position: bodies.length - 1,
    });
    expect(body.userErrors).toEqual([]);
    const levelNow = ((body.draft.document as Json).periods as Json[])
      .find((p) => p.key === period.key)!
      .levels.find((l: Json) => l.key === level.key) as Json;
    expect(keys(levelNow.bodies as Json[])).toEqual([...bodies.slice(1), bodies[0]]);

    const lessons = keys(before.lessons as Json[]);
    const lesson = await send(REORDER, 'reorderDraftPart', { kind: 'LESSON', key: lessons[2], position: 0 });
    expect(keys((lesson.draft.document as Json).lessons as Json[])).toEqual([
      lessons[2],
      ...lessons.filter((k) => k !== lessons[2]),
    ]);
  });

  it('refuses a place outside the list and a part that is not there, writing nothing', async () => {
    const before = await draftNow();
    const count = (before.document.lessons as Json[]).length;
    const far = await send(REORDER, 'reorderDraftPart', {
      kind: 'LESSON',
      key: before.document.lessons[0].key,
      position: count,
    });
    expect(far.userErrors).toEqual([
      {
        field: 'position',
        code: 'BAD_USER_INPUT',
        message: `Give a place from 0 to ${count - 1}: there are ${count} beside it.`,
      },
    ]);
    const none = await send(REORDER, 'reorderDraftPart', { kind: 'LESSON', key: 'no-such-lesson', position: 0 });
    expect(none.userErrors).toMatchObject([{ field: 'key', code: 'NOT_FOUND' }]);
    const after = await draftNow();
    expect(after.version).toBe(before.version);
  });
});

describe('copying a period', () => {
  it('adds a copy with every part and its sources right after it, without dates or a review date', async () => {
    const before = (await draftNow()).document as Json;
    const index = (before.periods as Json[]).findIndex((p) => (p.levels as Json[] | undefined)?.length);
    const from = (before.periods as Json[])[index]!;
    const copied = await send(COPY, 'copyDraftPeriod', {
      key: from.key,
      newKey: 'after-the-reform',
      label: 'After the reform',
    });
    expect(copied.userErrors).toEqual([]);
    const periods = (copied.draft.document as Json).periods as Json[];
    expect(periods[index + 1]!.key).toBe('after-the-reform');
    const copy = periods[index + 1]!;
    expect(copy.label).toBe('After the reform');
    for (const field of ['validFrom', 'validTo', 'reviewed']) expect(copy[field]).toBeUndefined();
    /** A period's parts, without what names and dates it. */
    const content = (p: Json) =>
      Object.fromEntries(
        Object.entries(p).filter(
          ([k]) => !['key', 'label', 'validFrom', 'validTo', 'reviewed', 'editorNote'].includes(k),
        ),
      );
    expect(content(copy)).toEqual(content(from));
    // The period copied is as it was.
    expect(periods[index]).toEqual(from);
  });

  it('refuses a key another period has, naming it', async () => {
    const before = await draftNow();
    const [first] = before.document.periods as Json[];
    const refused = await send(COPY, 'copyDraftPeriod', { key: first!.key, newKey: first!.key, label: 'Again' });
    expect(refused.userErrors).toEqual([
      {
        field: 'newKey',
        code: 'BAD_USER_INPUT',
        message: `The key ${first!.key as string} is already used by the period ${first!.label as string}.`,
      },
    ]);
    expect((await draftNow()).version).toBe(before.version);
  });
});
