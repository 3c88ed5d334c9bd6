import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/common/log.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';

// Errors met outside Apollo (a path no route can read, an export that throws): each is answered
// with a code and the request id, never a stack or HTML, and logged as one JSON line through the
// server's logger without the request's headers, cookies or body.
interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  [field: string]: unknown;
}

let db: TestDatabase;
let server: TestServer;
let clientDir: string;
const lines: string[] = [];
const logged = () => lines.map((line) => JSON.parse(line) as LogLine);

beforeAll(async () => {
  db = await createTestDatabase();
  clientDir = mkdtempSync(path.join(os.tmpdir(), 'casebook-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Casebook</title>');
  const logger = createLogger({ format: 'json', write: (line) => lines.push(line) });
  server = await startTestServer(db.dataSource, { logger, clientDir });
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

beforeEach(() => {
  lines.length = 0;
});

const SECRETS = { cookie: 'casebook_session=cookie-secret-1234', 'x-private': 'header-secret-5678' };

async function get(pathname: string) {
  const response = await fetch(`${server.url}${pathname}`, { headers: SECRETS });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text,
    id: response.headers.get('x-request-id'),
  };
}

/** The log lines written for one request (its request line and any error line), all single JSON lines. */
function linesOf(id: string | null): LogLine[] {
  expect(id).toBeTruthy();
  for (const line of lines) {
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/cookie-secret|header-secret/);
  }
  return logged().filter((l) => l.requestId === id);
}

describe('a path no route can read', () => {
  it.each([
    ['a NUL in an export file name', '/export/cases/%00.yaml'],
    ['a NUL in the study export', '/export/%00study.json'],
    ['a bad percent-encoding', '/export/cases/%E0%A4%A.yaml'],
    ['a lone percent sign', '/export/cases/100%.yaml'],
    ['an over-long path', `/export/cases/${'a'.repeat(3000)}.yaml`],
  ])('%s is a 400 MALFORMED_PATH in JSON, with the request id', async (_what, pathname) => {
    const r = await get(pathname);
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.text)).toEqual({
      errors: [{ message: expect.any(String) as string, extensions: { code: 'MALFORMED_PATH', requestId: r.id } }],
    });
    expect(r.text).not.toMatch(/at |node_modules|stack/i);
    const own = linesOf(r.id);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ level: 'info', status: 400, method: 'GET' });
  });

  it('outside the API (the app and its files), it is a 400 in one line of text naming the code', async () => {
    for (const pathname of ['/cases/%E0%A4%A', '/assets/%00.js', '/%C0']) {
      const r = await get(pathname);
      expect(r.status, pathname).toBe(400);
      expect(r.type).toMatch(/^text\/plain/);
      expect(r.text).toMatch(/MALFORMED_PATH/);
      expect(r.text).toContain(r.id);
      expect(r.text.trim().split('\n')).toHaveLength(1);
      expect(r.text).not.toContain('<');
    }
  });

  it('a well-formed path still reaches its route', async () => {
    expect((await get('/export/cases/no-such-case.yaml')).status).toBe(404);
    expect((await get('/lessons')).status).toBe(200);
    // No case is published here: the app's page for it is not found.
    expect((await get('/cases/finland')).status).toBe(404);
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('an error thrown by an export', () => {
  it('is a 500 INTERNAL_SERVER_ERROR in JSON with the request id, logged once as one JSON line', async () => {
    await db.dataSource.query('ALTER TABLE study RENAME TO study_away');
    let r: Awaited<ReturnType<typeof get>>;
    try {
      r = await get('/export/study.json');
    } finally {
      await db.dataSource.query('ALTER TABLE study_away RENAME TO study');
    }
    expect(r.status).toBe(500);
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.text)).toEqual({
      errors: [
        {
          message: 'Something went wrong on the server. The problem has been logged.',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: r.id },
        },
      ],
    });
    expect(r.text).not.toMatch(/study|relation|at /);
    const own = linesOf(r.id);
    const errors = own.filter((l) => l.level === 'error' && l.code === 'INTERNAL_SERVER_ERROR');
    // The error line, then the request line (also at level error, for a 5xx).
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ method: 'GET', path: '/export/study.json', status: 500 });
    expect(String(errors[0]!.error)).toMatch(/study/);
    for (const key of ['headers', 'cookie', 'cookies', 'body', 'query', 'req', 'res'])
      expect(errors[0], key).not.toHaveProperty(key);
    expect(own.filter((l) => l.msg === 'GET /export/study.json 500')).toHaveLength(1);
  });
});
