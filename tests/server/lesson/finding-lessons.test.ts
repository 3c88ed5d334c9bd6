import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';

interface Found {
  lessons: { totalCount: number; nodes: { title: string; detail: string; caseStudy: { slug: string } }[] };
}

const FIND = `query ($search: String, $caseStudy: String) {
  lessons(first: 100, search: $search, caseStudy: $caseStudy) {
    totalCount
    nodes { title detail caseStudy { slug } }
  }
}`;

// New Zealand's lesson on the Crown's lead role names "hapū" in its title and its detail.
const HAPU_LESSON = /^The Crown took the lead role .* hapū and iwi$/;

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

async function find(variables: Record<string, string>): Promise<Found['lessons']> {
  const { body } = await site.graphql<Found>(FIND, variables);
  expect(body.errors).toBeUndefined();
  return body.data!.lessons;
}

const titles = (found: Found['lessons']) => found.nodes.map((n) => n.title);

describe('searching the lessons', () => {
  it('ignores accents and capitals: "hapu" and "HAPŪ" find the lesson "hapū" does', async () => {
    const accented = await find({ search: 'hapū' });
    expect(titles(accented).some((t) => HAPU_LESSON.test(t))).toBe(true);
    expect(accented.nodes.every((n) => n.caseStudy.slug === 'new-zealand')).toBe(true);
    const plain = await find({ search: 'hapu' });
    expect(titles(plain)).toEqual(titles(accented));
    expect(plain.totalCount).toBe(accented.totalCount);
    expect(titles(await find({ search: 'HAPŪ' }))).toEqual(titles(accented));
  });

  it('finds a lesson through a misspelt word, after the lessons spelt as searched', async () => {
    const exact = await find({ search: 'Hipokingia' });
    expect(titles(exact).some((t) => HAPU_LESSON.test(t))).toBe(true);
    const misspelt = await find({ search: 'Hipokinga' });
    expect(titles(misspelt).some((t) => HAPU_LESSON.test(t))).toBe(true);
    // Every searched word must be there or nearly: one word alike is not enough.
    expect((await find({ search: 'Hipokinga qzxwvkj' })).totalCount).toBe(0);
    expect((await find({ search: 'qzxwvkj' })).totalCount).toBe(0);

    // The lessons that hold the word as typed come first, then those holding only words like it.
    const crown = await find({ search: 'crown' });
    const holding = crown.nodes.filter((n) => /\bcrown/i.test(`${n.title} ${n.detail}`));
    expect(holding.length).toBeGreaterThan(0);
    expect(crown.nodes.slice(0, holding.length)).toEqual(holding);
    const crwn = await find({ search: 'Crwn' });
    expect(titles(crwn)).toEqual(expect.arrayContaining(titles(crown).slice(0, holding.length)));
  });

  it('still leaves out a lesson holding a word the search excludes, accents aside', async () => {
    const without = await find({ search: 'hapu -crown' });
    expect(titles(without).some((t) => HAPU_LESSON.test(t))).toBe(false);
    const withIt = await find({ search: 'hapu -police' });
    expect(titles(withIt).some((t) => HAPU_LESSON.test(t))).toBe(true);
  });

  it('matches a phrase with its accents folded, within one case', async () => {
    const phrase = await find({ search: '"communities, hapu and iwi"', caseStudy: 'new-zealand' });
    expect(titles(phrase).some((t) => HAPU_LESSON.test(t))).toBe(true);
    expect((await find({ search: 'hapu', caseStudy: 'finland' })).totalCount).toBe(0);
  });

  it('forgives accents and typos in the lessons already published when the database is migrated', async () => {
    // Back to the database before the lessons' forgiving search, with the seeds' lessons in it.
    await seeded.dataSource.undoLastMigration();
    const [before] = (await seeded.dataSource.query(`SELECT to_regclass('lesson_search_word') AS t`)) as [
      { t: string | null },
    ];
    expect(before.t).toBeNull();
    await seeded.dataSource.runMigrations();
    expect(titles(await find({ search: 'hapu' })).some((t) => HAPU_LESSON.test(t))).toBe(true);
    expect(titles(await find({ search: 'Hipokinga' })).some((t) => HAPU_LESSON.test(t))).toBe(true);
  });
});
