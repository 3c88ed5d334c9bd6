import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseRetention } from '../../../server/src/common/config.js';
import { TokenScope } from '../../../server/src/modules/account/account.entity.js';
import { AccountService } from '../../../server/src/modules/account/account.service.js';
import { RetentionService } from '../../../server/src/modules/audit/retention.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { makeUser, UserRole } from '../authoring/helpers.js';

// The purge deletes what is past its retention and nothing else; two at once do not fail.
let db: TestDatabase;
const RETENTION = { auditDays: 30, tokenDays: 7 };

const names = async (sql: string): Promise<string[]> =>
  ((await db.dataSource.query(sql)) as { name: string }[]).map((r) => r.name).sort();

beforeAll(async () => {
  db = await createTestDatabase();
  const user = await makeUser(db.dataSource, UserRole.ADMIN, 'purge-admin@example.org');
  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
  for (const [name, age] of [
    ['old', '31 days'],
    ['older', '400 days'],
    ['recent', '29 days'],
    ['now', '0 days'],
  ])
    await q(
      `INSERT INTO "audit_event" ("at", "action", "outcome", "actor_label") VALUES (now() - $1::interval, $2, 'ok', 'cli')`,
      [age, name],
    );
  for (const [name, ends] of [
    ['ended', '-1 hour'],
    ['live', '1 hour'],
  ])
    await q(
      `INSERT INTO "user_session" ("token_hash", "user_id", "expires_at") VALUES ($1, $2, now() + $3::interval)`,
      [name, user.id, ends],
    );
  for (const [name, started] of [
    ['counter-old', '2 days'],
    ['counter-live', '1 minute'],
  ])
    await q(
      `INSERT INTO "sign_in_failure" ("key", "last_failure_at", "failures") VALUES ($1, now() - $2::interval, 1)`,
      [name, started],
    );
  const accounts = new AccountService(db.dataSource);
  for (const name of ['expired-long-ago', 'revoked-long-ago', 'expired-lately', 'revoked-lately', 'working'])
    await accounts.createToken({ name, scope: TokenScope.READ, expiresInDays: 30, createdBy: user.id });
  await q(`UPDATE "api_token" SET "expires_at" = now() - interval '8 days' WHERE "name" = 'expired-long-ago'`);
  await q(`UPDATE "api_token" SET "revoked_at" = now() - interval '8 days' WHERE "name" = 'revoked-long-ago'`);
  await q(`UPDATE "api_token" SET "expires_at" = now() - interval '6 days' WHERE "name" = 'expired-lately'`);
  await q(`UPDATE "api_token" SET "revoked_at" = now() - interval '6 days' WHERE "name" = 'revoked-lately'`);
});

afterAll(async () => {
  await db?.drop();
});

describe('the retention purge', () => {
  it('deletes only what is past retention, and two purges at once both succeed', async () => {
    const service = new RetentionService(db.dataSource);
    const results = await Promise.all([service.purge(RETENTION), new RetentionService(db.dataSource).purge(RETENTION)]);
    // Whichever ran deleted everything due; the other skipped or found nothing left.
    const total = (key: 'auditEvents' | 'sessions' | 'signInFailures' | 'apiTokens') =>
      results.reduce((sum, r) => sum + r[key], 0);
    expect({
      auditEvents: total('auditEvents'),
      sessions: total('sessions'),
      signInFailures: total('signInFailures'),
      apiTokens: total('apiTokens'),
    }).toEqual({ auditEvents: 2, sessions: 1, signInFailures: 1, apiTokens: 2 });

    expect(await names(`SELECT "action" AS "name" FROM "audit_event"`)).toEqual(['now', 'recent']);
    expect(await names(`SELECT "token_hash" AS "name" FROM "user_session"`)).toEqual(['live']);
    expect(await names(`SELECT "key" AS "name" FROM "sign_in_failure"`)).toEqual(['counter-live']);
    expect(await names(`SELECT "name" FROM "api_token"`)).toEqual(['expired-lately', 'revoked-lately', 'working']);

    // Nothing more is due: a second round deletes nothing.
    expect(await service.purge(RETENTION)).toEqual({
      skipped: false,
      auditEvents: 0,
      sessions: 0,
      signInFailures: 0,
      apiTokens: 0,
    });
  });
});

describe('the retention settings', () => {
  it('default to a year of audit rows, 90 days of dead tokens and an hourly purge, and refuse what is out of range', () => {
    expect(parseRetention({})).toEqual({ auditDays: 365, tokenDays: 90, purgeIntervalMinutes: 60 });
    expect(parseRetention({ CASEBOOK_AUDIT_RETENTION_DAYS: '30', CASEBOOK_PURGE_INTERVAL_MINUTES: '0' })).toEqual({
      auditDays: 30,
      tokenDays: 90,
      purgeIntervalMinutes: 0,
    });
    for (const [name, value] of [
      ['CASEBOOK_AUDIT_RETENTION_DAYS', '0'],
      ['CASEBOOK_AUDIT_RETENTION_DAYS', 'a year'],
      ['CASEBOOK_TOKEN_RETENTION_DAYS', '-1'],
      ['CASEBOOK_PURGE_INTERVAL_MINUTES', '10081'],
    ] as const)
      expect(() => parseRetention({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
  });
});
