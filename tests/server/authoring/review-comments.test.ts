import { afterAll, beforeAll, expect, it } from 'vitest';
import { limits } from '@casebook/schema';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  editPayload,
  PUBLISH,
  readDraft,
  REQUEST_CHANGES,
  saved,
  signedIn,
  SUBMIT,
  UserRole,
  USER_ERRORS,
  type Caller,
} from './helpers.js';

// The comments of a draft are read whole with it (in every authoring answer), so a draft holds at
// most `reviewComments.perCase` of them until it is published, when they are kept with the edition.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;
let reviewer: Caller;

const SLUG = 'alphaland';
const MAX = limits.reviewComments.perCase;
const COMMENT = `mutation ($body: String!) { addReviewComment(slug: "${SLUG}", body: $body) { comment { body } ${USER_ERRORS} } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rob@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

it('refuses a comment beyond the limit, and a request for changes that would add one, until publishing closes them', async () => {
  const started = saved(
    await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { draft { version } ${USER_ERRORS} } }`),
    'startDraft',
  );
  const version = started.draft.version as number;
  saved(await editor.graphql(SUBMIT, { slug: SLUG, v: version }), 'submitForReview');
  // All but one of the comments the draft may have, written directly.
  await db.dataSource.query(
    `INSERT INTO review_comment (case_id, body, author_label)
     SELECT id, 'Comment ' || n, 'rob@example.org' FROM case_study, generate_series(1, $1) AS n WHERE slug = $2`,
    [MAX - 1, SLUG],
  );
  expect(
    saved(await reviewer.graphql(COMMENT, { body: 'The last one there is room for' }), 'addReviewComment'),
  ).toMatchObject({ comment: { body: 'The last one there is room for' } });

  const refused = await editPayload(reviewer, COMMENT, 'addReviewComment', { body: 'One too many' });
  expect(refused).toEqual({
    comment: null,
    userErrors: [
      {
        field: null,
        code: 'WORKFLOW',
        message: `The draft has ${MAX} comments, the most it may have until it is published.`,
      },
    ],
  });
  // Asking for changes with a comment is refused whole: the draft stays in review, nothing is lost.
  const request = await editPayload(reviewer, REQUEST_CHANGES, 'requestChanges', {
    slug: SLUG,
    v: version,
    comment: 'Please cite the review',
  });
  expect(request.userErrors).toMatchObject([{ code: 'WORKFLOW' }]);
  const draft = await readDraft(editor, SLUG);
  expect(draft.status).toBe('IN_REVIEW');
  expect(draft.comments).toHaveLength(MAX);
  expect(draft.comments.at(-1).body).toBe('The last one there is room for');

  expect(saved(await reviewer.graphql(PUBLISH, { slug: SLUG, v: version }), 'publishDraft').edition).toBe(2);
  saved(await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { ${USER_ERRORS} } }`), 'startDraft');
  saved(await reviewer.graphql(COMMENT, { body: 'A fresh start' }), 'addReviewComment');
  expect((await readDraft(editor, SLUG)).comments).toEqual([
    { partKey: null, body: 'A fresh start', authorLabel: 'rob@example.org' },
  ]);
});
