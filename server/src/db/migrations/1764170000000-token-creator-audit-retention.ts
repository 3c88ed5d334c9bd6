import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PUBLISHED token scope (published content only); refusals counted in one audit row per
 * client and minute (`count`, and the `bucket` that names the row a refusal adds to); and the
 * indexes the retention purge deletes by.
 */
export class TokenCreatorAuditRetention1764170000000 implements MigrationInterface {
  name = 'TokenCreatorAuditRetention1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "token_scope" ADD VALUE IF NOT EXISTS 'PUBLISHED'`);
    await q.query(`ALTER TABLE "audit_event" ADD COLUMN "count" integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "audit_event" ADD COLUMN "bucket" text`);
    await q.query(
      `CREATE UNIQUE INDEX "idx_audit_event_bucket" ON "audit_event" ("bucket") WHERE "bucket" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "idx_user_session_expires" ON "user_session" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_user_session_expires"`);
    await q.query(`DROP INDEX "idx_audit_event_bucket"`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "bucket"`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "count"`);
    // PostgreSQL cannot drop an enum value: tokens of the scope go, the value stays unused.
    await q.query(`DELETE FROM "api_token" WHERE "scope" = 'PUBLISHED'`);
  }
}
