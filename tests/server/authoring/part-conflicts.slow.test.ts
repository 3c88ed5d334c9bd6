import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { serverUrl, startServer, userEnv, type NodeProcess } from '../platform/processes.js';
import { alphaFile } from '../profile/helpers.js';
import {
  caller,
  dataOf,
  DRAFT,
  editPayload,
  makeUser,
  PASSWORD,
  readDraft,
  REVISIONS,
  signIn,
  USER_ERRORS,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Two compiled servers, two processes, on one PostgreSQL: Ada edits through one, Bea through the
// other, both from the same version of the draft, at the same moment. Saves of different parts
// both land, one after the other, each as a revision of its own; saves of the same part let one
// through and refuse the other, naming who saved it.
let db: TestDatabase;
const servers: NodeProcess[] = [];
let ada: Caller;
let bea: Caller;
const SLUG = 'alphaland';
const LESSONS = ['leadership-continuity', 'pooled-budgets'] as const;

const SAVE = `mutation ($edit: DraftEditInput!, $part: DraftPartInput!, $mode: DraftPartSaveMode!) { saveDraftPart(edit: $edit, part: $part, mode: $mode) { ${DRAFT} ${USER_ERRORS} } }`;
const saveLesson = (who: Caller, expectedVersion: number, key: string, detail: string) =>
  editPayload(who, SAVE, 'saveDraftPart', {
    edit: { slug: SLUG, expectedVersion, message: detail },
    part: { kind: 'LESSON', key, data: { detail } },
    mode: 'UPDATE',
  });
const detailOf = (draft: Json, key: string) => (draft.document.lessons as Json[]).find((l) => l.key === key)!.detail;

beforeAll(async () => {
  db = await createTestDatabase();
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  await makeUser(db.dataSource, UserRole.EDITOR, 'ada@example.org');
  await makeUser(db.dataSource, UserRole.EDITOR, 'bea@example.org');
  for (let i = 0; i < 2; i += 1)
    servers.push(startServer(userEnv({ DATABASE_URL: db.url, PORT: '0', NODE_ENV: 'production' })));
  const [adaUrl, beaUrl] = await Promise.all(servers.map(serverUrl));
  const as = async (url: string, email: string) =>
    caller(url, email, { cookie: (await signIn(url, email, PASSWORD)).cookie! });
  ada = await as(adaUrl!, 'ada@example.org');
  bea = await as(beaUrl!, 'bea@example.org');
  const started = dataOf(await ada.graphql(`mutation { startDraft(slug: "${SLUG}") { ${USER_ERRORS} } }`), 'start');
  expect(started.startDraft.userErrors).toEqual([]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.drop();
});

describe('two editors on two servers saving the same version at once', () => {
  it('lands both saves of different parts, round after round, each as its own revision', async () => {
    for (let round = 1; round <= 5; round += 1) {
      const { version } = await readDraft(ada, SLUG);
      const texts = [`Ada, round ${round}.`, `Bea, round ${round}.`];
      const results = await Promise.all([
        saveLesson(ada, version as number, LESSONS[0], texts[0]!),
        saveLesson(bea, version as number, LESSONS[1], texts[1]!),
      ]);
      expect(
        results.map((r) => r.userErrors),
        `round ${round}`,
      ).toEqual([[], []]);
      expect(results.map((r) => r.draft.version as number).sort((a, b) => a - b)).toEqual([
        (version as number) + 1,
        (version as number) + 2,
      ]);
      const now = await readDraft(bea, SLUG);
      expect(now.version).toBe((version as number) + 2);
      expect([detailOf(now, LESSONS[0]), detailOf(now, LESSONS[1])]).toEqual(texts);
      const revisions = dataOf(await ada.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[];
      expect(
        revisions
          .slice(0, 2)
          .map((r) => r.message as string)
          .sort(),
      ).toEqual(texts);
      expect(revisions[0]!.document).toEqual(now.document);
    }
  });

  it('lets one of two saves of the same part through and refuses the other, naming who saved it', async () => {
    const { version } = await readDraft(ada, SLUG);
    const results = await Promise.all([
      saveLesson(ada, version as number, LESSONS[0], 'Ada, the same lesson.'),
      saveLesson(bea, version as number, LESSONS[0], 'Bea, the same lesson.'),
    ]);
    const codes = results.map((r) => (r.userErrors as Json[]).map((e) => e.code).join());
    expect([...codes].sort()).toEqual(['', 'CONFLICT']);
    const won = codes[0] === '' ? 0 : 1;
    const winner = [ada, bea][won]!;
    const refused = results[1 - won]!.userErrors[0] as Json;
    expect(refused.message).toContain(`was changed by ${winner.label} on `);
    const now = await readDraft(ada, SLUG);
    expect(now.version).toBe((version as number) + 1);
    expect(detailOf(now, LESSONS[0])).toBe(won === 0 ? 'Ada, the same lesson.' : 'Bea, the same lesson.');
  });
});
