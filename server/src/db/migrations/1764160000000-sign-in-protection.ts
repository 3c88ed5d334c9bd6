import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in protection shared by every instance. `sign_in_failure` counts failed sign-ins per key
 * (an account's email, an address, a known device, a session re-entering its password) with the
 * time of the last one, from which the growing delay is worked out. `server_secret` keeps secrets
 * every instance must agree on, generated once by whichever instance needs one first (the key
 * that signs device cookies). `sign_in_failure` replaces the fixed-window `rate_limit` table,
 * which nothing else used.
 */
export class SignInProtection1764160000000 implements MigrationInterface {
  name = 'SignInProtection1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sign_in_failure" (
        "key" text NOT NULL,
        "failures" integer NOT NULL,
        "last_failure_at" timestamptz NOT NULL,
        CONSTRAINT "pk_sign_in_failure" PRIMARY KEY ("key")
      )`);
    // Counters are forgotten a day after their last failure; each new failure deletes those.
    await q.query(`CREATE INDEX "idx_sign_in_failure_last" ON "sign_in_failure" ("last_failure_at")`);
    await q.query(`DROP TABLE "rate_limit"`);
    await q.query(`
      CREATE TABLE "server_secret" (
        "name" text NOT NULL,
        "value" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_server_secret" PRIMARY KEY ("name")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "server_secret"`);
    await q.query(`DROP TABLE "sign_in_failure"`);
    await q.query(`
      CREATE TABLE "rate_limit" (
        "key" text NOT NULL CONSTRAINT "pk_rate_limit" PRIMARY KEY,
        "window_start" timestamptz NOT NULL,
        "count" integer NOT NULL
      )`);
  }
}
