import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateBudgets, type BudgetLimits } from '../../../server/src/http/rate-budget.js';
import { addressKey, extensionsMember, jsonInsertionPoint } from '../../../server/src/http/rate-limit.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

// The counting behind the budgets, on a clock the tests move: in memory per instance, shared
// through the rate_budget table by each instance's own exchange (one statement), by clock-aligned
// windows that every instance agrees on.
let db: TestDatabase;
const LIMITS: BudgetLimits = { address: 100, account: 1000, token: 500 };
const HOUR = 3_600_000;
/** Twenty minutes into an hour. */
let now = 1_800_000_000_000 - (1_800_000_000_000 % HOUR) + 20 * 60_000;
const clock = () => now;

const budgets = (maxKeys?: number) => new RateBudgets(db.dataSource, { limits: LIMITS, now: clock, maxKeys });
const rows = async () =>
  (await db.dataSource.query(
    `SELECT "key", "window_start", "points"::int AS "points" FROM "rate_budget" ORDER BY "key", "window_start"`,
  )) as { key: string; window_start: Date; points: number }[];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await db.dataSource.query(`DELETE FROM "rate_budget"`);
  now += HOUR;
});

describe('an instance’s budgets', () => {
  it('counts in memory, and gives the standing after each spend', () => {
    const one = budgets();
    expect(one.spend('address', 'address:a', 30)).toMatchObject({ limit: 100, remaining: 70, resetSeconds: 40 * 60 });
    expect(one.spend('address', 'address:a', 80).remaining).toBe(0);
    expect(one.spend('token', 'token:t', 0)).toMatchObject({ limit: 500, remaining: 500 });
    const standing = one.spend('address', 'address:b', 1);
    expect(standing.resetAt.getTime() % HOUR).toBe(0);
    expect(standing.resetAt.getTime() - now).toBe(40 * 60_000);
  });

  it('sends its increments and reads back every instance’s total, the callers it saw, in its own exchange', async () => {
    const one = budgets();
    const two = budgets();
    one.spend('address', 'address:a', 30);
    two.spend('address', 'address:a', 0);
    expect(await rows()).toEqual([]);
    await one.sync();
    expect(await rows()).toMatchObject([{ key: 'address:a', points: 30 }]);
    await two.sync();
    expect(two.spend('address', 'address:a', 0).remaining, 'the other instance’s spending').toBe(70);
    two.spend('address', 'address:a', 50);
    await two.sync();
    // The first has not looked since its exchange: it learns of the spending at the next one.
    expect(one.spend('address', 'address:a', 0).remaining).toBe(70);
    await one.sync();
    expect(one.spend('address', 'address:a', 0).remaining).toBe(20);
    expect(await rows()).toMatchObject([{ key: 'address:a', points: 80 }]);
    // Nothing spent and nobody asked about: nothing to send.
    await one.sync();
    expect(await rows()).toMatchObject([{ key: 'address:a', points: 80 }]);
  });

  it('counts a fraction of a point as a whole one, so the exchange never chokes on it', async () => {
    const one = budgets();
    expect(one.spend('address', 'address:a', 2.5).remaining).toBe(97);
    one.spend('address', 'address:b', Number.NaN);
    await one.sync();
    // Not a number counts nothing.
    expect(await rows()).toMatchObject([{ key: 'address:a', points: 3 }]);
  });

  it('starts afresh in a new window, and deletes the windows that have ended', async () => {
    const one = budgets();
    one.spend('account', 'account:u', 900);
    await one.sync();
    now += HOUR;
    expect(one.spend('account', 'account:u', 0).remaining).toBe(1000);
    one.spend('account', 'account:u', 5);
    await one.sync();
    expect((await rows()).map((r) => r.points)).toEqual([5]);
  });

  it('keeps what it could not send, and sends it once the database answers again', async () => {
    const logged: string[] = [];
    const one = new RateBudgets(db.dataSource, { limits: LIMITS, now: clock, log: (m) => logged.push(m) });
    one.spend('address', 'address:a', 10);
    await db.dataSource.query(`ALTER TABLE "rate_budget" RENAME TO "rate_budget_away"`);
    try {
      await one.sync();
      one.spend('address', 'address:a', 5);
      await one.sync();
      expect(one.spend('address', 'address:a', 0).remaining).toBe(85);
    } finally {
      await db.dataSource.query(`ALTER TABLE "rate_budget_away" RENAME TO "rate_budget"`);
    }
    expect(logged, 'said once').toHaveLength(1);
    await one.sync();
    expect(await rows()).toMatchObject([{ key: 'address:a', points: 15 }]);
    expect(logged).toHaveLength(2);
    expect(one.spend('address', 'address:a', 0).remaining).toBe(85);
  });

  it('remembers at most maxKeys callers, forgetting only those whose points were sent', async () => {
    const one = budgets(2);
    for (const key of ['address:a', 'address:b', 'address:c']) one.spend('address', key, 10);
    await one.sync();
    expect((await rows()).map((r) => r.key)).toEqual(['address:a', 'address:b', 'address:c']);
    // The least recently seen is forgotten; asked about again, its total comes back from the table.
    const forgotten = one.spend('address', 'address:a', 0);
    expect(forgotten.remaining).toBe(100);
    await one.sync();
    expect(one.spend('address', 'address:a', 0).remaining).toBe(90);
  });
});

describe('the key of an address', () => {
  it('is the address itself for IPv4, and the /64 for IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('address:203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('address:203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::9')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff::1')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:db8::')).toBe('address:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('address:0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('address:fe80:0:0:0::/64');
    expect(addressKey(undefined)).toBe('address:unknown');
  });
});

describe('the rate budget in an answer’s text', () => {
  const rateLimit = { cost: 1, limit: 10, remaining: 9, resetAt: '2026-01-01T00:00:00.000Z' };
  const insert = (text: string) => {
    const point = jsonInsertionPoint(text)!;
    return text.slice(0, point.at) + extensionsMember(rateLimit, point.comma) + text.slice(point.at);
  };

  it('goes before the closing brace, in characters and in bytes, whatever the text holds', () => {
    const text = `${JSON.stringify({ data: { name: 'Åland – Suomi 🇫🇮', note: '} "extensions"' } })}\n`;
    const point = jsonInsertionPoint(text)!;
    expect(text.slice(point.at)).toBe('}\n');
    const bytes = Buffer.from(text);
    expect(bytes.subarray(point.byteAt).toString()).toBe('}\n');
    expect(JSON.parse(insert(text))).toEqual({ ...(JSON.parse(text) as object), extensions: { rateLimit } });
    expect(JSON.parse(insert('{ }'))).toEqual({ extensions: { rateLimit } });
    expect(jsonInsertionPoint('[1, 2]')).toBeNull();
    expect(jsonInsertionPoint('"text"')).toBeNull();
  });
});
