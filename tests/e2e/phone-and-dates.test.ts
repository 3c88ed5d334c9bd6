import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';
import { readSeedCases } from '../support/seeds.js';

// Every page a reader or an editor can reach, at a phone's width (390 × 844): none is wider than
// the screen; and the pages readers see say their dates in words, never as ISO dates.
const ACCOUNTS: Accounts = { 'admin@example.org': 'ADMIN' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const PHONE = { width: 390, height: 844 };
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** Waits for the page's data: the network quiet and no "Loading …" left. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.query-loading').first().waitFor({ state: 'detached' });
}

/** The elements that reach past the screen's right edge, for the failure message. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1;
      })
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}: ${el.textContent?.slice(0, 40) ?? ''}`,
      );
  });
}

async function expectFits(page: Page, where: string): Promise<void> {
  await settled(page);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(
    scrollWidth,
    `${where} is ${scrollWidth} px wide: ${(await overflowing(page)).join(' | ')}`,
  ).toBeLessThanOrEqual(PHONE.width);
}

/** The lines of a page's visible text that hold an ISO date. */
async function isoLines(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text.split('\n').filter((line) => ISO_DATE.test(line));
}

describe('at a phone’s width', () => {
  it('no page a reader reaches is wider than the screen', async () => {
    const cases = await readSeedCases();
    const { page } = await browser.open({ viewport: PHONE });
    const slugs = cases.map((c) => c.slug);
    const pages = [
      '/',
      '/lessons',
      '/sources',
      '/compare',
      `/compare?cases=${slugs.slice(0, 4).join(',')}`,
      `/compare?cases=${slugs.join(',')}`,
      '/sign-in',
      '/no-such-page',
      ...slugs.map((slug) => `/cases/${slug}`),
    ];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await expectFits(page, path);
    }
  });

  it('no page an editor or an admin works on is wider than the screen', async () => {
    const { page } = await browser.open({ viewport: PHONE });
    await page.goto(`${server.url}/sign-in`);
    await fillSignIn(page, 'admin@example.org');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    // A draft to look at: the first case's, started from its page as an editor would.
    await page.goto(`${server.url}/cases/finland/draft`);
    await settled(page);
    const start = page.locator('[data-test="start-draft"]');
    if (await start.isVisible()) {
      await start.click();
      await page.locator('[data-test="draft-outline"]').waitFor({ state: 'attached' });
    }
    const pages = [
      '/authoring',
      '/authoring/coverage',
      '/authoring/new-case',
      '/notifications',
      '/account',
      '/admin/users',
      '/admin/tokens',
      '/admin/audit',
      '/cases/finland/draft',
      '/cases/finland/draft?part=headline',
      '/cases/finland/draft?part=periods',
      '/cases/finland/draft?part=events',
      '/cases/finland/draft?part=lessons',
      '/cases/finland/draft?part=sources',
      '/cases/finland/draft?part=review',
      '/cases/finland/draft?part=history',
      '/cases/finland/draft/sources',
    ];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await expectFits(page, path);
    }
  });
});

describe('dates in words', () => {
  it('every profile, the lessons and the sources say their dates in words, in one style', async () => {
    const cases = await readSeedCases();
    const { page } = await browser.open({ viewport: { width: 1280, height: 900 } });
    for (const path of ['/', '/lessons', '/sources', ...cases.map((c) => `/cases/${c.slug}`)]) {
      await page.goto(`${server.url}${path}`);
      await settled(page);
      expect(await isoLines(page), path).toEqual([]);
    }
    // A period's span reads like its name: Finland's first period ends on the last day of 2022.
    await page.goto(`${server.url}/cases/finland`);
    await settled(page);
    const switcher = page.locator('[data-test="period-switcher"]');
    await expect(switcher.innerText()).resolves.toContain('until 31 December 2022');
    await expect(switcher.innerText()).resolves.not.toContain('unknown start');
  });

  it('a profile and the lessons page say once, not under every lesson, how far lessons are assessed for Scotland', async () => {
    const cases = await readSeedCases();
    const { page } = await browser.open({ viewport: { width: 1280, height: 900 } });
    for (const c of cases) {
      const lessons = c.lessons ?? [];
      const assessed = lessons.filter((l) => l.transferability).length;
      await page.goto(`${server.url}/cases/${c.slug}`);
      await settled(page);
      const text = await page.locator('main').innerText();
      expect(text, c.slug).not.toMatch(/Transferability[^\n]*Not recorded/i);
      expect(text.match(/Transferability to Scotland:/g)?.length ?? 0, c.slug).toBe(assessed);
      const note = page.locator('[data-test="transfer-note"]');
      if (assessed === lessons.length) expect(await note.count(), c.slug).toBe(0);
      else await expect(note.innerText()).resolves.toMatch(/transfer to Scotland/);
    }
    // The lessons page the same way, over every case's lessons.
    const all = cases.flatMap((c) => c.lessons ?? []);
    await page.goto(`${server.url}/lessons`);
    await settled(page);
    await page.locator('[data-test="transfer-note"]').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Transferability[^\n]*Not recorded/i);
    expect(text.match(/Transferability to Scotland:/g)?.length ?? 0).toBe(all.filter((l) => l.transferability).length);
  });
});
