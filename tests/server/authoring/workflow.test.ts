import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { repoRoot } from '../platform/processes.js';
import {
  anonymous,
  CREATE_CASE,
  dataOf,
  editPayload,
  PUBLISH,
  readDraft,
  REQUEST_CHANGES,
  REVISIONS,
  SAVE_PART,
  saved,
  signedIn,
  SUBMIT,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// A new case from nothing to its first edition: an editor writes it part by part, a reviewer's
// publish is refused while a claim has no source, changes are requested, the editor cites a
// source, and the second try publishes edition 1 for everyone to read.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;
let reviewer: Caller;
let admin: Caller;
let reader: Caller;

const SLUG = 'gammaland';
const NAME_MAX = (
  JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'limits.json'), 'utf8')) as { name: { max: number } }
).name.max;
/** The draft version after the last accepted edit. */
let version = 0;

const part = (kind: string, key: string | undefined, data: Json, extra: Json = {}) => ({
  kind,
  ...(key ? { key } : {}),
  ...extra,
  data,
});

/** Saves one part as the editor; returns the payload (user errors included). */
async function savePart(p: Json, message = `edit ${String(p.kind)} ${String(p.key ?? '')}`): Promise<Json> {
  return editPayload(editor, SAVE_PART, 'saveDraftPart', {
    edit: { slug: SLUG, expectedVersion: version, message },
    part: p,
  });
}

/** Saves one part that must be accepted, and moves `version` on. */
async function mustSave(p: Json): Promise<Json> {
  const payload = await savePart(p);
  expect(payload.userErrors, `saving ${JSON.stringify(p)}`).toEqual([]);
  expect(payload.draft.version).toBeGreaterThan(version);
  version = payload.draft.version as number;
  return payload.draft as Json;
}

const PUBLISHED_CASE = `query ($slug: String!, $draft: Boolean) {
  caseStudy(slug: $slug, draft: $draft) {
    name summary edition
    periods { key label levels { name bodies { name responsibilities { function serviceArea { key } citations { source { url } } } } } }
    lessons { title detail citations { source { url } } }
    sources { url title }
  }
}`;

const revisionCount = async () =>
  (dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[]).length;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'eddie@example.org');
  reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER, 'rita@example.org');
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'root@example.org');
  reader = anonymous(server.url);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('from a new case to its first edition', () => {
  it('creates an unpublished case with a draft', async () => {
    const created = saved(
      await editor.graphql(CREATE_CASE, {
        input: {
          slug: SLUG,
          name: 'Gammaland',
          kind: 'COUNTRY',
          jurisdiction: 'Gammaland',
          summary: 'A fictional country that joined up its children’s services in 2015.',
        },
      }),
      'createCase',
    );
    expect(created.draft).toMatchObject({ slug: SLUG, status: 'DRAFT', updatedByLabel: 'eddie@example.org' });
    version = created.draft.version as number;
    expect(dataOf(await reader.graphql(PUBLISHED_CASE, { slug: SLUG }), 'caseStudy').caseStudy).toBeNull();
  });

  it('takes a period, a source, a level, a body with a responsibility and a lesson, one part at a time', async () => {
    await mustSave(part('PERIOD', 'current', { label: 'Joined-up services (from 2015)', validFrom: '2015' }));
    await mustSave(
      part('SOURCE', 'gamma-law', {
        url: 'https://example.org/gamma/law',
        title: 'The Children’s Services Act',
        standing: 'OFFICIAL',
      }),
    );
    await mustSave(
      part(
        'LEVEL',
        'national',
        { tier: 'NATIONAL', name: 'National government', cite: ['gamma-law'] },
        { periodKey: 'current' },
      ),
    );
    // The responsibility and the lesson are written before anyone has found their sources.
    await mustSave(
      part(
        'BODY',
        'ministry',
        {
          name: 'Ministry of Children',
          type: 'MINISTRY',
          cite: ['gamma-law'],
          responsibilities: [{ key: 'ministry-policy', function: 'POLICY', serviceArea: 'childrens-social-work' }],
        },
        { periodKey: 'current', parentKey: 'national' },
      ),
    );
    const draft = await mustSave(
      part('LESSON', 'one-front-door', {
        theme: 'leadership',
        title: 'One front door for families',
        detail: 'Families found help faster with one place to ask.',
      }),
    );
    const body = draft.document.periods[0].levels[0].bodies[0] as Json;
    expect(body.responsibilities).toEqual([
      { key: 'ministry-policy', function: 'POLICY', serviceArea: 'childrens-social-work', cite: [] },
    ]);
    expect(draft.document.lessons).toEqual([
      {
        key: 'one-front-door',
        theme: 'leadership',
        title: 'One front door for families',
        detail: 'Families found help faster with one place to ask.',
        cite: [],
      },
    ]);
  });

  it('refuses a lesson title over the length limit at its field path, and saves nothing', async () => {
    const before = await readDraft(editor, SLUG);
    const revisionsBefore = await revisionCount();
    const refused = await savePart(part('LESSON', 'one-front-door', { title: 'x'.repeat(NAME_MAX + 1) }));
    expect(refused.userErrors).toEqual([
      {
        field: 'lessons.0.title',
        code: 'BAD_USER_INPUT',
        message: `is longer than the limit of ${NAME_MAX} characters`,
      },
    ]);
    const after = await readDraft(editor, SLUG);
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
    expect(await revisionCount()).toBe(revisionsBefore);
    // At the limit exactly, it is fine (and then put back).
    await mustSave(part('LESSON', 'one-front-door', { title: 'x'.repeat(NAME_MAX) }));
    await mustSave(part('LESSON', 'one-front-door', { title: 'One front door for families' }));
  });

  it('names each unsourced claim as a publish problem while the draft is being written', async () => {
    expect((await readDraft(editor, SLUG)).publishProblems).toEqual([
      {
        field: 'periods.0.levels.0.bodies.0.responsibilities.0.cite',
        code: 'UNSOURCED_CLAIM',
        message: 'a claim needs at least one source',
      },
      { field: 'lessons.0.cite', code: 'UNSOURCED_CLAIM', message: 'a claim needs at least one source' },
    ]);
  });

  it('refuses to publish a draft that is not in review', async () => {
    const refused = dataOf(await reviewer.graphql(PUBLISH, { slug: SLUG, v: version }), 'publishDraft')
      .publishDraft as Json;
    expect(refused.edition).toBeNull();
    expect(refused.userErrors).toEqual([
      { field: null, code: 'WORKFLOW', message: expect.stringContaining('in review') },
    ]);
  });

  it('goes into review, where editing is closed', async () => {
    const submitted = saved(await editor.graphql(SUBMIT, { slug: SLUG, v: version }), 'submitForReview');
    expect(submitted.draft).toMatchObject({ status: 'IN_REVIEW', version });
    const refused = await savePart(part('LESSON', 'one-front-door', { detail: 'An edit during review.' }));
    expect(refused.userErrors).toEqual([
      { field: null, code: 'WORKFLOW', message: expect.stringContaining('in review') },
    ]);
    const draft = await readDraft(editor, SLUG);
    expect(draft.version).toBe(version);
    expect(draft.document.lessons[0].detail).toBe('Families found help faster with one place to ask.');
  });

  it('refuses to publish while claims lack sources, naming each one, and publishes nothing', async () => {
    const refused = dataOf(await reviewer.graphql(PUBLISH, { slug: SLUG, v: version }), 'publishDraft')
      .publishDraft as Json;
    expect(refused.edition).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        field: 'periods.0.levels.0.bodies.0.responsibilities.0.cite',
        code: 'UNSOURCED_CLAIM',
        message: 'a claim needs at least one source',
      },
      { field: 'lessons.0.cite', code: 'UNSOURCED_CLAIM', message: 'a claim needs at least one source' },
    ]);
    expect(refused.draft).toMatchObject({ status: 'IN_REVIEW', version });
    expect(dataOf(await reader.graphql(PUBLISHED_CASE, { slug: SLUG }), 'caseStudy').caseStudy).toBeNull();
    expect(dataOf(await reader.graphql(`{ publishedChanges { totalCount } }`)).publishedChanges.totalCount).toBe(0);
  });

  it('goes back to the editor when the reviewer requests changes, with the comment', async () => {
    const back = saved(
      await reviewer.graphql(REQUEST_CHANGES, {
        slug: SLUG,
        v: version,
        comment: 'Which source says families found help faster?',
      }),
      'requestChanges',
    );
    expect(back.draft).toMatchObject({ status: 'DRAFT', version });
    expect((await readDraft(editor, SLUG)).comments).toEqual([
      { partKey: null, body: 'Which source says families found help faster?', authorLabel: 'rita@example.org' },
    ]);
  });

  it('publishes edition 1 once a source is added and cited, for everyone to read', async () => {
    await mustSave(
      part('SOURCE', 'gamma-review', {
        url: 'https://example.org/gamma/review',
        title: 'Review of joined-up services',
        standing: 'OFFICIAL',
      }),
    );
    await mustSave(part('LESSON', 'one-front-door', { cite: ['gamma-review'] }));
    await mustSave(part('RESPONSIBILITY', 'ministry-policy', { cite: ['gamma-law'] }, { periodKey: 'current' }));
    expect((await readDraft(editor, SLUG)).publishProblems).toEqual([]);
    saved(await editor.graphql(SUBMIT, { slug: SLUG, v: version }), 'submitForReview');

    const published = saved(await reviewer.graphql(PUBLISH, { slug: SLUG, v: version }), 'publishDraft');
    expect(published).toMatchObject({ edition: 1, draft: null });
    expect(
      dataOf(await editor.graphql(`query { draft(slug: "${SLUG}") { version } }`)).draft,
      'publishing ends the draft',
    ).toBeNull();

    const read = dataOf(await reader.graphql(PUBLISHED_CASE, { slug: SLUG }), 'caseStudy').caseStudy as Json;
    expect(read).toMatchObject({ name: 'Gammaland', edition: 1 });
    expect(read.periods).toEqual([
      {
        key: 'current',
        label: 'Joined-up services (from 2015)',
        levels: [
          {
            name: 'National government',
            bodies: [
              {
                name: 'Ministry of Children',
                responsibilities: [
                  {
                    function: 'POLICY',
                    serviceArea: { key: 'childrens-social-work' },
                    citations: [{ source: { url: 'https://example.org/gamma/law' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(read.lessons).toEqual([
      {
        title: 'One front door for families',
        detail: 'Families found help faster with one place to ask.',
        citations: [{ source: { url: 'https://example.org/gamma/review' } }],
      },
    ]);

    const changes = dataOf(
      await reader.graphql(
        `{ publishedChanges { totalCount nodes { edition summary publishedByLabel caseStudy { slug } changes { part change path } } } }`,
      ),
    ).publishedChanges as Json;
    expect(changes.totalCount).toBe(1);
    const [publication] = changes.nodes as Json[];
    expect(publication).toMatchObject({
      edition: 1,
      summary: '8 added, 0 removed, 0 changed',
      // Readers never see a staff address: rita's account has no display name.
      publishedByLabel: 'a reviewer',
      caseStudy: { slug: SLUG },
    });
    expect((publication!.changes as Json[]).map((c) => `${c.change} ${c.part} ${c.path}`).sort()).toEqual(
      [
        `ADDED case ${SLUG}`,
        'ADDED period current',
        'ADDED level current/national',
        'ADDED body current/ministry',
        'ADDED responsibility current/ministry-policy',
        'ADDED lesson one-front-door',
        'ADDED source gamma-law',
        'ADDED source gamma-review',
      ].sort(),
    );
  });

  it('keeps the refused and the successful publication in the audit log', async () => {
    const log = dataOf(
      await admin.graphql(`{ auditLog(action: "publishDraft") { nodes { outcome actorLabel target detail } } }`),
    ).auditLog.nodes as Json[];
    expect(log.map((l) => [l.outcome, l.actorLabel, l.target])).toEqual([
      ['ok', 'rita@example.org', SLUG],
      ['refused', 'rita@example.org', SLUG],
      ['refused', 'rita@example.org', SLUG],
    ]);
    expect(log[1]!.detail).toContain('lessons.0.cite');
  });
});

describe('a draft beside the published edition', () => {
  it('shows the draft’s change with draft: true while readers still get the published edition', async () => {
    const started = saved(
      await editor.graphql(
        `mutation { startDraft(slug: "${SLUG}") { draft { version } userErrors { field code message } } }`,
      ),
      'startDraft',
    );
    version = started.draft.version as number;
    await mustSave(part('LESSON', 'one-front-door', { title: 'A single front door for families' }));
    await mustSave(
      part('CASE', undefined, {
        summary: 'A fictional country that joined up its services in 2015, and kept them joined.',
      }),
    );

    const draftView = dataOf(await editor.graphql(PUBLISHED_CASE, { slug: SLUG, draft: true }), 'draft view')
      .caseStudy as Json;
    expect(draftView.lessons.map((l: Json) => l.title)).toEqual(['A single front door for families']);
    expect(draftView.summary).toBe('A fictional country that joined up its services in 2015, and kept them joined.');

    for (const who of [reader, editor]) {
      const publishedView = dataOf(await who.graphql(PUBLISHED_CASE, { slug: SLUG }), 'published view')
        .caseStudy as Json;
      expect(publishedView.edition).toBe(1);
      expect(publishedView.lessons.map((l: Json) => l.title)).toEqual(['One front door for families']);
      expect(publishedView.summary).toBe('A fictional country that joined up its children’s services in 2015.');
    }
    expect(dataOf(await reader.graphql(`{ caseStudies { nodes { slug edition } } }`)).caseStudies.nodes).toEqual([
      { slug: SLUG, edition: 1 },
    ]);
  });
});
