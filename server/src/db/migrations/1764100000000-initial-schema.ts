import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first table: case studies. */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "case_kind" AS ENUM ('COUNTRY', 'SERVICE_REFORM')`);
    await queryRunner.query(`
      CREATE TABLE "case_study" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "name" text NOT NULL,
        "kind" "case_kind" NOT NULL,
        "summary" text NOT NULL DEFAULT '',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_study" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "idx_case_study_slug" ON "case_study" ("slug")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_study"`);
    await queryRunner.query(`DROP TYPE "case_kind"`);
  }
}
