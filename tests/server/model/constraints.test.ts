import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePartialDate, type PartialDate } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { publishProfile, readProfileFixture } from '../../support/profiles.js';

let db: TestDatabase;
const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
  ((await db.dataSource.query(sql, params)) as T[])[0]!;

beforeAll(async () => {
  db = await createTestDatabase();
  await publishProfile(db.dataSource, readProfileFixture('alpha'));
  await publishProfile(db.dataSource, readProfileFixture('beta'));
});

afterAll(async () => {
  await db?.drop();
});

describe('database constraints of the read model', () => {
  it('refuses a responsibility that names a body of another case', async () => {
    const betaBody = await one<{ id: string }>(
      `SELECT b.id FROM body b JOIN case_study c ON c.id = b.case_id WHERE c.slug = 'beta-police'`,
    );
    const alphaResp = await one<Record<string, unknown>>(
      `SELECT r.edition_id, r.case_id, r.period_id, r.service_area_id FROM responsibility r JOIN case_study c ON c.id = r.case_id WHERE c.slug = 'alphaland' LIMIT 1`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO responsibility (edition_id, case_id, period_id, body_id, key, position, function, service_area_id) VALUES ($1, $2, $3, $4, 'foreign', 99, 'POLICY', $5)`,
        [alphaResp.edition_id, alphaResp.case_id, alphaResp.period_id, betaBody.id, alphaResp.service_area_id],
      ),
    ).rejects.toThrow(/fk_responsibility_body_same_case/);
  });

  it('refuses a second part with the same key in one period, and a second period key in one edition', async () => {
    const level = await one<Record<string, unknown>>(
      `SELECT edition_id, case_id, period_id FROM governance_level WHERE key = 'counties'`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO governance_level (edition_id, case_id, period_id, key, position, tier, name) VALUES ($1, $2, $3, 'counties', 9, 'LOCAL', 'Again')`,
        [level.edition_id, level.case_id, level.period_id],
      ),
    ).rejects.toThrow(/idx_governance_level_period/);
    const period = await one<Record<string, unknown>>(
      `SELECT edition_id, case_id FROM structure_period WHERE key = 'from-2020'`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO structure_period (edition_id, case_id, key, position, label) VALUES ($1, $2, 'from-2020', 9, 'Again')`,
        [period.edition_id, period.case_id],
      ),
    ).rejects.toThrow(/idx_structure_period_edition/);
  });

  it('lets the same key stand in two periods of one case (the same body before and after)', async () => {
    const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM body WHERE key = 'ministry'`);
    expect(rows[0].n).toBe(2);
  });

  it('refuses an unknown tier, a connection of an area with itself, and a connection without mechanisms', async () => {
    const level = await one<Record<string, unknown>>(
      `SELECT edition_id, case_id, period_id FROM governance_level WHERE key = 'counties'`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO governance_level (edition_id, case_id, period_id, key, position, tier, name) VALUES ($1, $2, $3, 'x', 9, 'GLOBAL', 'x')`,
        [level.edition_id, level.case_id, level.period_id],
      ),
    ).rejects.toThrow(/invalid input value for enum tier/);
    const area = await one<{ id: string }>(`SELECT id FROM service_area WHERE key = 'health'`);
    const insertConnection = (a: string, b: string, mechanisms: string) =>
      db.dataSource.query(
        `INSERT INTO service_connection (edition_id, case_id, period_id, key, position, area_a_id, area_b_id, mechanisms) VALUES ($1, $2, $3, 'y', 9, $4, $5, $6)`,
        [level.edition_id, level.case_id, level.period_id, a, b, mechanisms],
      );
    await expect(insertConnection(area.id, area.id, '{JOINT_BOARD}')).rejects.toThrow(
      /ck_service_connection_two_areas/,
    );
    const other = await one<{ id: string }>(`SELECT id FROM service_area WHERE key = 'education'`);
    await expect(insertConnection(area.id, other.id, '{}')).rejects.toThrow(/ck_service_connection_mechanisms/);
  });

  it('refuses a second source with the same URL and details and a second case with the same slug', async () => {
    const law = `'https://example.org/alpha/law', 'The County Services Act', 'Parliament of Alphaland', '2018-06-12'`;
    await expect(
      db.dataSource.query(`INSERT INTO source (url, title, publisher, date, standing) VALUES (${law}, 'OFFICIAL')`),
    ).rejects.toThrow(/idx_source_as_cited/);
    // Details left out count as the same (no date is no date), so the same source without a date twice is refused too.
    await db.dataSource.query(
      `INSERT INTO source (url, title, standing) VALUES ('https://example.org/x', 'X', 'OFFICIAL')`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO source (url, title, standing) VALUES ('https://example.org/x', 'X', 'OFFICIAL')`,
      ),
    ).rejects.toThrow(/idx_source_as_cited/);
    // The same URL with other details is another source.
    await db.dataSource.query(
      `INSERT INTO source (url, title, publisher, date, standing) VALUES (${law}, 'SECONDARY')`,
    );
    await expect(
      db.dataSource.query(`INSERT INTO case_study (slug, name, kind) VALUES ('alphaland', 'Again', 'COUNTRY')`),
    ).rejects.toThrow(/idx_case_study_slug/);
  });

  it('keeps one study record at most', async () => {
    await db.dataSource.query(`INSERT INTO study (title, question, purpose, document) VALUES ('a', 'b', 'c', '{}')`);
    await expect(
      db.dataSource.query(`INSERT INTO study (title, question, purpose, document) VALUES ('a', 'b', 'c', '{}')`),
    ).rejects.toThrow(/idx_study_singleton/);
  });
});

describe('partial dates', () => {
  it('knows the span each precision means and refuses impossible dates', () => {
    expect(parsePartialDate('2020')).toMatchObject({ precision: 'YEAR', earliest: '2020-01-01', latest: '2020-12-31' });
    expect(parsePartialDate('2024-02')).toMatchObject({
      precision: 'MONTH',
      earliest: '2024-02-01',
      latest: '2024-02-29',
    });
    expect(parsePartialDate('2023-02')).toMatchObject({ latest: '2023-02-28' });
    expect(parsePartialDate('2013-04-01')).toMatchObject({
      precision: 'DAY',
      earliest: '2013-04-01',
      latest: '2013-04-01',
    });
    expect(parsePartialDate('2023-02-30')).toMatch(/not a day of that month/);
    expect(parsePartialDate('2023-13')).toMatch(/no month 13/);
    expect(parsePartialDate('April 2013')).toMatch(/not a date like/);
  });

  it('sorts by earliest instant, coarser precision first on a tie', () => {
    const dates = ['2020-01-01', '2019-12', '2020', '2020-01'].map((d) => parsePartialDate(d) as PartialDate);
    const rank = { YEAR: 0, MONTH: 1, DAY: 2 };
    dates.sort((a, b) => a.earliest.localeCompare(b.earliest) || rank[a.precision] - rank[b.precision]);
    expect(dates.map((d) => d.text)).toEqual(['2019-12', '2020', '2020-01', '2020-01-01']);
  });
});
