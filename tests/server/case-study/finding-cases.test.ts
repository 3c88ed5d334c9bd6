import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseKind } from '../../../server/src/modules/case-study/case-study.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { insertCaseStudies } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';

interface Found {
  caseStudies: { totalCount: number; nodes: { slug: string; matchReasons: string[] }[] };
}

const FIND = `query ($search: String, $serviceArea: String, $connectedToServiceArea: String, $theme: String) {
  caseStudies(first: 100, search: $search, serviceArea: $serviceArea, connectedToServiceArea: $connectedToServiceArea, theme: $theme) {
    totalCount
    nodes { slug matchReasons }
  }
}`;

let seeded: TestDatabase;
let site: TestServer;

beforeAll(async () => {
  seeded = await createTestDatabase();
  await loadSeeds(seeded.dataSource);
  site = await startTestServer(seeded.dataSource);
});

afterAll(async () => {
  await site?.close();
  await seeded?.drop();
});

async function find(server: TestServer, variables: Record<string, string>): Promise<Found['caseStudies']> {
  const { body } = await server.graphql<Found>(FIND, variables);
  expect(body.errors).toBeUndefined();
  return body.data!.caseStudies;
}

const slugs = (found: Found['caseStudies']) => found.nodes.map((n) => n.slug);

describe('the database the cases live in', () => {
  it('has the unaccent and pg_trgm extensions the search relies on', async () => {
    const rows = (await seeded.dataSource.query(
      `SELECT name FROM pg_available_extensions WHERE name IN ('unaccent', 'pg_trgm') ORDER BY name`,
    )) as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(['pg_trgm', 'unaccent']);
    const installed = (await seeded.dataSource.query(
      `SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm') ORDER BY extname`,
    )) as { extname: string }[];
    expect(installed.map((r) => r.extname)).toEqual(['pg_trgm', 'unaccent']);
    const [volatility] = (await seeded.dataSource.query(
      `SELECT provolatile FROM pg_proc WHERE proname = 'casebook_unaccent'`,
    )) as { provolatile: string }[];
    expect(volatility?.provolatile).toBe('i');
  });
});

describe('searching the published cases', () => {
  it('ignores accents: "hapu" finds New Zealand as "hapū" does', async () => {
    const plain = await find(site, { search: 'hapu' });
    const accented = await find(site, { search: 'hapū' });
    expect(slugs(plain)).toContain('new-zealand');
    expect(slugs(plain)).toEqual(slugs(accented));
    expect(plain.nodes.find((n) => n.slug === 'new-zealand')?.matchReasons).toContain('Text match in the summary');
  });

  it('ignores case, and says a name matched', async () => {
    const found = await find(site, { search: 'fINLAND' });
    expect(found.nodes[0]).toEqual({ slug: 'finland', matchReasons: expect.arrayContaining(['Matched: name']) });
  });

  it.each([
    ['Finlnad', 'finland'],
    ['Netherland', 'netherlands'],
    ['Oranga Tamarki', 'new-zealand'],
    ['Orange Tamariki', 'new-zealand'],
  ])('finds a case when one letter is wrong: %s', async (search, slug) => {
    const found = await find(site, { search });
    expect(slugs(found)).toContain(slug);
  });

  it('finds nothing for nonsense, nor for a word two letters away', async () => {
    expect((await find(site, { search: 'qzxwvkj' })).totalCount).toBe(0);
    expect((await find(site, { search: 'Fjnlanx' })).totalCount).toBe(0);
  });

  it('says a misspelt name matched by its spelling', async () => {
    const found = await find(site, { search: 'Finlnad' });
    expect(found.nodes.find((n) => n.slug === 'finland')?.matchReasons).toContain('Similar spelling: name');
  });
});

describe('the service area filter', () => {
  it('lists only cases where a body holds the area, and says which body, not police and fire by their connections', async () => {
    const found = await find(site, { serviceArea: 'childrens-social-work' });
    expect(slugs(found)).not.toContain('police-scotland');
    expect(slugs(found)).not.toContain('scottish-fire-and-rescue-service');
    expect(slugs(found)).toEqual(
      expect.arrayContaining(['finland', 'ireland', 'netherlands', 'new-zealand', 'scotland']),
    );
    const nz = found.nodes.find((n) => n.slug === 'new-zealand');
    expect(nz?.matchReasons).toHaveLength(1);
    expect(nz?.matchReasons[0]).toMatch(/^Holds children's social work and care: .*Oranga Tamariki.* \(national\)/);
    for (const n of found.nodes) expect(n.matchReasons[0]).toMatch(/^Holds children's social work and care: /);
  });

  it('keeps the broader match as its own option, which says where the connection is', async () => {
    const held = await find(site, { serviceArea: 'childrens-social-work' });
    const connected = await find(site, { connectedToServiceArea: 'childrens-social-work' });
    expect(slugs(connected)).toEqual(expect.arrayContaining(slugs(held)));
    expect(slugs(connected)).toContain('police-scotland');
    const police = connected.nodes.find((n) => n.slug === 'police-scotland');
    expect(police?.matchReasons[0]).toMatch(/^Connects children's social work and care with /);
  });

  it('refuses both at once, naming the field', async () => {
    const { body } = await site.graphql<Found>(FIND, {
      serviceArea: 'policing',
      connectedToServiceArea: 'policing',
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'connectedToServiceArea' });
  });

  it('gives each reason of a search and a filter together', async () => {
    const found = await find(site, { search: 'Finland', serviceArea: 'childrens-social-work' });
    expect(found.nodes[0]?.slug).toBe('finland');
    expect(found.nodes[0]?.matchReasons[0]).toBe('Matched: name');
    expect(found.nodes[0]?.matchReasons[1]).toMatch(/^Holds children's social work and care: /);
  });

  it('gives no reasons when nothing is searched or filtered', async () => {
    const all = await find(site, {});
    expect(all.nodes.every((n) => n.matchReasons.length === 0)).toBe(true);
  });
});

describe('the order of search results', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    await insertCaseStudies(db.dataSource, [
      { slug: 'fuzzy', name: 'Alpha', kind: CaseKind.COUNTRY, summary: 'Support for a youth carer.' },
      { slug: 'words', name: 'Beta', kind: CaseKind.COUNTRY, summary: 'Care is given to every youth.' },
      { slug: 'phrase', name: 'Gamma', kind: CaseKind.COUNTRY, summary: 'Local youth care teams.' },
      { slug: 'none', name: 'Delta', kind: CaseKind.COUNTRY, summary: 'Municipal schools.' },
    ]);
    server = await startTestServer(db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('puts phrase matches first, then word matches, then near spellings', async () => {
    const found = await find(server, { search: 'youth care' });
    expect(slugs(found)).toEqual(['phrase', 'words', 'fuzzy']);
    expect(found.nodes.map((n) => n.matchReasons)).toEqual([
      ['Text match in the summary'],
      ['Text match in the summary'],
      ['Similar spelling in the summary'],
    ]);
  });
});
