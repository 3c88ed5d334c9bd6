import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LESSON_THEMES, SERVICE_AREAS } from '@casebook/schema';

/**
 * The domain model: published editions of case profiles, their structure periods, governance
 * levels, bodies, responsibilities, service connections, timeline, lessons, shared sources and
 * citations; the vocabularies; the study record; weighted full-text search.
 */
export class DomainModel1764110000000 implements MigrationInterface {
  name = 'DomainModel1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "tier" AS ENUM ('NATIONAL', 'REGIONAL', 'LOCAL')`);
    await q.query(
      `CREATE TYPE "body_type" AS ENUM ('MINISTRY', 'AGENCY', 'AUTHORITY', 'BOARD', 'INSPECTORATE', 'PROVIDER', 'PARTNERSHIP', 'COURT_OR_TRIBUNAL', 'OTHER')`,
    );
    await q.query(
      `CREATE TYPE "responsibility_function" AS ENUM ('POLICY', 'FUNDING', 'COMMISSIONING', 'DELIVERY', 'REGULATION', 'INSPECTION', 'ACCOUNTABILITY')`,
    );
    await q.query(`CREATE TYPE "evidence_strength" AS ENUM ('STRONG', 'MODERATE', 'LIMITED', 'CONTESTED')`);
    await q.query(`CREATE TYPE "standing" AS ENUM ('STUDY_OUTPUT', 'OFFICIAL', 'ACADEMIC', 'SECONDARY')`);
    await q.query(
      `CREATE TYPE "claim_type" AS ENUM ('GOVERNANCE_LEVEL', 'BODY', 'RESPONSIBILITY', 'SERVICE_CONNECTION', 'TIMELINE_EVENT', 'REFORM_LESSON', 'STUDY_STRAND', 'STUDY_REPORT', 'STUDY_FINDING')`,
    );

    await q.query(`
      CREATE TABLE "service_area" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_service_area" PRIMARY KEY,
        "key" text NOT NULL CONSTRAINT "uq_service_area_key" UNIQUE,
        "name" text NOT NULL,
        "description" text NOT NULL,
        "position" integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "lesson_theme" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_lesson_theme" PRIMARY KEY,
        "key" text NOT NULL CONSTRAINT "uq_lesson_theme_key" UNIQUE,
        "name" text NOT NULL,
        "description" text NOT NULL,
        "position" integer NOT NULL
      )`);
    for (const [table, rows] of [
      ['service_area', SERVICE_AREAS],
      ['lesson_theme', LESSON_THEMES],
    ] as const) {
      for (const [i, [key, name, description]] of rows.entries()) {
        await q.query(`INSERT INTO "${table}" ("key", "name", "description", "position") VALUES ($1, $2, $3, $4)`, [
          key,
          name,
          description,
          i,
        ]);
      }
    }

    await q.query(`ALTER TABLE "case_study"
      ADD "jurisdiction" text NOT NULL DEFAULT '',
      ADD "baseline" boolean NOT NULL DEFAULT false,
      ADD "note" text,
      ADD "edition" integer NOT NULL DEFAULT 0,
      ADD "published_at" timestamptz,
      ADD "current_edition_id" uuid,
      ADD "search_vector" tsvector NOT NULL DEFAULT ''::tsvector`);
    await q.query(`CREATE INDEX "idx_case_study_search" ON "case_study" USING gin ("search_vector")`);
    await q.query(`CREATE INDEX "idx_case_study_published_at" ON "case_study" ("published_at")`);

    await q.query(`
      CREATE TABLE "case_edition" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_case_edition" PRIMARY KEY,
        "case_id" uuid NOT NULL CONSTRAINT "fk_case_edition_case" REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "edition" integer NOT NULL,
        "name" text NOT NULL,
        "kind" "case_kind" NOT NULL,
        "jurisdiction" text NOT NULL,
        "summary" text NOT NULL,
        "baseline" boolean NOT NULL,
        "note" text,
        "not_modelled" jsonb NOT NULL DEFAULT '[]',
        "published_at" timestamptz NOT NULL,
        "document" jsonb NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_case_edition_number" ON "case_edition" ("case_id", "edition")`);
    await q.query(
      `ALTER TABLE "case_study" ADD CONSTRAINT "fk_case_study_current_edition" FOREIGN KEY ("current_edition_id") REFERENCES "case_edition" ("id") DEFERRABLE INITIALLY DEFERRED`,
    );

    // Parts of an edition. Claims carry uncertain + note. Every part references its edition
    // and case; structure parts also their period, so keys are unique within a period.
    const part = `
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "edition_id" uuid NOT NULL REFERENCES "case_edition" ("id") ON DELETE CASCADE,
        "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "key" text NOT NULL,
        "position" integer NOT NULL`;
    const claim = `
        "uncertain" boolean NOT NULL DEFAULT false,
        "note" text`;

    await q.query(`
      CREATE TABLE "structure_period" (${part},
        "label" text NOT NULL,
        "valid_from" text,
        "valid_to" text,
        "description" text,
        CONSTRAINT "pk_structure_period" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_structure_period_edition" ON "structure_period" ("edition_id", "key")`);

    await q.query(`
      CREATE TABLE "governance_level" (${part}, ${claim},
        "period_id" uuid NOT NULL REFERENCES "structure_period" ("id") ON DELETE CASCADE,
        "tier" "tier" NOT NULL,
        "name" text NOT NULL,
        "unit_count" integer CONSTRAINT "ck_governance_level_units" CHECK ("unit_count" IS NULL OR "unit_count" >= 0),
        "absent" boolean NOT NULL DEFAULT false,
        "description" text,
        CONSTRAINT "pk_governance_level" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_governance_level_period" ON "governance_level" ("period_id", "key")`);

    await q.query(`
      CREATE TABLE "body" (${part}, ${claim},
        "period_id" uuid NOT NULL REFERENCES "structure_period" ("id") ON DELETE CASCADE,
        "level_id" uuid NOT NULL REFERENCES "governance_level" ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "type" "body_type" NOT NULL,
        "description" text,
        CONSTRAINT "pk_body" PRIMARY KEY ("id"),
        CONSTRAINT "uq_body_id_case" UNIQUE ("id", "case_id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_body_period" ON "body" ("period_id", "key")`);
    await q.query(`CREATE INDEX "idx_body_level" ON "body" ("level_id")`);

    // A responsibility must name a body of its own case: the composite key enforces it.
    await q.query(`
      CREATE TABLE "responsibility" (${part}, ${claim},
        "period_id" uuid NOT NULL REFERENCES "structure_period" ("id") ON DELETE CASCADE,
        "body_id" uuid NOT NULL,
        "function" "responsibility_function" NOT NULL,
        "service_area_id" uuid NOT NULL REFERENCES "service_area" ("id"),
        "description" text,
        CONSTRAINT "pk_responsibility" PRIMARY KEY ("id"),
        CONSTRAINT "fk_responsibility_body_same_case" FOREIGN KEY ("body_id", "case_id") REFERENCES "body" ("id", "case_id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_responsibility_period" ON "responsibility" ("period_id", "key")`);
    await q.query(`CREATE INDEX "idx_responsibility_body" ON "responsibility" ("body_id")`);
    await q.query(`CREATE INDEX "idx_responsibility_area" ON "responsibility" ("service_area_id", "edition_id")`);

    await q.query(`
      CREATE TABLE "service_connection" (${part}, ${claim},
        "period_id" uuid NOT NULL REFERENCES "structure_period" ("id") ON DELETE CASCADE,
        "area_a_id" uuid NOT NULL REFERENCES "service_area" ("id"),
        "area_b_id" uuid NOT NULL REFERENCES "service_area" ("id"),
        "mechanisms" text[] NOT NULL CONSTRAINT "ck_service_connection_mechanisms" CHECK (cardinality("mechanisms") > 0),
        "tier" "tier",
        "description" text,
        CONSTRAINT "pk_service_connection" PRIMARY KEY ("id"),
        CONSTRAINT "ck_service_connection_two_areas" CHECK ("area_a_id" <> "area_b_id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_service_connection_period" ON "service_connection" ("period_id", "key")`);

    await q.query(`
      CREATE TABLE "timeline_event" (${part}, ${claim},
        "date" text NOT NULL,
        "date_start" date NOT NULL,
        "date_rank" smallint NOT NULL,
        "title" text NOT NULL,
        "description" text,
        CONSTRAINT "pk_timeline_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_timeline_event_edition" ON "timeline_event" ("edition_id", "key")`);

    await q.query(`
      CREATE TABLE "reform_lesson" (${part}, ${claim},
        "theme_id" uuid NOT NULL REFERENCES "lesson_theme" ("id"),
        "title" text NOT NULL,
        "detail" text NOT NULL,
        "evidence_strength" "evidence_strength",
        "transferability" text,
        "search_vector" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "detail"), 'B')
        ) STORED,
        CONSTRAINT "pk_reform_lesson" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_reform_lesson_edition" ON "reform_lesson" ("edition_id", "key")`);
    await q.query(`CREATE INDEX "idx_lesson_theme" ON "reform_lesson" ("theme_id")`);
    await q.query(`CREATE INDEX "idx_reform_lesson_search" ON "reform_lesson" USING gin ("search_vector")`);

    await q.query(`
      CREATE TABLE "source" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_source" PRIMARY KEY,
        "url" text NOT NULL,
        "title" text NOT NULL,
        "publisher" text,
        "date" text,
        "accessed" text,
        "standing" "standing" NOT NULL,
        "search_vector" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', coalesce("publisher", '')), 'B')
        ) STORED,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_source_url" ON "source" ("url")`);
    await q.query(`CREATE INDEX "idx_source_search" ON "source" USING gin ("search_vector")`);

    await q.query(`
      CREATE TABLE "citation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_citation" PRIMARY KEY,
        "claim_id" uuid NOT NULL,
        "claim_type" "claim_type" NOT NULL,
        "claim_key" text NOT NULL,
        "claim_label" text NOT NULL,
        "edition_id" uuid REFERENCES "case_edition" ("id") ON DELETE CASCADE,
        "case_id" uuid REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "source_id" uuid NOT NULL REFERENCES "source" ("id"),
        "locator" text,
        "position" integer NOT NULL
      )`);
    await q.query(`CREATE INDEX "idx_citation_claim" ON "citation" ("claim_id")`);
    await q.query(`CREATE INDEX "idx_citation_source" ON "citation" ("source_id")`);
    await q.query(`CREATE INDEX "idx_citation_edition" ON "citation" ("edition_id")`);

    await q.query(`
      CREATE TABLE "study" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_study" PRIMARY KEY,
        "singleton" boolean NOT NULL DEFAULT true CONSTRAINT "ck_study_singleton" CHECK ("singleton"),
        "title" text NOT NULL,
        "question" text NOT NULL,
        "purpose" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "document" jsonb NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_study_singleton" ON "study" ("singleton")`);
    const studyPart = `
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "position" integer NOT NULL, ${claim}`;
    await q.query(
      `CREATE TABLE "study_strand" (${studyPart}, "number" integer NOT NULL, "title" text NOT NULL, "lead" text, "description" text, CONSTRAINT "pk_study_strand" PRIMARY KEY ("id"), CONSTRAINT "uq_study_strand_key" UNIQUE ("key"))`,
    );
    await q.query(
      `CREATE TABLE "study_report" (${studyPart}, "strand_key" text, "title" text NOT NULL, "published" text, "description" text, CONSTRAINT "pk_study_report" PRIMARY KEY ("id"), CONSTRAINT "uq_study_report_key" UNIQUE ("key"))`,
    );
    await q.query(
      `CREATE TABLE "study_finding" (${studyPart}, "strand_key" text, "text" text NOT NULL, CONSTRAINT "pk_study_finding" PRIMARY KEY ("id"), CONSTRAINT "uq_study_finding_key" UNIQUE ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'study_finding',
      'study_report',
      'study_strand',
      'study',
      'citation',
      'source',
      'reform_lesson',
      'timeline_event',
      'service_connection',
      'responsibility',
      'body',
      'governance_level',
      'structure_period',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`ALTER TABLE "case_study" DROP CONSTRAINT "fk_case_study_current_edition"`);
    await q.query(`DROP TABLE "case_edition"`);
    await q.query(
      `ALTER TABLE "case_study" DROP COLUMN "jurisdiction", DROP COLUMN "baseline", DROP COLUMN "note", DROP COLUMN "edition", DROP COLUMN "published_at", DROP COLUMN "current_edition_id", DROP COLUMN "search_vector"`,
    );
    await q.query(`DROP TABLE "lesson_theme"`);
    await q.query(`DROP TABLE "service_area"`);
    for (const type of ['claim_type', 'standing', 'evidence_strength', 'responsibility_function', 'body_type', 'tier'])
      await q.query(`DROP TYPE "${type}"`);
  }
}
