import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { readSeedCase } from '../../support/seeds.js';
import { DELETE_PART, editPayload, readDraft, saved, signedIn, UserRole, type Caller, type Json } from './helpers.js';

// A source that claims still cite cannot be deleted: the refusal is one message naming, in plain
// words, each claim that cites it and what to do, at the path of a citation.
let db: TestDatabase;
let server: TestServer;
let editor: Caller;

const SLUG = 'finland';
const seed = readSeedCase(SLUG) as unknown as Json;

type Cite = string | { source: string };
type Claim = { name?: string; title?: string; label?: string; cite?: Cite[] };
/** Every claim of the seed case with the name a reader knows it by. */
function claims(): { kind: string; name: string; claim: Claim }[] {
  const out: { kind: string; name: string; claim: Claim }[] = [];
  const add = (kind: string, claim: Claim) =>
    out.push({ kind, name: claim.name ?? claim.title ?? claim.label ?? '', claim });
  for (const period of seed.periods as Json[]) {
    for (const level of (period.levels ?? []) as Json[]) {
      add('level', level as Claim);
      for (const body of (level.bodies ?? []) as Json[]) {
        add('body', body as Claim);
        for (const r of (body.responsibilities ?? []) as Json[]) add('responsibility', r as Claim);
      }
    }
    for (const c of (period.connections ?? []) as Json[]) add('connection', c as Claim);
  }
  for (const e of (seed.timeline ?? []) as Json[]) add('event', e as Claim);
  for (const l of (seed.lessons ?? []) as Json[]) add('lesson', l as Claim);
  return out;
}
const sourceOf = (cite: Cite) => (typeof cite === 'string' ? cite : cite.source);
const citing = (key: string) => claims().filter((c) => (c.claim.cite ?? []).some((x) => sourceOf(x) === key));

const remove = async (key: string) => {
  const { version } = await readDraft(editor, SLUG);
  return editPayload(editor, DELETE_PART, 'deleteDraftPart', {
    edit: { slug: SLUG, expectedVersion: version, message: `delete ${key}` },
    kind: 'SOURCE',
    key,
    periodKey: null,
  });
};

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

describe('deleting a source that claims cite', () => {
  it('is refused with one message naming each claim that cites it, and nothing is written', async () => {
    const sources = seed.sources as Json[];
    // The source cited by the most claims.
    const source = [...sources].sort((a, b) => citing(b.key as string).length - citing(a.key as string).length)[0]!;
    const citers = citing(source.key as string);
    expect(citers.length).toBeGreaterThan(1);
    const before = await readDraft(editor, SLUG);
    const payload = await remove(source.key as string);
    expect(payload.userErrors).toHaveLength(1);
    const error = (payload.userErrors as Json[])[0]!;
    const message = error.message as string;
    expect(message).toContain(`The source “${source.title as string}” is cited by`);
    for (const c of citers.filter((x) => x.name && x.kind !== 'responsibility' && x.kind !== 'connection'))
      expect(message).toContain(`the ${c.kind} “${c.name}”`);
    expect(message).toMatch(/remove it from them first, or cite another source\.$/);
    expect(message).not.toMatch(/add it to sources/);
    expect(error.field).toMatch(/\.cite\.\d+$/);
    // The code the draft page shows in the server's words.
    expect(error.code).toBe('BAD_USER_INPUT');
    const after = await readDraft(editor, SLUG);
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
  });
});
