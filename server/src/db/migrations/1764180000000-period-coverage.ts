import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each period's coverage: per section (levels and bodies, responsibilities, connections),
 * whether it records all of it, some or none. Periods published before profiles could say so
 * read as partial everywhere, as a profile that says nothing does: nothing is claimed complete.
 */
export class PeriodCoverage1764180000000 implements MigrationInterface {
  name = 'PeriodCoverage1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "structure_period" ADD COLUMN "coverage" jsonb NOT NULL
         DEFAULT '{"levels":"PARTIAL","responsibilities":"PARTIAL","connections":"PARTIAL"}'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "structure_period" DROP COLUMN "coverage"`);
  }
}
