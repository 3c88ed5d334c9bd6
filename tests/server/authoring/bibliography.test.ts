import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseClaims, claimsCiting, type CaseProfileDoc } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  dataOf,
  editPayload,
  readDraft,
  REVISIONS,
  SAVE_PART,
  saved,
  signedIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// The draft's bibliography: one source cited by several claims in one save, and a duplicate source
// merged into the one kept, each in one revision; refused, with the reason, when it cannot be done,
// and never over an edit made meanwhile.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'finland';
const KEEP = 'stm-child-welfare';
const COPY = 'stm-child-welfare-copy';
const CLAIM = 'kind key periodKey path label';
const CITE = `mutation ($edit: DraftEditInput!, $sourceKey: String!, $claims: [DraftClaimInput!]!) {
  citeDraftClaims(edit: $edit, sourceKey: $sourceKey, claims: $claims) {
    draft { version document } cited { ${CLAIM} } alreadyCiting { ${CLAIM} } userErrors { field code message } } }`;
const MERGE = `mutation ($edit: DraftEditInput!, $keep: String!, $merge: String!) {
  mergeDraftSources(edit: $edit, keep: $keep, merge: $merge) {
    draft { version document } recited { ${CLAIM} } userErrors { field code message } } }`;

const draftNow = () => readDraft(editor, SLUG);
async function send(query: string, field: string, vars: Json, expectedVersion?: number) {
  const version = expectedVersion ?? ((await draftNow()).version as number);
  return editPayload(editor, query, field, { edit: { slug: SLUG, expectedVersion: version }, ...vars });
}
const refOf = (c: { kind: string; key: string; periodKey: string | null }) => ({
  kind: c.kind,
  key: c.key,
  ...(c.periodKey ? { periodKey: c.periodKey } : {}),
});
async function latestRevision(): Promise<Json> {
  return (dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[])[0]!;
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
  // The same page, entered a second time under another address.
  const { version } = await draftNow();
  saved(
    await editor.graphql(SAVE_PART, {
      edit: { slug: SLUG, expectedVersion: version },
      part: {
        kind: 'SOURCE',
        key: COPY,
        data: {
          url: 'https://stm.fi/en/social-services/child-welfare/',
          title: 'Child welfare, STM',
          standing: 'OFFICIAL',
        },
      },
    }),
    'saveDraftPart',
  );
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('citing several claims at once', () => {
  it('adds the source to every claim chosen in one revision, and says which already cited it', async () => {
    const before = await draftNow();
    const doc = before.document as CaseProfileDoc;
    const claims = caseClaims(doc);
    const citing = claims.find((c) => c.cites.includes(KEEP))!;
    const others = claims.filter((c) => !c.cites.includes(KEEP) && !c.cites.includes(COPY));
    const chosen = [others[0]!, others.find((c) => c.kind === 'LESSON')!, citing];
    // The copy is cited by a claim that cites the kept source too, and by two that do not.
    const first = await send(CITE, 'citeDraftClaims', { sourceKey: COPY, claims: chosen.map(refOf) });
    expect(first.userErrors).toEqual([]);
    expect(first.draft.version).toBe(before.version + 1);
    expect(first.cited.map((c: Json) => c.key)).toEqual(chosen.map((c) => c.key));
    expect(first.cited[0]).toEqual({
      kind: chosen[0]!.kind,
      key: chosen[0]!.key,
      periodKey: chosen[0]!.periodKey,
      path: chosen[0]!.path,
      label: chosen[0]!.words,
    });
    expect(first.alreadyCiting).toEqual([]);
    expect(claimsCiting(first.draft.document as CaseProfileDoc, COPY).map((c) => c.key)).toEqual(
      claims.filter((c) => chosen.includes(c)).map((c) => c.key),
    );
    const revision = await latestRevision();
    expect(revision.number).toBe(first.draft.version);
    expect(revision.message).toBe('Cited “Child welfare, STM” in 3 claims');

    const next = others[1]!;
    const second = await send(CITE, 'citeDraftClaims', { sourceKey: COPY, claims: [refOf(chosen[0]!), refOf(next)] });
    expect(second.userErrors).toEqual([]);
    expect(second.cited.map((c: Json) => c.key)).toEqual([next.key]);
    expect(second.alreadyCiting.map((c: Json) => c.label)).toEqual([chosen[0]!.words]);
    expect((await latestRevision()).message).toBe('Cited “Child welfare, STM” in 1 claim (1 already cited it)');
  });

  it('refuses, writing nothing, when every claim already cites it, a source or claim is not there, or the claim is no claim', async () => {
    const before = await draftNow();
    const citing = claimsCiting(before.document as CaseProfileDoc, COPY);
    const all = await send(CITE, 'citeDraftClaims', { sourceKey: COPY, claims: citing.slice(0, 2).map(refOf) });
    expect(all.userErrors).toEqual([
      {
        field: 'claims',
        code: 'BAD_USER_INPUT',
        message: 'All 2 claims chosen already cite “Child welfare, STM”: nothing was changed.',
      },
    ]);
    const noSource = await send(CITE, 'citeDraftClaims', { sourceKey: 'no-such-source', claims: [refOf(citing[0]!)] });
    expect(noSource.userErrors).toMatchObject([{ field: 'sourceKey', code: 'NOT_FOUND' }]);
    const noClaim = await send(CITE, 'citeDraftClaims', {
      sourceKey: KEEP,
      claims: [refOf(citing[0]!), { kind: 'LESSON', key: 'no-such-lesson' }],
    });
    expect(noClaim.userErrors).toEqual([
      { field: 'claims.1', code: 'NOT_FOUND', message: 'There is no lesson "no-such-lesson".' },
    ]);
    const notClaim = await send(CITE, 'citeDraftClaims', { sourceKey: KEEP, claims: [{ kind: 'SOURCE', key: COPY }] });
    expect(notClaim.userErrors).toMatchObject([{ field: 'claims.0.kind', code: 'BAD_USER_INPUT' }]);
    expect((await draftNow()).version).toBe(before.version);
  });

  it('refuses a stale version as a conflict, leaving the edit made meanwhile as it was', async () => {
    const before = await draftNow();
    const claim = caseClaims(before.document as CaseProfileDoc).find((c) => !c.cites.includes(KEEP))!;
    // Another editor's save lands first.
    saved(
      await editor.graphql(SAVE_PART, {
        edit: { slug: SLUG, expectedVersion: before.version },
        part: { kind: 'CASE', data: { summary: 'Changed meanwhile.' } },
      }),
      'saveDraftPart',
    );
    const stale = await send(CITE, 'citeDraftClaims', { sourceKey: KEEP, claims: [refOf(claim)] }, before.version);
    expect(stale.userErrors).toMatchObject([{ field: 'expectedVersion', code: 'CONFLICT' }]);
    expect(stale.userErrors[0].message).toContain('Nothing was saved');
    const after = await draftNow();
    expect(after.version).toBe(before.version + 1);
    expect(after.document.summary).toBe('Changed meanwhile.');
    expect(claimsCiting(after.document as CaseProfileDoc, KEEP).some((c) => c.key === claim.key)).toBe(false);
  });
});

describe('merging duplicate sources', () => {
  it('refuses the same source twice, a source not there and a stale version, writing nothing', async () => {
    const before = await draftNow();
    const same = await send(MERGE, 'mergeDraftSources', { keep: KEEP, merge: KEEP });
    expect(same.userErrors).toEqual([
      {
        field: 'merge',
        code: 'BAD_USER_INPUT',
        message: 'A source cannot be merged into itself: choose two different sources.',
      },
    ]);
    const noKeep = await send(MERGE, 'mergeDraftSources', { keep: 'no-such-source', merge: COPY });
    expect(noKeep.userErrors).toEqual([
      { field: 'keep', code: 'NOT_FOUND', message: 'There is no source "no-such-source" in this draft.' },
    ]);
    const noMerge = await send(MERGE, 'mergeDraftSources', { keep: KEEP, merge: 'no-such-source' });
    expect(noMerge.userErrors).toMatchObject([{ field: 'merge', code: 'NOT_FOUND' }]);
    const stale = await send(MERGE, 'mergeDraftSources', { keep: KEEP, merge: COPY }, before.version - 1);
    expect(stale.userErrors).toMatchObject([{ field: 'expectedVersion', code: 'CONFLICT' }]);
    const after = await draftNow();
    expect(after.version).toBe(before.version);
    expect((after.document as CaseProfileDoc).sources.some((s) => s.key === COPY)).toBe(true);
  });

  it('moves every citation of the merged source to the kept one, never twice, and removes it in one revision', async () => {
    const before = await draftNow();
    const doc = before.document as CaseProfileDoc;
    const moving = claimsCiting(doc, COPY);
    expect(moving.length).toBe(4);
    expect(moving.filter((c) => c.cites.includes(KEEP)).length).toBe(1);
    const merged = await send(MERGE, 'mergeDraftSources', { keep: KEEP, merge: COPY });
    expect(merged.userErrors).toEqual([]);
    expect(merged.draft.version).toBe(before.version + 1);
    expect(merged.recited.map((c: Json) => c.label)).toEqual(moving.map((c) => c.words));
    const now = merged.draft.document as CaseProfileDoc;
    expect(now.sources.map((s) => s.key)).toEqual(doc.sources.filter((s) => s.key !== COPY).map((s) => s.key));
    expect(claimsCiting(now, COPY)).toEqual([]);
    const claimsNow = caseClaims(now);
    for (const claim of moving) {
      const after = claimsNow.find((c) => c.kind === claim.kind && c.key === claim.key && c.path === claim.path)!;
      expect(after.cites.filter((k) => k === KEEP)).toEqual([KEEP]);
      expect(after.cites.length).toBe(claim.cites.includes(KEEP) ? claim.cites.length - 1 : claim.cites.length);
    }
    // Claims that did not cite the copy are as they were.
    const untouched = (d: CaseProfileDoc) =>
      caseClaims(d)
        .filter((c) => !moving.some((m) => m.path === c.path))
        .map((c) => c.cites);
    expect(untouched(now)).toEqual(untouched(doc));
    const revision = await latestRevision();
    expect(revision.number).toBe(merged.draft.version);
    expect(revision.message).toBe(
      'Merged the source “Child welfare, STM” into “Child welfare (Ministry of Social Affairs and Health)”: 4 claims cite it instead',
    );
  });
});
