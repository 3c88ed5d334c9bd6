import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seededSite } from '../support/seeded-site.js';

// Nothing on a page moves as its content arrives: the browser's own layout-shift entries (the
// figures behind Lighthouse's CLS), summed over a page's load on a phone-sized screen, with every
// GraphQL answer held back a moment so that the loading states are drawn first, as on a slow link.
const { browser, server } = seededSite();

/** Lighthouse's mobile screen (a Moto G Power). */
const PHONE = { width: 412, height: 823 };
/** Lighthouse's bound for a good cumulative layout shift. */
const GOOD_CLS = 0.1;
/** How long each GraphQL answer is held: long enough for a loading state to be drawn. */
const HOLD_MS = 400;

interface Shift {
  value: number;
  sources: string[];
}

async function shiftsWhileLoading(page: Page, address: string, ready: string): Promise<Shift[]> {
  await page.addInitScript(() => {
    const seen: { value: number; sources: string[] }[] = [];
    (window as unknown as { layoutShifts: typeof seen }).layoutShifts = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node | null }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        seen.push({
          value: entry.value,
          sources: (entry.sources ?? []).map((s) => {
            const el = s.node instanceof Element ? s.node : s.node?.parentElement;
            return el
              ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(/\s+/).join('.')}` : ''}`
              : '?';
          }),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.route('**/graphql', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    await route.continue();
  });
  await page.goto(`${server.url}${address}`);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  // Two frames after the last answer, so its layout is counted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => (window as unknown as { layoutShifts: Shift[] }).layoutShifts);
}

describe('layout shift as a page loads, on a phone', () => {
  for (const [name, address, ready] of [
    ['Home', '/', '[data-test="case-card"]'],
    ['a profile', '/cases/scotland', '[data-test="source-list"]'],
    ['a comparison of four cases', '/compare?cases=finland,ireland,netherlands,scotland', '[data-test="compare-card"]'],
  ] as const) {
    it(`keeps ${name} still as its content arrives`, async () => {
      const { page, problems } = await browser.open({ viewport: PHONE });
      const shifts = await shiftsWhileLoading(page, address, ready);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      expect(
        total,
        shifts.map((s) => `${s.value.toFixed(3)}: ${s.sources.join(', ')}`).join('\n') || 'no shifts',
      ).toBeLessThan(GOOD_CLS);
      expect(problems).toEqual([]);
    });
  }
});
