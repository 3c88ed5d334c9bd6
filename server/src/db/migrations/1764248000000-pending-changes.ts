import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An editor's input in an open form, kept as they type (never a revision): one row per person,
 * case and form, gone with the person or the case.
 */
export class PendingChanges1764248000000 implements MigrationInterface {
  name = 'PendingChanges1764248000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "pending_change" (
      "user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
      "case_id" uuid NOT NULL REFERENCES "case_study"("id") ON DELETE CASCADE,
      "form" text NOT NULL,
      "label" text NOT NULL,
      "state" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("user_id", "case_id", "form")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pending_change"`);
  }
}
