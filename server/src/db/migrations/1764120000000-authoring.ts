import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authoring: accounts, sessions, API tokens, rate-limit counters and the audit log (all in
 * PostgreSQL, so several instances can serve one database); drafts, revisions, review comments
 * and publications.
 */
export class Authoring1764120000000 implements MigrationInterface {
  name = 'Authoring1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "user_role" AS ENUM ('ADMIN', 'EDITOR', 'REVIEWER', 'VIEWER')`);
    await q.query(`CREATE TYPE "token_scope" AS ENUM ('READ', 'WRITE')`);
    await q.query(`CREATE TYPE "draft_status" AS ENUM ('DRAFT', 'IN_REVIEW')`);
    await q.query(`CREATE TYPE "revision_kind" AS ENUM ('EDIT', 'IMPORT', 'RESTORE', 'PUBLISH', 'CREATE')`);

    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_app_user" PRIMARY KEY,
        "email" text NOT NULL,
        "name" text NOT NULL DEFAULT '',
        "role" "user_role" NOT NULL,
        "password_hash" text NOT NULL,
        "disabled" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_app_user_email" ON "app_user" (lower("email"))`);

    await q.query(`
      CREATE TABLE "user_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_user_session" PRIMARY KEY,
        "token_hash" text NOT NULL,
        "user_id" uuid NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_user_session_token" ON "user_session" ("token_hash")`);

    await q.query(`
      CREATE TABLE "api_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_api_token" PRIMARY KEY,
        "name" text NOT NULL,
        "token_hash" text NOT NULL,
        "prefix" text NOT NULL,
        "scope" "token_scope" NOT NULL,
        "created_by" uuid REFERENCES "app_user" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_api_token_hash" ON "api_token" ("token_hash")`);

    await q.query(`
      CREATE TABLE "rate_limit" (
        "key" text NOT NULL CONSTRAINT "pk_rate_limit" PRIMARY KEY,
        "window_start" timestamptz NOT NULL,
        "count" integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE "audit_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_audit_event" PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "action" text NOT NULL,
        "outcome" text NOT NULL,
        "actor_user_id" uuid REFERENCES "app_user" ("id") ON DELETE SET NULL,
        "actor_token_id" uuid REFERENCES "api_token" ("id") ON DELETE SET NULL,
        "actor_label" text NOT NULL,
        "target" text,
        "detail" text,
        "address" text
      )`);
    await q.query(`CREATE INDEX "idx_audit_event_at" ON "audit_event" ("at" DESC)`);
    await q.query(`CREATE INDEX "idx_audit_event_action" ON "audit_event" ("action", "at" DESC)`);

    await q.query(`
      CREATE TABLE "case_draft" (
        "case_id" uuid NOT NULL CONSTRAINT "pk_case_draft" PRIMARY KEY REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "status" "draft_status" NOT NULL DEFAULT 'DRAFT',
        "version" integer NOT NULL,
        "document" jsonb NOT NULL,
        "edition_id" uuid REFERENCES "case_edition" ("id") ON DELETE SET NULL,
        "updated_by" uuid REFERENCES "app_user" ("id") ON DELETE SET NULL,
        "updated_by_label" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Draft editions are read models of drafts: edition numbers below 1 never count as published.
    await q.query(`ALTER TABLE "case_edition" ADD "is_draft" boolean NOT NULL DEFAULT false`);
    await q.query(`DROP INDEX "idx_case_edition_number"`);
    await q.query(
      `CREATE UNIQUE INDEX "idx_case_edition_number" ON "case_edition" ("case_id", "edition") WHERE NOT "is_draft"`,
    );

    await q.query(`
      CREATE TABLE "revision" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_revision" PRIMARY KEY,
        "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "number" integer NOT NULL,
        "kind" "revision_kind" NOT NULL,
        "document" jsonb NOT NULL,
        "author_id" uuid REFERENCES "app_user" ("id") ON DELETE SET NULL,
        "author_label" text NOT NULL,
        "message" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "idx_revision_number" ON "revision" ("case_id", "number")`);

    await q.query(`
      CREATE TABLE "review_comment" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_review_comment" PRIMARY KEY,
        "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "part_key" text,
        "body" text NOT NULL,
        "author_id" uuid REFERENCES "app_user" ("id") ON DELETE SET NULL,
        "author_label" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "idx_review_comment_case" ON "review_comment" ("case_id", "created_at")`);

    await q.query(`
      CREATE TABLE "publication" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT "pk_publication" PRIMARY KEY,
        "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "edition" integer NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "published_by_label" text NOT NULL,
        "summary" text NOT NULL,
        "changes" jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX "idx_publication_at" ON "publication" ("published_at" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'publication',
      'review_comment',
      'revision',
      'case_draft',
      'audit_event',
      'rate_limit',
      'api_token',
      'user_session',
      'app_user',
    ])
      await q.query(`DROP TABLE "${table}"`);
    await q.query(`DROP INDEX "idx_case_edition_number"`);
    await q.query(`DELETE FROM "case_edition" WHERE "is_draft"`);
    await q.query(`ALTER TABLE "case_edition" DROP COLUMN "is_draft"`);
    await q.query(`CREATE UNIQUE INDEX "idx_case_edition_number" ON "case_edition" ("case_id", "edition")`);
    for (const type of ['revision_kind', 'draft_status', 'token_scope', 'user_role'])
      await q.query(`DROP TYPE "${type}"`);
  }
}
