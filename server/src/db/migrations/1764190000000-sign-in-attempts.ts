import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts in progress. An attempt is checked against its counters and written here in
 * one step, under a lock on each counter, before its password is checked (which takes scrypt's
 * time); until it ends it counts as a failure would, so attempts sent all at once cannot all pass
 * the check before any of them has failed. One row per counter an attempt is checked against;
 * a row older than a minute (an instance that stopped mid-attempt) counts for nothing and is
 * deleted by the next attempt.
 */
export class SignInAttempts1764190000000 implements MigrationInterface {
  name = 'SignInAttempts1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sign_in_attempt" (
        "id" uuid NOT NULL,
        "key" text NOT NULL,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_sign_in_attempt" PRIMARY KEY ("id", "key")
      )`);
    await q.query(`CREATE INDEX "idx_sign_in_attempt_key" ON "sign_in_attempt" ("key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sign_in_attempt"`);
  }
}
