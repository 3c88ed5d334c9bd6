import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { StudyDoc } from '@casebook/schema';
import { loadStudy } from '../../../server/src/modules/profile/profile.loader.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { fixturesDir } from '../../support/profiles.js';

let db: TestDatabase;
let server: TestServer;
const doc = parse(readFileSync(path.join(fixturesDir, 'study.yaml'), 'utf8')) as StudyDoc;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const STUDY = `{ study { title question purpose
  strands { number title lead description uncertain uncertaintyNote citations { source { url standing } } }
  reports { title strandKey published { text precision } citations { source { url } } }
  findings { text strandKey citations { source { title } } } } }`;

describe('study', () => {
  it('is null before the study record is loaded', async () => {
    const { body } = await server.graphql<{ study: unknown }>(`{ study { title } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.study).toBeNull();
  });

  it('returns the question, strands, reports and findings with their sources', async () => {
    await db.dataSource.transaction((m) => loadStudy(m, doc));
    const { body } = await server.graphql<{ study: Record<string, any> }>(STUDY); // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field
    expect(body.errors).toBeUndefined();
    const study = body.data!.study;
    expect(study).toMatchObject({ title: doc.title, question: doc.question, purpose: doc.purpose });
    expect(study.strands.map((s: { number: number }) => s.number)).toEqual([1, 2]);
    expect(study.strands[1]).toMatchObject({
      uncertain: true,
      uncertaintyNote: 'The plan said four countries.',
      citations: [{ source: { url: 'https://example.org/study', standing: 'STUDY_OUTPUT' } }],
    });
    expect(study.reports[0]).toMatchObject({
      strandKey: 'strand-2',
      published: { text: '2023-06-28', precision: 'DAY' },
    });
    expect(study.findings[0]).toMatchObject({
      text: 'Implementation is a prolonged, complex and challenging process',
      citations: [{ source: { title: 'News release on the case studies' } }],
    });
  });

  it('lists study claims under the sources they cite, and replaces the record when loaded again', async () => {
    await db.dataSource.transaction((m) => loadStudy(m, { ...doc, findings: [] }));
    const { body } = await server.graphql<{
      sources: { nodes: { url: string; citedBy: { nodes: { claimType: string; caseStudy: null }[] } }[] };
    }>(`{ sources { nodes { url citedBy { nodes { claimType caseStudy { slug } } } } } }`);
    const page = body.data!.sources.nodes.find((s) => s.url === 'https://example.org/study')!;
    expect(page.citedBy.nodes).toEqual([
      { claimType: 'STUDY_STRAND', caseStudy: null },
      { claimType: 'STUDY_STRAND', caseStudy: null },
    ]);
    const news = body.data!.sources.nodes.find((s) => s.url === 'https://example.org/study/news')!;
    expect(news.citedBy.nodes.map((c) => c.claimType)).toEqual(['STUDY_REPORT']);
  });
});
