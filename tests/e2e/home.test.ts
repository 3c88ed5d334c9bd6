import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseKind } from '../../server/src/modules/case-study/case-study.entity.js';
import { CHROMIUM_MISSING, browserForFile, launchBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertCaseStudies } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/http.js';

const browser = browserForFile();
afterAll(() => browser.close());

/** The case studies region, named by its heading. */
function casesRegion(page: Page) {
  return page.getByRole('region', { name: /^Case studies/ });
}

/** The case names on the cards, once the cards have arrived. */
async function cardNames(page: Page): Promise<string[]> {
  const cards = casesRegion(page).getByRole('listitem');
  await cards.first().waitFor();
  return cards.getByRole('heading', { level: 3 }).allTextContents();
}

async function headingText(page: Page): Promise<string | undefined> {
  return (await casesRegion(page).getByRole('heading', { level: 2 }).textContent())?.replace(/\s+/g, ' ').trim();
}

// One database and one server for the file: empty at first, then with two cases published.
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the home page with nothing published', () => {
  it('says that no case studies have been published yet', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);

    const region = casesRegion(page);
    await region.getByText('No case studies have been published yet.').waitFor();
    expect(await region.getByRole('listitem').count()).toBe(0);
    expect(await headingText(page)).toBe('Case studies (0)');
    expect(problems).toEqual([]);
  });
});

describe('the home page with published cases', () => {
  beforeAll(async () => {
    await insertCaseStudies(db.dataSource, [
      {
        slug: 'police-scotland',
        name: 'Police Scotland',
        kind: CaseKind.SERVICE_REFORM,
        summary: 'Eight forces merged in 2013.',
      },
      { slug: 'finland', name: 'Finland', kind: CaseKind.COUNTRY, summary: 'Wellbeing services counties since 2023.' },
    ]);
  });

  it('shows a card per case with its kind, jurisdiction, summary and a link to its profile, without console errors', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);

    expect(await cardNames(page)).toEqual(['Finland', 'Police Scotland']);
    const region = casesRegion(page);
    const police = region.locator('[data-slug="police-scotland"]');
    expect(await police.locator('.meta').textContent()).toContain('Service reform');
    expect(await police.getByText('Eight forces merged in 2013.').isVisible()).toBe(true);
    expect(await police.locator('.meta').textContent()).toContain('Scotland');
    expect(await police.getByRole('link', { name: 'Police Scotland' }).getAttribute('href')).toBe(
      '/cases/police-scotland',
    );
    expect(await headingText(page)).toBe('Case studies (2)');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'How do other places organise services for children?',
    );
    expect(await page.title()).toBe('Case studies · Reform Casebook');
    expect(problems).toEqual([]);
  });

  it('narrows the cards as the reader searches, with the search in the URL', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    await cardNames(page);

    await page.getByRole('searchbox', { name: 'Search' }).fill('wellbeing');
    await page.waitForURL((url) => url.searchParams.get('q') === 'wellbeing');
    await vi.waitFor(async () => expect(await headingText(page)).toBe('Case studies (1)'));
    expect(await cardNames(page)).toEqual(['Finland']);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await vi.waitFor(async () => expect(await headingText(page)).toBe('Case studies (2)'));
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('');

    await page.getByRole('searchbox', { name: 'Search' }).fill('nothing-like-this');
    await casesRegion(page).getByText('No case study matches these filters.').waitFor();
    expect(await casesRegion(page).getByRole('listitem').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('makes the skip link the first Tab stop, shows it, and moves focus to the main content', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    await cardNames(page);

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect(box?.y).toBeGreaterThanOrEqual(0);

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main', undefined, { timeout: 5_000 });
    // The next Tab stop is inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('answers an unknown address with 404, the app and its "Page not found" page', async () => {
    const { page, problems } = await browser.open();
    const answer = await page.goto(`${server.url}/no-such-page`);
    expect(answer?.status()).toBe(404);

    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found · Reform Casebook');
    await page.getByRole('link', { name: 'Go to the case studies' }).click();
    expect(await cardNames(page)).toEqual(['Finland', 'Police Scotland']);
    expect(new URL(page.url()).pathname).toBe('/');
    // The browser reports the 404 of the address itself; nothing else went wrong.
    expect(problems.filter((p) => !p.includes('/no-such-page'))).toEqual([]);
  });

  it('says the cases could not be loaded when the API fails, and loads them on "Try again"', async () => {
    const { page, problems } = await browser.open();
    await page.route('**/graphql', (route) => route.abort());
    await page.goto(`${server.url}/`);

    const alert = casesRegion(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The case studies could not be loaded.');
    expect(await alert.textContent()).toContain('The server could not be reached.');
    expect(await casesRegion(page).getByRole('listitem').count()).toBe(0);

    // A retry that fails again leaves the message and the button in place.
    const aborted = problems.length;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await vi.waitFor(() => expect(problems.length).toBeGreaterThan(aborted));
    await alert.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await alert.textContent()).toContain('The server could not be reached.');

    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Try again' }).click();
    expect(await cardNames(page)).toEqual(['Finland', 'Police Scotland']);
    expect(await alert.count()).toBe(0);
    // The aborted requests are the only trouble the page reported: no uncaught or logged errors.
    const graphqlUrl = `${server.url}/graphql`;
    const aborts = new Set([
      `request failed: POST ${graphqlUrl} (net::ERR_FAILED)`,
      `console error: Failed to load resource: net::ERR_FAILED (${graphqlUrl})`,
    ]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((line) => !aborts.has(line))).toEqual([]);
  });
});

describe('launchBrowser', () => {
  it('fails with the install command when Chromium is missing', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toBe('Chromium is missing: run `apt-get install -y chromium` (Debian) and try again.');
  });
});
