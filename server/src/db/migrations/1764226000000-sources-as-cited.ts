import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A source is its URL with the details a case published it with: a row per URL and details, so
 * that a publication citing a URL with other details adds a row instead of rewriting the one other
 * editions cite. The title and publisher are compared by their MD5 in the index, whose entries are
 * limited in bytes (a 2000-byte URL leaves too little room for them as written).
 *
 * Editions published before this were pointed at the one row of their URL, whose details the
 * latest publication had written: each citation now points at a row with the details of its own
 * edition's document (the study record's at those of the study document), and a row no citation
 * points at any more is removed.
 */
export class SourcesAsCited1764226000000 implements MigrationInterface {
  name = 'SourcesAsCited1764226000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_source_url"`);
    await q.query(
      `CREATE UNIQUE INDEX "idx_source_as_cited" ON "source" ("url", md5("title"), md5("publisher"), "date", "accessed", "standing") NULLS NOT DISTINCT`,
    );

    // Every source as each edition's document (and the study document) gives it, where it is cited.
    const sources = (document: string) =>
      `jsonb_array_elements(CASE WHEN jsonb_typeof(${document} -> 'sources') = 'array' THEN ${document} -> 'sources' ELSE '[]' END) x`;
    const columns = `x ->> 'url' AS "url", x ->> 'title' AS "title", x ->> 'publisher' AS "publisher", x ->> 'date' AS "date", x ->> 'accessed' AS "accessed", x ->> 'standing' AS "standing"`;
    await q.query(`
      CREATE TEMPORARY TABLE "source_as_published" AS
      SELECT * FROM (
        SELECT e."id" AS "edition_id", ${columns} FROM "case_edition" e CROSS JOIN LATERAL ${sources('e."document"')}
        UNION ALL
        SELECT NULL::uuid, ${columns} FROM "study" st CROSS JOIN LATERAL ${sources('st."document"')}
      ) d
      WHERE "url" IS NOT NULL AND "title" IS NOT NULL AND "standing" IN (SELECT unnest(enum_range(NULL::"standing"))::text)
        AND EXISTS (SELECT 1 FROM "citation" ci JOIN "source" s ON s."id" = ci."source_id"
                    WHERE ci."edition_id" IS NOT DISTINCT FROM d."edition_id" AND s."url" = d."url")`);
    await q.query(`
      INSERT INTO "source" ("url", "title", "publisher", "date", "accessed", "standing")
      SELECT DISTINCT "url", "title", "publisher", "date", "accessed", "standing"::"standing" FROM "source_as_published"
      ON CONFLICT ("url", md5("title"), md5("publisher"), "date", "accessed", "standing") DO NOTHING`);
    await q.query(`
      CREATE TEMPORARY TABLE "source_moved" AS
      WITH moved AS (
        UPDATE "citation" ci SET "source_id" = n."id"
        FROM "source" o, "source_as_published" d, "source" n
        WHERE o."id" = ci."source_id" AND ci."edition_id" IS NOT DISTINCT FROM d."edition_id" AND d."url" = o."url"
          AND n."url" = d."url" AND n."title" = d."title" AND n."publisher" IS NOT DISTINCT FROM d."publisher"
          AND n."date" IS NOT DISTINCT FROM d."date" AND n."accessed" IS NOT DISTINCT FROM d."accessed"
          AND n."standing" = d."standing"::"standing" AND n."id" <> o."id"
        RETURNING o."id" AS "id"
      )
      SELECT DISTINCT "id" FROM moved`);
    await q.query(`
      DELETE FROM "source" s USING "source_moved" m
      WHERE s."id" = m."id" AND NOT EXISTS (SELECT 1 FROM "citation" ci WHERE ci."source_id" = s."id")`);
    await q.query(`DROP TABLE "source_as_published", "source_moved"`);
  }

  /** Back to one row per URL: the most recently written details of each URL win, as they did. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TEMPORARY TABLE "source_kept" AS
      SELECT DISTINCT ON ("url") "id", "url" FROM "source" ORDER BY "url", "updated_at" DESC, "created_at" DESC, "id"`);
    await q.query(`
      UPDATE "citation" ci SET "source_id" = k."id"
      FROM "source" s JOIN "source_kept" k ON k."url" = s."url"
      WHERE ci."source_id" = s."id" AND s."id" <> k."id"`);
    await q.query(`DELETE FROM "source" s WHERE NOT EXISTS (SELECT 1 FROM "source_kept" k WHERE k."id" = s."id")`);
    await q.query(`DROP TABLE "source_kept"`);
    await q.query(`DROP INDEX "idx_source_as_cited"`);
    await q.query(`CREATE UNIQUE INDEX "idx_source_url" ON "source" ("url")`);
  }
}
