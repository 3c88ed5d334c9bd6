import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { SERVICE_AREAS, type PeriodDoc } from '@casebook/schema';
import { seededSite } from '../support/seeded-site.js';
import { readSeedCase } from '../support/seeds.js';

// The structure diagram as a reader uses it: one tab stop with arrow keys inside, a highlight
// that follows what is chosen, connection boxes that name their services, a stacked arrangement
// on a phone, and four compact diagrams abreast on Compare, folded to the row's height so that no
// blank band stands under a short one. Expectations follow the seeds.
const { browser, server } = seededSite();

const DIAGRAM = '[data-test="structure-diagram"]';
const STOP = `${DIAGRAM} [data-focus-id]`;

async function currentPeriod(slug: string): Promise<PeriodDoc> {
  const doc = await readSeedCase(slug);
  const period = doc.periods.find((p) => !p.validTo) ?? doc.periods[doc.periods.length - 1];
  return period!;
}

const areaName = (key: string): string => SERVICE_AREAS.find(([k]) => k === key)?.[1] ?? key;

/** The focus id of the focused element, when it is an item in a diagram. */
async function focusedStop(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.closest('[data-test="structure-diagram"]') ? el.getAttribute('data-focus-id') : null;
  });
}

describe('the structure diagram on a profile', () => {
  it('is one tab stop, and the arrow keys, Home and End move inside it with a visible focus ring', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/cases/scotland`);
    await page.locator(STOP).first().waitFor();

    const stops = await page
      .locator(STOP)
      .evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute('data-focus-id'), tabindex: el.getAttribute('tabindex') })),
      );
    expect(stops.length).toBeGreaterThan(10);
    expect(stops.filter((s) => s.tabindex === '0')).toHaveLength(1);
    expect(stops.filter((s) => s.tabindex !== '0' && s.tabindex !== '-1')).toEqual([]);

    // Tab until the diagram takes focus; one more Tab leaves it.
    let entered: string | null = null;
    for (let i = 0; i < 80 && !entered; i += 1) {
      await page.keyboard.press('Tab');
      entered = await focusedStop(page);
    }
    expect(entered).toBe(stops[0]!.id);
    const ring = page.locator(`[data-focus-id="${entered}"] .sd-node-ring`);
    expect(await ring.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');

    await page.keyboard.press('ArrowDown');
    expect(await focusedStop(page)).toBe(stops[1]!.id);
    await page.keyboard.press('End');
    const last = stops[stops.length - 1]!.id!;
    expect(last.startsWith('connection:')).toBe(true);
    expect(await focusedStop(page)).toBe(last);
    expect(
      await page.locator(`[data-focus-id="${last}"] .sd-edge-ring`).evaluate((el) => getComputedStyle(el).visibility),
    ).toBe('visible');
    await page.keyboard.press('ArrowLeft');
    expect((await focusedStop(page))?.startsWith('area:')).toBe(true);
    await page.keyboard.press('Home');
    expect(await focusedStop(page)).toBe(stops[0]!.id);
    // The item last focused is the diagram's tab stop now; Tab goes on past the diagram.
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    expect(await focusedStop(page)).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedStop(page)).toBe(last);
    await page.locator(DIAGRAM).first().screenshot({ path: '/tmp/diagram-scotland-keyboard.png' });
    expect(problems).toEqual([]);
  });

  it('highlights the bodies that hold a chosen service area and its connections, dims the rest and says so', async () => {
    const period = await currentPeriod('scotland');
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/cases/scotland`);
    await page.locator(STOP).first().waitFor();

    const key = (period.connections ?? [])[0]!.between[0]!;
    const holders = (period.levels ?? [])
      .flatMap((l) => l.bodies ?? [])
      .filter((b) => (b.responsibilities ?? []).some((r) => r.serviceArea === key))
      .map((b) => b.name);
    expect(holders.length).toBeGreaterThan(0);
    const joined = (period.connections ?? []).filter((c) => c.between.includes(key)).length;

    const area = page.locator(`${DIAGRAM} [data-test="diagram-area"][data-area-key="${key}"]`);
    await area.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await vi.waitFor(async () => expect(await area.getAttribute('aria-pressed')).toBe('true'));

    const related = await page
      .locator(`${DIAGRAM} [data-test="diagram-node"][data-related="true"]`)
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    expect(related.map((label) => holders.find((name) => label.startsWith(`${name}, `)) ?? label).sort()).toEqual(
      [...new Set(holders)].sort(),
    );
    const dimmedBodies = await page.locator(`${DIAGRAM} [data-test="diagram-node"][data-dimmed="true"]`).count();
    const allBodies = await page.locator(`${DIAGRAM} [data-test="diagram-node"]`).count();
    expect(dimmedBodies).toBe(allBodies - related.length);
    const litEdges = await page
      .locator(`${DIAGRAM} [data-test="diagram-edge"][data-related="true"]`)
      .evaluateAll((els) => els.map((el) => (el.getAttribute('data-areas') ?? '').split(' ')));
    expect(litEdges).toHaveLength(joined);
    expect(litEdges.every((areas) => areas.includes(key))).toBe(true);

    const summary = await page.locator('[data-test="diagram-summary"]').textContent();
    expect(summary).toContain(`${areaName(key)}: held by`);
    for (const name of holders) expect(summary).toContain(name);
    expect(await page.locator('[data-test="diagram-details"]').getAttribute('aria-live')).toBe('polite');
    await page.locator(DIAGRAM).first().screenshot({ path: '/tmp/diagram-scotland-highlight.png' });

    await page.keyboard.press('Escape');
    await vi.waitFor(async () => expect(await page.locator(`${DIAGRAM} [data-dimmed="true"]`).count()).toBe(0));
    expect(await page.locator('[data-test="diagram-summary"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('names both services in every connection box', async () => {
    const period = await currentPeriod('finland');
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/cases/finland`);
    await page.locator(STOP).first().waitFor();
    const texts = await page.locator(`${DIAGRAM} [data-test="diagram-edge"] .sd-edge-label`).allTextContents();
    expect(texts).toHaveLength((period.connections ?? []).length);
    expect(new Set(texts).size).toBe(texts.length);
    const labels = await page
      .locator(`${DIAGRAM} [data-test="diagram-edge"]`)
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    (period.connections ?? []).forEach((c, i) => {
      const squashed = texts[i]!.replace(/\s+/g, '');
      for (const key of c.between) {
        expect(squashed).toContain(areaName(key).replace(/\s+/g, ''));
        expect(labels[i]).toContain(areaName(key));
      }
      expect(texts[i]).toContain('↔');
    });
    await page.locator(DIAGRAM).first().screenshot({ path: '/tmp/diagram-finland.png' });
    expect(problems).toEqual([]);
  });

  it('stacks on a 390px phone, with no page wider than the screen', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${server.url}/cases/scotland`);
    await page.locator(`${DIAGRAM}[data-mode="stacked"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const svg = await page.locator(`${DIAGRAM} svg`).boundingBox();
    expect(svg!.x).toBeGreaterThanOrEqual(0);
    expect(svg!.x + svg!.width).toBeLessThanOrEqual(390);
    // Lanes, service areas and connections one under another.
    const lanes = await page
      .locator(`${DIAGRAM} [data-test="diagram-lane"]`)
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
    expect([...lanes].sort((a, b) => a - b)).toEqual(lanes);
    const lastLane = await page.locator(`${DIAGRAM} [data-test="diagram-lane"]`).last().boundingBox();
    const firstArea = await page.locator(`${DIAGRAM} [data-test="diagram-area"]`).first().boundingBox();
    const firstEdge = await page.locator(`${DIAGRAM} [data-test="diagram-edge"]`).first().boundingBox();
    expect(firstArea!.y).toBeGreaterThanOrEqual(lastLane!.y + lastLane!.height);
    expect(firstEdge!.y).toBeGreaterThan(firstArea!.y);
    await page.locator(DIAGRAM).first().screenshot({ path: '/tmp/diagram-phone.png' });
    expect(problems).toEqual([]);
  });
});

describe('the structure diagrams on Compare', () => {
  it('shows four compact diagrams abreast at 1280px, the baseline first and in view', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/compare?cases=finland,netherlands,northern-ireland,scotland`);
    const row = page.locator('[data-test="compare-diagrams"]');
    await row.locator(DIAGRAM).nth(3).waitFor();
    await row.scrollIntoViewIfNeeded();
    const boxes = await row.locator(DIAGRAM).evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, caption: el.querySelector('figcaption')?.textContent ?? '' };
      }),
    );
    expect(boxes).toHaveLength(4);
    for (const box of boxes) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(1280);
    }
    expect(boxes[0]!.caption).toContain('Scotland');
    expect(boxes[0]!.caption).toContain('baseline');
    const row1 = await row.boundingBox();
    // No blank band under the row: it is as tall as its tallest diagram column.
    const tallest = await row
      .locator('.diagram-column')
      .evaluateAll((els) => Math.max(...els.map((el) => el.getBoundingClientRect().height)));
    expect(row1!.height).toBeLessThanOrEqual(tallest + 24);
    // From the section's heading down, the baseline's caption is in view with the others'.
    await page.locator('#diagrams-heading').evaluate((el) => el.scrollIntoView());
    const caption = await row.locator(`${DIAGRAM} figcaption`).first().boundingBox();
    expect(caption!.y).toBeGreaterThanOrEqual(0);
    expect(caption!.y + caption!.height).toBeLessThanOrEqual(900);
    await page.screenshot({ path: '/tmp/diagram-compare.png' });
    expect(problems).toEqual([]);
  });

  it('leaves no tall blank band under a short diagram beside the tall baseline at 1280px', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/compare?cases=finland,netherlands,new-zealand,scotland`);
    const row = page.locator('[data-test="compare-diagrams"]');
    await row.locator(DIAGRAM).nth(3).waitFor();
    await row.scrollIntoViewIfNeeded();
    // For each diagram: how far below the end of what it shows the row goes on (the row's padding aside).
    const measured = await row.evaluate((el, selector) => {
      const box = el.getBoundingClientRect();
      const bottom = box.bottom - parseFloat(getComputedStyle(el).paddingBottom);
      return {
        height: box.height,
        columns: Array.from(el.querySelectorAll(selector)).map((figure) => {
          const r = figure.getBoundingClientRect();
          return {
            caption: figure.querySelector('figcaption')?.textContent ?? '',
            left: r.left,
            right: r.right,
            blank: bottom - r.bottom,
          };
        }),
      };
    }, DIAGRAM);
    expect(measured.columns).toHaveLength(4);
    expect(measured.columns[0]!.caption).toContain('baseline');
    for (const column of measured.columns) {
      expect(column.left).toBeGreaterThanOrEqual(0);
      expect(column.right).toBeLessThanOrEqual(1280);
      expect({ caption: column.caption, blank: Math.round(column.blank) }).toEqual({
        caption: column.caption,
        blank: expect.toSatisfy((b: number) => b < Math.min(120, 0.15 * measured.height)),
      });
    }
    await page.screenshot({ path: '/tmp/diagram-compare-blank.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('folds the tall baseline to the row with a button that shows the rest, and End inside a folded diagram unfolds it', async () => {
    const period = await currentPeriod('scotland');
    const bodies = (period.levels ?? []).flatMap((l) => l.bodies ?? []).length;
    const connections = (period.connections ?? []).length;
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/compare?cases=finland,netherlands,new-zealand,scotland`);
    const row = page.locator('[data-test="compare-diagrams"]');
    await row.locator(DIAGRAM).nth(3).waitFor();
    const baseline = row.locator(DIAGRAM).first();
    const toggle = baseline.locator('[data-test="diagram-fold-toggle"]');

    expect(await page.locator('#diagrams-heading ~ .hint').textContent()).toContain(
      'Taller diagrams are folded to the height of the row',
    );
    // Folded: every tier still in view, the long level says how many more bodies it has.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const said = (await toggle.textContent())!.trim();
    expect(said).toMatch(/^Show the rest of the diagram: \d+ bodies, \d+ service areas and \d+ connections$/);
    expect(said).toContain(`and ${connections} connections`);
    const drawn = await baseline.locator('[data-test="diagram-node"]').count();
    expect(said).toContain(`: ${bodies - drawn} bodies`);
    const fold = await baseline.locator('[data-test="diagram-fold"]').boundingBox();
    for (const tier of ['NATIONAL', 'REGIONAL', 'LOCAL']) {
      const lane = await baseline.locator(`[data-test="diagram-lane"][data-tier="${tier}"]`).boundingBox();
      expect(lane!.y + lane!.height).toBeLessThanOrEqual(fold!.y + fold!.height);
    }
    expect(await baseline.locator('[data-test="diagram-more"]').first().textContent()).toMatch(/^and \d+ more bodies$/);
    // The words under the diagram name every body, folded or not.
    for (const name of (period.levels ?? []).flatMap((l) => l.bodies ?? []).map((b) => b.name))
      expect(await baseline.locator('[data-test="diagram-text"]').textContent()).toContain(name);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await baseline.locator('[data-test="diagram-node"]').count()).toBe(bodies);
    expect(await baseline.locator('[data-test="diagram-more"]').count()).toBe(0);
    const whole = await baseline.locator('[data-test="diagram-fold"]').boundingBox();
    const svg = await baseline.locator('svg').boundingBox();
    expect(whole!.height).toBeGreaterThanOrEqual(svg!.height);
    const last = await baseline.locator('[data-test="diagram-edge"] .sd-edge-label-box').last().boundingBox();
    expect(last!.y + last!.height).toBeLessThanOrEqual(whole!.y + whole!.height);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // On paper the diagram is whole.
    await page.emulateMedia({ media: 'print' });
    await vi.waitFor(async () => expect(await baseline.locator('[data-test="diagram-node"]').count()).toBe(bodies));
    expect(await baseline.locator('[data-test="diagram-more"]').count()).toBe(0);
    await page.emulateMedia({ media: 'screen' });
    await vi.waitFor(async () => expect(await baseline.locator('[data-test="diagram-node"]').count()).toBe(drawn));

    // The keyboard reaches what is below the fold: End unfolds the diagram, with the last box in view.
    await baseline.locator('[data-focus-id][tabindex="0"]').focus();
    await page.keyboard.press('End');
    await vi.waitFor(async () => expect(await toggle.getAttribute('aria-expanded')).toBe('true'));
    expect((await focusedStop(page))?.startsWith('connection:')).toBe(true);
    const focused = await page.evaluate(() => {
      const r = document.activeElement!.querySelector('.sd-edge-label-box')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    const shown = await baseline.locator('[data-test="diagram-fold"]').boundingBox();
    expect(focused.bottom).toBeLessThanOrEqual(shown!.y + shown!.height);
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.bottom).toBeLessThanOrEqual(900);
    await row.screenshot({ path: '/tmp/diagram-compare-unfolded.png' });
    expect(problems).toEqual([]);
  });

  it('keeps the baseline in view while eight diagrams scroll past it, and keeps each diagram one tab stop', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(
      `${server.url}/compare?cases=finland,ireland,netherlands,new-zealand,northern-ireland,police-scotland,scottish-fire-and-rescue-service,scotland`,
    );
    const row = page.locator('[data-test="compare-diagrams"]');
    await row.locator(DIAGRAM).nth(7).waitFor();
    for (let i = 0; i < 8; i += 1) {
      expect(await row.locator(DIAGRAM).nth(i).locator('[data-focus-id][tabindex="0"]').count()).toBe(1);
    }
    await row.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    const baseline = await row.locator('.diagram-column.is-baseline').boundingBox();
    expect(baseline!.x).toBeGreaterThanOrEqual(0);
    expect(baseline!.x + baseline!.width).toBeLessThanOrEqual(1280);
    // The pinned column is as tall as the row: what scrolls beneath it never shows below it.
    const feet = await row.locator(DIAGRAM).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().bottom));
    expect(baseline!.y + baseline!.height).toBeGreaterThanOrEqual(Math.max(...feet));
    expect(problems).toEqual([]);
  });
});
