import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Actor } from '../../../server/src/modules/account/access.js';
import { UserRole } from '../../../server/src/modules/account/account.entity.js';
import { AccountService } from '../../../server/src/modules/account/account.service.js';
import { DraftPartSaveMode } from '../../../server/src/modules/draft/draft.inputs.js';
import { DraftService } from '../../../server/src/modules/draft/draft.service.js';
import { InterchangeService, type ImportReport } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { fixturesDir } from '../../support/profiles.js';
import type { Json } from './helpers.js';

// Import protection judges content: what the file was exported from, what the app holds now, and
// what the file says. Each case below was refused, or silently undid edits, when it judged by time.
let db: TestDatabase;
let dir: string;
let profiles: InterchangeService;
let drafts: DraftService;
let editor: Actor;
let reviewer: Actor;
const alpha = path.join(fixturesDir, 'profiles', 'alpha.yaml');
const SLUG = 'alphaland';

async function actorFor(email: string, role: UserRole): Promise<Actor> {
  const made = await new AccountService(db.dataSource).createUser({ email, role, password: 'a long enough password' });
  if (!('user' in made)) throw new Error(`account ${email} not made`);
  return { viewer: { kind: 'user', user: made.user, sessionId: `test-${email}` } };
}

/** Saves the case's summary in the app (starting a draft when there is none); returns the new version. */
async function editInApp(slug: string, data: Json, kind = 'CASE', key?: string): Promise<number> {
  let draft = await drafts.draftOf(slug);
  if (!draft) {
    const started = await drafts.startDraft(editor, slug);
    expect(started.userErrors).toEqual([]);
    draft = started.draft!;
  }
  const saved = await drafts.savePart(
    editor,
    slug,
    draft.version,
    { kind: kind as never, key, data },
    null,
    kind === 'CASE' ? null : DraftPartSaveMode.UPDATE,
  );
  expect(saved.userErrors).toEqual([]);
  return saved.draft!.version;
}

/** Submits and publishes the case's draft as the reviewer. */
async function publishInApp(slug: string): Promise<void> {
  const draft = (await drafts.draftOf(slug))!;
  expect((await drafts.submitForReview(editor, slug, draft.version)).userErrors).toEqual([]);
  const published = await drafts.publishDraft(reviewer, slug, draft.version);
  expect(published.userErrors).toEqual([]);
}

/** Writes the export an author would take (`casebook export`), changed by `edit`, to a file. */
async function exportedFile(slug: string, name: string, edit: (doc: Json) => void = () => {}): Promise<string> {
  const exported = await profiles.exportCase(slug, 'yaml', { withRevision: true });
  const doc = parse(exported!.text) as Json;
  edit(doc);
  const file = path.join(dir, name);
  await writeFile(file, stringify(doc));
  return file;
}

const statusOf = (reports: ImportReport[]) => reports.map((r) => [r.status, r.problems.map((p) => p.message)]);
const revisionCount = async (slug: string) => (await drafts.revisions(slug, { first: 100, offset: 0 } as never))[1];

// Each test starts from its own database holding Alphaland as imported and published.
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'casebook-import-content-'));
});

beforeEach(async () => {
  db = await createTestDatabase();
  profiles = new InterchangeService(db.dataSource);
  drafts = new DraftService(db.dataSource);
  editor = await actorFor('ed@example.org', UserRole.EDITOR);
  reviewer = await actorFor('rev@example.org', UserRole.REVIEWER);
  expect(statusOf(await profiles.importFiles([alpha], { publish: true }))).toEqual([['published', []]]);
});

afterEach(async () => {
  await db?.drop();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exports carry the revision they were made from', () => {
  it('names the revision and a digest of its content after the format line, and only in the file for editors', async () => {
    const full = (await profiles.exportCase(SLUG, 'yaml', { withRevision: true }))!.text;
    expect(full).toMatch(
      /^format: casebook\/case-profile@1\nexportedFrom:\n {2}revision: 1\n {2}digest: [\w-]{43}\nslug:/,
    );
    expect((await profiles.exportCase(SLUG, 'yaml'))!.text).not.toContain('exportedFrom');
    expect((await profiles.exportCase(SLUG, 'yaml', { forReaders: true }))!.text).not.toContain('exportedFrom');
  });

  it('an export imported as it is changes nothing and says so', async () => {
    const file = await exportedFile(SLUG, 'same.yaml');
    const before = await revisionCount(SLUG);
    expect(statusOf(await profiles.importFiles([file]))).toEqual([['unchanged', []]]);
    expect(statusOf(await profiles.importFiles([file], { publish: true }))).toEqual([['unchanged', []]]);
    expect(await revisionCount(SLUG)).toBe(before);
    expect(await drafts.draftOf(SLUG)).toBeNull();
  });

  it('what an import stores never carries the export line', async () => {
    const file = await exportedFile(SLUG, 'changed.yaml', (doc) => (doc.summary = 'Changed in the file.'));
    expect(statusOf(await profiles.importFiles([file]))).toEqual([['drafted', []]]);
    const draft = (await drafts.draftOf(SLUG))!;
    expect(draft.document.summary).toBe('Changed in the file.');
    expect(draft.document).not.toHaveProperty('exportedFrom');
  });
});

describe('a file based on the latest revision imports without --force', () => {
  it('after edits made and published in the app', async () => {
    await editInApp(SLUG, { summary: 'Edited in the app.' });
    await publishInApp(SLUG);
    const file = await exportedFile(SLUG, 'after-app.yaml', (doc) => {
      doc.lessons[0].title = 'Keep county directors in post through the transfer';
    });
    expect(statusOf(await profiles.importFiles([file]))).toEqual([['drafted', []]]);
    const draft = (await drafts.draftOf(SLUG))!;
    // The app's edit is in the file the author exported, so it stays; the file's edit is added.
    expect(draft.document.summary).toBe('Edited in the app.');
    expect(draft.document.lessons![0]!.title).toBe('Keep county directors in post through the transfer');
  });

  it('for a case made in the app, which no file ever brought in', async () => {
    const made = await drafts.createCase(editor, {
      slug: 'appland',
      name: 'Appland',
      kind: 'COUNTRY' as never,
      jurisdiction: 'Appland',
      summary: 'A case made in the app.',
    });
    expect(made.userErrors).toEqual([]);
    await publishInApp('appland');
    const file = await exportedFile(
      'appland',
      'appland.yaml',
      (doc) => (doc.summary = 'Made in the app, then edited in a file.'),
    );
    expect(statusOf(await profiles.importFiles([file], { publish: true }))).toEqual([['published', []]]);
    const exported = parse((await profiles.exportCase('appland', 'yaml'))!.text) as Json;
    expect(exported.summary).toBe('Made in the app, then edited in a file.');
  });

  it('while a draft that holds the exported content is open', async () => {
    await editInApp(SLUG, { summary: 'Edited in the app.' });
    await publishInApp(SLUG);
    const started = await drafts.startDraft(editor, SLUG);
    expect(started.userErrors).toEqual([]);
    const file = await exportedFile(SLUG, 'over-draft.yaml', (doc) => (doc.summary = 'Then edited in the file.'));
    expect(statusOf(await profiles.importFiles([file]))).toEqual([['drafted', []]]);
    expect((await drafts.draftOf(SLUG))!.document.summary).toBe('Then edited in the file.');
  });
});

describe('a file older than the app’s edits', () => {
  let stale: string;

  beforeEach(async () => {
    stale = await exportedFile(SLUG, 'stale.yaml', (doc) => (doc.summary = 'Edited in the file.'));
    await editInApp(SLUG, { summary: 'Edited in the app.' });
    await editInApp(
      SLUG,
      { title: 'Keep directors in post through the transfer, and their deputies' },
      'LESSON',
      'leadership-continuity',
    );
  });

  it('is refused without --force, naming the revision it came from and how to see what --force would undo', async () => {
    const before = await revisionCount(SLUG);
    const [report] = await profiles.importFiles([stale]);
    expect(report!.status).toBe('refused');
    expect(report!.problems[0]!.message).toMatch(
      /^alphaland: the file was exported from revision 1; the app has newer edits \(revision 4 by ed@example\.org, [^)]+\)\. Import it with --force to replace them; --dry-run lists what that would undo\.$/,
    );
    expect(await revisionCount(SLUG)).toBe(before);
    expect((await drafts.draftOf(SLUG))!.document.summary).toBe('Edited in the app.');
  });

  it('--dry-run lists, part by part, what the import would change, and which edits made in the app it would undo', async () => {
    for (const force of [false, true]) {
      const [report] = await profiles.importFiles([stale], { dryRun: true, force });
      expect(report!.status).toBe(force ? 'would-draft' : 'refused');
      const listed = report!.changes!.map((c) => [c.part, c.change, c.path, c.fields, c.origin]);
      expect(listed).toEqual([
        // Both changed the summary: the file's text would replace the app's.
        ['case', 'CHANGED', SLUG, ['summary'], 'both'],
        // Only the app changed the lesson: the import would undo that edit.
        ['lesson', 'CHANGED', 'leadership-continuity', ['title'], 'app'],
      ]);
    }
    expect((await drafts.draftOf(SLUG))!.document.summary).toBe('Edited in the app.');
  });

  it('lists a change only the file made as the file’s', async () => {
    const edited = path.join(dir, 'stale-plus.yaml');
    const doc = parse(await readFile(stale, 'utf8')) as Json;
    doc.lessons[1].title = 'Pool the budgets before the transfer';
    await writeFile(edited, stringify(doc));
    const [report] = await profiles.importFiles([edited], { dryRun: true, force: true });
    expect(report!.changes!.find((c) => c.path === 'pooled-budgets')).toMatchObject({
      change: 'CHANGED',
      fields: ['title'],
      origin: 'file',
    });
  });

  it('with --force replaces them, and the report lists what it undid', async () => {
    const [report] = await profiles.importFiles([stale], { force: true });
    expect(report!.status).toBe('drafted');
    expect(report!.changes!.filter((c) => c.origin !== 'file').map((c) => c.path)).toEqual([
      SLUG,
      'leadership-continuity',
    ]);
    const draft = (await drafts.draftOf(SLUG))!;
    expect(draft.document.summary).toBe('Edited in the file.');
    expect(draft.document.lessons![0]!.title).toBe('Keep leaders in post through the transfer');
  });

  it('a file whose export line names a revision with other content is judged as a file without one', async () => {
    const forged = path.join(dir, 'forged.yaml');
    const doc = parse(await readFile(stale, 'utf8')) as Json;
    // Revision 3 (the app's first edit) exists, but holds other content than this file was made from.
    doc.exportedFrom = { revision: 3, digest: doc.exportedFrom.digest };
    await writeFile(forged, stringify(doc));
    const [report] = await profiles.importFiles([forged]);
    expect(report!.status).toBe('refused');
    expect(report!.problems[0]!.message).toContain('the app has newer edits');
    expect(report!.problems[0]!.message).not.toContain('exported from revision 3');
  });
});
