import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { anonymous, dataOf, errorCodes, post, SIGN_IN, signedIn, UserRole, type Json } from '../authoring/helpers.js';

// A refused field is not a row of the audit log each: a signed-in caller's refusals are one row
// per request, an anonymous caller's one counted row per address and minute. So are the failed
// and the refused sign-ins of callers who are not signed in.
let db: TestDatabase;
let server: TestServer;

/** One query asking for 30 fields only an admin may read. */
const THIRTY_REFUSED = `{ ${Array.from({ length: 30 }, (_, i) => `f${i}: ${['users', 'apiTokens'][i % 2]} { id }`).join(' ')} }`;

interface Row {
  action: string;
  count: number;
  target: string | null;
  detail: string | null;
  bucket: string | null;
}

const refusedRows = async (label: string): Promise<Row[]> =>
  (await db.dataSource.query(
    `SELECT "action", "count", "target", "detail", "bucket" FROM "audit_event"
     WHERE "outcome" = 'refused' AND "actor_label" = $1 ORDER BY "at"`,
    [label],
  )) as Row[];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('refusals in the audit log', () => {
  it('writes one row for an anonymous request refused 30 fields, and counts 20 such requests on it', async () => {
    const caller = anonymous(server.url);
    const first = await caller.graphql(THIRTY_REFUSED);
    expect(new Set(errorCodes(first))).toEqual(new Set(['UNAUTHENTICATED']));
    const once = await refusedRows('anonymous');
    expect(once).toHaveLength(1);
    expect(once[0]).toMatchObject({
      action: 'anonymous.refused',
      count: 1,
      target: 'apiTokens, users',
      detail: 'needs admin',
    });

    for (let i = 1; i < 20; i++) await caller.graphql(THIRTY_REFUSED);
    const rows = await refusedRows('anonymous');
    // One row a minute: 20 requests fall in one minute, or in two when a minute ends among them.
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(new Set(rows.map((r) => r.bucket)).size).toBe(rows.length);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(20);
  });

  it('writes one row for a signed-in request refused several fields', async () => {
    const viewer = await signedIn(server.url, db.dataSource, UserRole.VIEWER, 'flood-viewer@example.org');
    const reply = await viewer.graphql(THIRTY_REFUSED);
    expect(new Set(errorCodes(reply))).toEqual(new Set(['FORBIDDEN']));
    const rows = await refusedRows(viewer.label);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 1, target: 'apiTokens, users', detail: 'needs admin' });
  });
});

describe('failed sign-ins in the audit log', () => {
  const signInRows = async (outcome: string): Promise<Row[]> =>
    (await db.dataSource.query(
      `SELECT "action", "count", "target", "detail", "bucket" FROM "audit_event"
       WHERE "action" = 'signIn' AND "outcome" = $1 AND "actor_label" = 'anonymous' ORDER BY "at"`,
      [outcome],
    )) as Row[];
  /** The emails the rows name, each once. */
  const targets = (rows: Row[]) => [...new Set(rows.flatMap((r) => r.target!.split(', ')))].sort();

  it('counts an address’s failed and refused sign-ins on a row each per minute', async () => {
    const attempt = (email: string) => post<Json>(server.url, SIGN_IN, { email, password: 'a guess at it' });
    // 13 wrong passwords for three accounts (5 for the first, so its next ones are refused), then 7 refused.
    for (let i = 0; i < 13; i++) {
      const reply = await attempt(`flood-${i % 3}@example.org`);
      expect(dataOf(reply, `attempt ${i + 1}`).signIn.userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    }
    for (let i = 0; i < 7; i++) expect(errorCodes(await attempt('flood-0@example.org'))).toEqual(['RATE_LIMITED']);

    const failed = await signInRows('failed');
    // One row a minute: they fall in one minute, or in two when a minute ends among them.
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(failed.reduce((sum, r) => sum + r.count, 0)).toBe(13);
    expect(targets(failed)).toEqual(['flood-0@example.org', 'flood-1@example.org', 'flood-2@example.org']);
    expect(failed.every((r) => r.detail === 'wrong email or password')).toBe(true);

    const refused = await signInRows('refused');
    expect(refused.length).toBeLessThanOrEqual(2);
    expect(refused.reduce((sum, r) => sum + r.count, 0)).toBe(7);
    expect(targets(refused)).toEqual(['flood-0@example.org']);
    expect(refused.every((r) => r.detail === 'rate limited')).toBe(true);
  });
});
