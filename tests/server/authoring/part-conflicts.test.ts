import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  dataOf,
  DELETE_PART,
  editPayload,
  readDraft,
  REVISIONS,
  signedIn,
  SUBMIT,
  UserRole,
  USER_ERRORS,
  DRAFT,
  type Caller,
  type Json,
} from './helpers.js';

// Two editors open the same version of a draft. A part save or delete made against that version
// after the other has saved is refused only when the part it edits, the part that holds it, or a
// part it holds changed since; otherwise it is applied to the draft as it now stands. A part
// deleted meanwhile is refused on its own terms, saying who deleted it and that the text can be
// saved as a new part. Case-level actions keep to the whole draft's version.
let db: TestDatabase;
let server: TestServer;
let ada: Caller;
let bea: Caller;
const SLUG = 'alphaland';
const PERIOD = 'from-2020';

const SAVE = `mutation ($edit: DraftEditInput!, $part: DraftPartInput!, $mode: DraftPartSaveMode!) { saveDraftPart(edit: $edit, part: $part, mode: $mode) { ${DRAFT} ${USER_ERRORS} } }`;
const SAVE_DRAFT = `mutation ($edit: DraftEditInput!, $document: JSONObject!) { saveDraft(edit: $edit, document: $document) { ${DRAFT} ${USER_ERRORS} } }`;

interface PartArgs {
  kind: string;
  key?: string;
  periodKey?: string;
  parentKey?: string;
  data: Json;
}
const save = (who: Caller, expectedVersion: number, part: PartArgs, mode: 'CREATE' | 'UPDATE' = 'UPDATE') =>
  editPayload(who, SAVE, 'saveDraftPart', {
    edit: { slug: SLUG, expectedVersion, message: `${who.label} saves ${part.key ?? part.kind}` },
    part,
    mode,
  });
const remove = (who: Caller, expectedVersion: number, kind: string, key: string, periodKey?: string) =>
  editPayload(who, DELETE_PART, 'deleteDraftPart', {
    edit: { slug: SLUG, expectedVersion, message: `${who.label} deletes ${key}` },
    kind,
    key,
    periodKey: periodKey ?? null,
  });
const lesson = (draft: Json, key: string): Json | undefined =>
  (draft.document.lessons as Json[]).find((l) => l.key === key);
const period = (draft: Json): Json => (draft.document.periods as Json[]).find((p) => p.key === PERIOD)!;
const body = (draft: Json, key: string): Json | undefined =>
  (period(draft).levels as Json[]).flatMap((l) => (l.bodies ?? []) as Json[]).find((b) => b.key === key);
const responsibility = (draft: Json, key: string): Json | undefined =>
  (period(draft).levels as Json[])
    .flatMap((l) => (l.bodies ?? []) as Json[])
    .flatMap((b) => (b.responsibilities ?? []) as Json[])
    .find((r) => r.key === key);
const revisionCount = async () =>
  (dataOf(await ada.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[]).length;
/** A time as the refusals give it: `4 December 2026 at 20:41 UTC`. */
const TIME = /\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC/;

/** The one refusal of a payload, checked for plain words: no codes, no field paths in the message. */
function refusal(payload: Json): Json {
  expect(payload.userErrors).toHaveLength(1);
  const error = payload.userErrors[0] as Json;
  expect((error.message as string).replaceAll(' UTC', '')).not.toMatch(/\b[A-Z]{3,}\b/);
  expect(error.message).not.toMatch(/periods\.\d|lessons\.\d/);
  return error;
}

/** The version both editors have open when a test starts. */
let opened: number;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  ada = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ada@example.org');
  bea = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'bea@example.org');
  const started = dataOf(await ada.graphql(`mutation { startDraft(slug: "${SLUG}") { ${USER_ERRORS} } }`), 'start');
  expect(started.startDraft.userErrors).toEqual([]);
});

beforeEach(async () => {
  opened = (await readDraft(ada, SLUG)).version as number;
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('a part saved against a version another editor has saved since', () => {
  it('goes through when the other editor changed another part, keeping both changes', async () => {
    const before = await revisionCount();
    const first = await save(ada, opened, {
      kind: 'LESSON',
      key: 'leadership-continuity',
      data: { detail: 'Directors who stayed carried the plan.' },
    });
    expect(first.userErrors).toEqual([]);
    const second = await save(bea, opened, {
      kind: 'LESSON',
      key: 'pooled-budgets',
      data: { detail: 'A settled formula came in 2022.' },
    });
    expect(second.userErrors).toEqual([]);
    expect(second.draft.version).toBe(opened + 2);
    expect(second.draft.updatedByLabel).toBe(bea.label);
    const now = await readDraft(ada, SLUG);
    expect(lesson(now, 'leadership-continuity')!.detail).toBe('Directors who stayed carried the plan.');
    expect(lesson(now, 'pooled-budgets')!.detail).toBe('A settled formula came in 2022.');
    expect(await revisionCount()).toBe(before + 2);
    const [latest] = dataOf(await ada.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[];
    expect(latest).toMatchObject({ number: opened + 2, authorLabel: bea.label });
    expect(latest!.document).toEqual(now.document);
  });

  it('goes through for a responsibility when the other editor changed another responsibility of the same body', async () => {
    const first = await save(ada, opened, {
      kind: 'RESPONSIBILITY',
      key: 'counties-health',
      periodKey: PERIOD,
      data: { editorNote: 'Health moved to the counties in 2020.' },
    });
    expect(first.userErrors).toEqual([]);
    const second = await save(bea, opened, {
      kind: 'RESPONSIBILITY',
      key: 'counties-commissioning',
      periodKey: PERIOD,
      data: { editorNote: 'Commissioning is shared with the state.' },
    });
    expect(second.userErrors).toEqual([]);
    const now = await readDraft(bea, SLUG);
    expect(responsibility(now, 'counties-health')!.editorNote).toBe('Health moved to the counties in 2020.');
    expect(responsibility(now, 'counties-commissioning')!.editorNote).toBe('Commissioning is shared with the state.');
  });

  it('is refused when the other editor changed the same part, naming the part, who changed it and when', async () => {
    const title = 'Keep leaders in post through the transfer';
    expect(
      (await save(ada, opened, { kind: 'LESSON', key: 'leadership-continuity', data: { detail: 'Ada wrote this.' } }))
        .userErrors,
    ).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'LESSON',
      key: 'leadership-continuity',
      data: { detail: 'Bea wrote this.' },
    });
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect(error.message).toContain(`The lesson ${title} was changed by ${ada.label} on `);
    expect(error.message).toMatch(TIME);
    expect(error.message).toContain(`version ${opened + 1}`);
    expect(error.message).toContain('save again');
    expect(refused.draft.version).toBe(opened + 1);
    expect(lesson(await readDraft(bea, SLUG), 'leadership-continuity')!.detail).toBe('Ada wrote this.');
  });

  it('is refused for a body when the other editor changed its level, naming the level and who changed it', async () => {
    expect(
      (
        await save(ada, opened, {
          kind: 'LEVEL',
          key: 'municipalities',
          periodKey: PERIOD,
          data: { name: '290 municipalities' },
        })
      ).userErrors,
    ).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'BODY',
      key: 'municipal-councils',
      periodKey: PERIOD,
      data: { name: 'Elected municipal councils' },
    });
    const error = refusal(refused);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(
      `The level 290 municipalities, which holds the body Municipal councils, was changed by ${ada.label} on `,
    );
    expect(body(await readDraft(bea, SLUG), 'municipal-councils')!.name).toBe('Municipal councils');
  });

  it('is refused for a body when the other editor changed one of its responsibilities, naming it', async () => {
    expect(
      (
        await save(ada, opened, {
          kind: 'RESPONSIBILITY',
          key: 'councils-education',
          periodKey: PERIOD,
          data: { editorNote: 'Schools stay local.' },
        })
      ).userErrors,
    ).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'BODY',
      key: 'municipal-councils',
      periodKey: PERIOD,
      data: { name: 'Elected municipal councils' },
    });
    const error = refusal(refused);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(
      `The responsibility councils-education, in the body Municipal councils, was changed by ${ada.label} on `,
    );
  });

  it('is refused for a responsibility when the other editor changed the body holding it', async () => {
    expect(
      (
        await save(ada, opened, {
          kind: 'BODY',
          key: 'county-councils',
          periodKey: PERIOD,
          data: { name: 'Regional councils' },
        })
      ).userErrors,
    ).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'RESPONSIBILITY',
      key: 'counties-health',
      periodKey: PERIOD,
      data: { editorNote: 'Bea’s note.' },
    });
    expect(refusal(refused).message).toContain(
      `The body Regional councils, which holds the responsibility counties-health, was changed by ${ada.label} on `,
    );
  });

  it('is refused when the revision it was made against is not there', async () => {
    expect(
      (await save(ada, opened, { kind: 'LESSON', key: 'pooled-budgets', data: { editorNote: 'Two accounts now.' } }))
        .userErrors,
    ).toEqual([]);
    const refused = await save(bea, 0, { kind: 'EVENT', key: 'reform-law', data: { title: 'Reform act passed' } });
    expect(refusal(refused)).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect(refused.userErrors[0].message).toContain(`it is at version ${opened + 1}`);
  });
});

describe('a part deleted by another editor', () => {
  it('refuses an update of it with who deleted it, and says the text can be saved as a new part', async () => {
    const title = 'Pooled budgets need a settled funding formula';
    expect((await remove(ada, opened, 'LESSON', 'pooled-budgets')).userErrors).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'LESSON',
      key: 'pooled-budgets',
      data: { detail: 'Bea’s text that must not be lost.' },
    });
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'key' });
    expect(error.message).toContain(`The lesson ${title} was deleted by ${ada.label} on `);
    expect(error.message).toMatch(TIME);
    expect(error.message).toContain('saved as a new lesson');
    expect(lesson(await readDraft(bea, SLUG), 'pooled-budgets')).toBeUndefined();

    // Saved as a new part, against the same old version: nothing it depends on changed.
    const again = await save(
      bea,
      opened,
      {
        kind: 'LESSON',
        key: 'pooled-budgets',
        data: { theme: 'finance', title, detail: 'Bea’s text that must not be lost.', cite: ['shared-oecd'] },
      },
      'CREATE',
    );
    expect(again.userErrors).toEqual([]);
    expect(lesson(await readDraft(bea, SLUG), 'pooled-budgets')!.detail).toBe('Bea’s text that must not be lost.');
  });

  it('refuses a second delete with who deleted it first', async () => {
    expect((await remove(ada, opened, 'EVENT', 'reform-year')).userErrors).toEqual([]);
    const refused = await remove(bea, opened, 'EVENT', 'reform-year');
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'key' });
    expect(error.message).toContain(`The event The year of the reform was already deleted by ${ada.label} on `);
  });

  it('refuses deleting a part whose contents the other editor changed, and lets an unrelated delete through', async () => {
    expect(
      (
        await save(ada, opened, {
          kind: 'RESPONSIBILITY',
          key: 'inspectorate-inspection',
          periodKey: PERIOD,
          data: { editorNote: 'Inspection covers all services.' },
        })
      ).userErrors,
    ).toEqual([]);
    const refused = await remove(bea, opened, 'LEVEL', 'inspectorate-level', PERIOD);
    expect(refusal(refused).code).toBe('CONFLICT');
    expect(responsibility(await readDraft(bea, SLUG), 'inspectorate-inspection')).toBeDefined();
    const other = await remove(bea, opened, 'EVENT', 'counties-start');
    expect(other.userErrors).toEqual([]);
    expect(other.draft.version).toBe(opened + 2);
  });
});

describe('case-level actions against a version another editor has saved since', () => {
  it('are refused, whatever part the other editor changed', async () => {
    const draft = await readDraft(bea, SLUG);
    expect(
      (await save(ada, opened, { kind: 'LESSON', key: 'leadership-continuity', data: { editorNote: 'Checked.' } }))
        .userErrors,
    ).toEqual([]);
    const whole = await editPayload(bea, SAVE_DRAFT, 'saveDraft', {
      edit: { slug: SLUG, expectedVersion: opened },
      document: { ...draft.document, summary: 'A new summary.' },
    });
    expect(whole.userErrors).toMatchObject([{ code: 'CONFLICT', field: 'expectedVersion' }]);
    const submit = await editPayload(bea, SUBMIT, 'submitForReview', { slug: SLUG, v: opened });
    expect(submit.userErrors).toMatchObject([{ code: 'CONFLICT', field: 'expectedVersion' }]);
    expect((await readDraft(bea, SLUG)).status).toBe('DRAFT');
  });
});

describe('a part whose holder another editor deleted', () => {
  const levelName = async (key: string) =>
    ((period(await readDraft(ada, SLUG)).levels as Json[]).find((l) => l.key === key)!.name as string) ?? key;

  it('refuses an update of a body whose level was deleted, naming the level, the body and who deleted it', async () => {
    const name = await levelName('municipalities');
    expect((await remove(ada, opened, 'LEVEL', 'municipalities', PERIOD)).userErrors).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'BODY',
      key: 'municipal-councils',
      periodKey: PERIOD,
      parentKey: 'municipalities',
      data: { description: 'Bea’s text about the councils.' },
    });
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'key' });
    expect(error.message).toContain(
      `The level ${name}, which held the body Municipal councils, was deleted by ${ada.label} on `,
    );
    expect(error.message).toMatch(TIME);
    expect(error.message).toContain('saved as a new body');
    expect(refused.draft.version).toBe(opened + 1);

    // Saved as a new body in another level of the period, against the version now saved.
    const again = await save(
      bea,
      refused.draft.version as number,
      {
        kind: 'BODY',
        key: 'municipal-councils',
        periodKey: PERIOD,
        parentKey: 'counties',
        data: {
          name: 'Municipal councils',
          type: 'AUTHORITY',
          description: 'Bea’s text about the councils.',
          cite: [],
        },
      },
      'CREATE',
    );
    expect(again.userErrors).toEqual([]);
    const levels = period(await readDraft(bea, SLUG)).levels as Json[];
    const counties = levels.find((l) => l.key === 'counties')!;
    expect((counties.bodies as Json[]).find((b) => b.key === 'municipal-councils')!.description).toBe(
      'Bea’s text about the councils.',
    );
  });

  it('refuses a new responsibility for a body whose level was deleted, at its place, naming the level, the body and who', async () => {
    expect((await remove(ada, opened, 'LEVEL', 'inspectorate-level', PERIOD)).userErrors).toEqual([]);
    const refused = await save(
      bea,
      opened,
      {
        kind: 'RESPONSIBILITY',
        key: 'inspectorate-health',
        periodKey: PERIOD,
        parentKey: 'inspectorate',
        data: { function: 'INSPECTION', serviceArea: 'health', cite: [] },
      },
      'CREATE',
    );
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'parentKey' });
    expect(error.message).toContain(
      `The level National inspectorate, with the body Care Inspectorate of Alphaland that was to hold the new responsibility, was deleted by ${ada.label} on `,
    );
    expect(error.message).toMatch(TIME);
    expect(responsibility(await readDraft(bea, SLUG), 'inspectorate-health')).toBeUndefined();
  });

  it('names the period when the whole period holding the part was deleted', async () => {
    expect((await remove(ada, opened, 'PERIOD', 'before-2020')).userErrors).toEqual([]);
    const refused = await save(bea, opened, {
      kind: 'RESPONSIBILITY',
      key: 'councils-delivery',
      periodKey: 'before-2020',
      parentKey: 'municipal-councils',
      data: { editorNote: 'Bea’s note on delivery.' },
    });
    const error = refusal(refused);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'key' });
    expect(error.message).toContain(
      `The period Municipal services (before 2020), which held the responsibility councils-delivery, was deleted by ${ada.label} on `,
    );
  });
});
