import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search that forgives accents, case and typos. `unaccent` folds "hapū" to "hapu"; `pg_trgm`
 * measures how alike two words are. Both are contrib extensions that PostgreSQL (13 and later)
 * marks trusted, so a database owner with CREATE on the database may create them
 * (docs/DEPLOYMENT.md).
 *
 * `unaccent()` itself is only STABLE (it reads a dictionary found through search_path), so an
 * index cannot use it; `casebook_unaccent` names the dictionary and schema outright and is
 * IMMUTABLE, and `casebook_search_words` turns any text into its lower-case, unaccented words,
 * one space apart and with a space at each end, so that a phrase is a plain `LIKE '% … %'`.
 *
 * Each published case keeps those words as `search_text` (name, jurisdiction, summary, bodies
 * and lessons; trigram-indexed for phrases) and one row per distinct word in `case_search_word`
 * (trigram-indexed for words spelt nearly alike). The full-text vector is rebuilt from
 * unaccented text, so word matches ignore accents too.
 */
export class ForgivingSearch1764270000000 implements MigrationInterface {
  name = 'ForgivingSearch1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS "unaccent"`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS "pg_trgm"`);
    // The extension's own schema, wherever it was created, fixed into the function at creation.
    const [{ schema }] = (await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
    )) as [{ schema: string }];
    const s = `"${schema.replace(/"/g, '""')}"`;
    // The wrapper is called by qualified name too: a function's body sees the caller's search_path.
    const [{ own }] = (await q.query(`SELECT current_schema() AS own`)) as [{ own: string }];
    const o = `"${own.replace(/"/g, '""')}"`;
    await q.query(`
      CREATE FUNCTION "casebook_unaccent"(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT ${s}.unaccent('${s}.unaccent'::regdictionary, $1) $$`);
    await q.query(`
      CREATE FUNCTION "casebook_search_words"(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT ' ' || trim(regexp_replace(lower(${o}."casebook_unaccent"($1)), '[^[:alnum:]]+', ' ', 'g')) || ' ' $$`);

    await q.query(`ALTER TABLE "case_study" ADD COLUMN "search_text" text NOT NULL DEFAULT ''`);
    await q.query(
      `CREATE INDEX "idx_case_study_search_text" ON "case_study" USING gin ("search_text" ${s}.gin_trgm_ops)`,
    );
    await q.query(`
      CREATE TABLE "case_search_word" (
        "case_id" uuid NOT NULL REFERENCES "case_study" ("id") ON DELETE CASCADE,
        "word" text NOT NULL,
        CONSTRAINT "pk_case_search_word" PRIMARY KEY ("case_id", "word")
      )`);
    await q.query(
      `CREATE INDEX "idx_case_search_word_trgm" ON "case_search_word" USING gin ("word" ${s}.gin_trgm_ops)`,
    );

    // The published cases as they stand: the same text the loader writes from now on.
    await q.query(`
      UPDATE "case_study" c SET
        "search_text" = "casebook_search_words"(
          c."name" || ' ' || c."jurisdiction" || ' ' || c."summary"
          || ' ' || coalesce((SELECT string_agg(b."name" || ' ' || coalesce(b."description", ''), ' ') FROM "body" b WHERE b."edition_id" = c."current_edition_id"), '')
          || ' ' || coalesce((SELECT string_agg(l."title" || ' ' || l."detail", ' ') FROM "reform_lesson" l WHERE l."edition_id" = c."current_edition_id"), '')),
        "search_vector" =
          setweight(to_tsvector('english', "casebook_unaccent"(c."name")), 'A') ||
          setweight(to_tsvector('english', "casebook_unaccent"(c."jurisdiction" || ' ' || c."summary")), 'B') ||
          setweight(to_tsvector('english', "casebook_unaccent"(
            coalesce((SELECT string_agg(l."title" || ' ' || l."detail", ' ') FROM "reform_lesson" l WHERE l."edition_id" = c."current_edition_id"), '')
            || ' ' || coalesce((SELECT string_agg(b."name" || ' ' || coalesce(b."description", ''), ' ') FROM "body" b WHERE b."edition_id" = c."current_edition_id"), ''))), 'C')
      WHERE c."current_edition_id" IS NOT NULL`);
    await q.query(`
      INSERT INTO "case_search_word" ("case_id", "word")
      SELECT DISTINCT c."id", w FROM "case_study" c, regexp_split_to_table(trim(c."search_text"), ' ') w
      WHERE c."current_edition_id" IS NOT NULL AND w <> ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_search_word"`);
    await q.query(`DROP INDEX "idx_case_study_search_text"`);
    await q.query(`ALTER TABLE "case_study" DROP COLUMN "search_text"`);
    await q.query(`DROP FUNCTION "casebook_search_words"(text)`);
    await q.query(`DROP FUNCTION "casebook_unaccent"(text)`);
    // The extensions stay: an operator may have created them before, for uses of their own.
  }
}
