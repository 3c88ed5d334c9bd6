import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  dataOf,
  editPayload,
  errorCodes,
  PUBLISH,
  REQUEST_CHANGES,
  saved,
  signedIn,
  SUBMIT,
  tokenCaller,
  UserRole,
  USER_ERRORS,
  type Caller,
  type Json,
} from './helpers.js';

// Review that flows: comments on any part and field, answered in threads, resolved, kept with the
// edition they were published with; and everyone concerned told in the app.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;
let otherEditor: Caller;
let reviewer: Caller;
let admin: Caller;

const SLUG = 'alphaland';
const COMMENT_FIELDS =
  'id about partKind partKey periodKey field parentId body authorLabel resolvedAt resolvedBy edition';
const COMMENT = `mutation ($body: String!, $partKind: DraftPartKind, $partKey: String, $periodKey: String, $field: String, $parentId: ID) {
  addReviewComment(slug: "${SLUG}", body: $body, partKind: $partKind, partKey: $partKey, periodKey: $periodKey, field: $field, parentId: $parentId) {
    comment { ${COMMENT_FIELDS} } ${USER_ERRORS} } }`;
const RESOLVE = `mutation ($id: ID!, $resolved: Boolean!) { resolveReviewComment(id: $id, resolved: $resolved) { comment { ${COMMENT_FIELDS} } ${USER_ERRORS} } }`;
const COMMENTS = `query { draft(slug: "${SLUG}") { version comments { ${COMMENT_FIELDS} } } }`;
const PUBLISHED = `query ($edition: Int) { publishedReviewComments(slug: "${SLUG}", edition: $edition) { ${COMMENT_FIELDS} } }`;
const NOTIFICATIONS = `query { notifications { unread items { id kind slug caseName actorLabel excerpt commentId edition read } } }`;
const MARK = `mutation ($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) { unread ${USER_ERRORS} } }`;

const comment = (who: Caller, variables: Record<string, unknown>) =>
  editPayload(who, COMMENT, 'addReviewComment', variables);
const notifications = async (who: Caller): Promise<{ unread: number; items: Json[] }> =>
  dataOf(await who.graphql(NOTIFICATIONS), 'notifications').notifications as { unread: number; items: Json[] };
const draftVersion = async () => dataOf(await editor.graphql(COMMENTS), 'draft').draft.version as number;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  otherEditor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ed@example.org');
  reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rob@example.org');
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'ada@example.org');
  // The editor starts the draft and saves in it: they are the one who works on it.
  saved(await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { ${USER_ERRORS} } }`), 'startDraft');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('comments on any part and field', () => {
  it('anchors a comment to one field of a body in a period, and to the headline', async () => {
    const onField = await comment(reviewer, {
      body: 'Which act set this up?',
      partKind: 'BODY',
      partKey: 'county-councils',
      periodKey: 'from-2020',
      field: 'name',
    });
    expect(onField).toMatchObject({
      comment: { partKind: 'BODY', partKey: 'county-councils', periodKey: 'from-2020', field: 'name', parentId: null },
      userErrors: [],
    });
    // What it is about, in words, for readers of the API as for the app.
    expect(onField.comment.about).toBe('Body “County councils” in the period “County services (from 2020)”, its name');
    const onHeadline = await comment(reviewer, { body: 'The summary reads well.', partKind: 'CASE' });
    expect(onHeadline.comment).toMatchObject({ partKind: 'CASE', partKey: null, field: null });
  });

  it('refuses an anchor the draft does not have, naming the argument', async () => {
    expect(
      await comment(reviewer, { body: 'x', partKind: 'BODY', partKey: 'no-such-body', periodKey: 'from-2020' }),
    ).toMatchObject({ comment: null, userErrors: [{ field: 'partKey', code: 'NOT_FOUND' }] });
    expect(await comment(reviewer, { body: 'x', partKind: 'BODY', partKey: 'county-councils' })).toMatchObject({
      userErrors: [{ field: 'periodKey', code: 'BAD_USER_INPUT' }],
    });
    expect(
      await comment(reviewer, {
        body: 'x',
        partKind: 'LESSON',
        partKey: 'pooled-budgets',
        field: 'noSuchField',
      }),
    ).toMatchObject({ userErrors: [{ field: 'field', code: 'BAD_USER_INPUT' }] });
    expect(await comment(reviewer, { body: 'x', field: 'name' })).toMatchObject({
      userErrors: [{ field: 'field', code: 'BAD_USER_INPUT' }],
    });
    // A key alone names a lesson or a source, as before parts had kinds.
    expect((await comment(reviewer, { body: 'Cite the review', partKey: 'pooled-budgets' })).comment).toMatchObject({
      partKind: 'LESSON',
      partKey: 'pooled-budgets',
    });
    expect(await comment(reviewer, { body: 'x', partKey: 'county-councils' })).toMatchObject({
      userErrors: [{ field: 'partKey', code: 'NOT_FOUND' }],
    });
  });
});

describe('threads', () => {
  it('answers a comment in its thread, about what the thread is about, and resolves the thread', async () => {
    const root = (
      await comment(reviewer, { body: 'Is the date right?', partKind: 'EVENT', partKey: 'reform-law', field: 'date' })
    ).comment as Json;
    const reply = (await comment(editor, { body: 'Yes: the act says so.', parentId: root.id })).comment as Json;
    expect(reply).toMatchObject({ parentId: root.id, partKind: 'EVENT', partKey: 'reform-law', field: 'date' });
    // An answer to an answer joins the same thread.
    const again = (await comment(reviewer, { body: 'Thanks.', parentId: reply.id })).comment as Json;
    expect(again.parentId).toBe(root.id);
    expect(await comment(editor, { body: 'x', parentId: root.id, partKind: 'CASE' })).toMatchObject({
      userErrors: [{ field: 'parentId', code: 'BAD_USER_INPUT' }],
    });
    expect(await comment(editor, { body: 'x', parentId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      userErrors: [{ field: 'parentId', code: 'NOT_FOUND' }],
    });

    const resolved = await editPayload(editor, RESOLVE, 'resolveReviewComment', { id: root.id, resolved: true });
    expect(resolved).toMatchObject({ comment: { id: root.id, resolvedBy: 'eve@example.org' }, userErrors: [] });
    expect(resolved.comment.resolvedAt).not.toBeNull();
    expect(await editPayload(editor, RESOLVE, 'resolveReviewComment', { id: reply.id, resolved: true })).toMatchObject({
      userErrors: [{ field: 'id', code: 'BAD_USER_INPUT' }],
    });
    const opened = await editPayload(reviewer, RESOLVE, 'resolveReviewComment', { id: root.id, resolved: false });
    expect(opened.comment).toMatchObject({ resolvedAt: null, resolvedBy: null });
  });

  it('keeps the comments with the edition they were published with, read-only', async () => {
    const before = (dataOf(await editor.graphql(COMMENTS), 'draft').draft.comments as Json[]).length;
    expect(before).toBeGreaterThan(3);
    const v = await draftVersion();
    saved(await editor.graphql(SUBMIT, { slug: SLUG, v }), 'submitForReview');
    expect(saved(await reviewer.graphql(PUBLISH, { slug: SLUG, v }), 'publishDraft').edition).toBe(2);

    const kept = dataOf(await reviewer.graphql(PUBLISHED, { edition: 2 }), 'publishedReviewComments')
      .publishedReviewComments as Json[];
    expect(kept).toHaveLength(before);
    expect(kept.every((c) => c.edition === 2)).toBe(true);
    expect(kept.find((c) => c.field === 'name')).toMatchObject({
      partKind: 'BODY',
      body: 'Which act set this up?',
      about: 'Body “County councils” in the period “County services (from 2020)”, its name',
    });
    expect(kept.find((c) => c.partKind === 'EVENT')?.about).toBe('Event “Reform law passed”, its date');
    // A new draft starts with no comments; the kept ones cannot be answered or resolved.
    saved(await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { ${USER_ERRORS} } }`), 'startDraft');
    expect(dataOf(await editor.graphql(COMMENTS), 'draft').draft.comments).toEqual([]);
    expect(await comment(reviewer, { body: 'Late', parentId: kept[0]!.id })).toMatchObject({
      userErrors: [{ field: 'parentId', code: 'WORKFLOW' }],
    });
    expect(
      await editPayload(reviewer, RESOLVE, 'resolveReviewComment', { id: kept[0]!.id, resolved: true }),
    ).toMatchObject({ userErrors: [{ field: 'id', code: 'WORKFLOW' }] });
    // Readers who may not read drafts do not see them.
    const anonymous = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PUBLISHED, variables: {} }),
    });
    expect(
      ((await anonymous.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code,
    ).toBe('UNAUTHENTICATED');
  });
});

describe('notifications', () => {
  it('tells the reviewers of a request, the editors of changes asked for, of comments and of the publication', async () => {
    await editor.graphql(MARK, { all: true });
    await reviewer.graphql(MARK, { all: true });
    await admin.graphql(MARK, { all: true });
    await otherEditor.graphql(MARK, { all: true });

    // The editor saves in the new draft and sends it for review: every reviewer (and admin) is told.
    saved(
      await editor.graphql(
        `mutation ($v: Int!) { saveDraftPart(edit: { slug: "${SLUG}", expectedVersion: $v }, mode: UPDATE, part: { kind: LESSON, key: "pooled-budgets", data: { title: "Pool budgets early" } }) { ${USER_ERRORS} } }`,
        { v: await draftVersion() },
      ),
      'saveDraftPart',
    );
    saved(await editor.graphql(SUBMIT, { slug: SLUG, v: await draftVersion() }), 'submitForReview');
    for (const who of [reviewer, admin]) {
      const n = await notifications(who);
      expect(n.unread).toBe(1);
      expect(n.items[0]).toMatchObject({
        kind: 'REVIEW_REQUESTED',
        slug: SLUG,
        actorLabel: 'eve@example.org',
        read: false,
      });
    }
    expect((await notifications(editor)).unread).toBe(0);
    expect((await notifications(otherEditor)).unread).toBe(0);

    // Changes asked for reach the editor who worked on it, with the start of the reviewer's words.
    saved(
      await reviewer.graphql(REQUEST_CHANGES, {
        slug: SLUG,
        v: await draftVersion(),
        comment: 'Cite the 2021 review.',
      }),
      'requestChanges',
    );
    const told = await notifications(editor);
    expect(told.unread).toBe(1);
    expect(told.items[0]).toMatchObject({ kind: 'CHANGES_REQUESTED', excerpt: 'Cite the 2021 review.' });
    expect((await notifications(otherEditor)).unread).toBe(0);

    // A comment reaches those who work on the draft (the editor, and the reviewer who commented).
    const root = (
      await comment(editor, { body: 'Done, see the lesson.', partKind: 'LESSON', partKey: 'pooled-budgets' })
    ).comment as Json;
    const forReviewer = await notifications(reviewer);
    expect(forReviewer.items[0]).toMatchObject({
      kind: 'COMMENTED',
      commentId: root.id,
      excerpt: 'Done, see the lesson.',
    });
    // A reply reaches the thread's writers; the one who writes it is never told.
    await comment(otherEditor, { body: 'Agreed.', parentId: root.id });
    expect((await notifications(editor)).items[0]).toMatchObject({ kind: 'REPLIED', actorLabel: 'ed@example.org' });
    expect((await notifications(otherEditor)).items.some((i) => i.kind === 'REPLIED')).toBe(false);

    saved(await editor.graphql(SUBMIT, { slug: SLUG, v: await draftVersion() }), 'submitForReview');
    saved(await reviewer.graphql(PUBLISH, { slug: SLUG, v: await draftVersion() }), 'publishDraft');
    expect((await notifications(editor)).items[0]).toMatchObject({ kind: 'PUBLISHED', edition: 3 });
    expect((await notifications(otherEditor)).items[0]).toMatchObject({ kind: 'PUBLISHED', edition: 3 });
    expect((await notifications(reviewer)).items[0]?.kind).not.toBe('PUBLISHED');
  });

  it('marks read only the viewer’s own, and refuses a token', async () => {
    const mine = await notifications(editor);
    expect(mine.unread).toBeGreaterThan(1);
    const first = mine.items[0]!;
    // Someone else naming the editor's notification marks nothing of the editor's.
    saved(await reviewer.graphql(MARK, { ids: [first.id] }), 'markNotificationsRead');
    expect((await notifications(editor)).unread).toBe(mine.unread);

    const marked = saved(await editor.graphql(MARK, { ids: [first.id] }), 'markNotificationsRead');
    expect(marked.unread).toBe(mine.unread - 1);
    expect((await notifications(editor)).items[0]).toMatchObject({ id: first.id, read: true });
    expect(await editPayload(editor, MARK, 'markNotificationsRead', {})).toMatchObject({
      userErrors: [{ field: 'ids', code: 'BAD_USER_INPUT' }],
    });
    expect(await editPayload(editor, MARK, 'markNotificationsRead', { ids: ['not-an-id'] })).toMatchObject({
      userErrors: [{ field: 'ids', code: 'BAD_USER_INPUT' }],
    });
    expect(saved(await editor.graphql(MARK, { all: true }), 'markNotificationsRead').unread).toBe(0);

    const token = await tokenCaller(server.url, admin, 'READ');
    expect(errorCodes(await token.graphql(NOTIFICATIONS))).toEqual(['FORBIDDEN']);
  });
});
