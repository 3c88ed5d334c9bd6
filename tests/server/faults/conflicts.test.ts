import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  anonymous,
  dataOf,
  readDraft,
  REVISIONS,
  SAVE_PART,
  signedIn,
  UserRole,
  type Caller,
  type Json,
  type Reply,
} from '../authoring/helpers.js';
import { alphaFile } from '../profile/helpers.js';
import { lessonKeys } from './helpers.js';

// Thirty saves of one draft at once, all made against the same version, round after round, by
// six editors, while others read. Per round exactly one save goes through and every other is
// refused with CONFLICT; the history holds exactly the saves that went through, in order.
let db: TestDatabase;
let server: TestServer;
let editors: Caller[];
const SLUG = 'alphaland';
const LESSON = lessonKeys(alphaFile)[0]!;
const ROUNDS = 6;
const SAVES_PER_ROUND = 30;

const SAVE_DRAFT = `mutation ($edit: DraftEditInput!, $document: JSONObject!) { saveDraft(edit: $edit, document: $document) { draft { version updatedByLabel document } userErrors { field code message } } }`;
const DRAFT_READ = `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { summary lessons { key detail } } }`;
const PUBLISHED_READ = `query ($slug: String!) { caseStudy(slug: $slug) { edition summary lessons { key detail } } }`;

/** What a save writes and how to find it: a lesson's detail (by part) or the summary (whole document). */
const written = (document: Json) => ({
  summary: document.summary as string,
  detail: (document.lessons as Json[]).find((l) => l.key === LESSON)!.detail as string,
});

/**
 * The i-th save of a round: even ones change the lesson by part, odd ones save the whole document
 * with a new summary and the lesson changed too (so that every save of a round edits the lesson,
 * and a part save after any other is refused as one of the same part).
 */
function save(who: Caller, draft: Json, message: string): Promise<Reply<Json>> {
  const edit = { slug: SLUG, expectedVersion: draft.version, message };
  const lessons = (draft.document.lessons as Json[]).map((l) => (l.key === LESSON ? { ...l, detail: message } : l));
  return message.endsWith('(part)')
    ? who.graphql(SAVE_PART, { edit, part: { kind: 'LESSON', key: LESSON, data: { detail: message } } })
    : who.graphql(SAVE_DRAFT, { edit, document: { ...draft.document, summary: message, lessons } });
}

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile], { publish: true });
  editors = await Promise.all(
    Array.from({ length: 6 }, (_, i) => signedIn(server.url, db.dataSource, UserRole.EDITOR, `editor${i}@example.org`)),
  );
  const started = dataOf(
    await editors[0]!.graphql(`mutation { startDraft(slug: "${SLUG}") { userErrors { code } } }`),
    'startDraft',
  ).startDraft as Json;
  expect(started.userErrors).toEqual([]);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('many editors saving the same version of one draft at once', () => {
  /** The save that went through in each round. */
  const winners: { message: string; by: string; version: number }[] = [];
  const draftReads: Json[] = [];
  let published: Json;
  let firstVersion: number;

  it(`lets exactly one of ${SAVES_PER_ROUND} saves through in each of ${ROUNDS} rounds, refusing the rest with CONFLICT`, async () => {
    published = dataOf(await anonymous(server.url).graphql(PUBLISHED_READ, { slug: SLUG }), 'published')
      .caseStudy as Json;
    const reader = editors[0]!;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const draft = await readDraft(reader, SLUG);
      const version = draft.version as number;
      firstVersion ??= version;
      const messages = Array.from(
        { length: SAVES_PER_ROUND },
        (_, i) =>
          `round ${round}, save ${i + 1} by ${editors[i % editors.length]!.label} (${i % 2 ? 'document' : 'part'})`,
      );
      const [replies, reads, publishedReads] = await Promise.all([
        Promise.all(messages.map((message, i) => save(editors[i % editors.length]!, draft, message))),
        Promise.all(Array.from({ length: 6 }, () => reader.graphql(DRAFT_READ, { slug: SLUG }))),
        Promise.all(Array.from({ length: 4 }, () => anonymous(server.url).graphql(PUBLISHED_READ, { slug: SLUG }))),
      ]);

      const payloads = replies.map((reply, i) => {
        expect(reply.status, messages[i]).toBe(200);
        const data = dataOf(reply, messages[i]);
        return (data.saveDraftPart ?? data.saveDraft) as Json;
      });
      const applied = payloads.flatMap((p, i) => (p.userErrors.length === 0 ? [i] : []));
      expect(applied, `round ${round}: saves that went through`).toHaveLength(1);
      const won = applied[0]!;
      expect(payloads[won]!.draft.version, `round ${round}`).toBe(version + 1);
      for (const [i, p] of payloads.entries()) {
        if (i === won) continue;
        expect(p.userErrors, messages[i]).toEqual([
          {
            field: 'expectedVersion',
            code: 'CONFLICT',
            // A whole document is refused for the version; a part for the lesson, changed by the winner.
            message: expect.stringContaining(
              i % 2
                ? `it is at version ${version + 1}, saved by ${editors[won % editors.length]!.label}`
                : `was changed by ${editors[won % editors.length]!.label} on `,
            ),
          },
        ]);
        // Refused only once the winner had saved: the refusal shows the draft at the winner's version.
        expect(p.draft.version, messages[i]).toBe(version + 1);
      }
      winners.push({ message: messages[won]!, by: editors[won % editors.length]!.label, version: version + 1 });

      const after = await readDraft(reader, SLUG);
      expect(after.version).toBe(version + 1);
      expect(after.updatedByLabel).toBe(winners.at(-1)!.by);
      expect(written(after.document)).toEqual(
        won % 2
          ? { summary: messages[won], detail: messages[won] }
          : { ...written(draft.document), detail: messages[won] },
      );

      for (const read of reads) draftReads.push(dataOf(read, 'draft read').caseStudy as Json);
      // Readers of the published case see it unchanged throughout: drafts are not theirs to see.
      for (const read of publishedReads) expect(dataOf(read, 'published read').caseStudy).toEqual(published);
    }
  });

  it('records exactly the saves that went through, with consecutive versions, and nothing else', async () => {
    const revisions = (
      dataOf(await editors[0]!.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[]
    )
      .slice()
      .reverse();
    expect(revisions.map((r) => r.number)).toEqual(revisions.map((_, i) => i + 1));
    const ours = revisions.filter((r) => r.number > firstVersion);
    expect(ours.map((r) => [r.number, r.authorLabel, r.message])).toEqual(
      winners.map((w) => [w.version, w.by, w.message]),
    );
    // Each revision holds its own change and every earlier one.
    let expected = written(revisions.find((r) => r.number === firstVersion)!.document as Json);
    for (const r of ours) {
      expected = (r.message as string).endsWith('(part)')
        ? { ...expected, detail: r.message }
        : { summary: r.message, detail: r.message };
      expect(written(r.document as Json), `revision ${r.number}`).toEqual(expected);
    }
    const draft = await readDraft(editors[1]!, SLUG);
    expect(draft.version).toBe(firstVersion + ROUNDS);
    expect(draft.document).toEqual(revisions.at(-1)!.document);

    // Every read of the draft, made while saves were racing, showed one whole revision.
    const wholes = new Set(revisions.map((r) => JSON.stringify(written(r.document as Json))));
    for (const read of draftReads) {
      const seen = {
        summary: read.summary as string,
        detail: (read.lessons as Json[]).find((l) => l.key === LESSON)?.detail as string,
      };
      expect(wholes.has(JSON.stringify(seen)), JSON.stringify(seen)).toBe(true);
    }

    // Every request was heard: one `ok` per round and one `refused` for every other save.
    const audit = (await db.dataSource.query(
      `SELECT outcome, count(*)::int AS n FROM audit_event WHERE action IN ('saveDraft', 'saveDraftPart') AND target = $1 GROUP BY outcome ORDER BY outcome`,
      [SLUG],
    )) as { outcome: string; n: number }[];
    expect(audit).toEqual([
      { outcome: 'ok', n: ROUNDS },
      { outcome: 'refused', n: ROUNDS * (SAVES_PER_ROUND - 1) },
    ]);
  });
});
