import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a case profile, and each of its periods, was last reviewed: a partial date as the file
 * writes it ("2026-12"), shown to readers. Editions and periods published before say nothing.
 */
export class ReviewDates1764205000000 implements MigrationInterface {
  name = 'ReviewDates1764205000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_edition" ADD COLUMN "reviewed" text`);
    await q.query(`ALTER TABLE "structure_period" ADD COLUMN "reviewed" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "structure_period" DROP COLUMN "reviewed"`);
    await q.query(`ALTER TABLE "case_edition" DROP COLUMN "reviewed"`);
  }
}
