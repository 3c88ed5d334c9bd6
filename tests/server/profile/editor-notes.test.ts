import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  anonymous,
  dataOf,
  editPayload,
  readDraft,
  REVISION_DIFF,
  REVISIONS,
  SAVE_PART,
  signedIn,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';
import { repoRoot } from '../platform/processes.js';
import { gammaFile, readText } from './helpers.js';

// An editor note holds provenance, modelling choices and editorial reasoning. It is kept in the
// files and the drafts, where editors read and edit it; readers never see it: not in the API's
// published types, not in the public exports, not in what a publication says it changed.
let db: TestDatabase;
let server: TestServer;
let service: InterchangeService;
let tempDir: string;
let editor: Caller;

const SLUG = 'gammaland';
const GAMMA = readText(gammaFile);
/** Every editor note of the fixture, as text: none of them may reach a reader. */
const NOTES: string[] = [...GAMMA.matchAll(/^ *editorNote: (.+)$/gm)].map((m) => m[1]!.replace(/^"(.*)"$/, '$1'));

/** Every field of a published case a reader can ask for, parts and sources included. */
const READER_QUERY = `query ($slug: String!) {
  caseStudy(slug: $slug) {
    slug name summary note kind jurisdiction baseline edition
    notModelled { url reason }
    periods {
      key label description current validFrom { text } validTo { text }
      levels {
        key name tier uncertain uncertaintyNote description
        bodies { key name description uncertain uncertaintyNote responsibilities { key description uncertain uncertaintyNote } }
      }
      connections { key description uncertain uncertaintyNote }
    }
    timeline { key title description uncertain uncertaintyNote }
    lessons { key title detail evidenceStrength transferability uncertain uncertaintyNote }
    sources { url title publisher standing }
  }
  publishedChanges(first: 100) { nodes { edition summary changes { part change path label fields before after } } }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-editor-notes-'));
  const reports = await service.importFiles([gammaFile], { publish: true });
  expect(reports.map((r) => [r.status, r.problems])).toEqual([['published', []]]);
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('editor notes in the files', () => {
  it('the fixture has one on the case, the period, every kind of claim and a source', () => {
    expect(NOTES).toHaveLength(9);
  });

  it('survive import and export byte for byte', async () => {
    expect((await service.exportCase(SLUG, 'yaml'))?.text).toBe(GAMMA);
  });

  it('are refused when empty, at their path', async () => {
    const doc = parse(GAMMA) as Json;
    doc.slug = 'empty-note';
    (doc.lessons as Json[])[0]!.editorNote = '';
    const file = path.join(tempDir, 'empty-note.yaml');
    await writeFile(file, stringify(doc));
    const [report] = await service.importFiles([file], { dryRun: true, publish: true });
    expect(report!.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['lessons.0.editorNote: must not be empty']);
  });
});

describe('readers never see an editor note', () => {
  it('no type of the API has an editorNote field', () => {
    const sdl = readFileSync(path.join(repoRoot, 'schema', 'schema.graphql'), 'utf8');
    expect(sdl).not.toMatch(/\beditorNote\b/);
  });

  it('an anonymous reader asking for one is refused, and the published profile holds none', async () => {
    const asked = await anonymous(server.url).graphql(`{ caseStudy(slug: "${SLUG}") { editorNote } }`);
    expect(asked.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    const reply = await anonymous(server.url).graphql(READER_QUERY, { slug: SLUG });
    const text = JSON.stringify(dataOf(reply, 'the published profile'));
    expect(text).toContain('Only the review says the two services share one department.');
    for (const note of NOTES) expect(text).not.toContain(note);
    expect(text).not.toContain('editorNote');
  });

  it('the public exports leave them out, and are otherwise the file', async () => {
    const withoutNotes = GAMMA.replace(/^ *editorNote: .+\n/gm, '');
    const yaml = await fetch(`${server.url}/export/cases/${SLUG}.yaml`);
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toBe(withoutNotes);
    const json = await fetch(`${server.url}/export/cases/${SLUG}.json`);
    expect(await json.text()).toBe(`${JSON.stringify(parse(withoutNotes), null, 2)}\n`);
  });

  it('a publication that changes only an editor note tells readers of no change', async () => {
    const doc = parse(GAMMA) as Json;
    (doc.lessons as Json[])[0]!.editorNote = 'Moderate: one official review; a second is due in 2027.';
    const file = path.join(tempDir, 'gamma.yaml');
    await writeFile(file, stringify(doc));
    expect((await service.importFiles([file], { publish: true })).map((r) => r.status)).toEqual(['published']);

    const reply = await anonymous(server.url).graphql(READER_QUERY, { slug: SLUG });
    const publications = dataOf(reply).publishedChanges.nodes as Json[];
    expect(publications.map((p) => [p.edition, p.summary])).toEqual([
      [2, 'no changes'],
      [1, expect.stringMatching(/ added/)],
    ]);
    expect(JSON.stringify(publications)).not.toContain('second is due');
  });
});

describe('editors see and edit editor notes in the draft', () => {
  it('the draft holds them, a saved one is kept, and the revision diff shows it', async () => {
    const started = await editor.graphql(
      `mutation { startDraft(slug: "${SLUG}") { userErrors { field code message } } }`,
    );
    expect(dataOf(started, 'startDraft').startDraft.userErrors).toEqual([]);
    const draft = await readDraft(editor, SLUG);
    expect(draft.document.editorNote).toBe(NOTES[0]);
    expect(draft.document.periods[0].levels[0].bodies[0].editorNote).toBe("Named as in the law's English translation.");

    const payload = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: SLUG, expectedVersion: draft.version, message: 'note the source' },
      part: { kind: 'SOURCE', key: 'gamma-review', data: { editorNote: 'Found through the ministry’s list.' } },
    });
    expect(payload.userErrors).toEqual([]);
    const source = (payload.draft.document.sources as Json[]).find((s) => s.key === 'gamma-review')!;
    expect(source.editorNote).toBe('Found through the ministry’s list.');

    const [after, before] = dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions
      .nodes as Json[];
    const diff = dataOf(
      await editor.graphql(REVISION_DIFF, { slug: SLUG, from: before!.number, to: after!.number }),
      'revisionDiff',
    ).revisionDiff as Json[];
    expect(diff).toEqual([expect.objectContaining({ part: 'source', change: 'CHANGED', fields: ['editorNote'] })]);
  });

  it('an anonymous caller cannot read the draft', async () => {
    const reply = await anonymous(server.url).graphql(`{ draft(slug: "${SLUG}") { document } }`);
    expect(reply.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});
