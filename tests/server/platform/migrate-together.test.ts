import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../../../server/src/db/data-source.js';
import { migrations } from '../../../server/src/db/migrations/index.js';

// Several instances started together on a database with pending migrations (a deployment of a
// new version behind a load balancer) all come up: they migrate one at a time.
const name = `casebook_test_${randomBytes(5).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

it('lets four instances start at once on an empty database, applying each migration once', async () => {
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  const opened = await Promise.allSettled(
    Array.from({ length: 4 }, () => openDatabase(url.toString(), { poolSize: 2 })),
  );
  const failures = opened
    .filter((o) => o.status === 'rejected')
    .map((o) => String((o as PromiseRejectedResult).reason));
  expect(failures).toEqual([]);
  const sources = opened.map((o) => (o as PromiseFulfilledResult<Awaited<ReturnType<typeof openDatabase>>>).value);
  try {
    const rows = (await sources[0]!.query(`SELECT "name" FROM "migration" ORDER BY "id"`)) as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
  } finally {
    await Promise.all(sources.map((s) => s.destroy()));
  }
});
