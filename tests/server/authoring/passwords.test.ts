import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  anonymous,
  caller,
  dataOf,
  errorCodes,
  makeUser,
  PASSWORD,
  sessionSetCookie,
  signedIn,
  signIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// Passwords and sessions through the HTTP API: signing in again ends nothing; a person lists
// their sessions (never a token) and ends one or all the others; changing a password needs the
// current one, ends every other session and goes on in a new one; an admin's reset ends them all.
let db: TestDatabase;
let server: TestServer;
let admin: Caller;

const VIEWER = `{ viewer { email } }`;
const SESSIONS = `{ sessions { id createdAt expiresAt current } }`;
const END = `mutation ($id: ID) { endSessions(id: $id) { endedSessions userErrors { field code message } } }`;
const CHANGE = `mutation ($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next) { endedSessions userErrors { field code message } }
}`;
const RESET = `mutation ($id: ID!, $password: String) {
  resetPassword(id: $id, password: $password) { user { email } generatedPassword userErrors { field code message } }
}`;

/** Signs `email` in once more and returns a caller with that session's cookie. */
async function session(email: string, password = PASSWORD): Promise<Caller> {
  const { reply, cookie } = await signIn(server.url, email, password);
  expect(dataOf(reply, `signing in ${email}`).signIn.userErrors).toEqual([]);
  return caller(server.url, email, { cookie: cookie! });
}

const alive = async (who: Caller) => dataOf(await who.graphql(VIEWER)).viewer !== null;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'admin@example.org');
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('sessions', () => {
  it('lists a person’s live sessions without tokens, marks the current one; signing in again ends nothing', async () => {
    await makeUser(db.dataSource, UserRole.EDITOR, 'pat@example.org');
    const a = await session('pat@example.org');
    const b = await session('pat@example.org');
    const c = await session('pat@example.org');
    for (const who of [a, b, c]) expect(await alive(who), 'every session goes on').toBe(true);

    const listed = dataOf(await a.graphql(SESSIONS)).sessions as Json[];
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    for (const s of listed)
      expect(Date.parse(s.expiresAt as string)).toBeGreaterThan(Date.parse(s.createdAt as string));
    const fields = dataOf(await a.graphql(`{ __type(name: "Session") { fields { name } } }`)).__type.fields as Json[];
    expect(fields.map((f) => f.name).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id']);
    // Someone else's list has none of them.
    const other = await signedIn(server.url, db.dataSource, UserRole.VIEWER, 'other@example.org');
    const theirs = dataOf(await other.graphql(SESSIONS)).sessions as Json[];
    expect(theirs.map((s) => s.id)).not.toContain(listed[0]!.id);
  });

  it('ends one other session, then all the others, never the current one or someone else’s', async () => {
    await makeUser(db.dataSource, UserRole.REVIEWER, 'rae@example.org');
    const a = await session('rae@example.org');
    const b = await session('rae@example.org');
    const c = await session('rae@example.org');
    const ids = (who: Caller) =>
      who.graphql(SESSIONS).then((r) => dataOf(r).sessions as { id: string; current: boolean }[]);
    const bId = (await ids(b)).find((s) => s.current)!.id;
    const aId = (await ids(a)).find((s) => s.current)!.id;

    const other = await signedIn(server.url, db.dataSource, UserRole.VIEWER, 'someone@example.org');
    expect(dataOf(await other.graphql(END, { id: bId })).endSessions).toEqual({
      endedSessions: 0,
      userErrors: [{ field: 'id', code: 'NOT_FOUND', message: 'There is no such session.' }],
    });
    expect(await alive(b), 'another person cannot end it').toBe(true);

    expect(dataOf(await a.graphql(END, { id: aId })).endSessions.userErrors).toMatchObject([
      { field: 'id', code: 'BAD_USER_INPUT' },
    ]);
    expect(dataOf(await a.graphql(END, { id: bId })).endSessions).toEqual({ endedSessions: 1, userErrors: [] });
    expect(await alive(b)).toBe(false);
    expect(await alive(c)).toBe(true);

    expect(dataOf(await a.graphql(END, {})).endSessions).toEqual({ endedSessions: 1, userErrors: [] });
    expect(await alive(c)).toBe(false);
    expect(await alive(a), 'the current session goes on').toBe(true);
    expect((await ids(a)).map((s) => s.id)).toEqual([aId]);
  });

  it('is for signed-in people only', async () => {
    expect(errorCodes(await anonymous(server.url).graphql(SESSIONS))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await anonymous(server.url).graphql(END, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('changing a password', () => {
  it('needs the current one and the password rule, then ends every other session and goes on in a new one', async () => {
    await makeUser(db.dataSource, UserRole.EDITOR, 'cy@example.org');
    const here = await session('cy@example.org');
    const elsewhere = await session('cy@example.org');

    expect(
      dataOf(await here.graphql(CHANGE, { current: 'not my password', next: 'a brand new password' })).changePassword,
    ).toEqual({
      endedSessions: 0,
      userErrors: [
        { field: 'currentPassword', code: 'INVALID_CREDENTIALS', message: 'That is not your current password.' },
      ],
    });
    expect(
      dataOf(await here.graphql(CHANGE, { current: PASSWORD, next: 'short' })).changePassword.userErrors,
    ).toMatchObject([{ field: 'newPassword', code: 'BAD_USER_INPUT' }]);
    expect(
      dataOf(await here.graphql(CHANGE, { current: PASSWORD, next: PASSWORD })).changePassword.userErrors,
    ).toMatchObject([{ field: 'newPassword', code: 'BAD_USER_INPUT' }]);
    expect(await alive(elsewhere), 'nothing changed yet').toBe(true);

    const reply = await here.graphql(CHANGE, { current: PASSWORD, next: 'a brand new password' });
    expect(dataOf(reply).changePassword).toEqual({ endedSessions: 1, userErrors: [] });
    expect(await alive(caller(server.url, 'cy', { cookie: sessionSetCookie(reply)!.split(';')[0]! }))).toBe(true);
    expect(await alive(elsewhere)).toBe(false);
    expect(dataOf((await signIn(server.url, 'cy@example.org', PASSWORD)).reply).signIn.userErrors).toMatchObject([
      { code: 'INVALID_CREDENTIALS' },
    ]);
    expect(
      dataOf((await signIn(server.url, 'cy@example.org', 'a brand new password')).reply).signIn.userErrors,
    ).toEqual([]);

    const log = dataOf(
      await admin.graphql(
        `{ auditLog(action: "changePassword", first: 5) { nodes { outcome actorLabel target detail } } }`,
      ),
    ).auditLog.nodes as Json[];
    expect(log).toContainEqual({
      outcome: 'ok',
      actorLabel: 'cy@example.org',
      target: 'cy@example.org',
      detail: '1 sessions ended',
    });
    expect(log).toContainEqual({
      outcome: 'failed',
      actorLabel: 'cy@example.org',
      target: 'cy@example.org',
      detail: 'wrong current password',
    });
  });

  it('goes on in a new session: the old session cookie no longer works', async () => {
    await makeUser(db.dataSource, UserRole.EDITOR, 'rotor@example.org');
    const here = await session('rotor@example.org');
    const reply = await here.graphql(CHANGE, { current: PASSWORD, next: 'a brand new password' });
    expect(dataOf(reply).changePassword).toEqual({ endedSessions: 0, userErrors: [] });
    const fresh = sessionSetCookie(reply)?.split(';')[0];
    expect(fresh, 'a new session cookie').toMatch(/^casebook_session=./);
    expect(fresh).not.toBe(here.headers.cookie);
    expect(await alive(here), 'the session cookie from before the change').toBe(false);
    const next = caller(server.url, 'rotor', { cookie: fresh! });
    expect(await alive(next)).toBe(true);
    expect((dataOf(await next.graphql(SESSIONS)).sessions as Json[]).map((s) => s.current)).toEqual([true]);
  });

  it('refuses guessing the current password in one session: RATE_LIMITED after 5 wrong ones', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'guess@example.org');
    const here = await session('guess@example.org');
    for (let i = 1; i <= 5; i++)
      expect(
        dataOf(await here.graphql(CHANGE, { current: `guess ${i}`, next: 'a brand new password' })).changePassword
          .userErrors,
      ).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    const refused = await here.graphql(CHANGE, { current: PASSWORD, next: 'a brand new password' });
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('checks at most 5 of 20 current passwords sent at once in one session; the others wait', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'hasty@example.org');
    const here = await session('hasty@example.org');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        here.graphql(CHANGE, { current: `guess ${i}`, next: 'a brand new password' }),
      ),
    );
    const seen = replies.map((r) =>
      r.status === 429 ? errorCodes(r)[0] : dataOf(r).changePassword.userErrors[0]?.code,
    );
    expect(seen.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(seen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('is refused to nobody signed in', async () => {
    expect(
      errorCodes(await anonymous(server.url).graphql(CHANGE, { current: PASSWORD, next: 'a brand new password' })),
    ).toEqual(['UNAUTHENTICATED']);
  });
});

describe('an admin’s reset', () => {
  it('sets the given or a generated password, ends every session of the account, and is audited', async () => {
    const { id } = await makeUser(db.dataSource, UserRole.EDITOR, 'dee@example.org');
    const one = await session('dee@example.org');
    const two = await session('dee@example.org');

    expect(dataOf(await admin.graphql(RESET, { id, password: 'short' })).resetPassword.userErrors).toMatchObject([
      { field: 'password', code: 'BAD_USER_INPUT' },
    ]);
    expect(
      dataOf(await admin.graphql(RESET, { id: '00000000-0000-4000-8000-000000000000' })).resetPassword.userErrors,
    ).toMatchObject([{ field: 'id', code: 'NOT_FOUND' }]);
    expect(await alive(one)).toBe(true);

    const reset = dataOf(await admin.graphql(RESET, { id })).resetPassword;
    expect(reset.userErrors).toEqual([]);
    expect(reset.user).toEqual({ email: 'dee@example.org' });
    expect(typeof reset.generatedPassword).toBe('string');
    expect(await alive(one)).toBe(false);
    expect(await alive(two)).toBe(false);
    expect(dataOf((await signIn(server.url, 'dee@example.org', PASSWORD)).reply).signIn.userErrors).toMatchObject([
      { code: 'INVALID_CREDENTIALS' },
    ]);
    await session('dee@example.org', reset.generatedPassword as string);

    const chosen = dataOf(await admin.graphql(RESET, { id, password: 'chosen by the admin' })).resetPassword;
    expect(chosen).toMatchObject({ generatedPassword: null, userErrors: [] });
    await session('dee@example.org', 'chosen by the admin');

    const log = dataOf(
      await admin.graphql(
        `{ auditLog(action: "resetPassword", first: 5) { nodes { outcome actorLabel target detail } } }`,
      ),
    ).auditLog.nodes as Json[];
    expect(log).toContainEqual({
      outcome: 'ok',
      actorLabel: 'admin@example.org',
      target: 'dee@example.org',
      detail: '2 sessions ended',
    });
  });

  it('is for admins only', async () => {
    const { id } = await makeUser(db.dataSource, UserRole.VIEWER, 'eve@example.org');
    const editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR, 'ed@example.org');
    expect(errorCodes(await editor.graphql(RESET, { id, password: 'taken over by ed' }))).toEqual(['FORBIDDEN']);
    await session('eve@example.org');
  });
});
