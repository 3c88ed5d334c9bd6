import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { alphaFile, betaFile, readText, studyFixtureFile } from './helpers.js';

// The published documents over HTTP, as anyone fetches them (no request here signs in): the
// canonical text, an ETag, and 304 when the caller already has the current version.
let db: TestDatabase;
let server: TestServer;
let tempDir: string;
const ALPHA = readText(alphaFile);
const ETAG = /^"[A-Za-z0-9_-]{27}"$/;

beforeAll(async () => {
  db = await createTestDatabase();
  const reports = await new InterchangeService(db.dataSource).importFiles([alphaFile, betaFile, studyFixtureFile], {
    publish: true,
  });
  expect(reports.map((r) => [r.label, r.status])).toEqual([
    ['alphaland', 'published'],
    ['beta-police', 'published'],
    ['study', 'published'],
  ]);
  server = await startTestServer(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-export-'));
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

const get = (urlPath: string, headers: Record<string, string> = {}) => fetch(`${server.url}${urlPath}`, { headers });

describe('GET /export/cases/SLUG.yaml and .json', () => {
  let yamlEtag: string;

  it('serves the case profile as canonical YAML, equal to the file it was loaded from, with an ETag', async () => {
    const response = await get('/export/cases/alphaland.yaml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(ALPHA);
    yamlEtag = response.headers.get('etag')!;
    expect(yamlEtag).toMatch(ETAG);

    const beta = await get('/export/cases/beta-police.yaml');
    expect(await beta.text()).toBe(readText(betaFile));
    expect(beta.headers.get('etag')).not.toBe(yamlEtag);
  });

  it('answers 304 with no body when If-None-Match names the current ETag', async () => {
    const response = await get('/export/cases/alphaland.yaml', { 'if-none-match': yamlEtag });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(yamlEtag);
    expect(await response.text()).toBe('');
  });

  it('serves JSON that parses to the same canonical document', async () => {
    const response = await get('/export/cases/alphaland.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(parse(ALPHA));
    expect(text).toBe(`${JSON.stringify(parse(ALPHA), null, 2)}\n`);
    expect(response.headers.get('etag')).toMatch(ETAG);
    expect(response.headers.get('etag')).not.toBe(yamlEtag);
  });

  it('gives a new ETag, and the new text, once a changed profile is published', async () => {
    const changed = path.join(tempDir, 'alpha.yaml');
    const summary = 'Alphaland, described again after a correction.';
    await writeFile(changed, stringify({ ...(parse(ALPHA) as object), summary }));
    const reports = await new InterchangeService(db.dataSource).importFiles([changed], { publish: true });
    expect(reports.map((r) => [r.status, r.edition])).toEqual([['published', 2]]);

    const response = await get('/export/cases/alphaland.yaml', { 'if-none-match': yamlEtag });
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    expect(etag).not.toBe(yamlEtag);
    expect((parse(await response.text()) as { summary: string }).summary).toBe(summary);
    expect((await get('/export/cases/alphaland.yaml', { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers 404 with a message for a slug no case has', async () => {
    const response = await get('/export/cases/nowhere.yaml');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('There is no published case "nowhere".');
  });

  it('answers 400 with the forms it knows for any other file type', async () => {
    const response = await get('/export/cases/alphaland.txt');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Ask for /export/cases/SLUG.yaml or /export/cases/SLUG.json.');
  });
});

describe('GET /export/study.yaml and .json', () => {
  it('serves the study record equal to the file it was loaded from, with an ETag and 304', async () => {
    const response = await get('/export/study.yaml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(await response.text()).toBe(readText(studyFixtureFile));
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    expect((await get('/export/study.yaml', { 'if-none-match': etag })).status).toBe(304);

    const json = await get('/export/study.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual(parse(readText(studyFixtureFile)));
  });
});
