import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ReviewDates1764205000000 } from '../../../server/src/db/migrations/1764205000000-review-dates.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  anonymous,
  dataOf,
  editPayload,
  readDraft,
  SAVE_PART,
  signedIn,
  UserRole,
  type Json,
} from '../authoring/helpers.js';
import { gammaFile, readText } from './helpers.js';

// A profile, and each of its periods, says when it was last reviewed: a date to the precision
// known ("2026-12"), kept in the file, shown to readers through the API.
let db: TestDatabase;
let server: TestServer;
let service: InterchangeService;
let tempDir: string;

const GAMMA = readText(gammaFile);
const REVIEWED = `query ($slug: String!, $draft: Boolean) {
  caseStudy(slug: $slug, draft: $draft) {
    reviewed { text precision earliest latest }
    periods { key reviewed { text precision } }
  }
}`;
async function reviewedOf(slug: string): Promise<Json> {
  return dataOf(await anonymous(server.url).graphql(REVIEWED, { slug }), 'reviewed').caseStudy as Json;
}

/** gamma.yaml under another slug, changed by `edit`, written to a file. */
async function variant(slug: string, edit: (doc: Json) => void): Promise<string> {
  const doc = { ...(parse(GAMMA) as Json), slug };
  edit(doc);
  const file = path.join(tempDir, `${slug}.yaml`);
  await writeFile(file, stringify(doc));
  return file;
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-reviewed-'));
  expect((await service.importFiles([gammaFile], { publish: true })).map((r) => [r.status, r.problems])).toEqual([
    ['published', []],
  ]);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('review dates', () => {
  it('reach readers on the case and on each period, to the precision the file gives', async () => {
    expect(await reviewedOf('gammaland')).toEqual({
      reviewed: { text: '2026-12', precision: 'MONTH', earliest: '2026-12-01', latest: '2026-12-31' },
      periods: [{ key: 'current', reviewed: { text: '2026-11-30', precision: 'DAY' } }],
    });
  });

  it('are written quoted, after the note and after the description, and survive the round trip', async () => {
    const text = (await service.exportCase('gammaland', 'yaml'))!.text;
    expect(text).toBe(GAMMA);
    expect(text).toContain('\nnote: Included for its regions, which hold both services.\nreviewed: "2026-12"\n');
    expect(text).toContain('    reviewed: "2026-11-30"\n');
  });

  it('are null where the file says nothing', async () => {
    const file = await variant('unreviewed', (doc) => {
      delete doc.reviewed;
      delete (doc.periods as Json[])[0]!.reviewed;
    });
    expect((await service.importFiles([file], { publish: true })).map((r) => r.status)).toEqual(['published']);
    expect(await reviewedOf('unreviewed')).toEqual({ reviewed: null, periods: [{ key: 'current', reviewed: null }] });
  });

  it.for([
    ['a month that is not one', '2026-13', '2026-12', ['reviewed: "2026-13" has no month 13']],
    [
      'a date in words',
      '2026-12',
      'December 2026',
      ['periods.0.reviewed: must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)'],
    ],
    [
      'an unquoted year, with the bad day of the period told at once',
      2026,
      '2026-02-30',
      [
        'reviewed: must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)',
        'periods.0.reviewed: "2026-02-30" is not a day of that month',
      ],
    ],
    ['a day that is not one', '2026', '2026-02-30', ['periods.0.reviewed: "2026-02-30" is not a day of that month']],
  ] as const)('a bad one is refused at its path: %s', async ([, caseDate, periodDate, problems]) => {
    const file = await variant('bad-reviewed', (doc) => {
      doc.reviewed = caseDate;
      (doc.periods as Json[])[0]!.reviewed = periodDate;
    });
    const [report] = await service.importFiles([file], { dryRun: true, publish: true });
    expect(report!.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(problems);
  });

  it('are set in the draft and shown in its preview', async () => {
    const editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
    const started = await editor.graphql(
      `mutation { startDraft(slug: "gammaland") { userErrors { field code message } } }`,
    );
    expect(dataOf(started, 'startDraft').startDraft.userErrors).toEqual([]);
    const { version } = await readDraft(editor, 'gammaland');
    const payload = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: 'gammaland', expectedVersion: version, message: 'reviewed again' },
      part: { kind: 'PERIOD', key: 'current', data: { reviewed: '2027-01' } },
    });
    expect(payload.userErrors).toEqual([]);
    const preview = dataOf(await editor.graphql(REVIEWED, { slug: 'gammaland', draft: true }), 'preview')
      .caseStudy as Json;
    expect(preview.periods).toEqual([{ key: 'current', reviewed: { text: '2027-01', precision: 'MONTH' } }]);

    const refused = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: 'gammaland', expectedVersion: payload.draft.version, message: 'bad date' },
      part: { kind: 'CASE', data: { reviewed: '2027-00' } },
    });
    expect(refused.userErrors).toEqual([
      { field: 'reviewed', code: 'BAD_USER_INPUT', message: '"2027-00" has no month 0' },
    ]);
  });
});

describe('editions published before review dates were recorded', () => {
  it('say nothing once the columns are added', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new ReviewDates1764205000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await reviewedOf('gammaland')).toEqual({ reviewed: null, periods: [{ key: 'current', reviewed: null }] });
  });
});
