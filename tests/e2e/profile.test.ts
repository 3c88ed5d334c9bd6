import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { FUNCTION_LABELS, SERVICE_AREAS, type CaseProfileDoc, type CiteDoc, type PeriodDoc } from '@casebook/schema';
import { fromRoot } from '../../server/src/common/paths.js';
import { seededSite } from '../support/seeded-site.js';
import { readSeedCase, readSeedCases } from '../support/seeds.js';
import { expectedSharing, heldIn } from '../support/shared-organisation.js';

// The expectations follow the seed files, so that editing a seed does not need a test edit; the
// flows themselves (which filter, which case, which period) are the test's choice.
const { browser, server } = seededSite();
let cases: CaseProfileDoc[];

beforeAll(async () => {
  cases = await readSeedCases();
});

const byName = (a: string, b: string) => a.localeCompare(b, 'en');
/** Cases are listed by name as readers look for them: "The Netherlands" under N. */
const withoutThe = (name: string) => name.replace(/^the\s+/i, '');
const byCaseName = (a: string, b: string) => byName(withoutThe(a), withoutThe(b)) || byName(a, b);

/** The case names on the home page's cards, once the list has settled on `count` cards. */
async function cardNames(page: Page, count: number): Promise<string[]> {
  const region = page.getByRole('region', { name: /^Case studies/ });
  await vi.waitFor(async () => expect(await region.locator('[data-test="case-card"]').count()).toBe(count));
  return region.locator('[data-test="case-card"] h3').allTextContents();
}

/** The body names a period's diagram shows, read from each node's accessible name. */
async function diagramBodies(page: Page, period: PeriodDoc): Promise<string[]> {
  const expected = bodyNames(period);
  const labels = await page
    .locator('[data-test="structure-diagram"] [data-test="diagram-node"]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
  // A node's name is "<body name>, <type>, <tier>…": take the longest body name it starts with.
  return labels
    .map(
      (label) =>
        expected.filter((name) => label.startsWith(`${name}, `)).sort((a, b) => b.length - a.length)[0] ?? label,
    )
    .sort(byName);
}

function bodyNames(period: PeriodDoc): string[] {
  return (period.levels ?? []).flatMap((l) => (l.bodies ?? []).map((b) => b.name)).sort(byName);
}

const sourceKey = (cite: CiteDoc) => (typeof cite === 'string' ? cite : cite.source);

/** Every claim in a document (any object with `cite`), however deep. */
function claims(node: unknown): { cite: CiteDoc[] }[] {
  if (Array.isArray(node)) return node.flatMap(claims);
  if (node === null || typeof node !== 'object') return [];
  const own = Array.isArray((node as { cite?: unknown }).cite) ? [node as { cite: CiteDoc[] }] : [];
  return [...own, ...Object.values(node).flatMap(claims)];
}

async function focusedIs(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await focusedIs(page, selector)) return;
  }
  throw new Error(`${limit} presses of Tab never reached ${selector}`);
}

describe('the home page with the seeded cases', () => {
  it('shows the research question, filters the cards by lesson theme through the URL, keeps the view on reload, and opens a profile', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    const study = parse(readFileSync(fromRoot('seeds', 'study.yaml'), 'utf8')) as { question: string; purpose: string };

    expect(await cardNames(page, cases.length)).toEqual(cases.map((c) => c.name).sort(byCaseName));
    expect(await page.locator('.intro .question').textContent()).toContain(`“${study.question}”`);
    expect(await page.locator('.intro .purpose').textContent()).toBe(study.purpose);
    // The baseline case says so in words on its card, and only it does.
    const baseline = cases.find((c) => c.baseline)!;
    expect(
      await page
        .locator('[data-test="case-card"]', { hasText: 'Baseline for comparison' })
        .locator('h3')
        .allTextContents(),
    ).toEqual([baseline.name]);

    const theme = 'local-partnership';
    const withTheme = cases
      .filter((c) => c.lessons?.some((l) => l.theme === theme))
      .map((c) => c.name)
      .sort(byCaseName);
    expect(withTheme.length).toBeGreaterThan(0);
    expect(withTheme.length).toBeLessThan(cases.length);
    await page.getByLabel('Lesson theme').selectOption({ label: 'Local partnership' });
    await page.waitForURL((url) => url.searchParams.get('theme') === theme);
    expect(await cardNames(page, withTheme.length)).toEqual(withTheme);
    expect(await page.getByRole('button', { name: 'Clear filters' }).isVisible()).toBe(true);

    await page.reload();
    expect(await cardNames(page, withTheme.length)).toEqual(withTheme);
    expect(await page.getByLabel('Lesson theme').inputValue()).toBe(theme);
    expect(new URL(page.url()).searchParams.get('theme')).toBe(theme);

    const first = withTheme[0]!;
    const slug = cases.find((c) => c.name === first)!.slug;
    await page.locator('[data-test="case-card"]').getByRole('link', { name: first }).click();
    await page.waitForURL(`${server.url}/cases/${slug}`);
    await page.getByRole('heading', { level: 1, name: first }).waitFor();
    expect(await page.title()).toBe(`${first} · Reform Casebook`);
    expect(problems).toEqual([]);
  });
});

describe('a case profile', () => {
  const finland = readSeedCase('finland');
  // The current period, and the one just before it, as the seed has them.
  const afterIndex = finland.periods.findIndex((p) => !p.validTo);
  const after = finland.periods[afterIndex]!;
  const before = finland.periods[afterIndex - 1]!;

  it('switches the structure period, and the diagram and the URL follow', async () => {
    expect(bodyNames(before)).not.toEqual(bodyNames(after));
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland`);
    const diagram = page.locator('[data-test="structure-diagram"]');
    await diagram.waitFor();

    // The current period is shown first.
    expect(await page.getByRole('radio', { name: after.label }).isChecked()).toBe(true);
    expect(await diagramBodies(page, after)).toEqual(bodyNames(after));
    expect(await diagram.locator('figcaption').textContent()).toBe(`Finland: ${after.label}`);

    await page.getByRole('radio', { name: before.label }).check();
    await page.waitForURL((url) => url.searchParams.get('period') === before.key);
    await vi.waitFor(async () =>
      expect(await diagram.locator('figcaption').textContent()).toBe(`Finland: ${before.label}`),
    );
    expect(await diagramBodies(page, before)).toEqual(bodyNames(before));
    expect(await page.getByRole('radio', { name: after.label }).isChecked()).toBe(false);
    // The levels listed under the diagram are the period's too.
    const levels = page.locator('.profile-levels [data-test^="level-"] .level-name strong:not(:has-text("Absent:"))');
    expect((await levels.allTextContents()).sort(byName)).toEqual(
      (before.levels ?? []).map((l) => l.name).sort(byName),
    );

    // The URL alone brings the same view back.
    await page.reload();
    await diagram.waitFor();
    expect(await page.getByRole('radio', { name: before.label }).isChecked()).toBe(true);
    expect(await diagramBodies(page, before)).toEqual(bodyNames(before));
    expect(problems).toEqual([]);
  });

  it('takes a citation [n] to entry n of the Sources list, which names the cited source', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland?period=${after.key}`);
    const level = after.levels!.find((l) => l.key === 'national-government')!;
    const cited = finland.sources.find((s) => s.key === sourceKey(level.cite[0]!))!;

    const citation = page.locator('[data-test="level-national-government"] > .level-name a.citation').first();
    await citation.waitFor();
    const href = await citation.getAttribute('href');
    expect(href).toMatch(/^#source-\d+$/);
    const n = href!.slice('#source-'.length);
    expect(await citation.textContent()).toBe(`[${n}]`);
    expect(await citation.getAttribute('aria-label')).toBe(`Source ${n}`);

    await citation.click();
    await page.waitForURL((url) => url.hash === `#source-${n}`);
    const target = await page.evaluate(() => {
      const el = document.querySelector(':target');
      return (
        el && {
          id: el.id,
          text: el.textContent ?? '',
          inList: el.closest('[data-test="source-list"]') !== null,
          index: Array.prototype.indexOf.call(el.parentElement?.children ?? [], el),
        }
      );
    });
    expect(target).toMatchObject({ id: `source-${n}`, inList: true, index: Number(n) - 1 });
    expect(target?.text).toContain(cited.title);
    // The reader can see where they landed.
    expect(await page.locator(`#source-${n}`).isVisible()).toBe(true);
    const box = await page.locator(`#source-${n}`).boundingBox();
    const viewport = page.viewportSize()!;
    expect(box!.y).toBeGreaterThan(-1); // within a pixel: scrolling lands on fractions
    expect(box!.y).toBeLessThan(viewport.height);
    expect(problems).toEqual([]);
  });

  it('can be used with the keyboard alone: skip link, period radios with arrow keys, diagram nodes and their details', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland`);
    await page.locator('[data-test="structure-diagram"]').waitFor();

    await page.keyboard.press('Tab');
    expect(await focusedIs(page, 'a.skip-link')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    await tabTo(page, 'input[type="radio"][name="period"]');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(after.key);
    await page.keyboard.press('ArrowUp');
    await page.waitForURL((url) => url.searchParams.get('period') === before.key);
    expect(await page.getByRole('radio', { name: before.label }).isChecked()).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(before.key);

    const details = page.locator('[data-test="diagram-details"]');
    expect(await details.textContent()).toContain('Select a body or a service area in the diagram');
    await tabTo(page, '[data-test="diagram-node"]', 20);
    const focusedName = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const national = before.levels!.filter((l) => l.tier === 'NATIONAL').flatMap((l) => l.bodies ?? []);
    const firstBody = national[0]!;
    expect(focusedName.startsWith(`${firstBody.name}, `)).toBe(true);
    await vi.waitFor(async () => expect(await details.locator('.sd-details-title').textContent()).toBe(firstBody.name));
    expect(await details.textContent()).toContain('National');

    // The diagram is one tab stop: the arrow keys reach the next node, which fills the panel with
    // its own details; Escape empties it again.
    await page.keyboard.press('ArrowDown');
    const nextName = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(nextName).not.toBe(focusedName);
    const nextBody = bodyNames(before).find((name) => nextName.startsWith(`${name}, `));
    expect(nextBody).toBeDefined();
    await vi.waitFor(async () => expect(await details.locator('.sd-details-title').textContent()).toBe(nextBody));
    await page.keyboard.press('Escape');
    await vi.waitFor(async () =>
      expect(await details.textContent()).toContain('Select a body or a service area in the diagram'),
    );
    expect(problems).toEqual([]);
  });

  it('links to a permanent address for its edition, and says so when a case does not exist', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland`);
    const permalink = page.locator('[data-test="permalink"]');
    await permalink.click();
    await page.waitForURL((url) => url.searchParams.get('edition') === '1');
    await page.getByRole('heading', { level: 1, name: 'Finland' }).waitFor();
    expect(await page.locator('.edition').textContent()).toContain('Edition 1');

    // The address of a case that is not published answers 404 (for crawlers and link checkers),
    // and the app says so in words.
    const missing = await page.goto(`${server.url}/cases/atlantis`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'No such case study' }).waitFor();
    expect(problems.filter((p) => !p.endsWith('/cases/atlantis') && !p.endsWith('/cases/atlantis)'))).toEqual([]);
    expect(problems).toHaveLength(2);
  });
});

describe('which services share an organisation, and what each holder does', () => {
  const WORDS = {
    ONE_BODY: 'One organisation',
    SAME_KIND_AT_TIER: 'One kind of organisation at one tier',
    SEPARATE: 'Separate organisations',
  };
  // Screenshots to look at, not to compare: written beside the other screenshots when asked
  // (UPDATE_SCREENSHOTS=1), otherwise to the system temp folder.
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? fromRoot('docs', 'screenshots')
      : path.join(os.tmpdir(), 'casebook-screenshots');

  it('shows the baseline’s pairs of services as a table, each cell as its responsibilities say, at 1280 and 390 pixels', async () => {
    const scotland = readSeedCase('scotland');
    const today = scotland.periods.find((p) => !p.validTo) ?? scotland.periods[scotland.periods.length - 1]!;
    const areas = SERVICE_AREAS.filter(([key]) => heldIn(today).some((r) => r.serviceArea === key));
    expect(areas.length).toBeGreaterThan(2);
    // Where the period records only some responsibilities, separate is said as "none recorded".
    const complete = today.coverage?.responsibilities === 'complete';
    const label = (sharing: keyof typeof WORDS) =>
      sharing === 'SEPARATE' && !complete ? 'No shared organisation recorded' : WORDS[sharing];
    await mkdir(dir, { recursive: true });

    for (const width of [1280, 390]) {
      const { page, problems } = await browser.open({ viewport: { width, height: 900 } });
      await page.goto(`${server.url}/cases/scotland`);
      const region = page.getByRole('region', { name: 'Which services share an organisation' });
      const table = region.getByRole('table');
      await table.waitFor();
      expect(await table.locator('thead th[scope="col"]').allTextContents()).toEqual(
        areas.slice(0, -1).map(([, name]) => name),
      );
      expect(await table.locator('tbody th[scope="row"]').allTextContents()).toEqual(
        areas.slice(1).map(([, name]) => name),
      );

      for (const [i, [a]] of areas.entries()) {
        for (const [b] of areas.slice(i + 1)) {
          const expected = expectedSharing(scotland, today, a, b)!;
          const cell = table.locator(`td[data-pair="${a}+${b}"]`);
          expect(await cell.locator('.sharing').textContent(), `${a}+${b}`).toBe(label(expected.sharing));
          const text = (await cell.textContent()) ?? '';
          if (expected.sharing !== 'SEPARATE') for (const name of expected.bodyNames) expect(text).toContain(name);
          expect(await cell.locator('.uncertain-mark').count(), `${a}+${b} uncertain`).toBe(expected.uncertain ? 1 : 0);
          // Every citation mark leads to an entry of the Sources list.
          for (const href of await cell
            .locator('a.citation')
            .evaluateAll((as) => as.map((x) => x.getAttribute('href')))) {
            expect(await page.locator(`[data-test="source-list"] ${href}`).count()).toBe(1);
          }
          expect(await cell.locator('a.citation').count()).toBeGreaterThan(0);
        }
      }

      // The adult social care question, answered where a reader looks for it.
      const adults = expectedSharing(scotland, today, 'childrens-social-work', 'adult-social-care');
      expect(adults).toBeDefined();
      expect(
        await table.locator('td[data-pair="childrens-social-work+adult-social-care"] .sharing').textContent(),
      ).toBe(label(adults!.sharing));

      // A table wider than the screen scrolls inside its own region (on a phone it always is), and
      // the page itself never scrolls sideways.
      const overflow = await region.evaluate((el) => ({
        region: el.scrollWidth > el.clientWidth,
        page: document.documentElement.scrollWidth > window.innerWidth,
      }));
      expect(overflow.page).toBe(false);
      if (width === 390) expect(overflow.region).toBe(true);

      await page
        .locator('h3', { hasText: 'Which services share an organisation' })
        .evaluate((el) => el.scrollIntoView());
      await page.screenshot({ path: `${dir}/shared-organisations-${width}.png` });
      expect(problems).toEqual([]);
    }
  });

  it('says so, instead of a table, for a case whose period holds fewer than two services', async () => {
    const police = readSeedCase('police-scotland');
    const today = police.periods.find((p) => !p.validTo)!;
    expect(new Set(heldIn(today).map((r) => r.serviceArea)).size).toBeLessThan(2);
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/police-scotland`);
    const empty = page.locator('[data-test="shared-organisations-empty"]');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('Fewer than two service areas');
    expect(await page.locator('[data-test="shared-organisations"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('can reach the table with the keyboard, to scroll it', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 900 } });
    await page.goto(`${server.url}/cases/scotland`);
    await page.locator('[data-test="shared-organisations"]').waitFor();
    await page.locator('[data-test="responsibility-table"]').focus();
    await tabTo(page, '[role="region"][aria-label="Which services share an organisation"]', 200);
    const before = await page.evaluate(() => document.activeElement!.scrollLeft);
    await page.keyboard.press('ArrowRight');
    await vi.waitFor(async () =>
      expect(await page.evaluate(() => document.activeElement!.scrollLeft)).toBeGreaterThan(before),
    );
    expect(problems).toEqual([]);
  });

  it('says what each holder does, in the responsibilities table and in the diagram’s details', async () => {
    const finland = readSeedCase('finland');
    const today = finland.periods.find((p) => !p.validTo)!;
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland?period=${today.key}`);
    const table = page.locator('[data-test="responsibility-table"]');
    await table.waitFor();
    const functions = await table.locator('thead th').allTextContents();

    // Education is delivered by more than one body: each says what it delivers.
    const held = heldIn(today).filter((r) => r.serviceArea === 'education' && r.function === 'DELIVERY');
    expect(held.filter((r) => r.description).length).toBeGreaterThan(1);
    const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: /^Education$/ }) });
    const cell = row.locator('td').nth(functions.indexOf(FUNCTION_LABELS.DELIVERY) - 1);
    const holders = cell.locator('.holders li');
    expect(await holders.count()).toBe(held.length);
    for (const [i, r] of held.entries()) {
      expect(await holders.nth(i).textContent()).toContain(r.body.name);
      if (r.description) expect(await holders.nth(i).locator('.description').textContent()).toBe(r.description);
    }

    // The same words in the details of a body picked in the diagram.
    const counties = held.find((r) => r.tier === 'REGIONAL')!.body;
    await page.locator(`[data-test="diagram-node"][aria-label^="${counties.name}, "]`).click();
    const details = page.locator('[data-test="diagram-details"]');
    await vi.waitFor(async () => expect(await details.locator('.sd-details-title').textContent()).toBe(counties.name));
    const items = await details.locator('[data-test="diagram-details-responsibilities"] li').allTextContents();
    expect(items).toHaveLength((counties.responsibilities ?? []).length);
    for (const [i, r] of (counties.responsibilities ?? []).entries())
      if (r.description) expect(items[i]).toContain(`: ${r.description}`);
    expect(problems).toEqual([]);
  });
});

describe('the lessons page', () => {
  const lessonTitles = (slug: string, theme?: string) =>
    (cases.find((c) => c.slug === slug)?.lessons ?? [])
      .filter((l) => !theme || l.theme === theme)
      .map((l) => l.title)
      .sort(byName);

  async function shownTitles(page: Page, count: number): Promise<string[]> {
    await vi.waitFor(async () => expect(await page.locator('[data-test="lesson"]').count()).toBe(count));
    return (await page.locator('[data-test="lesson"] h3').allTextContents()).sort(byName);
  }

  it('filters by theme and case from the URL, and writes the filters back to it', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/lessons?theme=finance&case=police-scotland`);

    const police = lessonTitles('police-scotland', 'finance');
    expect(police.length).toBeGreaterThan(0);
    expect(await shownTitles(page, police.length)).toEqual(police);
    expect(await page.getByRole('status').textContent()).toBe(
      `${police.length} lesson${police.length === 1 ? '' : 's'}`,
    );
    for (const meta of await page.locator('[data-test="lesson"] .meta').allTextContents()) {
      expect(meta).toContain('Police Scotland');
      expect(meta).toContain('Theme: Finance');
    }
    await vi.waitFor(async () =>
      expect(await page.getByRole('combobox', { name: 'Case' }).inputValue()).toBe('police-scotland'),
    );
    expect(await page.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('finance');

    await page.getByRole('combobox', { name: 'Case' }).selectOption({ label: 'Scottish Fire and Rescue Service' });
    await page.waitForURL(
      (url) =>
        url.searchParams.get('case') === 'scottish-fire-and-rescue-service' &&
        url.searchParams.get('theme') === 'finance',
    );
    const fire = lessonTitles('scottish-fire-and-rescue-service', 'finance');
    expect(fire).not.toEqual(police);
    expect(await shownTitles(page, fire.length)).toEqual(fire);

    await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Any theme' });
    await page.waitForURL(
      (url) => !url.searchParams.has('theme') && url.searchParams.get('case') === 'scottish-fire-and-rescue-service',
    );
    const all = lessonTitles('scottish-fire-and-rescue-service');
    expect(all.length).toBeGreaterThan(fire.length);
    expect(await shownTitles(page, all.length)).toEqual(all);
    expect(problems).toEqual([]);
  });
});

describe('the sources page', () => {
  it('shows each source with its standing and the claims that cite it, and filters by standing', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/sources`);
    const finland = readSeedCase('finland');
    const source = finland.sources.find((s) => s.key === 'stm-child-welfare')!;
    // The claims in every seed case that cite this source's address.
    const citing = cases.flatMap((c) => {
      const keys = new Set(c.sources.filter((s) => s.url === source.url).map((s) => s.key));
      return claims(c)
        .filter((claim) => claim.cite.some((cite) => keys.has(sourceKey(cite))))
        .map(() => c.name);
    });
    expect(citing.length).toBeGreaterThan(0);

    const item = page
      .locator('[data-test="source"]')
      .filter({ has: page.getByRole('link', { name: source.title, exact: true }) });
    await item.waitFor();
    expect(await item.locator('.standing').textContent()).toBe('Official');
    const summary = item.locator('summary');
    expect(await summary.textContent()).toBe(`Cited by ${citing.length} claim${citing.length === 1 ? '' : 's'}`);
    await summary.click();
    const cases_ = [...new Set(citing)].sort(byName);
    const groups = item.locator('[data-test="citing-case"] > .case-name');
    await groups.first().waitFor();
    expect((await groups.allTextContents()).sort(byName)).toEqual(cases_);
    expect(await groups.and(page.getByRole('link', { name: 'Finland' })).getAttribute('href')).toBe('/cases/finland');
    expect(await item.locator('details').textContent()).toContain('Ministry of Social Affairs and Health');

    // Every source shows one of the four standings in words.
    const standings = await page.locator('[data-test="source"] .standing').allTextContents();
    expect(standings.length).toBeGreaterThan(1);
    expect(new Set(standings)).toEqual(
      new Set(standings.filter((s) => ['Study output', 'Official', 'Academic', 'Secondary'].includes(s))),
    );

    const total = standings.length;
    await page.getByLabel('Standing').selectOption({ label: 'Academic' });
    await page.waitForURL((url) => url.searchParams.get('standing') === 'ACADEMIC');
    // While the new list loads there is none; wait for it rather than for any change.
    await vi.waitFor(async () => {
      const shown = await page.locator('[data-test="source"]').count();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(total);
    });
    const academic = await page.locator('[data-test="source"] .standing').allTextContents();
    expect(await page.getByRole('status').textContent()).toBe(
      `${academic.length} source${academic.length === 1 ? '' : 's'}`,
    );
    expect(new Set(academic)).toEqual(new Set(['Academic']));
    expect(problems).toEqual([]);
  });
});
