import { mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../server/src/common/paths.js';
import { seriousViolations, violationsOf } from '../support/axe.js';
import { seededSite } from '../support/seeded-site.js';

const { browser, server } = seededSite();

const audit = seriousViolations;

/** A page's address and the element that shows it has finished loading its data. */
/** `status`: what the address answers, when it is not 200 (a page not found is a 404). */
const PAGES: { name: string; path: string; ready: string; status?: number }[] = [
  { name: 'home', path: '/', ready: '[data-test="case-card"]' },
  { name: 'home, filtered', path: '/?theme=local-partnership&kind=SERVICE_REFORM', ready: '[data-test="case-card"]' },
  { name: 'profile, current period', path: '/cases/finland?period=from-2026', ready: '[data-test="diagram-node"]' },
  { name: 'profile, earlier period', path: '/cases/finland?period=from-2023', ready: '[data-test="diagram-node"]' },
  { name: 'profile, the baseline', path: '/cases/scotland', ready: '[data-test="diagram-node"]' },
  { name: 'lessons', path: '/lessons?theme=finance', ready: '[data-test="lesson"]' },
  { name: 'sources', path: '/sources', ready: '[data-test="source"]' },
  { name: 'not found', path: '/no-such-page', ready: 'h1', status: 404 },
];

describe('accessibility (axe): no serious or critical violations', () => {
  for (const { name, path, ready, status = 200 } of PAGES) {
    it(`on ${name} (${path})`, async () => {
      const { page, problems } = await browser.open();
      expect((await page.goto(`${server.url}${path}`))?.status()).toBe(status);
      await page.locator(ready).first().waitFor();
      expect(await page.locator('[role="status"].query-loading').count()).toBe(0);

      expect(await audit(page)).toEqual([]);
      // Besides the browser's report of the address's own status, nothing went wrong.
      const own = `${server.url}${path}`;
      expect(problems.filter((p) => status === 200 || !(p.endsWith(own) || p.endsWith(`(${own})`)))).toEqual([]);
    });
  }

  it('gives every link and button room to be tapped (WCAG 2.2 target size) on a profile and a comparison, on a phone', async () => {
    for (const [path, ready] of [
      ['/cases/scotland', '[data-test="source-list"]'],
      ['/compare?cases=finland,ireland,netherlands,scotland', '[data-test="compare-card"]'],
    ] as const) {
      const { page, problems } = await browser.open({ viewport: { width: 412, height: 823 } });
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      expect(await violationsOf(page, ['target-size']), path).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it('on a profile with a diagram node selected and the text version open', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/police-scotland`);
    await page.locator('[data-test="diagram-node"]').first().click();
    await page.locator('[data-test="diagram-details"] .sd-details-title').waitFor();
    await page.locator('[data-test="diagram-text-toggle"]').click();
    await page.locator('[data-test="diagram-text-toggle"][aria-expanded="true"]').waitFor();

    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/** How far down the page (not the viewport) an element ends, with a small margin. */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const bottom = await page.locator(selector).evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  return Math.ceil(bottom + 24);
}

describe('the audit itself', () => {
  it('reports a serious violation it is shown, naming the rule, the element and the fix', async () => {
    const { page } = await browser.open();
    await page.goto(`${server.url}/no-such-page`);
    await page.locator('h1').waitFor();
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'nameless';
      document.querySelector('main')?.append(button);
    });

    const lines = await audit(page);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^button-name \(critical\): #nameless: Buttons must have discernible text \[/);
  });
});

describe('screenshots for the README', () => {
  // Written to docs/screenshots only when asked (UPDATE_SCREENSHOTS=1 npx vitest run --project e2e),
  // so that a test run does not rewrite committed files; otherwise to the system temp folder.
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? fromRoot('docs', 'screenshots')
      : path.join(os.tmpdir(), 'casebook-screenshots');
  const MAX_BYTES = 600 * 1024;

  it('saves home.png and profile.png from the loaded pages', async () => {
    await mkdir(dir, { recursive: true });
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });

    await page.goto(`${server.url}/`);
    await page.locator('[data-test="case-card"]').first().waitFor();
    await page.locator('.intro .question').waitFor();
    // Down to the first row of cards: the intro, the filters and three cases (the whole page is over 600 KB).
    await page.screenshot({
      path: `${dir}/home.png`,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: await bottomOf(page, '[data-test="case-card"] >> nth=2') },
    });

    await page.goto(`${server.url}/cases/finland`);
    await page.locator('[data-test="diagram-node"]').first().waitFor();
    // The top of the profile down to its structure diagram, one of its bodies selected.
    await page.locator('[data-test="diagram-node"]').first().click();
    await page.locator('[data-test="diagram-details"] .sd-details-title').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({
      path: `${dir}/profile.png`,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: await bottomOf(page, '[data-test="diagram-details"]') },
    });

    for (const file of ['home.png', 'profile.png']) {
      const { size } = await stat(`${dir}/${file}`);
      expect(size, file).toBeGreaterThan(10 * 1024);
      expect(size, file).toBeLessThan(MAX_BYTES);
    }
    expect(problems).toEqual([]);
  });
});
