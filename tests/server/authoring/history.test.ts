import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { readProfileFixture } from '../../support/profiles.js';
import { alphaFile } from '../profile/helpers.js';
import {
  anonymous,
  dataOf,
  DELETE_PART,
  editPayload,
  PUBLISH,
  readDraft,
  RESTORE,
  REVISION_DIFF,
  REVISIONS,
  SAVE_PART,
  saved,
  signedIn,
  SUBMIT,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Every save is a revision: who, when and why, and the whole document. Two revisions can be
// compared part by part and field by field, and an old one brought back, e.g. to undo deleting a
// body together with its responsibilities and their citations.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;
let reviewer: Caller;

const SLUG = 'alphaland';
const alpha = readProfileFixture('alpha');
const BODY = 'county-councils';
const PERIOD = 'from-2020';
/** The body as the fixture has it, with its two responsibilities and their citations. */
const originalBody = alpha.periods
  .find((p) => p.key === PERIOD)!
  .levels!.flatMap((l) => l.bodies ?? [])
  .find((b) => b.key === BODY)!;
let startedAt: number;

const edit = (expectedVersion: number, message: string) => ({ slug: SLUG, expectedVersion, message });
const revisions = async (): Promise<Json[]> =>
  dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[];
const diff = async (from: number, to: number): Promise<Json[]> =>
  dataOf(await editor.graphql(REVISION_DIFF, { slug: SLUG, from, to }), 'revisionDiff').revisionDiff as Json[];
const bodyIn = (doc: Json): Json | undefined =>
  (doc.periods as Json[])
    .find((p) => p.key === PERIOD)!
    .levels.flatMap((l: Json) => l.bodies ?? [])
    .find((b: Json) => b.key === BODY);
/** A diff as `CHANGE part path`, sorted, for comparing whole diffs. */
const outline = (changes: Json[]) => changes.map((c) => `${c.change} ${c.part} ${c.path}`).sort();

const STRUCTURE = `query ($slug: String!, $edition: Int, $draft: Boolean) {
  caseStudy(slug: $slug, edition: $edition, draft: $draft) {
    edition
    period(key: "${PERIOD}") { levels { key name bodies { key name type responsibilities { key function serviceArea { key } citations { locator source { url } } } citations { source { url } } } } }
  }
}`;
const countiesLevel = (data: Json): Json => (data.caseStudy.period.levels as Json[]).find((l) => l.key === 'counties')!;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  startedAt = Date.now();
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
  reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rob@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('revisions and their differences', () => {
  it('lists every revision, newest first, with its author, time, kind and message', async () => {
    saved(
      await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { userErrors { field code message } } }`),
      'startDraft',
    );
    saved(
      await editor.graphql(SAVE_PART, {
        edit: edit(2, 'A sharper title, and the evidence is strong'),
        part: {
          kind: 'LESSON',
          key: 'leadership-continuity',
          data: { title: 'Keep directors in post through the transfer', evidenceStrength: 'LIMITED' },
        },
      }),
      'saveDraftPart',
    );
    saved(
      await editor.graphql(SAVE_PART, {
        edit: edit(3, 'A lesson from the 2023 review'),
        part: {
          kind: 'LESSON',
          key: 'shared-records',
          data: {
            theme: 'culture',
            title: 'Share records from day one',
            detail: 'Counties that shared case records early integrated faster.',
            cite: ['alpha-review'],
          },
        },
      }),
      'saveDraftPart',
    );
    saved(
      await editor.graphql(DELETE_PART, {
        edit: edit(4, 'The year is not an event'),
        kind: 'EVENT',
        key: 'reform-year',
      }),
      'deleteDraftPart',
    );

    const list = await revisions();
    expect(list.map((r) => [r.number, r.kind, r.authorLabel, r.message])).toEqual([
      [5, 'EDIT', 'eve@example.org', 'The year is not an event'],
      [4, 'EDIT', 'eve@example.org', 'A lesson from the 2023 review'],
      [3, 'EDIT', 'eve@example.org', 'A sharper title, and the evidence is strong'],
      [2, 'EDIT', 'eve@example.org', 'Draft started from edition 1'],
      [1, 'IMPORT', 'cli', 'Imported from a file'],
    ]);
    const times = list.map((r) => Date.parse(r.createdAt as string));
    for (const t of times) expect(t).toBeGreaterThanOrEqual(startedAt - 1000);
    for (const t of times) expect(t).toBeLessThanOrEqual(Date.now() + 1000);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(list[4]!.document).toEqual(JSON.parse(JSON.stringify(alpha)));
  });

  it('compares two revisions part by part (added, removed) and field by field (changed)', async () => {
    const changes = await diff(2, 5);
    expect(outline(changes)).toEqual([
      'ADDED lesson shared-records',
      'CHANGED lesson leadership-continuity',
      'REMOVED event reform-year',
    ]);
    const changed = changes.find((c) => c.change === 'CHANGED')!;
    expect(changed.label).toBe('Keep directors in post through the transfer');
    const byField = Object.fromEntries(
      (changed.fields as string[]).map((f, i) => [f, [changed.before[i], changed.after[i]]]),
    );
    expect(byField).toEqual({
      title: ['Keep leaders in post through the transfer', 'Keep directors in post through the transfer'],
      evidenceStrength: ['MODERATE', 'LIMITED'],
    });
    const added = changes.find((c) => c.change === 'ADDED')!;
    expect(added).toMatchObject({ label: 'Share records from day one', fields: [], before: [], after: [] });
    expect(changes.find((c) => c.change === 'REMOVED')).toMatchObject({ label: 'The year of the reform' });
    // The other way round, the same parts with the sides swapped.
    expect(outline(await diff(5, 2))).toEqual([
      'ADDED event reform-year',
      'CHANGED lesson leadership-continuity',
      'REMOVED lesson shared-records',
    ]);
    expect(await diff(3, 3)).toEqual([]);
  });
});

describe('deleting a body and restoring the revision before', () => {
  it('deletes the body with its responsibilities', async () => {
    expect(originalBody.responsibilities).toHaveLength(2);
    const deleted = saved(
      await editor.graphql(DELETE_PART, {
        edit: edit(5, 'Counties are not a body of their own'),
        kind: 'BODY',
        key: BODY,
        periodKey: PERIOD,
      }),
      'deleteDraftPart',
    );
    expect(deleted.draft.version).toBe(6);
    expect(bodyIn(deleted.draft.document as Json)).toBeUndefined();
    expect(outline(await diff(5, 6))).toEqual([
      `REMOVED body ${PERIOD}/${BODY}`,
      `REMOVED responsibility ${PERIOD}/counties-commissioning`,
      `REMOVED responsibility ${PERIOD}/counties-health`,
    ]);
    const draftView = dataOf(await editor.graphql(STRUCTURE, { slug: SLUG, draft: true }), 'draft view');
    expect(countiesLevel(draftView).bodies).toEqual([]);
  });

  it('brings back the body, its responsibilities and their citations', async () => {
    const restored = saved(
      await editor.graphql(RESTORE, { slug: SLUG, n: 5, v: 6, message: 'Undo: the counties are a body' }),
      'restoreRevision',
    );
    expect(restored.draft.version).toBe(7);
    expect(bodyIn(restored.draft.document as Json)).toEqual(JSON.parse(JSON.stringify(originalBody)));
    const draft = await readDraft(editor, SLUG);
    expect(draft.document).toEqual((await revisions()).find((r) => r.number === 5)!.document);

    const [latest] = await revisions();
    expect(latest).toMatchObject({
      number: 7,
      kind: 'RESTORE',
      authorLabel: 'eve@example.org',
      message: 'Undo: the counties are a body',
    });
    expect(outline(await diff(6, 7))).toEqual([
      `ADDED body ${PERIOD}/${BODY}`,
      `ADDED responsibility ${PERIOD}/counties-commissioning`,
      `ADDED responsibility ${PERIOD}/counties-health`,
    ]);
    expect(await diff(5, 7)).toEqual([]);

    // The draft as readers will see it has the body and its citations again.
    const draftView = dataOf(await editor.graphql(STRUCTURE, { slug: SLUG, draft: true }), 'draft view');
    const published = dataOf(await editor.graphql(STRUCTURE, { slug: SLUG, edition: 1 }), 'edition 1');
    expect(countiesLevel(draftView)).toEqual(countiesLevel(published));
    expect(countiesLevel(draftView).bodies[0].responsibilities.map((r: Json) => r.citations)).toEqual([
      [{ locator: null, source: { url: 'https://example.org/alpha/law' } }],
      [{ locator: null, source: { url: 'https://example.org/alpha/law' } }],
    ]);
  });

  it('refuses a restore against a stale version, and one of a revision that does not exist', async () => {
    const stale = await editPayload(editor, RESTORE, 'restoreRevision', { slug: SLUG, n: 6, v: 6 });
    expect(stale.userErrors).toMatchObject([{ code: 'CONFLICT', field: 'expectedVersion' }]);
    const missing = await editPayload(editor, RESTORE, 'restoreRevision', { slug: SLUG, n: 99, v: 7 });
    expect(missing.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: 'number' }]);
    expect((await readDraft(editor, SLUG)).version).toBe(7);
  });

  it('publishes the restored draft with the body in it', async () => {
    saved(await editor.graphql(SUBMIT, { slug: SLUG, v: 7 }), 'submitForReview');
    expect(saved(await reviewer.graphql(PUBLISH, { slug: SLUG, v: 7 }), 'publishDraft').edition).toBe(2);
    const reader = anonymous(server.url);
    const edition2 = dataOf(await reader.graphql(STRUCTURE, { slug: SLUG }), 'edition 2');
    const edition1 = dataOf(await reader.graphql(STRUCTURE, { slug: SLUG, edition: 1 }), 'edition 1');
    expect(edition2.caseStudy.edition).toBe(2);
    expect(
      countiesLevel(edition2).bodies.map((b: Json) => [b.key, b.responsibilities.map((r: Json) => r.key)]),
    ).toEqual([[BODY, ['counties-commissioning', 'counties-health']]]);
    expect(countiesLevel(edition2)).toEqual(countiesLevel(edition1));
    const exported = await (await fetch(`${server.url}/export/cases/${SLUG}.yaml`)).text();
    expect(exported).toContain(`key: ${BODY}`);
    expect(exported).toContain('key: shared-records');
    expect(exported).not.toContain('key: reform-year');
  });
});

describe('a long history, a page at a time', () => {
  const PAGE = `query ($slug: String!, $first: Int, $after: String) {
    revisions(slug: $slug, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { number }
    }
  }`;
  const page = async (variables: Record<string, unknown>) =>
    dataOf(await editor.graphql(PAGE, { slug: SLUG, ...variables }), 'revisions').revisions as Json;

  it('gives the newest revisions first, and the older ones after the cursor, each once', async () => {
    // More revisions than the default page: a new draft and a save for each of twenty lessons' titles.
    let version = saved(
      await editor.graphql(
        `mutation { startDraft(slug: "${SLUG}") { draft { version } userErrors { field code message } } }`,
      ),
      'startDraft',
    ).draft.version as number;
    for (let i = 0; i < 20; i++) {
      version = saved(
        await editor.graphql(SAVE_PART, {
          edit: edit(version, `Title ${i}`),
          part: { kind: 'LESSON', key: 'leadership-continuity', data: { title: `Keep leaders in post (${i})` } },
        }),
        'saveDraftPart',
      ).draft.version as number;
    }
    const total = (await page({ first: 0 })).totalCount as number;
    expect(total).toBe(version);

    const first = await page({});
    expect(first.nodes).toHaveLength(20);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const numbers: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const next: Json = await page({ first: 7, after });
      expect(next.totalCount).toBe(total);
      numbers.push(...(next.nodes as Json[]).map((r) => r.number as number));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor as string;
    }
    expect(numbers).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(first.nodes.map((r: Json) => r.number)).toEqual(numbers.slice(0, 20));
  });

  it('refuses a page over the limit, and has an empty page for a case that does not exist', async () => {
    const big = await editor.graphql(PAGE, { slug: SLUG, first: 101 });
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', field: 'first' });
    expect(await page({ slug: 'atlantis' })).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
      nodes: [],
    });
  });
});
