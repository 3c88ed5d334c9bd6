import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who published an edition is shown to everyone (`publishedChanges.publishedByLabel`), and was
 * stored as the publisher's email address. Each such label becomes the account's display name, or
 * "a reviewer" when it has none or the account is gone, so the history still reads as who
 * published what without showing anyone's address. New publications store the display name
 * (`publicLabel`). Revisions, drafts and the audit log keep email addresses: only staff read them.
 */
export class PublicPublisherLabels1764150000000 implements MigrationInterface {
  name = 'PublicPublisherLabels1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE "publication" p
         SET "published_by_label" = COALESCE(NULLIF(btrim(u."name"), ''), 'a reviewer')
        FROM "app_user" u
       WHERE lower(p."published_by_label") = lower(u."email")`);
    await q.query(`UPDATE "publication" SET "published_by_label" = 'a reviewer' WHERE "published_by_label" LIKE '%@%'`);
  }

  async down(): Promise<void> {
    // The addresses are not written back: they were never meant to be public.
  }
}
