import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['governance_level', 'body', 'responsibility', 'service_connection'];

/**
 * Where in the case a level, body, responsibility or connection holds, when only in part of it
 * ("in 9 of 31 partnerships, as of 2018"): the profile's `extent`, kept as written. Parts
 * published before read as holding throughout, as a profile that says nothing does.
 */
export class ClaimExtent1764215000000 implements MigrationInterface {
  name = 'ClaimExtent1764215000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE "${table}" ADD COLUMN "extent" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE "${table}" DROP COLUMN "extent"`);
  }
}
