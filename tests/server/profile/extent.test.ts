import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { extentWords } from '@casebook/schema';
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
import { deltaFile, gammaFile, readText } from './helpers.js';

// A claim can hold in only part of a case: in some of its units ("in 4 of 12 partnerships, as of
// 2018"), in named areas with their dates, or as the sources put it in words. The extent is kept
// in the file, read by the API on levels, bodies, responsibilities and connections, and carried
// into the comparison's cells.
let db: TestDatabase;
let server: TestServer;
let service: InterchangeService;
let tempDir: string;

const DELTA = readText(deltaFile);
const EXTENT = 'count of unit asOf { text precision } areas { name from { text } until { text } } description text';
const PROFILE = `query ($slug: String!) {
  caseStudy(slug: $slug) {
    periods {
      levels { key extent { ${EXTENT} } bodies { key extent { ${EXTENT} } } }
      responsibilities { key extent { ${EXTENT} } }
      connections { key extent { ${EXTENT} } }
    }
  }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-extent-'));
  const reports = await service.importFiles([deltaFile, gammaFile], { publish: true });
  expect(reports.map((r) => [r.status, r.problems])).toEqual([
    ['published', []],
    ['published', []],
  ]);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('where a claim holds', () => {
  it('is said in words a reader can check', () => {
    expect(extentWords({ count: 4, of: 12, unit: 'partnerships', asOf: '2018' })).toBe(
      'In 4 of 12 partnerships, as of 2018.',
    );
    expect(
      extentWords({
        areas: [
          { name: 'North Delta', from: '2016-04' },
          { name: 'South Delta', from: '2016', until: '2022-03' },
        ],
      }),
    ).toBe('In North Delta (from April 2016) and South Delta (from 2016 until March 2022).');
    expect(
      extentWords({
        count: 4,
        of: 12,
        unit: 'partnerships',
        areas: [{ name: 'North Delta' }],
        description: 'Where the council delegates.',
      }),
    ).toBe('In 4 of 12 partnerships, among them North Delta. Where the council delegates.');
    expect(extentWords({ description: 'Only where a partnership holds it.' })).toBe(
      'Only where a partnership holds it.',
    );
  });

  it('reaches readers through the API on levels, bodies, responsibilities and connections', async () => {
    const data = dataOf(await anonymous(server.url).graphql(PROFILE, { slug: 'deltaland' }), 'extent')
      .caseStudy as Json;
    const [period] = data.periods as Json[];
    const level = (period!.levels as Json[])[0]!;
    expect(level.extent).toEqual({
      count: null,
      of: null,
      unit: null,
      asOf: null,
      areas: [
        { name: 'North Delta', from: { text: '2016-04' }, until: null },
        { name: 'South Delta', from: { text: '2016' }, until: { text: '2022-03' } },
      ],
      description: null,
      text: 'In North Delta (from April 2016) and South Delta (from 2016 until March 2022).',
    });
    expect(((level.bodies as Json[])[0]!.extent as Json).text).toBe(
      "In 12 of 12 partnerships. Every board holds some children's services.",
    );
    const responsibilities = period!.responsibilities as Json[];
    expect(responsibilities.map((r) => [r.key, (r.extent as Json | null)?.text ?? null])).toEqual([
      ['boards-childrens-services', 'In 4 of 12 partnerships, among them North Delta (from April 2016), as of 2018.'],
      ['boards-adult-care', null],
    ]);
    expect((responsibilities[0]!.extent as Json).asOf).toEqual({ text: '2018', precision: 'YEAR' });
    expect(((period!.connections as Json[])[0]!.extent as Json).text).toBe(
      "Only where a partnership holds children's social work.",
    );
  });

  it('survives the round trip, written after the description and before the citations', async () => {
    const text = (await service.exportCase('deltaland', 'yaml'))!.text;
    expect(text).toBe(DELTA);
    expect(text).toContain(
      "                description: Children's social work, where the council has delegated it.\n                extent:\n                  count: 4\n",
    );
  });

  it('goes with its holder into the comparison', async () => {
    const { body } = await server.graphql<{
      comparison: {
        sections: {
          kind: string;
          rows: { key: string; cells: { items: { key: string; extent: { text: string } | null }[] }[] }[];
        }[];
      };
    }>(
      `query ($cases: [CaseSelector!]!) { comparison(cases: $cases) { sections { kind rows { key cells { items { key extent { text } } } } } } }`,
      { cases: [{ slug: 'deltaland' }, { slug: 'gammaland' }] },
    );
    const row = body
      .data!.comparison.sections.find((s) => s.kind === 'RESPONSIBILITIES')!
      .rows.find((r) => r.key === 'childrens-social-work:COMMISSIONING')!;
    expect(row.cells[0]!.items).toEqual([
      {
        key: 'boards-childrens-services',
        extent: { text: 'In 4 of 12 partnerships, among them North Delta (from April 2016), as of 2018.' },
      },
    ]);
  });

  it('is kept when an editor changes another field of the part in the draft', async () => {
    const editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
    const started = await editor.graphql(
      `mutation { startDraft(slug: "deltaland") { userErrors { field code message } } }`,
    );
    expect(dataOf(started, 'startDraft').startDraft.userErrors).toEqual([]);
    const { version } = await readDraft(editor, 'deltaland');
    const saved = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: 'deltaland', expectedVersion: version, message: 'reworded' },
      part: {
        kind: 'RESPONSIBILITY',
        key: 'boards-childrens-services',
        periodKey: 'current',
        data: { description: 'Children’s social work, where delegated.' },
      },
    });
    expect(saved.userErrors).toEqual([]);
    const preview = dataOf(
      await editor.graphql(
        `query { caseStudy(slug: "deltaland", draft: true) { periods { responsibilities { key description extent { text } } } } }`,
      ),
      'preview',
    ).caseStudy as Json;
    expect(((preview.periods as Json[])[0]!.responsibilities as Json[])[0]).toEqual({
      key: 'boards-childrens-services',
      description: 'Children’s social work, where delegated.',
      extent: { text: 'In 4 of 12 partnerships, among them North Delta (from April 2016), as of 2018.' },
    });
  });

  it.for([
    [
      'a count larger than its total',
      (e: Json) => Object.assign(e, { count: 13 }),
      ['extent.count: is more than the 12 units there are (of)'],
    ],
    [
      'a count without its unit',
      (e: Json) => delete e.unit,
      ['extent.unit: names what is counted, e.g. "partnerships"'],
    ],
    [
      'nothing said',
      (e: Json) => {
        for (const k of Object.keys(e)) delete e[k];
      },
      ['extent: says where the claim holds: a count, areas or a description'],
    ],
    [
      'a date in words',
      (e: Json) => Object.assign(e, { asOf: 'about 2018' }),
      ['extent.asOf: must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)'],
    ],
    [
      'an area that ends before it starts',
      (e: Json) => Object.assign(e, { areas: [{ name: 'North Delta', from: '2020', until: '2019' }] }),
      ['extent.areas.0.until: ends (2019) before it starts (2020)'],
    ],
  ] as const)('a bad extent is refused at its path: %s', async ([, edit, problems]) => {
    const doc: Json = { ...(parse(DELTA) as Json), slug: 'bad-extent' };
    const responsibility = (((doc.periods as Json[])[0]!.levels as Json[])[0]!.bodies as Json[])[0]!
      .responsibilities as Json[];
    edit(responsibility[0]!.extent as Json);
    const file = path.join(tempDir, 'bad-extent.yaml');
    await writeFile(file, stringify(doc));
    const [report] = await service.importFiles([file], { dryRun: true, publish: true });
    const at = 'periods.0.levels.0.bodies.0.responsibilities.0.';
    expect(report!.problems.map((p) => `${p.path.replace(at, '')}: ${p.message}`)).toEqual(problems);
  });
});
