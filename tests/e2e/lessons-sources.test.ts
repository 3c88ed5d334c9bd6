import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SERVICE_AREAS } from '@casebook/schema';
import { seededSite } from '../support/seeded-site.js';

// The lessons, under their themes or their cases and found by words as they are typed; the
// bibliography narrowed to one case, each source saying in words which claims cite it.
const { browser, server } = seededSite();
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are read field by field

async function ask(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const { body } = await server.graphql<Json>(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** Every published lesson, as the API gives them. */
async function apiLessons(): Promise<Json[]> {
  const data = await ask(`{ lessons(first: 100) { pageInfo { hasNextPage } nodes {
    title theme { key name } caseStudy { slug name } } } }`);
  expect(data.lessons.pageInfo.hasNextPage).toBe(false);
  return data.lessons.nodes as Json[];
}

/** How many lessons each group holds, by its name, from the API's lessons. */
function countsBy(lessons: Json[], name: (l: Json) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lessons) counts.set(name(l), (counts.get(name(l)) ?? 0) + 1);
  return counts;
}

/** The group headings the page shows, in order, as [name, count]. */
async function headings(page: Page): Promise<[string, number][]> {
  await page.locator('[data-test="lesson-group-heading"]').first().waitFor();
  const texts = await page.getByRole('heading', { level: 2 }).allTextContents();
  return texts.map((t) => {
    const m = /^(.+) \((\d+) lessons?\)$/.exec(t.replace(/\s+/g, ' ').trim());
    expect(m, `a group heading with its count: "${t}"`).not.toBeNull();
    return [m![1]!, Number(m![2])];
  });
}

describe('the lessons page', () => {
  it('groups the lessons by theme, each heading counting its lessons, and by case when asked; Back returns', async () => {
    const lessons = await apiLessons();
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/lessons`);

    const byTheme = await headings(page);
    expect(new Map(byTheme)).toEqual(countsBy(lessons, (l) => l.theme.name));
    expect(byTheme.length).toBeGreaterThan(3);
    // The themes come in the vocabulary's order.
    const themes = ((await ask('{ lessonThemes { name } }')).lessonThemes as Json[]).map((t) => t.name as string);
    expect(byTheme.map(([name]) => name)).toEqual(themes.filter((t) => byTheme.some(([name]) => name === t)));
    expect(await page.locator('[data-test="lesson"]').count()).toBe(lessons.length);
    // Headings: the page's h1, a group's h2, a lesson's h3.
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Reform lessons']);
    expect(await page.getByRole('heading', { level: 3 }).count()).toBe(lessons.length);

    // The grouping is a pair of radio buttons: chosen by keyboard, it changes the address.
    await page.getByRole('radio', { name: 'Theme' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/[?&]group=case/);
    expect(await page.getByRole('radio', { name: 'Case' }).isChecked()).toBe(true);
    await expect.poll(async () => new Map(await headings(page))).toEqual(countsBy(lessons, (l) => l.caseStudy.name));

    // A reload shows the same view.
    await page.reload();
    expect(new Map(await headings(page))).toEqual(countsBy(lessons, (l) => l.caseStudy.name));

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('group='));
    expect(await page.getByRole('radio', { name: 'Theme' }).isChecked()).toBe(true);
    await expect.poll(async () => new Map(await headings(page))).toEqual(countsBy(lessons, (l) => l.theme.name));
    expect(problems).toEqual([]);
  });

  it('narrows the lessons as one types, accents aside, and says when none match, with a way back', async () => {
    const lessons = await apiLessons();
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/lessons?group=case`);
    await headings(page);

    // "hapu" finds the lesson that speaks of hapū.
    const search = page.getByRole('searchbox', { name: 'Search lessons' });
    await search.pressSequentially('HAPU');
    await page.waitForURL(/[?&]q=HAPU/);
    await expect.poll(() => page.locator('[data-test="lesson"]').count()).toBeLessThan(lessons.length);
    const shown = await page.locator('[data-test="lesson"]').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text).toContain('hapū');
    expect(await headings(page)).toEqual([['New Zealand', shown.length]]);
    expect(await page.locator('[data-test="lesson-count"]').textContent()).toContain(
      `${shown.length} of ${lessons.length} lessons`,
    );

    // A case's name finds its lessons.
    await search.fill('');
    await search.pressSequentially('netherlands');
    await page.waitForURL(/[?&]q=netherlands/);
    await expect.poll(async () => (await headings(page)).map(([name]) => name)).toEqual(['The Netherlands']);

    // A reload keeps the search.
    await page.reload();
    expect(await search.inputValue()).toBe('netherlands');
    expect(await headings(page)).toEqual([
      ['The Netherlands', lessons.filter((l) => l.caseStudy.slug === 'netherlands').length],
    ]);

    await search.fill('zzqx unheard');
    const none = page.locator('[data-test="lessons-no-match"]');
    await none.waitFor();
    expect((await none.textContent())?.replace(/\s+/g, ' ')).toContain('No lessons match “zzqx unheard”.');
    expect(await page.locator('[data-test="lesson"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await expect.poll(() => page.locator('[data-test="lesson"]').count()).toBe(lessons.length);
    expect(await search.inputValue()).toBe('');
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lesson-search');
    expect(problems).toEqual([]);
  });

  it('fits a phone: no sideways scrolling at 390 pixels, grouped either way', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 844 } });
    for (const url of ['/lessons', '/lessons?group=case']) {
      await page.goto(`${server.url}${url}`);
      await headings(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: path.join(SHOTS, 'lessons-390.png') });
    expect(problems).toEqual([]);
  });
});

// Keys a reader should never see: service areas', functions' and claim types' codes.
const AREA_KEYS = SERVICE_AREAS.map(([key]) => key as string).filter((key) => key.includes('-'));
const CODES =
  /\b(ACCOUNTABILITY|COMMISSIONING|DELIVERY|FUNDING|INSPECTION|POLICY|REGULATION|GOVERNANCE_LEVEL|BODY|RESPONSIBILITY|SERVICE_CONNECTION|TIMELINE_EVENT|REFORM_LESSON|NATIONAL|REGIONAL|LOCAL)\b/;

describe('the sources page', () => {
  it('shows only the sources a case cites, each saying in words the claims that cite it, linked to them', async () => {
    const data = await ask(`{
      finland: sources(first: 100, caseStudy: "finland") { totalCount nodes { title citedBy(first: 10) { nodes { key } } } }
      all: sources(first: 1) { totalCount }
    }`);
    const expected = (data.finland.nodes as Json[]).map((s) => s.title as string);
    expect(data.finland.totalCount).toBe(expected.length);
    expect(data.all.totalCount).toBeGreaterThan(expected.length);
    const claimKeys = new Set(
      (data.finland.nodes as Json[])
        .flatMap((s) => (s.citedBy.nodes as Json[]).map((c) => c.key as string))
        .filter((k) => k.includes('-')),
    );

    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sources`);
    await page.locator('[data-test="source"]').first().waitFor();
    await page.getByLabel('Cited by').selectOption({ label: 'Finland' });
    await page.waitForURL(/[?&]case=finland/);
    await expect
      .poll(() => page.locator('[data-test="source-count"]').textContent())
      .toContain(`${expected.length} sources cited by Finland`);
    await expect.poll(() => page.locator('[data-test="source"] .title a').allTextContents()).toEqual(expected);

    // Every "Cited by" opened: claims in words, no key, each claim of a case linked to its place.
    for (const summary of await page.locator('[data-test="source"] summary').all()) await summary.click();
    const claims = page.locator('[data-test="citing-claim"]');
    expect(await claims.count()).toBeGreaterThan(expected.length);
    const texts = await claims.allTextContents();
    for (const text of texts) {
      expect(text).toMatch(/^(Level|Body|Responsibility|Connection|Event|Lesson|Study \w+) “/);
      expect(text).not.toMatch(CODES);
      for (const key of [...AREA_KEYS, ...claimKeys]) expect(text).not.toContain(key);
    }
    expect(texts).toContain(
      'Body “Wellbeing services counties” in the regional level “Wellbeing services counties”, in the period “Wellbeing services counties, with regional state supervision (1 January 2023 to 31 December 2025)”',
    );
    const body = page.getByRole('link', { name: /^Body “Wellbeing services counties” .*1 January 2023/ }).first();
    expect(await body.getAttribute('href')).toBe('/cases/finland?period=from-2023#tier-REGIONAL');
    await body.click();
    await page.waitForURL(/\/cases\/finland\?period=from-2023#tier-REGIONAL$/);
    const regional = page.getByRole('heading', { name: 'Regional level', level: 3 });
    await regional.waitFor();
    // The page opens at that tier's levels and bodies, once the profile has arrived.
    await expect.poll(() => regional.evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeLessThan(120);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  /** Opens Finland's sources with every "Cited by" open; gives the first claim link matching `name`. */
  async function citingLink(page: Page, name: RegExp) {
    await page.goto(`${server.url}/sources?case=finland`);
    await page.locator('[data-test="source"]').first().waitFor();
    for (const summary of await page.locator('[data-test="source"] summary').all()) await summary.click();
    const link = page.getByRole('link', { name }).first();
    await link.waitFor();
    return { link, words: (await link.textContent())!, href: (await link.getAttribute('href'))! };
  }

  /** Where the element the address's #fragment names sits, against the window, once the page shows it. */
  async function targetedBox(page: Page) {
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const row = page.locator(`[id="${id}"]`);
    await row.waitFor();
    expect(await row.count()).toBe(1);
    await expect
      .poll(() =>
        row.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
        }),
      )
      .toBe(true);
    return row;
  }

  it('leads from a responsibility that cites a source to its own row, shown and marked, in its period', async () => {
    // On a phone, where the responsibilities' table is wider than the screen and scrolls sideways:
    // accountability is its last column.
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 844 } });
    const { link, words, href } = await citingLink(
      page,
      /^Responsibility “Accountability: .*” of .*, in the period “Wellbeing services counties, with regional/,
    );
    expect(href).toMatch(/^\/cases\/finland\?period=from-2023#responsibility-from-2023--[a-z0-9-]+$/);
    await link.click();
    await page.waitForURL((url) => url.hash === new URL(href, server.url).hash);
    const row = await targetedBox(page);
    // The row of the body the claim names, and the period the claim holds in.
    const holder = /” of (.+?), in the /.exec(words)![1]!;
    expect(await row.textContent()).toContain(holder);
    expect(await row.evaluate((el) => el.closest('td') !== null)).toBe(true);
    expect(await row.evaluate((el) => el.classList.contains('targeted'))).toBe(true);
    expect(await page.locator('.targeted').count()).toBe(1);
    // The keyboard goes on from the row: it has the focus.
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('radio', { name: /^Wellbeing services counties, with regional/ }).isChecked()).toBe(
      true,
    );
    await page.screenshot({ path: path.join(SHOTS, 'responsibility-targeted-390.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  });

  it('leads from a connection that cites a source to its own row, shown and marked', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    const { link, words, href } = await citingLink(page, /^Connection “/);
    expect(href).toMatch(/^\/cases\/finland\?period=[a-z0-9-]+#connection-[a-z0-9-]+--[a-z0-9-]+$/);
    await link.click();
    await page.waitForURL((url) => url.hash === new URL(href, server.url).hash);
    const row = await targetedBox(page);
    const areas = /^Connection “(.+?)”/.exec(words)![1]!;
    expect(await row.locator('strong').first().textContent()).toBe(areas);
    expect(await row.evaluate((el) => el.classList.contains('targeted'))).toBe(true);
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'connection-targeted.png') });
    expect(problems).toEqual([]);
  });

  it('keeps the case in the address, and fits a phone at 390 pixels with the claims shown', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/sources?case=finland`);
    await page.locator('[data-test="source"]').first().waitFor();
    expect(await page.getByLabel('Cited by').inputValue()).toBe('finland');
    for (const summary of await page.locator('[data-test="source"] summary').all()) await summary.click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'sources-390.png') });
    await page.goto(`${server.url}/sources`);
    await page.locator('[data-test="source"]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  });
});
