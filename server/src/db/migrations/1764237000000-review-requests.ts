import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who sent a draft back for changes, and when: the work list shows the editor what waits on them
 * until the draft is sent for review again. Drafts sent back before say nothing.
 */
export class ReviewRequests1764237000000 implements MigrationInterface {
  name = 'ReviewRequests1764237000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_draft" ADD COLUMN "changes_requested_by_label" text`);
    await q.query(`ALTER TABLE "case_draft" ADD COLUMN "changes_requested_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_draft" DROP COLUMN "changes_requested_at"`);
    await q.query(`ALTER TABLE "case_draft" DROP COLUMN "changes_requested_by_label"`);
  }
}
