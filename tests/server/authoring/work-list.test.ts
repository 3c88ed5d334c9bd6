import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import {
  CREATE_CASE,
  dataOf,
  editPayload,
  readDraft,
  REQUEST_CHANGES,
  saved,
  signedIn,
  SUBMIT,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// The work list: every draft with where it stands and who saved it last, what waits on the viewer
// (a draft in review on its reviewers, one sent back on the editor who saved it last), and the
// latest publications; and a submission its editor withdraws before a reviewer acts.
let db: TestDatabase;
let server: TestServer;
let eve: Caller;
let ed: Caller;
let rita: Caller;

const WORK = `{ workList { waitingOnMe drafts { slug name status changesRequestedBy changesRequestedAt updatedByLabel mine published waitsOnMe openThreads }
  recentlyPublished { slug name edition publishedAt publishedBy summary } } }`;
const WITHDRAW = `mutation ($slug: String!, $v: Int!) { withdrawSubmission(slug: $slug, expectedVersion: $v) { draft { status version changesRequestedBy } userErrors { field code message } } }`;

const workOf = async (who: Caller) => dataOf(await who.graphql(WORK)).workList as Json;
const item = (list: Json, slug: string) => (list.drafts as Json[]).find((d) => d.slug === slug);

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  eve = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  ed = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ed@example.org');
  rita = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rita@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the work list', () => {
  it('lists the latest publications, newest first, and no drafts while there are none', async () => {
    const list = await workOf(eve);
    expect(list.drafts).toEqual([]);
    expect(list.waitingOnMe).toBe(0);
    const published = list.recentlyPublished as Json[];
    expect(published.length).toBeGreaterThan(0);
    expect(published.length).toBeLessThanOrEqual(10);
    const times = published.map((p) => Date.parse(p.publishedAt as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(published.map((p) => p.slug)).toContain('finland');
  });

  it('follows a new case through review: waiting on the reviewer, withdrawn, sent back to its editor', async () => {
    const made = saved(
      await eve.graphql(CREATE_CASE, {
        input: { slug: 'wales', name: 'Wales', kind: 'COUNTRY', jurisdiction: 'Wales', summary: 'Wales today.' },
      }),
      'createCase',
    );
    expect(item(await workOf(eve), 'wales')).toEqual({
      slug: 'wales',
      name: 'Wales',
      status: 'DRAFT',
      changesRequestedBy: null,
      changesRequestedAt: null,
      updatedByLabel: 'eve@example.org',
      mine: true,
      published: false,
      waitsOnMe: false,
      openThreads: 0,
    });
    expect(item(await workOf(rita), 'wales')).toMatchObject({ mine: false, waitsOnMe: false });

    const v = made.draft.version as number;
    saved(await eve.graphql(SUBMIT, { slug: 'wales', v }), 'submitForReview');
    const forRita = await workOf(rita);
    expect(item(forRita, 'wales')).toMatchObject({ status: 'IN_REVIEW', waitsOnMe: true });
    expect(forRita.waitingOnMe).toBe(1);
    expect((await workOf(eve)).waitingOnMe).toBe(0);

    // Withdrawn before a reviewer acts, it is the editor's again and waits on no one.
    const withdrawn = await editPayload(eve, WITHDRAW, 'withdrawSubmission', { slug: 'wales', v });
    expect(withdrawn.userErrors).toEqual([]);
    expect(withdrawn.draft.status).toBe('DRAFT');
    expect((await workOf(rita)).waitingOnMe).toBe(0);
    const again = await editPayload(eve, WITHDRAW, 'withdrawSubmission', { slug: 'wales', v });
    expect(again.userErrors).toEqual([{ field: null, code: 'WORKFLOW', message: 'The draft is not in review.' }]);

    saved(await eve.graphql(SUBMIT, { slug: 'wales', v }), 'submitForReview');
    saved(await rita.graphql(REQUEST_CHANGES, { slug: 'wales', v, comment: 'Add the levels.' }), 'requestChanges');
    const forEve = await workOf(eve);
    expect(item(forEve, 'wales')).toMatchObject({
      status: 'DRAFT',
      changesRequestedBy: 'rita@example.org',
      waitsOnMe: true,
      // The reviewer's words are a thread the editor has yet to resolve.
      openThreads: 1,
    });
    expect(Date.parse(item(forEve, 'wales')!.changesRequestedAt as string)).not.toBeNaN();
    expect(forEve.waitingOnMe).toBe(1);
    // Another editor did not save it last: it does not wait on them, nor on the reviewer now.
    expect((await workOf(ed)).waitingOnMe).toBe(0);
    expect((await workOf(rita)).waitingOnMe).toBe(0);

    // Sent for review again, the request is answered.
    saved(await eve.graphql(SUBMIT, { slug: 'wales', v }), 'submitForReview');
    expect(item(await workOf(eve), 'wales')).toMatchObject({ changesRequestedBy: null, waitsOnMe: false });
    expect((await readDraft(eve, 'wales')).status).toBe('IN_REVIEW');
  });

  it('refuses a withdrawal from a reviewer, who cannot edit drafts', async () => {
    const reply = await rita.graphql(WITHDRAW, { slug: 'wales', v: 1 });
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
