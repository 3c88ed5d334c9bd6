import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { readSeedCase } from '../../support/seeds.js';
import {
  SAVE_PART,
  editPayload,
  readDraft,
  saved,
  signedIn,
  UserRole,
  USER_ERRORS,
  DRAFT,
  type Caller,
  type Json,
} from './helpers.js';

// Adding a part and editing one are different acts: a new part whose key is already used in its
// scope (the case for periods, events, lessons and sources; the period for levels, bodies,
// responsibilities and connections) is refused with the part that holds the key, and a body saved
// into another level, or a responsibility into another body, is moved there with what hangs on it,
// or refused with the reason; it is never reported as saved while nothing moved.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'finland';
const PERIOD = 'from-2026';
const seed = readSeedCase(SLUG);
const seedPeriod = seed.periods.find((p) => p.key === PERIOD)!;
const seedBody = (key: string) => seedPeriod.levels!.flatMap((l) => l.bodies ?? []).find((b) => b.key === key)!;

const SAVE = `mutation ($edit: DraftEditInput!, $part: DraftPartInput!, $mode: DraftPartSaveMode) {
  saveDraftPart(edit: $edit, part: $part, mode: $mode) { ${DRAFT} ${USER_ERRORS} }
}`;

const periodIn = (doc: Json, key = PERIOD): Json => (doc.periods as Json[]).find((p) => p.key === key)!;
const levelIn = (doc: Json, key: string, period = PERIOD): Json =>
  (periodIn(doc, period).levels as Json[]).find((l) => l.key === key)!;
const bodyKeys = (doc: Json, level: string): string[] =>
  ((levelIn(doc, level).bodies ?? []) as Json[]).map((b) => b.key as string);
const bodyIn = (doc: Json, level: string, key: string, period = PERIOD): Json | undefined =>
  ((levelIn(doc, level, period).bodies ?? []) as Json[]).find((b) => b.key === key);

/** Saves one part against the draft as it is now, with `mode` if given; returns the payload. */
async function save(part: Json, mode?: 'CREATE' | 'UPDATE'): Promise<Json> {
  const { version } = await readDraft(editor, SLUG);
  const edit = { slug: SLUG, expectedVersion: version, message: 'edit' };
  // Without a mode, the form of the call older clients send.
  return mode
    ? editPayload(editor, SAVE, 'saveDraftPart', { edit, part, mode })
    : editPayload(editor, SAVE_PART, 'saveDraftPart', { edit, part });
}

/** Asserts a save was refused at `field` with a message matching `message`, and nothing was written. */
async function refused(part: Json, mode: 'CREATE' | 'UPDATE' | undefined, field: string, message: RegExp) {
  const before = await readDraft(editor, SLUG);
  const payload = await save(part, mode);
  expect(payload.userErrors).toHaveLength(1);
  expect(payload.userErrors[0].field).toBe(field);
  expect(payload.userErrors[0].message).toMatch(message);
  const after = await readDraft(editor, SLUG);
  expect(after.version).toBe(before.version);
  expect(after.document).toEqual(before.document);
}

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

describe('adding a part whose key is already used', () => {
  it('refuses a body added in the Municipalities level with the national Ministry’s key, and leaves the Ministry as it was', async () => {
    const before = await readDraft(editor, SLUG);
    const ministry = bodyIn(before.document, 'national-government', 'stm')!;
    await refused(
      {
        kind: 'BODY',
        key: 'stm',
        periodKey: PERIOD,
        parentKey: 'municipal-tier',
        data: { name: 'Municipal youth services' },
      },
      'CREATE',
      'key',
      /^The key stm is already used by the body Ministry of Social Affairs and Health in level National government\./,
    );
    const after = (await readDraft(editor, SLUG)).document;
    expect(bodyIn(after, 'national-government', 'stm')).toEqual(ministry);
    expect(bodyIn(after, 'national-government', 'stm')!.name).toBe(seedBody('stm').name);
    expect(bodyKeys(after, 'municipal-tier')).not.toContain('stm');
  });

  it('refuses the same without a mode too, rather than renaming the Ministry', async () => {
    await refused(
      {
        kind: 'BODY',
        key: 'stm',
        periodKey: PERIOD,
        parentKey: 'municipal-tier',
        data: { name: 'Municipal youth services' },
      },
      undefined,
      'key',
      /already used by the body Ministry of Social Affairs and Health in level National government/,
    );
    expect(bodyIn((await readDraft(editor, SLUG)).document, 'national-government', 'stm')!.name).toBe(
      seedBody('stm').name,
    );
  });

  it('refuses a responsibility key reused in another body of the period, naming the body that holds it', async () => {
    await refused(
      {
        kind: 'RESPONSIBILITY',
        key: 'stm-child-welfare-policy',
        periodKey: PERIOD,
        parentKey: 'municipalities',
        data: { function: 'DELIVERY', serviceArea: 'childrens-social-work', cite: [] },
      },
      'CREATE',
      'key',
      /^The key stm-child-welfare-policy is already used by a responsibility of the body Ministry of Social Affairs and Health in level National government\./,
    );
  });

  it('refuses a lesson, a source and a level added with a key already used, naming them', async () => {
    const lesson = seed.lessons![0]!;
    await refused(
      { kind: 'LESSON', key: lesson.key, data: { title: 'Another', detail: 'x', theme: lesson.theme, cite: [] } },
      'CREATE',
      'key',
      new RegExp(`already used by the lesson ${lesson.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    const source = seed.sources[0]!;
    await refused(
      { kind: 'SOURCE', key: source.key, data: { title: 'Another source' } },
      'CREATE',
      'key',
      /already used by the source/,
    );
    await refused(
      { kind: 'LEVEL', key: 'municipal-tier', periodKey: PERIOD, data: { name: 'Another tier' } },
      'CREATE',
      'key',
      /already used by the level Municipalities/,
    );
  });

  it('adds a body with a key used only in another period: the same key at another time is allowed', async () => {
    const payload = await save(
      {
        kind: 'BODY',
        key: 'avi',
        periodKey: PERIOD,
        parentKey: 'national-government',
        data: { name: 'Regional State Administrative Agencies (AVI)', type: seedBody('stm').type },
      },
      'CREATE',
    );
    expect(payload.userErrors).toEqual([]);
    expect(bodyKeys(payload.draft.document, 'national-government')).toContain('avi');
    expect(bodyIn(payload.draft.document, 'national-government', 'avi', 'from-2023')!.name).toBe(
      'Regional State Administrative Agencies (AVI)',
    );
  });

  it('refuses an update of a part that is not there', async () => {
    await refused(
      { kind: 'BODY', key: 'no-such-body', periodKey: PERIOD, parentKey: 'municipal-tier', data: { name: 'Nobody' } },
      'UPDATE',
      'key',
      /There is no body "no-such-body" in period from-2026/,
    );
  });
});

describe('moving a part within its period', () => {
  it('moves a body saved with another level there, with its responsibilities', async () => {
    const before = (await readDraft(editor, SLUG)).document;
    const thl = bodyIn(before, 'national-government', 'thl')!;
    expect((thl.responsibilities as Json[]).length).toBeGreaterThan(0);
    const payload = await save(
      { kind: 'BODY', key: 'thl', periodKey: PERIOD, parentKey: 'county-tier', data: { name: 'THL, regional' } },
      'UPDATE',
    );
    expect(payload.userErrors).toEqual([]);
    const doc = payload.draft.document as Json;
    expect(bodyKeys(doc, 'national-government')).not.toContain('thl');
    const moved = bodyIn(doc, 'county-tier', 'thl')!;
    expect(moved.name).toBe('THL, regional');
    expect(moved.responsibilities).toEqual(thl.responsibilities);
    // The same in the draft as read back, and in the other periods nothing moved.
    const read = (await readDraft(editor, SLUG)).document;
    expect(bodyIn(read, 'county-tier', 'thl')!.responsibilities).toEqual(thl.responsibilities);
    expect(bodyIn(read, 'national-government', 'thl', 'from-2023')).toBeDefined();
  });

  it('moves a responsibility saved with another body there', async () => {
    const payload = await save(
      {
        kind: 'RESPONSIBILITY',
        key: 'municipalities-early-education',
        periodKey: PERIOD,
        parentKey: 'city-of-helsinki',
        data: {},
      },
      'UPDATE',
    );
    expect(payload.userErrors).toEqual([]);
    const doc = payload.draft.document as Json;
    const keysOf = (level: string, body: string) =>
      ((bodyIn(doc, level, body)!.responsibilities ?? []) as Json[]).map((r) => r.key);
    expect(keysOf('municipal-tier', 'municipalities')).not.toContain('municipalities-early-education');
    expect(keysOf('county-tier', 'city-of-helsinki')).toContain('municipalities-early-education');
  });

  it('refuses a move to a level that does not exist, and the body stays where it was', async () => {
    await refused(
      { kind: 'BODY', key: 'hus-group', periodKey: PERIOD, parentKey: 'no-such-level', data: { name: 'HUS' } },
      'UPDATE',
      'parentKey',
      /There is no level "no-such-level" in period from-2026/,
    );
    expect(bodyIn((await readDraft(editor, SLUG)).document, 'county-tier', 'hus-group')!.name).toBe(
      seedBody('hus-group').name,
    );
  });

  it('refuses a move without a mode rather than reporting it saved while ignored', async () => {
    await refused(
      { kind: 'BODY', key: 'hus-group', periodKey: PERIOD, parentKey: 'municipal-tier', data: { name: 'HUS' } },
      undefined,
      'key',
      /already used by the body HUS Group in level Wellbeing services counties/,
    );
  });
});
