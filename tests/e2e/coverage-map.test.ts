import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

// The lead opens the coverage map, sees every case with what its current period records, and a
// cell takes them to the draft with the form that fixes it open.
const ACCOUNTS: Accounts = { 'lead@example.org': 'EDITOR' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

describe('the coverage map', () => {
  it('lists every case, reads without sideways scrolling at desk and phone width, and a cell opens the period’s form', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in`);
    await fillSignIn(page, 'lead@example.org');
    // The header leads a signed-in reader to the map.
    await page.locator('[data-test="coverage-link"]').click();
    await page.waitForURL(/\/authoring\/coverage$/);
    const map = page.locator('[data-test="coverage-map"]');
    await map.waitFor();
    const slugs = await page
      .locator('[data-test="coverage-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')));
    expect(slugs).toHaveLength(8);
    expect(slugs).toContain('finland');
    // Every seeded case records some section only in part: the summary never says nothing waits.
    await expect(page.locator('[data-test="coverage-summary"]').innerText()).resolves.toContain('only in part');
    await page.screenshot({ path: `${SHOTS}/coverage-map-desk.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/coverage-map-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // By keyboard: the Finland row's first section cell.
    const cell = page.locator('[data-test="coverage-row"][data-slug="finland"] [data-section="levels"] a');
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/finland\/draft\?open=periods\.\d+$/);
    // Finland has no draft yet: once the lead starts one, the period's form (where coverage is set) opens.
    await page.locator('[data-test="start-draft"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="PERIOD"]');
    await form.waitFor();
    await expect(form.getByText('how much the period records').first().isVisible()).resolves.toBe(true);
    await page.waitForURL(/\/cases\/finland\/draft$/);
    expect(problems).toEqual([]);
  });
});
