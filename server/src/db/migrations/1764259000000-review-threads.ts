import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review comments anchored to any part and field, answered in threads and resolved, and kept with
 * the edition they were published with; notifications of requests, comments and publications.
 */
export class ReviewThreads1764259000000 implements MigrationInterface {
  name = 'ReviewThreads1764259000000';

  async up(q: QueryRunner): Promise<void> {
    // Comments written before parts had kinds keep their part key alone (a lesson's or a source's).
    await q.query(`ALTER TABLE "review_comment"
      ADD COLUMN "part_kind" text,
      ADD COLUMN "period_key" text,
      ADD COLUMN "field" text,
      ADD COLUMN "parent_id" uuid REFERENCES "review_comment" ("id") ON DELETE CASCADE,
      ADD COLUMN "resolved_at" timestamptz,
      ADD COLUMN "resolved_by_label" text,
      ADD COLUMN "edition" integer`);
    await q.query(`CREATE INDEX "idx_review_comment_edition" ON "review_comment" ("case_id", "edition")`);
    await q.query(`CREATE TABLE "notification" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_notification" PRIMARY KEY,
      "recipient_id" uuid NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
      "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
      "kind" text NOT NULL,
      "actor_label" text NOT NULL,
      "excerpt" text,
      "comment_id" uuid REFERENCES "review_comment" ("id") ON DELETE SET NULL,
      "edition" integer,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "read_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "idx_notification_recipient" ON "notification" ("recipient_id", "created_at" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification"`);
    await q.query(`DROP INDEX "idx_review_comment_edition"`);
    await q.query(`ALTER TABLE "review_comment"
      DROP COLUMN "part_kind", DROP COLUMN "period_key", DROP COLUMN "field", DROP COLUMN "parent_id",
      DROP COLUMN "resolved_at", DROP COLUMN "resolved_by_label", DROP COLUMN "edition"`);
  }
}
