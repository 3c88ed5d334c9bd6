import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGN_IN_FAILURES_PER_ACCOUNT,
  SIGN_IN_FAILURES_PER_ADDRESS,
} from '../../../server/src/modules/account/account.service.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { serverUrl, startServer, userEnv, type NodeProcess } from '../platform/processes.js';
import { alphaFile } from '../profile/helpers.js';
import {
  caller,
  dataOf,
  errorCodes,
  makeUser,
  PASSWORD,
  post,
  SAVE_PART,
  saved,
  sessionSetCookie,
  signedIn,
  signIn,
  tokenCaller,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Signing in and out, sessions, sign-in limits (kept in the database, so every server process
// shares them) and API tokens: scopes, expiry, revocation, last use and hashing (what a token may
// spend is its rate budget: tests/server/platform/rate-limits.test.ts).
let db: TestDatabase;
let server: TestServer;
let admin: Caller;

const SLUG = 'alphaland';
const VIEWER = `{ viewer { email role } }`;
const DRAFT_VERSION = `query ($slug: String!) { draft(slug: $slug) { version } }`;

/** Each sign-in test starts with no failures counted, as after a quiet day. */
const forgetAttempts = () => db.dataSource.query(`DELETE FROM "sign_in_failure"`);

/** Parses a Set-Cookie header into its value and lower-cased attributes. */
function parseSetCookie(header: string): { value: string; attributes: Record<string, string> } {
  const [pair, ...rest] = header.split(';').map((s) => s.trim());
  const attributes = Object.fromEntries(
    rest.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=').slice(1).join('=')]),
  );
  return { value: pair!.slice(pair!.indexOf('=') + 1), attributes };
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  await new InterchangeService(db.dataSource).importFiles([alphaFile]);
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'admin@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('signing in and out', () => {
  it('sets an httpOnly, SameSite=Lax session cookie, and `viewer` is then the account', async () => {
    await makeUser(db.dataSource, UserRole.EDITOR, 'sam@example.org');
    const { reply, cookie } = await signIn(server.url, 'Sam@Example.org', PASSWORD);
    expect(dataOf(reply).signIn).toMatchObject({ user: { email: 'sam@example.org', role: 'EDITOR' }, userErrors: [] });
    const { value, attributes } = parseSetCookie(sessionSetCookie(reply)!);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(attributes).toHaveProperty('httponly');
    expect(attributes.samesite).toBe('Lax');
    expect(attributes.path).toBe('/');
    expect(attributes, 'not Secure over plain HTTP, or the browser would drop it').not.toHaveProperty('secure');
    expect(Number(attributes['max-age'])).toBeGreaterThan(0);

    expect(dataOf(await caller(server.url, 'sam', { cookie: cookie! }).graphql(VIEWER)).viewer).toEqual({
      email: 'sam@example.org',
      role: 'EDITOR',
    });
    expect(dataOf(await post(server.url, VIEWER)).viewer).toBeNull();
    expect(
      dataOf(await caller(server.url, 'forged', { cookie: 'casebook_session=forged' }).graphql(VIEWER)).viewer,
    ).toBeNull();
  });

  it('answers a wrong password with INVALID_CREDENTIALS and no cookie', async () => {
    await forgetAttempts();
    const { reply, cookie } = await signIn(server.url, 'sam@example.org', 'not the password at all');
    expect(reply.body.errors).toBeUndefined();
    expect(dataOf(reply).signIn).toEqual({
      user: null,
      expiresAt: null,
      userErrors: [{ field: null, code: 'INVALID_CREDENTIALS', message: expect.any(String) }],
    });
    expect(cookie).toBeUndefined();
    const unknown = await signIn(server.url, 'nobody@example.org', PASSWORD);
    expect(dataOf(unknown.reply).signIn.userErrors, 'an unknown email looks the same as a wrong password').toEqual(
      dataOf(reply).signIn.userErrors,
    );
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    await forgetAttempts();
    const { cookie } = await signIn(server.url, 'sam@example.org', PASSWORD);
    const sam = caller(server.url, 'sam', { cookie: cookie! });
    expect(dataOf(await sam.graphql(DRAFT_VERSION, { slug: SLUG })).draft).toEqual({ version: 1 });
    const out = await sam.graphql(`mutation { signOut }`);
    expect(dataOf(out).signOut).toBe(true);
    const cleared = parseSetCookie(sessionSetCookie(out)!);
    expect(cleared.value).toBe('');
    expect(Date.parse(cleared.attributes.expires!)).toBeLessThan(Date.now());

    expect(dataOf(await sam.graphql(VIEWER)).viewer).toBeNull();
    expect(errorCodes(await sam.graphql(DRAFT_VERSION, { slug: SLUG }))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf(await sam.graphql(`mutation { signOut }`)).signOut).toBe(false);
  });

  it('refuses a disabled account, and ends the sessions it had', async () => {
    await forgetAttempts();
    const dora = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'dora@example.org');
    const second = await signIn(server.url, 'dora@example.org', PASSWORD);
    expect(dataOf(await dora.graphql(VIEWER)).viewer).toEqual({ email: 'dora@example.org', role: 'EDITOR' });

    const disabled = saved(
      await admin.graphql(
        `mutation ($id: ID!) { updateUser(id: $id, disabled: true) { user { email disabled } userErrors { field code message } } }`,
        { id: dora.userId },
      ),
      'updateUser',
    );
    expect(disabled.user).toEqual({ email: 'dora@example.org', disabled: true });

    for (const cookie of [dora.headers.cookie!, second.cookie!]) {
      const old = caller(server.url, 'dora', { cookie });
      expect(dataOf(await old.graphql(VIEWER)).viewer).toBeNull();
      expect(errorCodes(await old.graphql(DRAFT_VERSION, { slug: SLUG }))).toEqual(['UNAUTHENTICATED']);
    }
    const again = await signIn(server.url, 'dora@example.org', PASSWORD);
    expect(dataOf(again.reply).signIn.userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    expect(again.cookie).toBeUndefined();
    const [sessions] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = 'dora@example.org'`,
    )) as { n: number }[];
    expect(sessions?.n).toBe(0);
  });
});

describe('sign-in limits', () => {
  it(`refuses the attempt after ${SIGN_IN_FAILURES_PER_ACCOUNT} failures for one account, even with the right password`, async () => {
    expect(SIGN_IN_FAILURES_PER_ACCOUNT).toBe(5);
    await forgetAttempts();
    await makeUser(db.dataSource, UserRole.VIEWER, 'vic@example.org');
    for (let i = 1; i <= SIGN_IN_FAILURES_PER_ACCOUNT; i++) {
      const { reply } = await signIn(server.url, 'vic@example.org', `wrong password ${i}`);
      expect(dataOf(reply, `failure ${i}`).signIn.userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    }
    const { reply, cookie } = await signIn(server.url, 'VIC@example.org', PASSWORD);
    expect(errorCodes(reply)).toEqual(['RATE_LIMITED']);
    expect(cookie).toBeUndefined();
    // Another account from the same address is not held back.
    await makeUser(db.dataSource, UserRole.VIEWER, 'val@example.org');
    expect(dataOf((await signIn(server.url, 'val@example.org', PASSWORD)).reply).signIn.userErrors).toEqual([]);
    const log = dataOf(
      await admin.graphql(
        `{ auditLog(action: "signIn", actor: "anonymous", first: 2) { nodes { outcome target detail } } }`,
      ),
    ).auditLog.nodes as Json[];
    expect(log[0]).toEqual({ outcome: 'refused', target: 'VIC@example.org', detail: 'rate limited' });
  });

  describe('with two server processes on one database', () => {
    let other: NodeProcess;
    let otherUrl: string;
    /** The two servers, taken in turn. */
    const servers = () => [server.url, otherUrl];

    beforeAll(async () => {
      // The compiled server, as deployed, beside this process's own app: nothing but the database is shared.
      other = startServer(userEnv({ DATABASE_URL: db.url, PORT: '0', NODE_ENV: 'test' }));
      otherUrl = await serverUrl(other);
    });

    afterAll(async () => {
      await other?.stop();
    });

    it('counts one account’s failures on both', async () => {
      await forgetAttempts();
      await makeUser(db.dataSource, UserRole.VIEWER, 'wanda@example.org');
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++) {
        const { reply } = await signIn(servers()[i % 2]!, 'wanda@example.org', 'wrong password');
        expect(dataOf(reply, `failure ${i + 1}`).signIn.userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
      }
      for (const url of servers())
        expect(errorCodes((await signIn(url, 'wanda@example.org', PASSWORD)).reply), url).toEqual(['RATE_LIMITED']);
    });

    it(`counts one address’s failures on both, and refuses attempt ${SIGN_IN_FAILURES_PER_ADDRESS + 1}`, async () => {
      expect(SIGN_IN_FAILURES_PER_ADDRESS).toBe(30);
      await forgetAttempts();
      await makeUser(db.dataSource, UserRole.VIEWER, 'xena@example.org');
      // Each attempt names a different account, so only the address limit can apply.
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) {
        const { reply } = await signIn(servers()[i % 2]!, `guess-${i}@example.org`, 'a guess at a password');
        expect(dataOf(reply, `attempt ${i + 1}`).signIn.userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
      }
      for (const url of servers()) {
        const { reply, cookie } = await signIn(url, 'xena@example.org', PASSWORD);
        expect(errorCodes(reply), url).toEqual(['RATE_LIMITED']);
        expect(cookie).toBeUndefined();
      }
      await forgetAttempts();
      expect(
        dataOf((await signIn(otherUrl, 'xena@example.org', PASSWORD)).reply).signIn.userErrors,
        'once the failures are forgotten',
      ).toEqual([]);
    });

    it('accepts on one server a session made on the other', async () => {
      await forgetAttempts();
      await makeUser(db.dataSource, UserRole.REVIEWER, 'yann@example.org');
      const { cookie } = await signIn(otherUrl, 'yann@example.org', PASSWORD);
      expect(dataOf(await caller(server.url, 'yann', { cookie: cookie! }).graphql(VIEWER)).viewer).toEqual({
        email: 'yann@example.org',
        role: 'REVIEWER',
      });
    });
  });
});

describe('API tokens', () => {
  let read: Caller & { id: string; secret: string };
  let write: Caller & { id: string; secret: string };

  beforeAll(async () => {
    await forgetAttempts();
    read = await tokenCaller(server.url, admin, 'READ', 'reader');
    write = await tokenCaller(server.url, admin, 'WRITE', 'writer');
  });

  const tokenRow = async (id: string): Promise<Json> =>
    ((await db.dataSource.query(`SELECT * FROM api_token WHERE id = $1`, [id])) as Json[])[0]!;
  const lastUsed = async (id: string): Promise<string | null> =>
    (dataOf(await admin.graphql(`{ apiTokens { id lastUsedAt } }`)).apiTokens as Json[]).find((t) => t.id === id)!
      .lastUsedAt as string | null;
  const edit = async (who: Caller) => {
    const { version } = dataOf(await admin.graphql(DRAFT_VERSION, { slug: SLUG })).draft as Json;
    return who.graphql(SAVE_PART, {
      edit: { slug: SLUG, expectedVersion: version, message: `by ${who.label}` },
      part: { kind: 'CASE', data: { summary: `Summary written by ${who.label}.` } },
    });
  };

  it('stores only a hash of the secret', async () => {
    expect(read.secret).toMatch(/^cbk_/);
    const row = await tokenRow(read.id);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(read.secret);
    expect(stored).not.toContain(read.secret.slice(row.prefix.length));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(read.secret.startsWith(row.prefix)).toBe(true);
    const audit = JSON.stringify(await db.dataSource.query(`SELECT * FROM audit_event`));
    expect(audit).not.toContain(read.secret.slice(row.prefix.length));
  });

  it('lets a READ token read drafts but not edit them', async () => {
    expect(dataOf(await read.graphql(DRAFT_VERSION, { slug: SLUG })).draft).toEqual({ version: 1 });
    const refused = await edit(read);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(dataOf(await admin.graphql(DRAFT_VERSION, { slug: SLUG })).draft).toEqual({ version: 1 });
    expect(dataOf(await read.graphql(VIEWER)).viewer, 'a token is not a signed-in person').toBeNull();
  });

  it('lets a WRITE token edit, and records it as the author', async () => {
    const payload = saved(await edit(write), 'saveDraftPart');
    expect(payload.draft).toMatchObject({ version: 2, updatedByLabel: 'token:writer' });
    expect(payload.draft.document.summary).toBe('Summary written by token:writer.');
  });

  it('records when a token was last used', async () => {
    const fresh = await tokenCaller(server.url, admin, 'READ', 'fresh');
    expect(await lastUsed(fresh.id)).toBeNull();
    const before = Date.now();
    dataOf(await fresh.graphql(DRAFT_VERSION, { slug: SLUG }));
    const at = Date.parse((await lastUsed(fresh.id))!);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('refuses an expired, a revoked and an unknown token as UNAUTHENTICATED', async () => {
    const expiring = await tokenCaller(server.url, admin, 'WRITE', 'expiring');
    const revoking = await tokenCaller(server.url, admin, 'WRITE', 'revoking');
    for (const who of [expiring, revoking])
      dataOf(await who.graphql(DRAFT_VERSION, { slug: SLUG }), `${who.label} before`);

    await db.dataSource.query(`UPDATE api_token SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      expiring.id,
    ]);
    const revoked = dataOf(
      await admin.graphql(`mutation ($id: ID!) { revokeApiToken(id: $id) { name revokedAt } }`, { id: revoking.id }),
    ).revokeApiToken as Json;
    expect(revoked.name).toBe('revoking');
    expect(Date.parse(revoked.revokedAt as string)).toBeLessThanOrEqual(Date.now() + 1000);

    const unknown = caller(server.url, 'unknown', { authorization: `Bearer cbk_${'x'.repeat(43)}` });
    for (const who of [expiring, revoking, unknown]) {
      for (const reply of [
        await who.graphql(DRAFT_VERSION, { slug: SLUG }),
        await who.graphql(`{ caseStudies { totalCount } }`),
      ]) {
        expect(errorCodes(reply), who.label).toEqual(['UNAUTHENTICATED']);
        expect(reply.status).toBe(401);
      }
    }
    // Editing with them changes nothing.
    for (const who of [expiring, revoking]) expect(errorCodes(await edit(who))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf(await admin.graphql(DRAFT_VERSION, { slug: SLUG })).draft).toEqual({ version: 2 });
  });
});
