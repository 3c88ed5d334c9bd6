import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publication counter: one number that goes up, in the same transaction, whenever published
 * content changes (a case edition is published, or the study record is replaced), and a
 * `casebook_publication` notification sent when that transaction commits. Every server instance
 * keys its cache of published reads by this number, so a publish through any instance, the CLI
 * or plain SQL invalidates every instance's cache.
 */
export class PublicationCounter1764130000000 implements MigrationInterface {
  name = 'PublicationCounter1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "publication_state" (
        "singleton" boolean NOT NULL DEFAULT true CONSTRAINT "pk_publication_state" PRIMARY KEY CONSTRAINT "chk_publication_state_singleton" CHECK ("singleton"),
        "counter" bigint NOT NULL DEFAULT 1,
        "changed_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO "publication_state" DEFAULT VALUES`);
    await q.query(`
      CREATE FUNCTION "casebook_publication_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next bigint;
      BEGIN
        UPDATE "publication_state" SET "counter" = "counter" + 1, "changed_at" = now() RETURNING "counter" INTO next;
        PERFORM pg_notify('casebook_publication', next::text);
        RETURN NULL;
      END $$`);
    for (const table of ['publication', 'study', 'case_study']) {
      await q.query(`
        CREATE TRIGGER "trg_${table}_publication_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "casebook_publication_changed"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['publication', 'study', 'case_study'])
      await q.query(`DROP TRIGGER "trg_${table}_publication_changed" ON "${table}"`);
    await q.query(`DROP FUNCTION "casebook_publication_changed"()`);
    await q.query(`DROP TABLE "publication_state"`);
  }
}
