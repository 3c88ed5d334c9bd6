import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile } from '../profile/helpers.js';
import {
  dataOf,
  editPayload,
  readDraft,
  REVISIONS,
  SAVE_PART,
  signedIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Two editors open the same version of a draft and both change the same lesson. The second save
// must not silently overwrite the first: it is refused with CONFLICT, naming the version now
// current and who saved it, and applying the change again on that version keeps both.
let db: TestDatabase;
let server: TestServer;
let ada: Caller;
let bea: Caller;
const SLUG = 'alphaland';
const LESSON = 'leadership-continuity';

const lessonOf = (draft: Json, key = LESSON): Json => (draft.document.lessons as Json[]).find((l) => l.key === key)!;
const revisionCount = async () =>
  (dataOf(await ada.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[]).length;
const saveLesson = (who: Caller, expectedVersion: number, data: Json, key = LESSON) =>
  editPayload(who, SAVE_PART, 'saveDraftPart', {
    edit: { slug: SLUG, expectedVersion, message: `${who.label} edits ${key}` },
    part: { kind: 'LESSON', key, data },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  ada = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ada@example.org');
  bea = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'bea@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('two editors starting a draft of the published case at once', () => {
  it('starts one draft; the other editor is told there is one, at its version', async () => {
    const START = `mutation { startDraft(slug: "${SLUG}") { draft { version updatedByLabel } userErrors { field code message } } }`;
    const results = (await Promise.all([ada.graphql(START), bea.graphql(START)])).map(
      (reply) => dataOf(reply, 'startDraft').startDraft as Json,
    );
    const started = results.filter((r) => r.userErrors.length === 0);
    expect(started, 'exactly one draft is started').toHaveLength(1);
    const version = started[0]!.draft.version as number;
    const other = results.find((r) => r !== started[0])!;
    expect(other.userErrors).toEqual([
      {
        field: 'slug',
        code: 'WORKFLOW',
        message: `Alphaland already has a draft (version ${version}); edit that one.`,
      },
    ]);
    expect(other.draft).toEqual(started[0]!.draft);
    expect(await revisionCount()).toBe(2);
  });
});

describe('two editors saving the same lesson from the same version', () => {
  it('saves one change, refuses the other with CONFLICT, and keeps both once the loser applies theirs again', async () => {
    const [adaView, beaView] = await Promise.all([readDraft(ada, SLUG), readDraft(bea, SLUG)]);
    expect(adaView.version).toBe(beaView.version);
    const version = adaView.version as number;
    const original = lessonOf(adaView);
    const revisionsBefore = await revisionCount();
    const changes = new Map<Caller, Json>([
      [ada, { title: 'Keep county directors in post through the transfer' }],
      [bea, { detail: 'Turnover of county directors slowed integration for two years.' }],
    ]);

    const [adaResult, beaResult] = await Promise.all([
      saveLesson(ada, version, changes.get(ada)!),
      saveLesson(bea, version, changes.get(bea)!),
    ]);

    const results = new Map([
      [ada, adaResult],
      [bea, beaResult],
    ]);
    const winners = [ada, bea].filter((who) => (results.get(who)!.userErrors as Json[]).length === 0);
    expect(winners, 'exactly one save goes through').toHaveLength(1);
    const winner = winners[0]!;
    const loser = winner === ada ? bea : ada;
    const refused = results.get(loser)!;
    expect(refused.userErrors).toHaveLength(1);
    expect(refused.userErrors[0]).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const message = refused.userErrors[0].message as string;
    expect(message).toContain(`version ${version + 1}`);
    expect(message).toContain(winner.label);

    // The draft holds the winner's change alone.
    const afterRace = await readDraft(loser, SLUG);
    expect(afterRace.version).toBe(version + 1);
    expect(afterRace.updatedByLabel).toBe(winner.label);
    expect(lessonOf(afterRace)).toEqual({ ...original, ...changes.get(winner) });
    expect(refused.draft.version, 'the refusal shows the draft as it now stands').toBe(version + 1);

    // The loser applies the change again, on the version now current.
    const retried = await saveLesson(loser, afterRace.version as number, changes.get(loser)!);
    expect(retried.userErrors).toEqual([]);
    expect(retried.draft.version).toBe(version + 2);

    const final = await readDraft(ada, SLUG);
    expect(lessonOf(final)).toEqual({ ...original, ...changes.get(ada), ...changes.get(bea) });
    expect(await revisionCount()).toBe(revisionsBefore + 2);
    const revisions = dataOf(await ada.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[];
    expect(revisions.slice(0, 2).map((r) => [r.authorLabel, r.message])).toEqual([
      [loser.label, `${loser.label} edits ${LESSON}`],
      [winner.label, `${winner.label} edits ${LESSON}`],
    ]);
  });

  it('lets exactly one of two saves through every time, over several races', async () => {
    const lessons = ['pooled-budgets', LESSON, 'pooled-budgets', LESSON];
    for (const [round, key] of lessons.entries()) {
      const { version } = await readDraft(ada, SLUG);
      const before = await revisionCount();
      const results = await Promise.all([
        saveLesson(ada, version as number, { detail: `Ada's round ${round}.` }, key),
        saveLesson(bea, version as number, { detail: `Bea's round ${round}.` }, key),
      ]);
      const codes = results.map((r) => (r.userErrors as Json[]).map((e) => e.code).join());
      expect(codes.sort(), `round ${round}`).toEqual(['', 'CONFLICT']);
      const winner = results[0]!.userErrors.length === 0 ? "Ada's" : "Bea's";
      const draft = await readDraft(bea, SLUG);
      expect(draft.version).toBe((version as number) + 1);
      expect(lessonOf(draft, key).detail).toBe(`${winner} round ${round}.`);
      expect(await revisionCount()).toBe(before + 1);
    }
  });
});
