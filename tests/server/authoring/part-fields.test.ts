import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { readProfileFixture } from '../../support/profiles.js';
import { alphaFile } from '../profile/helpers.js';
import {
  dataOf,
  editPayload,
  readDraft,
  REVISION_DIFF,
  REVISIONS,
  SAVE_PART,
  saved,
  signedIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// saveDraftPart changes only the fields it is given: a field left out keeps its value, an explicit
// null clears an optional field (it leaves the document, and the revision diff shows it removed),
// and a null for a required field is refused at the field's path with nothing written.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'alphaland';
const alpha = readProfileFixture('alpha');
const LESSON = 'leadership-continuity';
const PERIOD = 'from-2020';

const lessonIn = (doc: Json, key = LESSON): Json => (doc.lessons as Json[]).find((l) => l.key === key)!;
const periodIn = (doc: Json): Json => (doc.periods as Json[]).find((p) => p.key === PERIOD)!;
const levelIn = (doc: Json, key: string): Json => (periodIn(doc).levels as Json[]).find((l) => l.key === key)!;
const fixtureLesson = (key = LESSON): Json =>
  JSON.parse(JSON.stringify(alpha.lessons!.find((l) => l.key === key))) as Json;
const revisionCount = async () =>
  (dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[]).length;
const diff = async (from: number, to: number): Promise<Json[]> =>
  dataOf(await editor.graphql(REVISION_DIFF, { slug: SLUG, from, to }), 'revisionDiff').revisionDiff as Json[];
/** A part without some of its fields. */
const without = (part: Json, ...fields: string[]): Json =>
  Object.fromEntries(Object.entries(part).filter(([field]) => !fields.includes(field)));
/** A CHANGED entry of a diff as `{ field: [before, after] }`. */
const byField = (change: Json) =>
  Object.fromEntries((change.fields as string[]).map((f, i) => [f, [change.before[i], change.after[i]]]));

/** Saves one part against the draft as it is now; returns the payload (user errors included). */
async function savePart(part: Json, message = 'edit'): Promise<Json> {
  const { version } = await readDraft(editor, SLUG);
  return editPayload(editor, SAVE_PART, 'saveDraftPart', {
    edit: { slug: SLUG, expectedVersion: version, message },
    part,
  });
}

/** Saves one part that must be accepted; returns the payload. */
async function mustSave(part: Json): Promise<Json> {
  const payload = await savePart(part);
  expect(payload.userErrors, `saving ${JSON.stringify(part)}`).toEqual([]);
  return payload;
}

const DRAFT_LESSON = `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { lessons { key title evidenceStrength transferability } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
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

describe('clearing an optional field with null', () => {
  it('removes a lesson’s transferability and evidence strength, keeps the fields left out, and the diff shows both removed', async () => {
    const before = await readDraft(editor, SLUG);
    expect(lessonIn(before.document).transferability).toBe(fixtureLesson().transferability);

    const payload = saved(
      await editor.graphql(SAVE_PART, {
        edit: { slug: SLUG, expectedVersion: before.version, message: 'Not assessed after all' },
        part: { kind: 'LESSON', key: LESSON, data: { transferability: null, evidenceStrength: null } },
      }),
      'saveDraftPart',
    );
    expect(lessonIn(payload.draft.document)).toEqual(without(fixtureLesson(), 'transferability', 'evidenceStrength'));
    expect(Object.keys(lessonIn(payload.draft.document))).not.toContain('transferability');

    const changes = await diff(before.version, payload.draft.version);
    expect(changes.map((c) => `${c.change} ${c.part} ${c.path}`)).toEqual([`CHANGED lesson ${LESSON}`]);
    expect(byField(changes[0]!)).toEqual({
      evidenceStrength: ['MODERATE', ''],
      transferability: [fixtureLesson().transferability, ''],
    });

    // The draft as readers will see it has lost them too.
    const lessons = dataOf(await editor.graphql(DRAFT_LESSON, { slug: SLUG }), 'draft view').caseStudy
      .lessons as Json[];
    expect(lessons.find((l) => l.key === LESSON)).toEqual({
      key: LESSON,
      title: fixtureLesson().title,
      evidenceStrength: null,
      transferability: null,
    });
  });

  it('clears a level’s description and count inside a period, keeping its bodies', async () => {
    const before = await readDraft(editor, SLUG);
    const counties = levelIn(before.document, 'counties');
    expect(counties.description).toBe('Self-governing counties with elected councils.');
    const payload = saved(
      await editor.graphql(SAVE_PART, {
        edit: { slug: SLUG, expectedVersion: before.version, message: 'Unknown' },
        part: { kind: 'LEVEL', key: 'counties', periodKey: PERIOD, data: { description: null, unitCount: null } },
      }),
      'saveDraftPart',
    );
    expect(levelIn(payload.draft.document, 'counties')).toEqual(without(counties, 'description', 'unitCount'));
    expect(levelIn(payload.draft.document, 'counties').bodies).toHaveLength(1);
    const [change] = await diff(before.version, payload.draft.version);
    expect(change).toMatchObject({ change: 'CHANGED', part: 'level', path: `${PERIOD}/counties` });
    expect(byField(change!)).toEqual({
      unitCount: ['21', ''],
      description: ['Self-governing counties with elected councils.', ''],
    });
  });

  it('clears an uncertainty note with its flag, and the headline’s note of what is not modelled', async () => {
    const connection = await mustSave({
      kind: 'CONNECTION',
      key: 'social-work-education',
      periodKey: PERIOD,
      data: { uncertain: null, note: null },
    });
    const updated = (periodIn(connection.draft.document).connections as Json[]).find(
      (c) => c.key === 'social-work-education',
    )!;
    expect(updated).toEqual({
      key: 'social-work-education',
      between: ['childrens-social-work', 'education'],
      mechanisms: ['STRATEGIC_PLANNING'],
      cite: ['alpha-review'],
    });

    const headline = await mustSave({ kind: 'CASE', data: { notModelled: null } });
    expect(headline.draft.document).not.toHaveProperty('notModelled');
    expect(headline.draft.document.name).toBe('Alphaland');
  });

  it('creates a part without an optional field given as null', async () => {
    const payload = await mustSave({
      kind: 'EVENT',
      key: 'first-review',
      data: { date: '2022', title: 'First review published', description: null, cite: ['alpha-review'] },
    });
    expect((payload.draft.document.timeline as Json[]).find((e) => e.key === 'first-review')).toEqual({
      key: 'first-review',
      date: '2022',
      title: 'First review published',
      cite: ['alpha-review'],
    });
  });
});

describe('a null for a required field', () => {
  it('is refused with BAD_USER_INPUT at each field’s path, and nothing is written', async () => {
    const before = await readDraft(editor, SLUG);
    const revisionsBefore = await revisionCount();

    const lesson = await savePart({
      kind: 'LESSON',
      key: LESSON,
      data: { title: null, detail: 'A new detail', transferability: null },
    });
    expect(lesson.userErrors).toEqual([
      { field: 'lessons.0.title', code: 'BAD_USER_INPUT', message: 'is required and cannot be cleared' },
    ]);

    // Deep in the structure, the path names the responsibility's place.
    const responsibility = await savePart({
      kind: 'RESPONSIBILITY',
      key: 'counties-health',
      periodKey: PERIOD,
      data: { function: null, serviceArea: null },
    });
    expect(responsibility.userErrors).toEqual([
      {
        field: 'periods.1.levels.2.bodies.0.responsibilities.1.function',
        code: 'BAD_USER_INPUT',
        message: 'is required and cannot be cleared',
      },
      {
        field: 'periods.1.levels.2.bodies.0.responsibilities.1.serviceArea',
        code: 'BAD_USER_INPUT',
        message: 'is required and cannot be cleared',
      },
    ]);

    const cite = await savePart({ kind: 'BODY', key: 'county-councils', periodKey: PERIOD, data: { cite: null } });
    expect(cite.userErrors).toEqual([
      {
        field: 'periods.1.levels.2.bodies.0.cite',
        code: 'BAD_USER_INPUT',
        message: 'is required and cannot be cleared: give an empty list to cite no source yet',
      },
    ]);

    const headline = await savePart({ kind: 'CASE', data: { summary: null } });
    expect(headline.userErrors).toEqual([
      { field: 'summary', code: 'BAD_USER_INPUT', message: 'is required and cannot be cleared' },
    ]);

    // A new part's path is the place it would have taken.
    const added = await savePart({
      kind: 'SOURCE',
      key: 'new-source',
      data: { url: 'https://example.org/new', title: 'New', standing: null },
    });
    expect(added.userErrors).toEqual([
      { field: 'sources.3.standing', code: 'BAD_USER_INPUT', message: 'is required and cannot be cleared' },
    ]);

    // A null for a field the part does not have is named as unknown, not taken as clearing.
    const unknown = await savePart({ kind: 'LESSON', key: LESSON, data: { colour: null } });
    expect(unknown.userErrors).toEqual([
      { field: 'lessons.0.colour', code: 'BAD_USER_INPUT', message: 'unknown field "colour"' },
    ]);

    const after = await readDraft(editor, SLUG);
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
    expect(await revisionCount()).toBe(revisionsBefore);
  });
});

describe('a field left out', () => {
  it('keeps its saved value', async () => {
    const before = await readDraft(editor, SLUG);
    const pooled = lessonIn(before.document, 'pooled-budgets');
    expect(pooled).toMatchObject({ uncertain: true, note: 'One account only.' });
    const payload = await mustSave({
      kind: 'LESSON',
      key: 'pooled-budgets',
      data: { title: 'Pooled budgets need a settled formula' },
    });
    expect(lessonIn(payload.draft.document, 'pooled-budgets')).toEqual({
      ...pooled,
      title: 'Pooled budgets need a settled formula',
    });
    const changes = await diff(before.version, payload.draft.version);
    expect(changes).toHaveLength(1);
    expect(byField(changes[0]!)).toEqual({ title: [pooled.title, 'Pooled budgets need a settled formula'] });
  });
});

describe('a period’s coverage', () => {
  const DRAFT_COVERAGE = `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { periods { key coverage { levels responsibilities connections } } } }`;

  it('is saved with the period, reaches the draft as readers will see it, and the diff says it in words', async () => {
    const before = await readDraft(editor, SLUG);
    const payload = await mustSave({
      kind: 'PERIOD',
      key: PERIOD,
      data: { coverage: { levels: 'complete', responsibilities: 'partial', connections: 'complete' } },
    });
    // The rest of the period, its levels and connections included, is kept.
    expect(periodIn(payload.draft.document)).toEqual({
      ...periodIn(before.document),
      coverage: { levels: 'complete', responsibilities: 'partial', connections: 'complete' },
    });
    const periods = dataOf(await editor.graphql(DRAFT_COVERAGE, { slug: SLUG }), 'draft view').caseStudy
      .periods as Json[];
    expect(periods.find((p) => p.key === PERIOD)!.coverage).toEqual({
      levels: 'COMPLETE',
      responsibilities: 'PARTIAL',
      connections: 'COMPLETE',
    });
    const [change] = await diff(before.version, payload.draft.version);
    expect(change).toMatchObject({ change: 'CHANGED', part: 'period', path: PERIOD });
    expect(byField(change!)).toEqual({
      coverage: [
        'Levels and bodies: partial; Responsibilities: partial; Connections between services: partial',
        'Levels and bodies: complete; Responsibilities: partial; Connections between services: complete',
      ],
    });
  });

  it('is refused at its field when a value is not one of the three, and nothing is written', async () => {
    const before = await readDraft(editor, SLUG);
    const payload = await savePart({ kind: 'PERIOD', key: PERIOD, data: { coverage: { levels: 'everything' } } });
    expect(payload.userErrors).toEqual([
      {
        field: 'periods.1.coverage.levels',
        code: 'BAD_USER_INPUT',
        message: 'must be one of complete, partial, not-recorded',
      },
    ]);
    // Connections are listed in this period, so they cannot be declared unrecorded.
    const listed = await savePart({ kind: 'PERIOD', key: PERIOD, data: { coverage: { connections: 'not-recorded' } } });
    expect(listed.userErrors).toEqual([
      {
        field: 'periods.1.coverage.connections',
        code: 'BAD_USER_INPUT',
        message: 'says no connections are recorded, but the period lists 2: mark it partial or complete',
      },
    ]);
    expect((await readDraft(editor, SLUG)).document).toEqual(before.document);
  });
});
