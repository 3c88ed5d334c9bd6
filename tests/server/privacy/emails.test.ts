import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicPublisherLabels1764150000000 } from '../../../server/src/db/migrations/1764150000000-public-publisher-labels.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import {
  anonymous,
  dataOf,
  PUBLISH,
  saved,
  signedIn,
  SUBMIT,
  USER_ERRORS,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';

// Staff email addresses are for staff: whatever anyone may read shows a publisher by display
// name, or a neutral label when the account has none, never by address.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;
let named: Caller & { userId: string };
let unnamed: Caller & { userId: string };
let nobody: Caller;

const START = `mutation ($slug: String!) { startDraft(slug: $slug) { draft { version } ${USER_ERRORS} } }`;

/** Everything public that could name a person: every published field near a publication. */
const PUBLIC_READ = `{
  publishedChanges(first: 20) { totalCount nodes { edition publishedAt publishedByLabel summary changes { part path label } caseStudy { slug name } } }
  caseStudies(first: 20) { nodes { slug name summary } }
  sources(first: 20) { nodes { title url publisher } }
}`;

/** An editor drafts `slug` from its edition and sends it for review; `reviewer` publishes it. */
async function publishAs(reviewer: Caller, slug: string): Promise<void> {
  const started = saved(await editor.graphql(START, { slug }), 'startDraft');
  const submitted = saved(await editor.graphql(SUBMIT, { slug, v: started.draft.version }), 'submitForReview');
  saved(await reviewer.graphql(PUBLISH, { slug, v: submitted.draft.version }), 'publishDraft');
}

/** Staff addresses in a text: the tests' accounts are all @example.org. */
const addresses = (text: string): string[] => text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
  named = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rita.reviewer@example.org');
  unnamed = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'ada.admin@example.org');
  await db.dataSource.query(`UPDATE app_user SET name = 'Rita Reviewer' WHERE id = $1`, [named.userId]);
  await db.dataSource.query(`UPDATE app_user SET name = '' WHERE id = $1`, [unnamed.userId]);
  nobody = anonymous(server.url);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('who published, as everyone reads it', () => {
  it('is the display name of the reviewer, or "a reviewer" without one, never an address', async () => {
    await publishAs(named, 'finland');
    await publishAs(unnamed, 'ireland');
    const changes = dataOf(await nobody.graphql(PUBLIC_READ), 'public read').publishedChanges.nodes as Json[];
    // Newest first: each case's latest publication is the one just made.
    const latest = (slug: string) => changes.find((c) => c.caseStudy.slug === slug)?.publishedByLabel as string;
    expect(latest('finland')).toBe('Rita Reviewer');
    expect(latest('ireland')).toBe('a reviewer');
  });

  it('is "a reviewer" when the display name holds an address', async () => {
    await db.dataSource.query(`UPDATE app_user SET name = 'Ada (ada.admin@example.org)' WHERE id = $1`, [
      unnamed.userId,
    ]);
    try {
      await publishAs(unnamed, 'netherlands');
    } finally {
      await db.dataSource.query(`UPDATE app_user SET name = '' WHERE id = $1`, [unnamed.userId]);
    }
    const changes = dataOf(await nobody.graphql(PUBLIC_READ), 'public read').publishedChanges.nodes as Json[];
    expect(changes.find((c) => c.caseStudy.slug === 'netherlands')?.publishedByLabel).toBe('a reviewer');
  });

  it('holds no address anywhere in public answers or exports', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PUBLIC_READ }),
    });
    const texts = [await response.text()];
    expect(JSON.parse(texts[0]!).errors, texts[0]).toBeUndefined();
    for (const path of ['/export/cases/finland.json', '/export/cases/ireland.yaml', '/export/study.json']) {
      const exported = await fetch(`${server.url}${path}`);
      expect(exported.status, path).toBe(200);
      texts.push(await exported.text());
    }
    for (const text of texts) expect(addresses(text)).toEqual([]);
  });

  it('replaces the addresses stored by earlier publications (migration 1764150000000)', async () => {
    const caseId = (await db.dataSource.query(`SELECT id FROM case_study WHERE slug = 'finland'`))[0].id as string;
    const insert = (label: string) =>
      db.dataSource.query(
        `INSERT INTO publication (case_id, edition, published_by_label, summary, changes) VALUES ($1, 99, $2, 'old', '[]') RETURNING id`,
        [caseId, label],
      ) as Promise<{ id: string }[]>;
    const [toNamed] = await insert('Rita.Reviewer@example.org');
    const [toUnnamed] = await insert('ada.admin@example.org');
    const [toGone] = await insert('left.long.ago@example.org');
    const [kept] = await insert('cli');
    const runner = db.dataSource.createQueryRunner();
    try {
      await new PublicPublisherLabels1764150000000().up(runner);
    } finally {
      await runner.release();
    }
    const label = async (row: { id: string } | undefined) =>
      (await db.dataSource.query(`SELECT published_by_label FROM publication WHERE id = $1`, [row!.id]))[0]
        .published_by_label as string;
    expect(await label(toNamed)).toBe('Rita Reviewer');
    expect(await label(toUnnamed)).toBe('a reviewer');
    expect(await label(toGone)).toBe('a reviewer');
    expect(await label(kept)).toBe('cli');
  });
});
