import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { insertCaseStudies } from '../support/factories.js';
import { CaseKind } from '../../server/src/modules/case-study/case-study.entity.js';

// Launched by the first test that needs it, not in beforeAll: when Chromium is missing, every
// browser test then fails with the install command instead of being reported as skipped.
let launched: Promise<Browser> | undefined;
const opened: WatchedPage[] = [];

afterAll(async () => {
  await Promise.all(opened.map((watched) => watched.close()));
  await launched?.then((browser) => browser.close(), () => undefined);
});

/** A page of its own for one test; closed after the file. */
async function open(): Promise<WatchedPage> {
  launched ??= launchBrowser();
  const watched = await openPage(await launched);
  opened.push(watched);
  return watched;
}

/** The case studies region, named by its heading. */
function casesRegion(page: Page) {
  return page.getByRole('region', { name: /^Case studies/ });
}

async function cardNames(page: Page): Promise<string[]> {
  const cards = casesRegion(page).getByRole('listitem');
  await cards.first().waitFor();
  return cards.getByRole('heading', { level: 3 }).allTextContents();
}

describe('the home page with published cases', () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertCaseStudies(db.dataSource, [
      { slug: 'police-scotland', name: 'Police Scotland', kind: CaseKind.SERVICE_REFORM, summary: 'Eight forces merged in 2013.' },
      { slug: 'finland', name: 'Finland', kind: CaseKind.COUNTRY, summary: 'Wellbeing services counties since 2023.' },
    ]);
    server = await startTestServer(db.dataSource);
  });

  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('lists every case with its kind, summary and the count, without console errors', async () => {
    const { page, problems } = await open();
    await page.goto(`${server.url}/`);

    expect(await cardNames(page)).toEqual(['Finland', 'Police Scotland']);
    const region = casesRegion(page);
    expect(await region.locator('.kind').allTextContents()).toEqual(['Country', 'Service reform']);
    expect(await region.getByText('Eight forces merged in 2013.').isVisible()).toBe(true);
    const heading = await region.getByRole('heading', { level: 2 }).textContent();
    expect(heading?.replace(/\s+/g, ' ').trim()).toBe('Case studies (2)');
    expect(await page.title()).toBe('Case studies · Reform Casebook');
    expect(problems).toEqual([]);
  });

  it('makes the skip link the first Tab stop, shows it, and moves focus to the main content', async () => {
    const { page, problems } = await open();
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
    expect(problems).toEqual([]);
  });

  it('answers an unknown address with the app and its "Page not found" page', async () => {
    const { page, problems } = await open();
    await page.goto(`${server.url}/no-such-page`);

    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found · Reform Casebook');
    await page.getByRole('link', { name: 'Go to the case studies' }).click();
    expect(await cardNames(page)).toEqual(['Finland', 'Police Scotland']);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(problems).toEqual([]);
  });

  it('says the cases could not be loaded when the API fails, and loads them on "Try again"', async () => {
    const { page, problems } = await open();
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
    const aborts = new Set([`request failed: POST ${graphqlUrl} (net::ERR_FAILED)`, `console error: Failed to load resource: net::ERR_FAILED (${graphqlUrl})`]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((line) => !aborts.has(line))).toEqual([]);
  });
});

describe('the home page with nothing published', () => {
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

  it('says that no case studies have been published yet', async () => {
    const { page, problems } = await open();
    await page.goto(`${server.url}/`);

    const region = casesRegion(page);
    await region.getByText('No case studies have been published yet.').waitFor();
    expect(await region.getByRole('listitem').count()).toBe(0);
    const heading = await region.getByRole('heading', { level: 2 }).textContent();
    expect(heading?.replace(/\s+/g, ' ').trim()).toBe('Case studies (0)');
    expect(problems).toEqual([]);
  });
});

describe('launchBrowser', () => {
  it('fails with the install command when Chromium is missing', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toBe('Chromium is missing: run `apt-get install -y chromium` (Debian) and try again.');
  });
});
