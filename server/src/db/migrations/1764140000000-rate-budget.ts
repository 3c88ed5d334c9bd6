import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hourly budgets of callers, shared by every instance: the points each caller (an address, an
 * account or an API token, by `key`) has spent in one clock-aligned window. Each instance counts
 * in memory and adds its increments here, reading back the totals, once a second
 * (http/rate-budget.ts); windows that have ended are deleted.
 */
export class RateBudget1764140000000 implements MigrationInterface {
  name = 'RateBudget1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "rate_budget" (
        "key" text NOT NULL,
        "window_start" timestamptz NOT NULL,
        "points" bigint NOT NULL,
        CONSTRAINT "pk_rate_budget" PRIMARY KEY ("key", "window_start")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_budget"`);
  }
}
