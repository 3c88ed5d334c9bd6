import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedRootFields } from '../../../server/src/common/published.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  anonymous,
  CREATE_CASE,
  dataOf,
  errorCodes,
  makeUser,
  saved,
  signedIn,
  tokenCaller,
  UserRole,
  type Caller,
  type Json,
  type Reply,
} from './helpers.js';

// Who may do what: every authoring mutation and protected query, called by each kind of caller.
// A refusal is a top-level UNAUTHENTICATED (nobody signed in) or FORBIDDEN (signed in, not
// allowed) error and a `refused` line in the audit log (for anonymous callers, a count on the line
// of their address and minute); anything else must go through to the
// service (its payload may still hold user errors such as CONFLICT, which is not a refusal).
let db: TestDatabase;
let server: TestServer;

type CallerName =
  'anonymous' | 'ADMIN' | 'EDITOR' | 'REVIEWER' | 'VIEWER' | 'PUBLISHED token' | 'READ token' | 'WRITE token';
const CALLERS: CallerName[] = [
  'anonymous',
  'ADMIN',
  'EDITOR',
  'REVIEWER',
  'VIEWER',
  'PUBLISHED token',
  'READ token',
  'WRITE token',
];
const callers = {} as Record<CallerName, Caller>;

/** The capability table of the brief, written out per caller rather than computed by server code. */
const READ_DRAFTS: CallerName[] = ['ADMIN', 'EDITOR', 'REVIEWER', 'VIEWER', 'READ token', 'WRITE token'];
const EDIT_DRAFTS: CallerName[] = ['ADMIN', 'EDITOR', 'WRITE token'];
const REVIEW: CallerName[] = ['ADMIN', 'REVIEWER'];
const ADMIN: CallerName[] = ['ADMIN'];
/** Review comments are for the people who review and edit; API tokens do not comment. */
const COMMENT: CallerName[] = ['ADMIN', 'EDITOR', 'REVIEWER'];
/** A person's own password and sessions: anyone signed in, never an API token. */
const OWN_ACCOUNT: CallerName[] = ['ADMIN', 'EDITOR', 'REVIEWER', 'VIEWER'];

const PUBLISHED = 'alphaland';
const DRAFTED = 'perm-case';
const STALE = { slug: DRAFTED, expectedVersion: 9999 };
let spareUserId: string;
let spareTokenId: string;

interface Operation {
  /** The query or mutation field, as in the schema. */
  field: string;
  /** What the audit log calls it. */
  action: string;
  allowed: CallerName[];
  /** What a refusal names as missing (the audit line's detail is `needs CAPABILITY`). */
  needs: (caller: CallerName) => string;
  document: string;
  variables: (i: number) => Record<string, unknown>;
}

const op = (
  field: string,
  allowed: CallerName[],
  capability: string,
  document: string,
  variables: (i: number) => Record<string, unknown> = () => ({}),
  action = field,
): Operation => ({
  field,
  action,
  allowed,
  needs: () => capability,
  document,
  variables,
});

const PAYLOAD = '{ userErrors { code } }';
const OPERATIONS: Operation[] = [
  op('draft', READ_DRAFTS, 'readDrafts', `query ($slug: String!) { draft(slug: $slug) { version } }`, () => ({
    slug: DRAFTED,
  })),
  op(
    'revisions',
    READ_DRAFTS,
    'readDrafts',
    `query ($slug: String!) { revisions(slug: $slug) { nodes { number } } }`,
    () => ({
      slug: PUBLISHED,
    }),
  ),
  op(
    'revisionDiff',
    READ_DRAFTS,
    'readDrafts',
    `query ($slug: String!) { revisionDiff(slug: $slug, from: 1, to: 1) { path } }`,
    () => ({ slug: PUBLISHED }),
  ),
  op('coverageMap', READ_DRAFTS, 'readDrafts', `{ coverageMap { slug unsourced } }`),
  op('workList', READ_DRAFTS, 'readDrafts', `{ workList { waitingOnMe } }`),
  op(
    'caseStudy',
    READ_DRAFTS,
    'readDrafts',
    `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { name } }`,
    () => ({ slug: DRAFTED }),
    'caseStudy(draft)',
  ),
  op('sessions', OWN_ACCOUNT, 'ownAccount', `{ sessions { id current } }`),
  op('notifications', OWN_ACCOUNT, 'ownAccount', `{ notifications { unread } }`),
  op(
    'markNotificationsRead',
    OWN_ACCOUNT,
    'ownAccount',
    `mutation { markNotificationsRead(all: true) { unread userErrors { code } } }`,
  ),
  op(
    'publishedReviewComments',
    READ_DRAFTS,
    'readDrafts',
    `query ($slug: String!) { publishedReviewComments(slug: $slug) { id } }`,
    () => ({ slug: PUBLISHED }),
  ),
  op('endSessions', OWN_ACCOUNT, 'ownAccount', `mutation { endSessions { endedSessions userErrors { code } } }`),
  op(
    'changePassword',
    OWN_ACCOUNT,
    'ownAccount',
    `mutation { changePassword(currentPassword: "not the password", newPassword: "a new long password") ${PAYLOAD} }`,
  ),
  op(
    'resetPassword',
    ADMIN,
    'admin',
    `mutation ($id: ID!) { resetPassword(id: $id, password: "reset by an admin") ${PAYLOAD} }`,
    () => ({ id: spareUserId }),
  ),
  op('clearSignInLimit', ADMIN, 'admin', `mutation { clearSignInLimit(email: "spare@example.org") }`),
  op('users', ADMIN, 'admin', `{ users { email } }`),
  op('apiTokens', ADMIN, 'admin', `{ apiTokens { name } }`),
  op('auditLog', ADMIN, 'admin', `{ auditLog(first: 1) { totalCount } }`),
  op(
    'createUser',
    ADMIN,
    'admin',
    `mutation ($email: String!) { createUser(email: $email, role: VIEWER, password: "long enough password") ${PAYLOAD} }`,
    (i) => ({ email: `made-${i}@example.org` }),
  ),
  op('updateUser', ADMIN, 'admin', `mutation ($id: ID!) { updateUser(id: $id, role: VIEWER) ${PAYLOAD} }`, () => ({
    id: spareUserId,
  })),
  op(
    'createApiToken',
    ADMIN,
    'admin',
    `mutation ($name: String!) { createApiToken(name: $name, scope: READ, expiresInDays: 1) ${PAYLOAD} }`,
    (i) => ({ name: `made-${i}` }),
  ),
  op('revokeApiToken', ADMIN, 'admin', `mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, () => ({
    id: spareTokenId,
  })),
  op('createCase', EDIT_DRAFTS, 'editDrafts', CREATE_CASE, (i) => ({
    input: {
      slug: `made-${i}`,
      name: `Made ${i}`,
      kind: 'COUNTRY',
      jurisdiction: 'Made',
      summary: 'Made by the permission test.',
    },
  })),
  op(
    'startDraft',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { startDraft(slug: $slug) ${PAYLOAD} }`,
    () => ({ slug: PUBLISHED }),
  ),
  op(
    'saveDraft',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($edit: DraftEditInput!, $doc: JSONObject!) { saveDraft(edit: $edit, document: $doc) ${PAYLOAD} }`,
    () => ({ edit: STALE, doc: { slug: DRAFTED } }),
  ),
  op(
    'saveDraftPart',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($edit: DraftEditInput!) { saveDraftPart(edit: $edit, part: { kind: CASE, data: { summary: "Changed." } }) ${PAYLOAD} }`,
    () => ({ edit: STALE }),
  ),
  op(
    'deleteDraftPart',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($edit: DraftEditInput!) { deleteDraftPart(edit: $edit, kind: PERIOD, key: "current") ${PAYLOAD} }`,
    () => ({ edit: STALE }),
  ),
  op(
    'restoreRevision',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { restoreRevision(slug: $slug, number: 1, expectedVersion: 9999) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'submitForReview',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { submitForReview(slug: $slug, expectedVersion: 9999) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'pendingChanges',
    EDIT_DRAFTS,
    'editDrafts',
    `query ($slug: String!) { pendingChanges(slug: $slug) { form } }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'keepPendingChange',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { keepPendingChange(slug: $slug, form: "f", label: "l", state: {}) { userErrors { code } } }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'discardPendingChange',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { discardPendingChange(slug: $slug, form: "f") { discarded } }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'reorderDraftPart',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { reorderDraftPart(edit: { slug: $slug, expectedVersion: 9999 }, kind: LESSON, key: "x", position: 0) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'copyDraftPeriod',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { copyDraftPeriod(edit: { slug: $slug, expectedVersion: 9999 }, key: "x", newKey: "y", label: "Y") ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'mergeDraftSources',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { mergeDraftSources(edit: { slug: $slug, expectedVersion: 9999 }, keep: "a", merge: "b") ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'citeDraftClaims',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { citeDraftClaims(edit: { slug: $slug, expectedVersion: 9999 }, sourceKey: "a", claims: [{ kind: LESSON, key: "x" }]) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'restoreRevisionPart',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { restoreRevisionPart(slug: $slug, number: 1, kind: CASE, expectedVersion: 9999) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'withdrawSubmission',
    EDIT_DRAFTS,
    'editDrafts',
    `mutation ($slug: String!) { withdrawSubmission(slug: $slug, expectedVersion: 9999) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'requestChanges',
    REVIEW,
    'review',
    `mutation ($slug: String!) { requestChanges(slug: $slug, expectedVersion: 9999, comment: "Please cite.") ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  op(
    'publishDraft',
    REVIEW,
    'review',
    `mutation ($slug: String!) { publishDraft(slug: $slug, expectedVersion: 9999) ${PAYLOAD} }`,
    () => ({ slug: DRAFTED }),
  ),
  {
    ...op(
      'addReviewComment',
      COMMENT,
      'review',
      `mutation ($slug: String!) { addReviewComment(slug: $slug, body: "Which source says this?", partKey: "current") ${PAYLOAD} }`,
      () => ({ slug: DRAFTED }),
    ),
    // Nobody signed in (or a PUBLISHED token) lacks even the right to read the draft; the others lack the right to review.
    needs: (caller) => (caller === 'anonymous' || caller === 'PUBLISHED token' ? 'readDrafts' : 'review'),
  },
  {
    ...op(
      'resolveReviewComment',
      COMMENT,
      'review',
      `mutation { resolveReviewComment(id: "00000000-0000-4000-8000-000000000000", resolved: true) ${PAYLOAD} }`,
    ),
    needs: (caller) => (caller === 'anonymous' || caller === 'PUBLISHED token' ? 'readDrafts' : 'review'),
  },
];

/** Every answer of the matrix, by operation and caller, collected once. */
const answers = new Map<string, Reply<Json>>();
const cell = (field: string, caller: CallerName) => `${field} by ${caller}`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  callers.anonymous = anonymous(server.url);
  callers.ADMIN = await signedIn(server.url, db.dataSource, UserRole.ADMIN);
  callers.EDITOR = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
  callers.REVIEWER = await signedIn(server.url, db.dataSource, UserRole.REVIEWER);
  callers.VIEWER = await signedIn(server.url, db.dataSource, UserRole.VIEWER);
  callers['PUBLISHED token'] = await tokenCaller(server.url, callers.ADMIN, 'PUBLISHED');
  callers['READ token'] = await tokenCaller(server.url, callers.ADMIN, 'READ');
  callers['WRITE token'] = await tokenCaller(server.url, callers.ADMIN, 'WRITE');
  spareUserId = (await makeUser(db.dataSource, UserRole.EDITOR, 'spare@example.org')).id;
  spareTokenId = (await tokenCaller(server.url, callers.ADMIN, 'READ', 'spare')).id;
  saved(
    await callers.ADMIN.graphql(CREATE_CASE, {
      input: {
        slug: DRAFTED,
        name: 'Permission case',
        kind: 'COUNTRY',
        jurisdiction: 'Nowhere',
        summary: 'A draft to be edited.',
      },
    }),
    'createCase',
  );

  for (const operation of OPERATIONS) {
    for (const [i, name] of CALLERS.entries()) {
      answers.set(cell(operation.field, name), await callers[name].graphql(operation.document, operation.variables(i)));
    }
  }
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the permission matrix', () => {
  it('covers every mutation in the schema and every query that is not public', async () => {
    const schema = await createSchema();
    const covered = new Set(OPERATIONS.map((o) => o.field));
    const openToAll = new Set(['signIn', 'signOut']);
    // Public: the published reads the schema declares (the same list the response cache uses),
    // `node` (which checks nothing beyond what the ids lead to) and `viewer` (who is asking).
    const published = publishedRootFields(schema);
    const publicQueries = new Set([...published, 'node', 'viewer']);
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    const queries = Object.keys(schema.getQueryType()!.getFields());
    expect(mutations.filter((m) => !covered.has(m) && !openToAll.has(m))).toEqual([]);
    expect(queries.filter((q) => !covered.has(q) && !publicQueries.has(q))).toEqual([]);
    expect(published.size, 'the schema declares published reads').toBeGreaterThan(0);
    // Nothing the matrix protects is declared a published read, except where it asks for a draft.
    expect(
      OPERATIONS.filter((o) => published.has(o.field) && !o.document.includes('draft: true')).map((o) => o.field),
    ).toEqual([]);
  });

  for (const operation of OPERATIONS) {
    describe(operation.field, () => {
      for (const name of CALLERS) {
        const allowed = operation.allowed.includes(name);
        it(
          allowed
            ? `is allowed for ${name}`
            : `is refused to ${name} (${name === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'})`,
          () => {
            const reply = answers.get(cell(operation.field, name))!;
            if (allowed) {
              expect(reply.body.errors, JSON.stringify(reply.body.errors)).toBeUndefined();
              expect(reply.body.data).toHaveProperty(operation.field);
            } else {
              expect(errorCodes(reply)).toEqual([name === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
              expect(reply.body.data?.[operation.field] ?? null).toBeNull();
            }
          },
        );
      }
    });
  }
});

describe('the audit log', () => {
  it('has a refused line for each refusal of the matrix, naming the caller and what they lacked, and none for what was allowed', async () => {
    const lines: Json[] = [];
    for (let after: string | null = null; ;) {
      const page = dataOf(
        await callers.ADMIN.graphql(
          `query ($after: String) { auditLog(outcome: "refused", first: 100, after: $after) { nodes { action outcome actorLabel detail count } pageInfo { hasNextPage endCursor } } }`,
          { after },
        ),
        'auditLog',
      ).auditLog as Json;
      lines.push(...(page.nodes as Json[]));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor as string;
    }
    // Signed-in callers and tokens: one line per refused request.
    const refusals = lines
      .filter((l) => String(l.detail).startsWith('needs ') && l.actorLabel !== 'anonymous')
      .map((l) => `${l.action} by ${l.actorLabel}: ${l.detail}`);
    const signedIn = CALLERS.filter((name) => name !== 'anonymous');
    const expected = OPERATIONS.flatMap((o) =>
      signedIn
        .filter((name) => !o.allowed.includes(name))
        .map((name) => `${o.action} by ${callers[name].label}: needs ${o.needs(name)}`),
    );
    expect(refusals.sort()).toEqual(expected.sort());
    // Anonymous callers: counted per address and minute, naming what they lacked.
    const counted = lines.filter((l) => l.actorLabel === 'anonymous' && String(l.detail).startsWith('needs '));
    expect(counted.every((l) => l.action === 'anonymous.refused')).toBe(true);
    const refusedToAnonymous = OPERATIONS.filter((o) => !o.allowed.includes('anonymous'));
    expect(counted.reduce((sum, l) => sum + (l.count as number), 0)).toBe(refusedToAnonymous.length);
    const needed = new Set(counted.flatMap((l) => String(l.detail).slice('needs '.length).split(', ')));
    expect([...needed].sort()).toEqual([...new Set(refusedToAnonymous.map((o) => o.needs('anonymous')))].sort());
    expect(lines.every((l) => l.outcome === 'refused')).toBe(true);
  });
});

describe('open to everyone', () => {
  it('reads published content anonymously, and keeps unpublished cases out of it', async () => {
    const reply = await callers.anonymous.graphql(
      `query ($slug: String!, $drafted: String!) {
      caseStudy(slug: $slug) { name edition }
      unpublished: caseStudy(slug: $drafted) { name }
      caseStudies(first: 10) { nodes { slug } }
      publishedChanges { nodes { edition caseStudy { slug } } }
      viewer { email }
    }`,
      { slug: PUBLISHED, drafted: DRAFTED },
    );
    const data = dataOf(reply, 'published reads');
    expect(data.caseStudy).toEqual({ name: 'Alphaland', edition: 1 });
    expect(data.unpublished).toBeNull();
    expect((data.caseStudies.nodes as Json[]).map((n) => n.slug)).toEqual([PUBLISHED]);
    expect(data.publishedChanges.nodes).toEqual([{ edition: 1, caseStudy: { slug: PUBLISHED } }]);
    expect(data.viewer).toBeNull();
    // A draft's read model is stored as edition 0: asking for it by number must not show it.
    expect(
      dataOf(
        await callers.ADMIN.graphql(`query ($slug: String!) { draft(slug: $slug) { version } }`, { slug: PUBLISHED }),
      ).draft,
      'the matrix started a draft',
    ).not.toBeNull();
    const byNumber = await callers.anonymous.graphql(
      `query ($slug: String!) { caseStudy(slug: $slug, edition: 0) { name edition } }`,
      { slug: PUBLISHED },
    );
    expect(errorCodes(byNumber)).toEqual(['BAD_USER_INPUT']);
    expect(byNumber.body.data?.caseStudy ?? null).toBeNull();
  });

  it('lets anyone try to sign in and sign out: a wrong password is a user error, signing out without a session does nothing', async () => {
    for (const [i, name] of CALLERS.entries()) {
      const reply = await callers[name].graphql(
        `mutation ($email: String!) { signIn(email: $email, password: "not the password") { userErrors { code } } }`,
        { email: `nobody-${i}@example.org` },
      );
      expect(dataOf(reply, `signIn by ${name}`).signIn.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
    for (const name of ['anonymous', 'PUBLISHED token', 'READ token', 'WRITE token'] as const) {
      expect(dataOf(await callers[name].graphql(`mutation { signOut }`), `signOut by ${name}`).signOut).toBe(false);
    }
  });
});
