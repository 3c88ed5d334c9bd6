import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { seededSite } from '../support/seeded-site.js';

// Every seed published: the cases a reader searches and filters on first start.
const { browser, server } = seededSite();
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

function casesRegion(page: Page) {
  return page.getByRole('region', { name: /^Case studies/ });
}

async function cardSlugs(page: Page): Promise<string[]> {
  const cards = casesRegion(page).locator('[data-test="case-card"]');
  await cards.first().waitFor();
  return cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-slug') ?? ''));
}

/** The count in the heading, once the list shows it. */
/**
 * The page's problems, less the list requests the page itself cancelled because the filters
 * moved on before their answer came (Apollo aborts a superseded query).
 */
function realProblems(problems: string[]): string[] {
  return problems.filter((line) => !/^request failed: POST \S+\/graphql \(net::ERR_ABORTED\)$/.test(line));
}

async function shownCount(page: Page): Promise<number | null> {
  const text = await casesRegion(page).getByRole('heading', { level: 2 }).textContent();
  const match = /\((\d+)\)/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

describe('finding cases on the home page', () => {
  it('steps Back to the previous filters and results, and Forward to the later ones', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    const all = await cardSlugs(page);
    expect(all).toContain('police-scotland');

    await page.getByLabel('Service area', { exact: true }).selectOption('childrens-social-work');
    await page.waitForURL((url) => url.searchParams.get('area') === 'childrens-social-work');
    await vi.waitFor(async () => expect(await cardSlugs(page)).not.toContain('police-scotland'));
    const held = await cardSlugs(page);

    await page.getByLabel('Kind').selectOption('COUNTRY');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'COUNTRY');

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('kind') === null && url.searchParams.has('area'));
    expect(await page.getByLabel('Kind').inputValue()).toBe('');
    expect(await page.getByLabel('Service area', { exact: true }).inputValue()).toBe('childrens-social-work');
    await vi.waitFor(async () => expect(await cardSlugs(page)).toEqual(held));

    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    expect(new URL(page.url()).pathname).toBe('/');
    await vi.waitFor(async () => expect(await cardSlugs(page)).toEqual(all));
    expect(await page.getByLabel('Service area', { exact: true }).inputValue()).toBe('');

    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('area') === 'childrens-social-work');
    await vi.waitFor(async () => expect(await cardSlugs(page)).toEqual(held));
    expect(realProblems(problems)).toEqual([]);
  });

  it('makes one history step of a burst of typing', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    await cardSlugs(page);
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.pressSequentially('fin');
    await page.waitForURL((url) => url.searchParams.get('q') === 'fin');
    await box.pressSequentially('land');
    await page.waitForURL((url) => url.searchParams.get('q') === 'finland');

    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    await vi.waitFor(async () => expect(await box.inputValue()).toBe(''));
    expect(realProblems(problems)).toEqual([]);
  });

  it('finds a case whatever its accents or a misspelling, and says why on the card', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/?q=hapu`);
    await vi.waitFor(async () => expect(await cardSlugs(page)).toContain('new-zealand'));
    const nz = casesRegion(page).locator('[data-slug="new-zealand"]');
    expect(await nz.getByRole('list', { name: 'Why it matched' }).textContent()).toBe('Text match in the summary');

    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('Finlnad');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Finlnad');
    await vi.waitFor(async () => expect((await cardSlugs(page))[0]).toBe('finland'));
    const finland = casesRegion(page).locator('[data-slug="finland"]');
    expect(await finland.getByRole('list', { name: 'Why it matched' }).textContent()).toBe('Similar spelling: name');

    await box.fill('qzxwvkj');
    await casesRegion(page).getByText('No case study matches these filters.').waitFor();
    expect(await shownCount(page)).toBe(0);
    expect(problems).toEqual([]);
  });

  it('says which body holds the service area on each card', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/?area=childrens-social-work`);
    const nz = casesRegion(page).locator('[data-slug="new-zealand"]');
    await nz.waitFor();
    expect(await nz.getByRole('list', { name: 'Why it matched' }).textContent()).toMatch(
      /^Holds children's social work and care: .*Oranga Tamariki.*\(national\)/,
    );
    expect(problems).toEqual([]);
  });

  it('widens a service area to the cases where it is only connected to another service, and Back narrows it again', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    await cardSlugs(page);
    // The choice between held and connected only means something once an area is chosen.
    const reach = page.getByRole('group', { name: 'Which cases' });
    expect(await reach.count()).toBe(0);

    await page.getByLabel('Service area', { exact: true }).selectOption('childrens-social-work');
    await page.waitForURL((url) => url.searchParams.get('area') === 'childrens-social-work');
    const narrow = reach.getByRole('radio', { name: 'Delivered or overseen by a body of the case' });
    const broad = reach.getByRole('radio', { name: 'Also where it is only connected to another service' });
    expect(await narrow.isChecked()).toBe(true);
    await vi.waitFor(async () => expect(await cardSlugs(page)).not.toContain('police-scotland'));
    const held = await cardSlugs(page);

    await broad.check();
    await page.waitForURL((url) => url.searchParams.get('reach') === 'connected');
    await vi.waitFor(async () => expect(await cardSlugs(page)).toContain('police-scotland'));
    const widened = await cardSlugs(page);
    for (const slug of held) expect(widened).toContain(slug);
    // Each card says which applied: a body holds the area, or the case only connects it.
    const police = casesRegion(page).locator('[data-slug="police-scotland"]');
    expect(await police.getByRole('list', { name: 'Why it matched' }).textContent()).toBe(
      "Connects children's social work and care with policing",
    );
    const nz = casesRegion(page).locator('[data-slug="new-zealand"]');
    expect(await nz.getByRole('list', { name: 'Why it matched' }).textContent()).toMatch(
      /^Holds children's social work and care: .*Oranga Tamariki/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'home-connected.png') });

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('reach') === null && url.searchParams.has('area'));
    expect(await narrow.isChecked()).toBe(true);
    await vi.waitFor(async () => expect(await cardSlugs(page)).toEqual(held));

    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('reach') === 'connected');
    expect(await broad.isChecked()).toBe(true);
    await vi.waitFor(async () => expect(await cardSlugs(page)).toEqual(widened));

    // "Any service area" drops the choice with it, in one step.
    await page.getByLabel('Service area', { exact: true }).selectOption('');
    await page.waitForURL((url) => url.search === '');
    expect(await reach.count()).toBe(0);
    expect(realProblems(problems)).toEqual([]);
  });

  it('shows the filters and the first card within the first screen of a phone, no wider than it', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/`);
    await cardSlugs(page);
    const first = casesRegion(page).locator('[data-test="case-card"]').first();
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeLessThan(844);
    const filters = await page.getByRole('search', { name: 'Find case studies' }).boundingBox();
    expect(filters!.y + filters!.height).toBeLessThan(844);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // Every card names its jurisdiction and says when the case was last reviewed.
    const metas = await casesRegion(page).locator('[data-test="case-card"] .meta').allTextContents();
    for (const meta of metas) expect(meta).toMatch(/ · \S/);
    const reviewed = await casesRegion(page).locator('[data-test="reviewed"]').allTextContents();
    expect(reviewed.length).toBe(metas.length);
    for (const line of reviewed) expect(line.replace(/\s+/g, ' ').trim()).toMatch(/^Last reviewed \w+ \d{4}$/);

    // With an area widened to its connections, the extra choice and the longer reasons fit too.
    await page.goto(`${server.url}/?area=childrens-social-work&reach=connected`);
    await casesRegion(page).locator('[data-slug="police-scotland"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const reach = await page.getByRole('group', { name: 'Which cases' }).boundingBox();
    expect(reach!.x + reach!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'home-connected-390.png') });
    expect(problems).toEqual([]);
  });
});
