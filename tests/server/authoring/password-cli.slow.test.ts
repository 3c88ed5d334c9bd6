import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { runCli, userEnv, type NodeProcess } from '../platform/processes.js';
import {
  caller,
  dataOf,
  errorCodes,
  makeUser,
  PASSWORD,
  signedIn,
  signIn,
  UserRole,
  type Caller,
  type Json,
} from './helpers.js';

// The compiled CLI resets a password (ending every session of the account) and clears an
// account's sign-in limit, against the database a running server uses.
let db: TestDatabase;
let server: TestServer;
let admin: Caller;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<NodeProcess> {
  const run = runCli(args, env);
  await run.exited;
  return run;
}

const alive = async (cookie: string) =>
  dataOf(await caller(server.url, 'someone', { cookie }).graphql(`{ viewer { email } }`)).viewer !== null;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'admin@example.org');
  env = userEnv({ DATABASE_URL: db.url });
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('casebook user reset-password', () => {
  it('sets the given password and ends every session of the account', async () => {
    await makeUser(db.dataSource, UserRole.EDITOR, 'rita@example.org');
    const one = (await signIn(server.url, 'rita@example.org', PASSWORD)).cookie!;
    const two = (await signIn(server.url, 'rita@example.org', PASSWORD)).cookie!;

    const run = await cli(
      'user',
      'reset-password',
      '--email',
      'Rita@example.org',
      '--password',
      'set from the command line',
    );
    expect(run.exit?.code, run.output).toBe(0);
    expect(run.stdout).toContain('Set a new password for rita@example.org; 2 sessions ended.');
    expect(await alive(one)).toBe(false);
    expect(await alive(two)).toBe(false);
    expect(dataOf((await signIn(server.url, 'rita@example.org', PASSWORD)).reply).signIn.userErrors).toMatchObject([
      { code: 'INVALID_CREDENTIALS' },
    ]);
    expect(
      dataOf((await signIn(server.url, 'rita@example.org', 'set from the command line')).reply).signIn.userErrors,
    ).toEqual([]);

    const log = dataOf(
      await admin.graphql(
        `{ auditLog(action: "resetPassword", first: 5) { nodes { outcome actorLabel target detail } } }`,
      ),
    ).auditLog.nodes as Json[];
    expect(log).toContainEqual({
      outcome: 'ok',
      actorLabel: 'cli',
      target: 'rita@example.org',
      detail: '2 sessions ended',
    });
  });

  it('prints a generated password when none is given and there is no terminal', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'gus@example.org');
    const run = await cli('user', 'reset-password', '--email', 'gus@example.org');
    expect(run.exit?.code, run.output).toBe(0);
    const generated = /Generated password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(generated, run.stdout).toBeDefined();
    expect(dataOf((await signIn(server.url, 'gus@example.org', generated!)).reply).signIn.userErrors).toEqual([]);
  });

  it('refuses an unknown email and a short password, changing nothing', async () => {
    const unknown = await cli(
      'user',
      'reset-password',
      '--email',
      'nobody@example.org',
      '--password',
      'long enough password',
    );
    expect(unknown.exit?.code).toBe(1);
    expect(unknown.output).toContain('There is no account nobody@example.org.');
    await makeUser(db.dataSource, UserRole.VIEWER, 'kim@example.org');
    const short = await cli('user', 'reset-password', '--email', 'kim@example.org', '--password', 'short');
    expect(short.exit?.code).toBe(1);
    expect(short.output).toContain('password: A password needs at least 12 characters.');
    expect(dataOf((await signIn(server.url, 'kim@example.org', PASSWORD)).reply).signIn.userErrors).toEqual([]);
  });
});

describe('casebook user clear-sign-in', () => {
  it('lets an account held back by failures sign in at once', async () => {
    await makeUser(db.dataSource, UserRole.VIEWER, 'lou@example.org');
    for (let i = 1; i <= 5; i++) await signIn(server.url, 'lou@example.org', `wrong ${i}`);
    expect(errorCodes((await signIn(server.url, 'lou@example.org', PASSWORD)).reply)).toEqual(['RATE_LIMITED']);
    const run = await cli('user', 'clear-sign-in', '--email', 'lou@example.org');
    expect(run.exit?.code, run.output).toBe(0);
    expect(run.stdout).toContain('Cleared the sign-in failures of lou@example.org.');
    expect(dataOf((await signIn(server.url, 'lou@example.org', PASSWORD)).reply).signIn.userErrors).toEqual([]);
  });
});
