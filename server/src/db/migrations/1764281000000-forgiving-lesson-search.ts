import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `lessons(search:)` forgives accents, case and typos as the case search does
 * (ForgivingSearch1764270000000): a lesson's full-text vector is built from its unaccented title
 * and detail, `search_text` holds its words as `casebook_search_words` gives them (trigram-indexed
 * for phrases), and `lesson_search_word` one row per distinct word (trigram-indexed for words
 * spelt nearly alike). Both columns are generated, so every writer of a lesson keeps them true;
 * the words are written by the loader with the lessons.
 */
export class ForgivingLessonSearch1764281000000 implements MigrationInterface {
  name = 'ForgivingLessonSearch1764281000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = (await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    )) as [{ schema: string }];
    const s = `"${schema.replace(/"/g, '""')}"`;
    await q.query(`ALTER TABLE "reform_lesson" DROP COLUMN "search_vector"`);
    await q.query(`
      ALTER TABLE "reform_lesson"
        ADD "search_vector" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', "casebook_unaccent"("title")), 'A') ||
          setweight(to_tsvector('english', "casebook_unaccent"("detail")), 'B')
        ) STORED,
        ADD "search_text" text GENERATED ALWAYS AS ("casebook_search_words"("title" || ' ' || "detail")) STORED`);
    await q.query(`CREATE INDEX "idx_reform_lesson_search" ON "reform_lesson" USING gin ("search_vector")`);
    await q.query(
      `CREATE INDEX "idx_reform_lesson_search_text" ON "reform_lesson" USING gin ("search_text" ${s}.gin_trgm_ops)`,
    );
    await q.query(`
      CREATE TABLE "lesson_search_word" (
        "lesson_id" uuid NOT NULL REFERENCES "reform_lesson" ("id") ON DELETE CASCADE,
        "word" text NOT NULL,
        CONSTRAINT "pk_lesson_search_word" PRIMARY KEY ("lesson_id", "word")
      )`);
    await q.query(
      `CREATE INDEX "idx_lesson_search_word_trgm" ON "lesson_search_word" USING gin ("word" ${s}.gin_trgm_ops)`,
    );
    await q.query(`
      INSERT INTO "lesson_search_word" ("lesson_id", "word")
      SELECT DISTINCT l."id", w FROM "reform_lesson" l, regexp_split_to_table(trim(l."search_text"), ' ') w
      WHERE w <> ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "lesson_search_word"`);
    await q.query(`ALTER TABLE "reform_lesson" DROP COLUMN "search_text", DROP COLUMN "search_vector"`);
    await q.query(`
      ALTER TABLE "reform_lesson" ADD "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "detail"), 'B')
      ) STORED`);
    await q.query(`CREATE INDEX "idx_reform_lesson_search" ON "reform_lesson" USING gin ("search_vector")`);
  }
}
