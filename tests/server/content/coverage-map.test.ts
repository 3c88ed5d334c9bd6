import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds, readSeedCases } from '../../support/seeds.js';
import {
  anonymous,
  dataOf,
  editPayload,
  readDraft,
  saved,
  signedIn,
  SAVE_PART,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';

// The coverage map counts what each seeded case holds: its claims, the uncertain and the
// unsourced ones, and the coverage its current period declares.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const MAP = `{ coverageMap { slug name fromDraft published period { key path } sections { section coverage parts path }
  claims uncertain unsourced firstUncertain firstUnsourced reviewsDue { key reviewed path } } }`;

/** Claims counted from the seed files themselves: every object that carries a `cite` list. */
function seedClaims(value: unknown): { claims: number; uncertain: number } {
  if (Array.isArray(value))
    return value
      .map(seedClaims)
      .reduce((a, b) => ({ claims: a.claims + b.claims, uncertain: a.uncertain + b.uncertain }), {
        claims: 0,
        uncertain: 0,
      });
  if (!value || typeof value !== 'object') return { claims: 0, uncertain: 0 };
  const own =
    'cite' in value
      ? { claims: 1, uncertain: (value as { uncertain?: boolean }).uncertain ? 1 : 0 }
      : { claims: 0, uncertain: 0 };
  return Object.values(value)
    .map(seedClaims)
    .reduce((a, b) => ({ claims: a.claims + b.claims, uncertain: a.uncertain + b.uncertain }), own);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eve@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the coverage map', () => {
  it('gives every seeded case its claims, uncertain claims and sources as the files hold them', async () => {
    const rows = dataOf(await editor.graphql(MAP)).coverageMap as Json[];
    const seeds = await readSeedCases();
    expect(rows.map((r) => r.slug).sort()).toEqual(seeds.map((s) => s.slug).sort());
    for (const seed of seeds) {
      const row = rows.find((r) => r.slug === seed.slug)!;
      const counted = seedClaims({ periods: seed.periods, timeline: seed.timeline, lessons: seed.lessons });
      expect({ slug: row.slug, claims: row.claims, uncertain: row.uncertain }).toEqual({ slug: seed.slug, ...counted });
      // Published seeds cite a source for every claim, and were all reviewed this year.
      expect(row.unsourced).toBe(0);
      expect(row.firstUnsourced).toBeNull();
      expect(row.reviewsDue).toEqual([]);
      expect(row.fromDraft).toBe(false);
      expect(row.published).toBe(true);
      const current = seed.periods.findIndex((p) => !p.validTo);
      const index = current >= 0 ? current : seed.periods.length - 1;
      expect(row.period.key).toBe(seed.periods[index]!.key);
      const declared = seed.periods[index]!.coverage ?? {};
      expect(row.sections.map((s: Json) => s.coverage)).toEqual(
        (['levels', 'responsibilities', 'connections'] as const).map((k) =>
          (declared[k] ?? 'partial').toUpperCase().replace('-', '_'),
        ),
      );
    }
    expect(rows.reduce((n, r) => n + (r.uncertain as number), 0)).toBeGreaterThan(0);
  });

  it('reads a case from its draft once one is started: an unsourced claim shows there first', async () => {
    saved(
      await editor.graphql(`mutation { startDraft(slug: "finland") { userErrors { field code message } } }`),
      'startDraft',
    );
    const { version } = await readDraft(editor, 'finland');
    const payload = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: 'finland', expectedVersion: version, message: 'a lesson still to source' },
      part: {
        kind: 'LESSON',
        key: 'new-lesson',
        data: { theme: 'workforce', title: 'A new lesson', detail: 'To be sourced.', cite: [] },
      },
    });
    expect(payload.userErrors).toEqual([]);
    const rows = dataOf(await editor.graphql(MAP)).coverageMap as Json[];
    const finland = rows.find((r) => r.slug === 'finland')!;
    expect(finland.fromDraft).toBe(true);
    expect(finland.unsourced).toBe(1);
    const lessons = (payload.draft.document.lessons as Json[]).map((l) => l.key);
    expect(finland.firstUnsourced).toBe(`lessons.${lessons.indexOf('new-lesson')}`);
  });

  it('is not shown to readers', async () => {
    const reply = await anonymous(server.url).graphql(MAP);
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
