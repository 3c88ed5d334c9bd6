import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CaseProfileDoc, SourceDoc } from '@casebook/schema';
import { SourcesAsCited1764226000000 } from '../../../server/src/db/migrations/1764226000000-sources-as-cited.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { publishProfile } from '../../support/profiles.js';
import { loadSeeds, readSeedCases } from '../../support/seeds.js';
import {
  anonymous,
  dataOf,
  PUBLISH,
  readDraft,
  SAVE_PART,
  saved,
  signedIn,
  SUBMIT,
  USER_ERRORS,
  UserRole,
  type Caller,
} from '../authoring/helpers.js';
import { alphaFile, betaFile, readText } from './helpers.js';

// A source is cited with the details its case was published with. Another case citing the same
// URL with other details, or a later edition correcting them, never changes what an edition
// already published shows: its page, its file, a comparison that includes it.
let db: TestDatabase;
let server: TestServer;
let service: InterchangeService;
let tempDir: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field

const OECD = 'https://example.org/shared/oecd';
const ALPHA = readText(alphaFile);
const alphaDoc = () => parse(ALPHA) as CaseProfileDoc;
const betaDoc = () => parse(readText(betaFile)) as CaseProfileDoc;

const SOURCE = `url title publisher standing date { text } accessed { text } updatedAt`;
const PAGE = `query ($slug: String!, $edition: Int) {
  caseStudy(slug: $slug, edition: $edition) {
    edition
    sources { ${SOURCE} }
    periods { levels { key citations { locator source { ${SOURCE} } } } }
    lessons { key citations { locator source { ${SOURCE} } } }
  }
}`;
const BIBLIOGRAPHY = `query ($since: DateTimeISO) {
  sources(first: 100, updatedSince: $since) {
    nodes { ${SOURCE} citedBy(first: 100) { nodes { caseStudy { slug } } } }
  }
}`;

async function ask(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const { body } = await server.graphql<Json>(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

const page = async (slug: string, edition?: number) => (await ask(PAGE, { slug, edition })).caseStudy as Json;

/** The bibliography's entries for one URL, each with the cases that cite it. */
async function entriesFor(url: string, since?: Date): Promise<Json[]> {
  const nodes = (await ask(BIBLIOGRAPHY, { since })).sources.nodes as Json[];
  return nodes
    .filter((s) => s.url === url)
    .map(({ citedBy, ...s }) => ({
      ...s,
      cases: [...new Set(citedBy.nodes.map((c: Json) => c.caseStudy.slug))].sort(),
    }));
}

/** Publishes a document the way `casebook import --publish` does. */
async function publish(doc: CaseProfileDoc): Promise<void> {
  const file = path.join(tempDir, `${doc.slug}.yaml`);
  await writeFile(file, stringify(doc));
  const reports = await service.importFiles([file], { publish: true });
  expect(reports.map((r) => [r.label, r.status, r.problems])).toEqual([[doc.slug, 'published', []]]);
}

/** A document with one of its sources' details replaced. */
function withSource(doc: CaseProfileDoc, key: string, details: Partial<SourceDoc>): CaseProfileDoc {
  return { ...doc, sources: doc.sources.map((s) => (s.key === key ? { ...s, ...details } : s)) };
}

const text = async (urlPath: string) => {
  const response = await fetch(`${server.url}${urlPath}`);
  expect(response.status).toBe(200);
  return response.text();
};

beforeAll(async () => {
  db = await createTestDatabase();
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-sources-'));
  server = await startTestServer(db.dataSource);
  await publish(alphaDoc());
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('a URL cited by two cases with different details', () => {
  const ORIGINAL = {
    title: 'Child wellbeing governance across countries',
    publisher: 'OECD',
    standing: 'ACADEMIC',
  };
  const BETA_OWN = {
    title: 'Child wellbeing governance as a policy blog summarised it',
    publisher: 'A policy blog',
    standing: 'SECONDARY',
  } as const;
  let alphaBefore: Json;
  let alphaFileBefore: string;
  let betaPublished: Date;

  it("leaves the first case's published page and file as they were", async () => {
    alphaBefore = await page('alphaland');
    alphaFileBefore = await text('/export/cases/alphaland.yaml');
    expect(alphaBefore.sources).toContainEqual(expect.objectContaining({ url: OECD, ...ORIGINAL }));

    betaPublished = new Date();
    await publish(withSource(betaDoc(), 'shared-oecd', BETA_OWN));

    expect(await page('alphaland')).toEqual(alphaBefore);
    expect(await text('/export/cases/alphaland.yaml')).toBe(alphaFileBefore);
    expect(await text('/export/cases/alphaland.yaml')).toBe(ALPHA);
  });

  it('shows the second case with the details it was published with', async () => {
    const beta = await page('beta-police');
    expect(beta.sources).toContainEqual(expect.objectContaining({ url: OECD, ...BETA_OWN }));
    const cited = beta.lessons.flatMap((l: Json) => l.citations.map((c: Json) => c.source));
    expect(cited.filter((s: Json) => s.url === OECD)).not.toHaveLength(0);
    for (const s of cited.filter((x: Json) => x.url === OECD)) expect(s).toMatchObject(BETA_OWN);
  });

  it('lists two entries in the bibliography, each naming the case that cites it', async () => {
    expect(await entriesFor(OECD)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ...ORIGINAL, cases: ['alphaland'] }),
        expect.objectContaining({ ...BETA_OWN, cases: ['beta-police'] }),
      ]),
    );
    expect(await entriesFor(OECD)).toHaveLength(2);
    // Only the entry the second case brought changed since it was published.
    expect(await entriesFor(OECD, betaPublished)).toEqual([expect.objectContaining({ ...BETA_OWN })]);
  });

  it('keeps each case to its own details in a comparison export', async () => {
    const markdown = await text('/export/comparison.md?cases=alphaland,beta-police');
    const list = markdown.slice(markdown.indexOf('## Sources'));
    expect(list).toContain(`${ORIGINAL.title}, OECD. <${OECD}> (academic)`);
    expect(list).toContain(`${BETA_OWN.title}, A policy blog. <${OECD}> (secondary)`);
    const csv = await text('/export/comparison.csv?cases=alphaland,beta-police');
    expect(csv).toContain(`${ORIGINAL.title}`);
    expect(csv).toContain(`${BETA_OWN.title}`);
  });
});

describe('a URL cited by two cases with the same details', () => {
  it('is one entry, cited by both', async () => {
    const copy = { ...betaDoc(), slug: 'beta-copy', name: 'Beta copy' };
    await publish(copy);
    const [row] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM source WHERE url = $1 AND title = $2`, [
      OECD,
      'Child wellbeing governance across countries',
    ])) as { n: number }[];
    expect(row!.n).toBe(1);
    expect(await entriesFor(OECD)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Child wellbeing governance across countries',
          cases: ['alphaland', 'beta-copy'],
        }),
      ]),
    );
  });
});

describe('a case republished with corrected details', () => {
  const CORRECTED = 'Child wellbeing governance across countries (second edition)';

  it('changes that case alone, and its earlier edition keeps what it was published with', async () => {
    const copyBefore = await page('beta-copy');
    const betaBefore = await page('beta-police');
    const firstEdition = await page('alphaland', 1);

    await publish(withSource(alphaDoc(), 'shared-oecd', { title: CORRECTED }));

    const alpha = await page('alphaland');
    expect(alpha.edition).toBe(2);
    expect(alpha.sources.find((s: Json) => s.url === OECD)).toMatchObject({ title: CORRECTED, publisher: 'OECD' });
    expect(await page('alphaland', 1)).toEqual(firstEdition);
    expect(firstEdition.sources.find((s: Json) => s.url === OECD).title).toBe(
      'Child wellbeing governance across countries',
    );
    expect(await page('beta-copy')).toEqual(copyBefore);
    expect(await page('beta-police')).toEqual(betaBefore);
    expect(await entriesFor(OECD)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: CORRECTED, cases: ['alphaland'] }),
        expect.objectContaining({ title: 'Child wellbeing governance across countries', cases: ['beta-copy'] }),
      ]),
    );
  });
});

describe('a draft that edits a shared source, published in the app', () => {
  const EDITED = 'Child wellbeing governance across countries, as the copy now cites it';
  const DRAFT_PAGE = `query ($slug: String!, $draft: Boolean) { caseStudy(slug: $slug, draft: $draft) { sources { url title } } }`;
  const oecdTitle = async (who: Caller, slug: string, draft = false) =>
    (dataOf(await who.graphql(DRAFT_PAGE, { slug, draft }), slug).caseStudy.sources as Json[]).find(
      (x) => x.url === OECD,
    )?.title;

  it('shows its own details in the preview and once published, and no other case or edition changes', async () => {
    const editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
    const reviewer = await signedIn(server.url, db.dataSource, UserRole.REVIEWER);
    const reader = anonymous(server.url);
    const others = [await page('alphaland'), await page('alphaland', 1), await page('beta-police')];

    saved(await editor.graphql(`mutation { startDraft(slug: "beta-copy") { ${USER_ERRORS} } }`), 'startDraft');
    let { version } = await readDraft(editor, 'beta-copy');
    const edit = saved(
      await editor.graphql(SAVE_PART, {
        edit: { slug: 'beta-copy', expectedVersion: version, message: 'the title as the copy cites it' },
        part: { kind: 'SOURCE', key: 'shared-oecd', data: { title: EDITED } },
      }),
      'saveDraftPart',
    );
    version = edit.draft.version;
    expect(await oecdTitle(editor, 'beta-copy', true)).toBe(EDITED);
    expect(await oecdTitle(reader, 'beta-copy')).toBe('Child wellbeing governance across countries');

    saved(await editor.graphql(SUBMIT, { slug: 'beta-copy', v: version }), 'submitForReview');
    expect(saved(await reviewer.graphql(PUBLISH, { slug: 'beta-copy', v: version }), 'publishDraft').edition).toBe(2);

    expect(await oecdTitle(reader, 'beta-copy')).toBe(EDITED);
    expect([await page('alphaland'), await page('alphaland', 1), await page('beta-police')]).toEqual(others);
    expect(await entriesFor(OECD)).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: EDITED, cases: ['beta-copy'] })]),
    );
    // Nobody's current edition cites the original details any more: the bibliography leaves them out.
    expect((await entriesFor(OECD)).map((e) => e.title)).not.toContain('Child wellbeing governance across countries');
  });
});

/** A source's details, as compared: the same URL with the same details is the same source. */
interface Details {
  url: string;
  title: string;
  publisher?: string | null;
  date?: string | null;
  accessed?: string | null;
  standing: string;
}
const details = (s: Details) =>
  JSON.stringify([s.url, s.title, s.publisher ?? null, s.date ?? null, s.accessed ?? null, s.standing]);

/**
 * Where the sources a case's current edition cites (or the study record's, for null) differ from
 * the details its document gives them: none when every edition shows what it was published with.
 */
async function misquoted(ds: DataSource, slug: string | null, doc: { sources: SourceDoc[] }): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT DISTINCT s.url, s.title, s.publisher, s.date, s.accessed, s.standing::text AS standing
       FROM citation ci JOIN source s ON s.id = ci.source_id LEFT JOIN case_study c ON c.current_edition_id = ci.edition_id
      WHERE ($1::text IS NULL AND ci.edition_id IS NULL) OR c.slug = $1`,
    [slug],
  )) as Details[];
  const given = new Set(doc.sources.map(details));
  return rows.map(details).filter((d) => !given.has(d));
}

describe('the seeds', () => {
  let seeded: TestDatabase;
  let cases: CaseProfileDoc[];
  let study: { sources: SourceDoc[] };

  beforeAll(async () => {
    seeded = await createTestDatabase();
    await loadSeeds(seeded.dataSource);
    cases = await readSeedCases();
    const [row] = (await seeded.dataSource.query(`SELECT document FROM study`)) as { document: typeof study }[];
    study = row!.document;
  });

  afterAll(async () => {
    await seeded?.drop();
  });

  const everyMisquote = async () =>
    Object.fromEntries(
      await Promise.all(
        [...cases.map((d) => [d.slug, d] as const), ['study', study] as const].map(async ([label, doc]) => [
          label,
          await misquoted(seeded.dataSource, label === 'study' ? null : label, doc),
        ]),
      ),
    );
  const nothingMisquoted = () => Object.fromEntries([...cases.map((d) => d.slug), 'study'].map((l) => [l, []]));

  it('store each source once per URL and details, however many cases cite it', async () => {
    const expected = new Set([...cases, study].flatMap((d) => d.sources.map(details)));
    const rows = (await seeded.dataSource.query(
      `SELECT url, title, publisher, date, accessed, standing::text AS standing FROM source`,
    )) as Details[];
    expect(rows.map(details).sort()).toEqual([...expected].sort());
    // Many URLs are cited by several seeded cases with the same details: one row each.
    const urls = cases.flatMap((d) => d.sources.map((s) => s.url));
    expect(new Set(urls).size).toBeLessThan(urls.length);
  });

  it("show every seeded case's sources, and the study record's, as its file gives them", async () => {
    expect(await everyMisquote()).toEqual(nothingMisquoted());
  });

  it('are given back their own details by the migration, after one row per URL had taken the latest', async () => {
    // Another case cites a seeded address under other details (the seeds give each address one).
    const borrowed = alphaDoc();
    borrowed.sources[0] = { ...borrowed.sources[0]!, url: cases[0]!.sources[0]!.url, title: 'Another title for it' };
    await publishProfile(seeded.dataSource, borrowed);
    cases.push(borrowed);
    const runner = seeded.dataSource.createQueryRunner();
    const migration = new SourcesAsCited1764226000000();
    try {
      await migration.down(runner);
      // One row per URL, as before: some cases show details another document gave.
      const merged = await everyMisquote();
      expect(Object.values(merged).flat()).not.toHaveLength(0);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await everyMisquote()).toEqual(nothingMisquoted());
    const [{ n }] = (await seeded.dataSource.query(
      `SELECT count(*)::int AS n FROM source s WHERE NOT EXISTS (SELECT 1 FROM citation ci WHERE ci.source_id = s.id)`,
    )) as [{ n: number }];
    expect(n).toBe(0);
  });
});
