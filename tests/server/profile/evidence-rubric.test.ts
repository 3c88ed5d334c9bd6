import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CaseProfileDoc, LessonDoc, SourceDoc } from '@casebook/schema';
import { validateCaseProfile, validateDraftProfile } from '@casebook/schema/validate';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  dataOf,
  editPayload,
  PUBLISH,
  readDraft,
  SAVE_PART,
  signedIn,
  SUBMIT,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';
import { gammaFile, readText, rel } from './helpers.js';

// The rubric for a lesson's evidence strength is a rule: above LIMITED, a lesson needs a cited
// source whose standing is OFFICIAL, ACADEMIC or STUDY_OUTPUT; STRONG needs two independent ones
// (different URLs and publishers, or hosts where a publisher is not given). CONTESTED and LIMITED
// need nothing more. It is checked when a file is loaded and when a draft is published.
const GAMMA = readText(gammaFile);

const source = (key: string, url: string, standing: SourceDoc['standing'], publisher?: string): SourceDoc => ({
  key,
  url,
  title: `The ${key}`,
  ...(publisher ? { publisher } : {}),
  standing,
});

/** gamma.yaml with its one lesson rated `strength`, citing exactly `sources` (which it adds). */
function rated(
  strength: LessonDoc['evidenceStrength'],
  sources: SourceDoc[],
  cite?: LessonDoc['cite'],
): CaseProfileDoc {
  const doc = parse(GAMMA) as CaseProfileDoc;
  const lesson = doc.lessons![0]!;
  if (strength) lesson.evidenceStrength = strength;
  else delete lesson.evidenceStrength;
  lesson.cite = cite ?? sources.map((s) => s.key);
  doc.sources.push(...sources);
  return doc;
}

const rubricProblems = (doc: CaseProfileDoc) => {
  const result = validateCaseProfile(doc);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.code]);
};
const AT_LESSON = [['lessons.0.evidenceStrength', 'EVIDENCE_RUBRIC']];

const news = source('news', 'https://news.example.com/story', 'SECONDARY', 'Daily News');
const blog = source('blog', 'https://blog.example.net/post', 'SECONDARY');
const audit = source('audit', 'https://audit.example.gov/report', 'OFFICIAL', 'Audit Office');
const auditAnnex = source('audit-annex', 'https://audit.example.gov/annex', 'OFFICIAL', 'audit  office');
const study = source('study', 'https://uni.example.ac/paper', 'ACADEMIC', 'University of Example');
const celcis = source('celcis', 'https://www.celcis.example/report', 'STUDY_OUTPUT');
const celcisAgain = source('celcis-again', 'https://celcis.example/summary', 'STUDY_OUTPUT');
const inspectorate = source('inspectorate', 'https://inspect.example.org/review', 'OFFICIAL');

describe('the evidence rubric', () => {
  it.for([
    ['CONTESTED on news and a blog', rated('CONTESTED', [news, blog]), []],
    ['LIMITED on news', rated('LIMITED', [news]), []],
    ['no strength on news', rated(undefined, [news]), []],
    ['MODERATE on news and a blog', rated('MODERATE', [news, blog]), AT_LESSON],
    ['MODERATE on one official source', rated('MODERATE', [audit]), []],
    ['MODERATE on a study output beside news', rated('MODERATE', [news, celcis]), []],
    ['STRONG on one official source', rated('STRONG', [audit]), AT_LESSON],
    ['STRONG on one official source and news', rated('STRONG', [audit, news]), AT_LESSON],
    ['STRONG on two reports of one publisher', rated('STRONG', [audit, auditAnnex]), AT_LESSON],
    ['STRONG on two pages of one site, no publisher', rated('STRONG', [celcis, celcisAgain]), AT_LESSON],
    [
      'STRONG on one source cited twice',
      rated('STRONG', [audit], ['audit', { source: 'audit', locator: 'page 4' }]),
      AT_LESSON,
    ],
    ['STRONG on an audit and an academic study', rated('STRONG', [audit, study]), []],
    ['STRONG on two sites, one without a publisher', rated('STRONG', [audit, inspectorate]), []],
  ] as const)('%s', ([, doc, problems]) => {
    expect(rubricProblems(doc)).toEqual(problems);
  });

  it('names the rule, what it needs and what the sources support', () => {
    const moderate = validateCaseProfile(rated('MODERATE', [news]));
    const strong = validateCaseProfile(rated('STRONG', [audit, auditAnnex]));
    expect(moderate.ok ? [] : moderate.problems.map((p) => p.message)).toEqual([
      'is MODERATE, but the evidence rubric needs at least one cited source whose standing is OFFICIAL, ACADEMIC or STUDY_OUTPUT: its sources support LIMITED',
    ]);
    expect(strong.ok ? [] : strong.problems.map((p) => p.message)).toEqual([
      'is STRONG, but the evidence rubric needs two independent cited sources (different publishers, or different sites where one gives none) whose standing is OFFICIAL, ACADEMIC or STUDY_OUTPUT: its sources support MODERATE',
    ]);
  });

  it('leaves a lesson that cites nothing to the rule that every claim cites a source', () => {
    const unsourced = validateCaseProfile(rated('STRONG', [], []));
    expect(unsourced.ok ? [] : unsourced.problems.map((p) => [p.path, p.code])).toEqual([
      ['lessons.0.cite', 'UNSOURCED_CLAIM'],
    ]);
  });

  it('may be broken while a draft is written (the publish gate)', () => {
    expect(validateDraftProfile(rated('STRONG', [news])).ok).toBe(true);
  });
});

let db: TestDatabase;
let server: TestServer;
let tempDir: string;
let editor: Caller;
let reviewer: Caller;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-rubric-'));
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
  reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('the rubric on load and at publish', () => {
  it('refuses a file whose lesson is rated above its sources, at the lesson', async () => {
    const file = path.join(tempDir, 'overrated.yaml');
    await writeFile(file, stringify({ ...rated('STRONG', [audit]), slug: 'overrated' }));
    const [report] = await new InterchangeService(db.dataSource).importFiles([file], { publish: true });
    expect(report!.status).toBe('invalid');
    expect(report!.problems.map((p) => `${rel(file)}: ${p.path}: ${p.code}`)).toEqual([
      `${rel(file)}: lessons.0.evidenceStrength: EVIDENCE_RUBRIC`,
    ]);
  });

  it('lets an editor save the rating, lists it among what stops publishing, and refuses to publish', async () => {
    const service = new InterchangeService(db.dataSource);
    expect((await service.importFiles([gammaFile], { publish: true })).map((r) => r.status)).toEqual(['published']);
    const started = await editor.graphql(
      `mutation { startDraft(slug: "gammaland") { userErrors { field code message } } }`,
    );
    expect(dataOf(started, 'startDraft').startDraft.userErrors).toEqual([]);
    const { version } = await readDraft(editor, 'gammaland');
    const payload = await editPayload(editor, SAVE_PART, 'saveDraftPart', {
      edit: { slug: 'gammaland', expectedVersion: version, message: 'rate it strong' },
      part: { kind: 'LESSON', key: 'one-department', data: { evidenceStrength: 'STRONG' } },
    });
    expect(payload.userErrors).toEqual([]);
    const STRONG_PROBLEM = {
      field: 'lessons.0.evidenceStrength',
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('the evidence rubric needs two independent cited sources') as unknown,
    };
    expect((await readDraft(editor, 'gammaland')).publishProblems).toEqual([STRONG_PROBLEM]);

    const submitted = await editPayload(editor, SUBMIT, 'submitForReview', {
      slug: 'gammaland',
      v: payload.draft.version,
    });
    expect(submitted.userErrors).toEqual([]);
    const refused = await editPayload(reviewer, PUBLISH, 'publishDraft', {
      slug: 'gammaland',
      v: submitted.draft.version,
    });
    expect(refused.edition).toBeNull();
    expect(refused.userErrors as Json[]).toEqual([STRONG_PROBLEM]);
  });
});
