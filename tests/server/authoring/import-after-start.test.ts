import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRole } from '../../../server/src/modules/account/account.entity.js';
import { AccountService } from '../../../server/src/modules/account/account.service.js';
import { DraftService } from '../../../server/src/modules/draft/draft.service.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { fixturesDir } from '../../support/profiles.js';

let db: TestDatabase;
let dir: string;
const alpha = path.join(fixturesDir, 'profiles', 'alpha.yaml');

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'casebook-import-'));
});

afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('importing over a draft started in the app', () => {
  it('is not refused when the draft holds no new work, and is refused once it does', async () => {
    const profiles = new InterchangeService(db.dataSource);
    expect((await profiles.importFiles([alpha], { publish: true })).map((r) => r.status)).toEqual(['published']);
    const created = await new AccountService(db.dataSource).createUser({
      email: 'editor@example.org',
      role: UserRole.EDITOR,
      password: 'a long enough password',
    });
    if (!('user' in created)) throw new Error('account not made');
    const actor = { viewer: { kind: 'user' as const, user: created.user, sessionId: 'test' } };
    const drafts = new DraftService(db.dataSource);
    const started = await drafts.startDraft(actor, 'alphaland');
    expect(started.userErrors).toEqual([]);

    const changed = path.join(dir, 'alpha.yaml');
    await writeFile(
      changed,
      (await readFile(alpha, 'utf8')).replace(/^summary: .*$/m, 'summary: Changed in the file.'),
    );
    const first = await profiles.importFiles([changed]);
    expect(first.map((r) => [r.status, r.problems])).toEqual([['drafted', []]]);

    // Now an edit in the app: the next import of an older file must not replace it.
    const draft = (await drafts.draftOf('alphaland'))!;
    const edited = await drafts.savePart(actor, 'alphaland', draft.version, {
      kind: 'CASE' as never,
      data: { summary: 'Edited in the app.' },
    });
    expect(edited.userErrors).toEqual([]);
    const second = await profiles.importFiles([alpha]);
    expect(second[0]?.status).toBe('refused');
    expect(second[0]?.problems[0]?.message).toMatch(
      /the app has newer edits than this file \(revision \d+ by editor@example\.org/,
    );
    expect((await drafts.draftOf('alphaland'))!.document.summary).toBe('Edited in the app.');
  });
});

describe('two editors creating the same case at once', () => {
  it('makes it once; the other is told it exists', async () => {
    const made = await new AccountService(db.dataSource).createUser({
      email: 'twin@example.org',
      role: UserRole.EDITOR,
      password: 'a long enough password',
    });
    if (!('user' in made)) throw new Error('account not made');
    const actor = { viewer: { kind: 'user' as const, user: made.user, sessionId: 'test' } };
    const drafts = new DraftService(db.dataSource);
    const input = {
      slug: 'twinland',
      name: 'Twinland',
      kind: 'COUNTRY' as never,
      jurisdiction: 'Twinland',
      summary: 'Made twice at once.',
    };
    const results = await Promise.all([drafts.createCase(actor, input), drafts.createCase(actor, input)]);
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors)).toEqual([
      { field: 'slug', code: 'CONFLICT', message: 'There is already a case "twinland".' },
    ]);
  });
});
