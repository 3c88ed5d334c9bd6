import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  dataOf,
  errorCodes,
  makeUser,
  PASSWORD,
  post,
  SIGN_IN,
  signedIn,
  UserRole,
  type Caller,
  type Json,
  type Reply,
} from '../authoring/helpers.js';

// Sign-in limits with two instances on one database: failures are counted per account and per
// address in PostgreSQL, so a refusal on one instance holds on the other; it is a 429 with
// Retry-After, a wait that doubles with each further failure. A browser that signed in to the
// account before carries a device cookie, and neither the account's failures (a stranger's) nor
// the address's (a neighbour's behind the same NAT) hold it back; its own do. Callers pick their
// address with X-Forwarded-For.
let db: TestDatabase;
let one: TestServer;
let two: TestServer;
let admin: Caller;

const OWNER = 'owner@example.org';
const OWNER_HOME = '10.20.0.1';
let ownerDevice: string;

/** A sign-in from `address`, with extra cookies. */
function attempt(url: string, email: string, password: string, address: string, cookie?: string): Promise<Reply<Json>> {
  return post<Json>(url, SIGN_IN, { email, password }, { 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) });
}

/** The `name=value` of a Set-Cookie header of a reply. */
function setCookie(reply: Reply<unknown>, name: string): string | undefined {
  return reply.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
}

/** Expects a sign-in refusal (429, RATE_LIMITED, Retry-After = extensions.retryAfter) and returns the wait. */
function refused(reply: Reply<Json>, what: string): number {
  expect(errorCodes(reply), what).toEqual(['RATE_LIMITED']);
  expect(reply.status, what).toBe(429);
  const header = Number(reply.headers.get('retry-after'));
  expect(header, `${what}: Retry-After`).toBeGreaterThan(0);
  expect(reply.body.errors![0]!.extensions!.retryAfter, what).toBe(header);
  expect(setCookie(reply, 'casebook_session'), `${what}: no session`).toBeUndefined();
  return header;
}

/** Expects an accepted sign-in (200, no problems, a session cookie). */
function accepted(reply: Reply<Json>, what: string): void {
  expect(reply.status, what).toBe(200);
  expect(dataOf(reply, what).signIn.userErrors, what).toEqual([]);
  expect(setCookie(reply, 'casebook_session'), what).toBeDefined();
}

/** Expects a wrong password answered as such (200, INVALID_CREDENTIALS). */
function wrong(reply: Reply<Json>, what: string): void {
  expect(reply.status, what).toBe(200);
  expect(dataOf(reply, what).signIn.userErrors, what).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
}

/** As if `seconds` had passed since the last failure counted under `key`. */
const age = (key: string, seconds: number) =>
  db.dataSource.query(
    `UPDATE "sign_in_failure" SET "last_failure_at" = "last_failure_at" - make_interval(secs => $2) WHERE "key" = $1`,
    [key, seconds],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  one = await startTestServer(db.dataSource, { trustProxy: true });
  two = await startTestServer(db.dataSource, { trustProxy: true });
  admin = await signedIn(one.url, db.dataSource, UserRole.ADMIN, 'admin@example.org');
  await makeUser(db.dataSource, UserRole.EDITOR, OWNER);
  // The owner's own browser signs in once (on the first instance), and so becomes known.
  const first = await attempt(one.url, OWNER, PASSWORD, OWNER_HOME);
  accepted(first, 'the owner’s first sign-in');
  ownerDevice = setCookie(first, 'casebook_device') ?? '';
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

describe('a stranger’s failures', () => {
  it('refuse further attempts on both instances with 429 and a Retry-After that grows; the owner’s browser still signs in; a success resets', async () => {
    expect(ownerDevice, 'the owner’s first sign-in set a device cookie').toMatch(/^casebook_device=./);
    for (let i = 1; i <= 5; i++) wrong(await attempt(one.url, OWNER, `guess ${i}`, '10.20.9.9'), `failure ${i}`);
    const first = refused(await attempt(one.url, OWNER, PASSWORD, '10.20.9.9'), 'after 5 failures, on A');
    expect(first).toBeLessThanOrEqual(60);
    // Another instance, another address, the right password: the account's count holds.
    expect(refused(await attempt(two.url, OWNER, PASSWORD, '10.20.9.10'), 'on B')).toBeLessThanOrEqual(60);

    // Once the wait is over, one more failure (on B) doubles it, seen on A.
    await age(`signin:account:${OWNER}`, 61);
    wrong(await attempt(two.url, OWNER, 'guess 6', '10.20.9.10'), 'failure 6, on B');
    const second = refused(await attempt(one.url, OWNER, PASSWORD, '10.20.9.11'), 'after 6 failures, on A');
    expect(second).toBeGreaterThan(60);
    expect(second).toBeLessThanOrEqual(120);

    // The owner's known browser, on B, is not held back by the account's failures.
    const owner = await attempt(two.url, OWNER, PASSWORD, OWNER_HOME, ownerDevice);
    accepted(owner, 'the owner with the device cookie, on B');

    // That success reset the account's count: a browser without the cookie gets in at once.
    accepted(await attempt(one.url, OWNER, PASSWORD, '10.20.9.12'), 'after the owner’s success, without the cookie');
    const [row] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM "sign_in_failure" WHERE "key" = $1`, [
      `signin:account:${OWNER}`,
    ])) as { n: number }[];
    expect(row!.n).toBe(0);
  });

  it('count a known browser’s own failures against its cookie, not the account', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'known@example.org');
    const first = await attempt(one.url, 'known@example.org', PASSWORD, '10.21.0.1');
    const device = setCookie(first, 'casebook_device')!;
    for (let i = 1; i <= 5; i++)
      wrong(await attempt(two.url, 'known@example.org', `typo ${i}`, '10.21.0.1', device), `typo ${i}`);
    refused(await attempt(one.url, 'known@example.org', PASSWORD, '10.21.0.1', device), 'the cookie is held back');
    accepted(await attempt(two.url, 'known@example.org', PASSWORD, '10.21.0.2'), 'the account is not');
  });

  it('give no exemption for a device cookie the server did not sign, or one of another account', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'forged@example.org');
    for (let i = 1; i <= 5; i++)
      wrong(await attempt(one.url, 'forged@example.org', `x ${i}`, '10.22.9.9'), `failure ${i}`);
    const [id, nonce, issued] = ownerDevice.slice('casebook_device='.length).split('.');
    const forged = `casebook_device=${id}.${nonce}.${issued}.${'A'.repeat(43)}`;
    refused(await attempt(two.url, 'forged@example.org', PASSWORD, '10.22.0.1', forged), 'a forged cookie');
    refused(
      await attempt(two.url, 'forged@example.org', PASSWORD, '10.22.0.1', ownerDevice),
      'another account’s cookie',
    );
  });
});

describe('forgetting', () => {
  it('forgets a counter a day after its last failure, and deletes forgotten counters', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'quiet@example.org');
    for (let i = 1; i <= 5; i++)
      wrong(await attempt(one.url, 'quiet@example.org', `q ${i}`, '10.25.9.9'), `failure ${i}`);
    refused(await attempt(two.url, 'quiet@example.org', PASSWORD, '10.25.0.1'), 'held back');
    await age('signin:account:quiet@example.org', 24 * 3600);
    // One failure after the quiet day counts as the first: 4 more are allowed before a wait.
    wrong(await attempt(two.url, 'quiet@example.org', 'q 6', '10.25.0.2'), 'after a day');
    const [row] = (await db.dataSource.query(`SELECT "failures" FROM "sign_in_failure" WHERE "key" = $1`, [
      'signin:account:quiet@example.org',
    ])) as { failures: number }[];
    expect(row!.failures).toBe(1);
    accepted(await attempt(one.url, 'quiet@example.org', PASSWORD, '10.25.0.2'), 'not held back');
    // The old address counter is deleted at the next failure anywhere.
    await age('signin:address:10.25.9.9', 24 * 3600);
    wrong(await attempt(one.url, 'nobody@example.org', 'x', '10.25.0.3'), 'another failure');
    const left = (await db.dataSource.query(`SELECT 1 FROM "sign_in_failure" WHERE "key" = $1`, [
      'signin:address:10.25.9.9',
    ])) as unknown[];
    expect(left).toEqual([]);
  });
});

describe('the address limit', () => {
  it('holds back a browser new to the account from an address with 30 failures, not one that signed in to it before', async () => {
    // A neighbour behind the same NAT as the attacker: their own browser knows the account.
    await makeUser(db.dataSource, UserRole.VIEWER, 'neighbour@example.org');
    const first = await attempt(one.url, 'neighbour@example.org', PASSWORD, '10.23.5.5');
    accepted(first, 'the neighbour’s first sign-in');
    const device = setCookie(first, 'casebook_device')!;
    for (let i = 0; i < 30; i++)
      wrong(
        await attempt(i % 2 ? one.url : two.url, `guess-${i}@example.org`, 'a guess', '10.23.0.1'),
        `attempt ${i + 1}`,
      );
    refused(await attempt(one.url, 'neighbour@example.org', PASSWORD, '10.23.0.1'), 'a new browser from that address');
    accepted(
      await attempt(two.url, 'neighbour@example.org', PASSWORD, '10.23.0.1', device),
      'the known browser from that address',
    );
    accepted(await attempt(one.url, OWNER, PASSWORD, '10.23.0.2'), 'a new browser from elsewhere');
    // Its own wrong passwords still count, against its cookie.
    for (let i = 1; i <= 5; i++)
      wrong(await attempt(one.url, 'neighbour@example.org', `typo ${i}`, '10.23.0.1', device), `typo ${i}`);
    refused(
      await attempt(two.url, 'neighbour@example.org', PASSWORD, '10.23.0.1', device),
      'the known browser after 5 of its own failures',
    );
  });

  it('counts an IPv6 address by its /64, and an IPv4-mapped one as the IPv4 address', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'six@example.org');
    for (let i = 0; i < 30; i++)
      wrong(
        await attempt(one.url, `six-${i}@example.org`, 'a guess', `2001:db8:23:1:${(i + 1).toString(16)}::1`),
        `attempt ${i + 1}`,
      );
    refused(await attempt(two.url, 'six@example.org', PASSWORD, '2001:db8:23:1:ffff::9'), 'the same /64');
    accepted(await attempt(one.url, 'six@example.org', PASSWORD, '2001:db8:23:2::1'), 'the next /64');

    for (let i = 0; i < 30; i++)
      wrong(
        await attempt(two.url, `four-${i}@example.org`, 'a guess', i % 2 ? '10.23.7.7' : '::ffff:10.23.7.7'),
        `attempt ${i + 1}`,
      );
    refused(await attempt(one.url, 'six@example.org', PASSWORD, '10.23.7.7'), 'IPv4 and IPv4-mapped alike');
  });
});

describe('behind a load balancer', () => {
  it('counts the address the load balancer saw, whatever a client writes before it in X-Forwarded-For', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'spoofer@example.org');
    // The load balancer appends the address it saw; a client chooses whatever comes before it.
    for (let i = 0; i < 30; i++)
      wrong(
        await attempt(one.url, `spoof-${i}@example.org`, 'a guess', `198.51.100.${i + 1}, 10.26.0.1`),
        `attempt ${i + 1}`,
      );
    const [row] = (await db.dataSource.query(`SELECT "failures" FROM "sign_in_failure" WHERE "key" = $1`, [
      'signin:address:10.26.0.1',
    ])) as { failures: number }[];
    expect(row?.failures).toBe(30);
    refused(await attempt(two.url, 'spoofer@example.org', PASSWORD, '198.51.100.99, 10.26.0.1'), 'a new spoofed entry');
    // Naming the held-back address first does not hold back another client either.
    accepted(await attempt(one.url, 'spoofer@example.org', PASSWORD, '10.26.0.1, 10.26.0.2'), 'another client');

    // Behind two proxies (CASEBOOK_TRUST_PROXY=2) the address is the one the outer proxy added.
    const deeper = await startTestServer(db.dataSource, { trustProxy: 2 });
    try {
      wrong(await attempt(deeper.url, 'spoofer@example.org', 'a guess', '198.51.100.1, 10.26.0.3, 10.0.0.2'), 'deeper');
      const keys = (await db.dataSource.query(
        `SELECT "key" FROM "sign_in_failure" WHERE "key" IN ('signin:address:10.26.0.3', 'signin:address:198.51.100.1', 'signin:address:10.0.0.2')`,
      )) as { key: string }[];
      expect(keys.map((k) => k.key)).toEqual(['signin:address:10.26.0.3']);
    } finally {
      await deeper.close();
    }
  });
});

describe('a new password', () => {
  it('ends the exemption of the device cookies issued before it, changed by the person or reset by an admin', async () => {
    const { id } = await makeUser(db.dataSource, UserRole.EDITOR, 'mover@example.org');
    const here = await attempt(one.url, 'mover@example.org', PASSWORD, '10.29.0.1');
    const before = setCookie(here, 'casebook_device')!;
    const other = setCookie(await attempt(two.url, 'mover@example.org', PASSWORD, '10.29.0.2'), 'casebook_device')!;
    const stranger = async () => {
      for (let i = 1; i <= 5; i++)
        wrong(await attempt(i % 2 ? one.url : two.url, 'mover@example.org', `guess ${i}`, '10.29.9.9'), `guess ${i}`);
    };

    const change = await post<Json>(
      one.url,
      `mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { userErrors { code } } }`,
      { current: PASSWORD, next: 'the second password' },
      { cookie: setCookie(here, 'casebook_session')!, 'x-forwarded-for': '10.29.0.1' },
    );
    expect(dataOf(change).changePassword.userErrors).toEqual([]);
    const after = setCookie(change, 'casebook_device');
    expect(after, 'the browser that changed it is given a new device cookie').toMatch(/^casebook_device=./);

    await stranger();
    refused(await attempt(two.url, 'mover@example.org', 'the second password', '10.29.0.2', other), 'another browser');
    refused(await attempt(one.url, 'mover@example.org', 'the second password', '10.29.0.1', before), 'its old cookie');
    accepted(await attempt(one.url, 'mover@example.org', 'the second password', '10.29.0.1', after), 'its new cookie');

    const reset = `mutation ($id: ID!, $password: String) { resetPassword(id: $id, password: $password) { userErrors { code } } }`;
    expect(dataOf(await admin.graphql(reset, { id, password: 'the third password' })).resetPassword).toEqual({
      userErrors: [],
    });
    await stranger();
    refused(
      await attempt(two.url, 'mover@example.org', 'the third password', '10.29.0.1', after),
      'a cookie issued before the reset',
    );
  });
});

describe('attempts sent together', () => {
  /** What each reply was: INVALID_CREDENTIALS, RATE_LIMITED or ok. */
  const outcomes = (replies: Reply<Json>[]) =>
    replies.map((r) => (r.status === 429 ? errorCodes(r)[0] : (dataOf(r).signIn.userErrors[0]?.code ?? 'ok')));
  const failures = async (key: string) =>
    (
      (await db.dataSource.query(`SELECT "failures" FROM "sign_in_failure" WHERE "key" = $1`, [key])) as {
        failures: number;
      }[]
    )[0]?.failures;

  it('hold nobody back while fewer than the free attempts are pending, even ones begun after this one (many editors signing in at once)', async () => {
    // An attempt that took the counter's lock after this sign-in's transaction began started
    // later than that transaction's clock: its age is negative, and must not become a wait.
    await db.dataSource.query(
      `INSERT INTO "sign_in_attempt" ("id", "key", "started_at")
       VALUES (gen_random_uuid(), 'signin:address:10.28.3.1', now() + interval '5 seconds')`,
    );
    await makeUser(db.dataSource, UserRole.VIEWER, 'together@example.org');
    accepted(await attempt(one.url, 'together@example.org', PASSWORD, '10.28.3.1'), 'one of several sign-ins at once');
  });

  it('check at most 5 of 20 wrong passwords sent at once for one account; the others wait', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'rushed@example.org');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attempt(i % 2 ? one.url : two.url, 'rushed@example.org', `rush ${i}`, `10.28.0.${i + 1}`),
      ),
    );
    const seen = outcomes(replies);
    expect(seen.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(seen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
    expect(await failures('signin:account:rushed@example.org')).toBe(5);
  });

  it('check at most 30 of 40 wrong sign-ins sent at once from one address; a success there counts nothing', async () => {
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt(i % 2 ? one.url : two.url, `crowd-${i}@example.org`, 'a guess', '10.28.1.1'),
      ),
    );
    const seen = outcomes(replies);
    expect(seen.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(30);
    expect(seen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    expect(await failures('signin:address:10.28.1.1')).toBe(30);

    await makeUser(db.dataSource, UserRole.VIEWER, 'calm@example.org');
    accepted(await attempt(one.url, 'calm@example.org', PASSWORD, '10.28.2.1'), 'a sign-in from elsewhere');
    expect(await failures('signin:address:10.28.2.1'), 'nothing counted on its address').toBeUndefined();
  });
});

describe('an admin', () => {
  it('clears an account’s sign-in limit, on either instance, and it is audited', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'locked@example.org');
    for (let i = 1; i <= 5; i++)
      wrong(await attempt(one.url, 'locked@example.org', `g ${i}`, '10.24.9.9'), `failure ${i}`);
    refused(await attempt(two.url, 'locked@example.org', PASSWORD, '10.24.0.1'), 'locked');

    const clear = `mutation ($email: String!) { clearSignInLimit(email: $email) }`;
    const other = await signedIn(two.url, db.dataSource, UserRole.EDITOR, 'not-admin@example.org');
    expect(errorCodes(await other.graphql(clear, { email: 'locked@example.org' }))).toEqual(['FORBIDDEN']);
    refused(await attempt(one.url, 'locked@example.org', PASSWORD, '10.24.0.1'), 'still locked');

    expect(dataOf(await admin.graphql(clear, { email: 'LOCKED@example.org' })).clearSignInLimit).toBe(true);
    accepted(await attempt(two.url, 'locked@example.org', PASSWORD, '10.24.0.1'), 'cleared');
    expect(dataOf(await admin.graphql(clear, { email: 'locked@example.org' })).clearSignInLimit).toBe(false);

    const log = dataOf(
      await admin.graphql(
        `{ auditLog(action: "clearSignInLimit", first: 5) { nodes { outcome actorLabel target detail } } }`,
      ),
    ).auditLog.nodes as Json[];
    expect(log).toContainEqual({
      outcome: 'ok',
      actorLabel: 'admin@example.org',
      target: 'LOCKED@example.org',
      detail: 'cleared',
    });
  });

  it('clears the counts of the account’s known browsers too, and so does a password reset', async () => {
    const { id } = await makeUser(db.dataSource, UserRole.VIEWER, 'typist@example.org');
    const device = setCookie(await attempt(one.url, 'typist@example.org', PASSWORD, '10.27.0.1'), 'casebook_device')!;
    const typos = async (password: string) => {
      for (let i = 1; i <= 5; i++)
        wrong(await attempt(two.url, 'typist@example.org', `typo ${i}`, '10.27.0.1', device), `typo ${i}`);
      refused(await attempt(one.url, 'typist@example.org', password, '10.27.0.1', device), 'held back by its typos');
    };
    const deviceCounters = async () =>
      (
        (await db.dataSource.query(`SELECT count(*)::int AS n FROM "sign_in_failure" WHERE "key" LIKE $1`, [
          `signin:device:${id}:%`,
        ])) as { n: number }[]
      )[0]!.n;

    await typos(PASSWORD);
    const clear = `mutation ($email: String!) { clearSignInLimit(email: $email) }`;
    expect(dataOf(await admin.graphql(clear, { email: 'Typist@example.org' })).clearSignInLimit).toBe(true);
    expect(await deviceCounters()).toBe(0);
    accepted(await attempt(two.url, 'typist@example.org', PASSWORD, '10.27.0.1', device), 'cleared by an admin');

    await typos(PASSWORD);
    expect(await deviceCounters()).toBe(1);
    const reset = `mutation ($id: ID!, $password: String) { resetPassword(id: $id, password: $password) { userErrors { code } } }`;
    expect(dataOf(await admin.graphql(reset, { id, password: 'a password from the admin' })).resetPassword).toEqual({
      userErrors: [],
    });
    expect(await deviceCounters()).toBe(0);
    accepted(await attempt(one.url, 'typist@example.org', 'a password from the admin', '10.27.0.1'), 'after the reset');
  });
});
