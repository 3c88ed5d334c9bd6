import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { showPane } from '../support/draft-outline.js';
import { fillSignIn, seededSite } from '../support/seeded-site.js';
import { readSeedCase } from '../support/seeds.js';

const { browser, server } = seededSite({ 'editor@example.org': 'EDITOR' as UserRole });
/** Screenshots to look at, outside the repository. */
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

/** Opens a page signed in as the editor, at `path`, `width` pixels wide. */
async function signedIn(urlPath: string, width = 1280) {
  const watched = await browser.open({ viewport: { width, height: 900 } });
  await watched.page.goto(`${server.url}/sign-in?next=${encodeURIComponent(urlPath)}`);
  await fillSignIn(watched.page, 'editor@example.org');
  await watched.page.waitForURL(`${server.url}${urlPath}`);
  return watched;
}

/** Presses Tab until the control with this id has the focus. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

describe('where a claim holds, edited in the draft', () => {
  const finland = readSeedCase('finland');
  const period = finland.periods.at(-1)!;
  const level = period.levels!.find((l) => l.bodies?.length)!;
  const body = level.bodies![0]!;
  const formOf = (page: Page) => page.locator('[data-test="part-form"][data-kind="BODY"]');

  it('an editor gives a body an extent with an area from the keyboard, and the preview says where it holds', async () => {
    const { page, problems } = await signedIn('/cases/finland');
    await page.locator('[data-test="draft-link"]').click();
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();

    const bodyItem = await showPane(
      page,
      `PERIOD:${period.key}`,
      `LEVEL:${level.key}@${period.key}`,
      `BODY:${body.key}@${period.key}`,
    );
    await bodyItem.locator('[data-test="edit-body"]').focus();
    await page.keyboard.press('Enter');
    const form = formOf(page);
    const group = form.getByRole('group', { name: 'Where it holds (optional)' });
    await group.waitFor();

    await group.getByLabel('In how many (optional)').focus();
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wellbeing services counties');
    await tabTo(page, 'part-extentAreas-add');
    await page.keyboard.press('Enter');
    // The new area's name takes the focus.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('part-extentAreas-0-name');
    await page.keyboard.type('Uusimaa');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2023');
    await page.keyboard.press('Enter');
    await page.locator('[data-test="notice"]').getByText(`Saved the body ${body.key}.`).waitFor();

    await bodyItem.locator('[data-test="edit-body"]').click();
    const area = formOf(page).getByRole('group', { name: 'Area 1' });
    await expect(area.getByLabel('Name').inputValue()).resolves.toBe('Uusimaa');
    await expect(area.getByLabel('From (optional)').inputValue()).resolves.toBe('2023');
    expect(await seriousViolations(page, '[data-test="part-form"][data-kind="BODY"]')).toEqual([]);
    await formOf(page).locator('[data-test="cancel-part"]').click();

    await page.goto(`${server.url}/cases/finland?draft=1&period=${period.key}`);
    await page.locator('[data-test="draft-banner"]').waitFor();
    const note = page.locator('[data-test="extent"]').filter({ hasText: 'Uusimaa' });
    await expect(note.textContent()).resolves.toBe(
      'Where it holds: In 2 of 5 wellbeing services counties, among them Uusimaa (from 2023).',
    );
    expect(problems).toEqual([]);
  });

  // The draft started above is the one these forms are opened in.

  it('the draft page never scrolls sideways, its review panel included, at desk and phone widths', async () => {
    for (const width of [1280, 390]) {
      const { page } = await signedIn('/cases/finland/draft', width);
      // The review panel's "About" list names parts by their titles, some of them long.
      await showPane(page, 'review');
      await page.locator('#comment-part').waitFor();
      const { wide, past } = await page.evaluate((w) => {
        // What reaches past the edge, by tag, id and class, to say where to look when it fails.
        const past = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > w + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${Array.from(el.classList).join('.')}`);
        return { wide: document.documentElement.scrollWidth, past };
      }, width);
      expect(wide, `at ${width} pixels: ${past.join(', ')}`).toBeLessThanOrEqual(width);
    }
  });
  it('the connection form offers its mechanisms as checkboxes, and the extent fits a phone', async () => {
    await mkdir(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      const { page, problems } = await signedIn('/cases/finland/draft', width);
      const inPeriod = await showPane(page, `PERIOD:${period.key}`, `connections@${period.key}`);
      await inPeriod.locator('[data-test="add-connection"]').click();
      const form = page.locator('[data-test="part-form"][data-kind="CONNECTION"]');
      const mechanisms = form.getByRole('group', { name: 'Mechanisms' });
      await mechanisms.getByLabel('Pooled budget').check();
      await mechanisms.getByLabel('Joint board').check();
      await mechanisms.getByLabel('Co-location').click();
      await expect(mechanisms.getByLabel('Pooled budget').isChecked()).resolves.toBe(true);
      await expect(mechanisms.getByLabel('Joint board').isChecked()).resolves.toBe(true);
      await form.getByRole('button', { name: 'Add an area' }).click();
      await form.getByRole('group', { name: 'Area 1' }).getByLabel('Name').fill('Pirkanmaa');
      await form.getByRole('button', { name: 'Add an area' }).click();
      await expect(form.getByRole('button', { name: 'Remove area Pirkanmaa' }).count()).resolves.toBe(1);
      await expect(form.getByRole('button', { name: 'Remove area 2' }).count()).resolves.toBe(1);
      expect(await seriousViolations(page, '[data-test="part-form"][data-kind="CONNECTION"]'), `${width}`).toEqual([]);
      // Nothing of the form reaches past the right edge of the page.
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-test="part-form"] *'))
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
          .map((e) => `${e.tagName}#${e.id} ${e.textContent?.slice(0, 40)}`)
          .slice(0, 8),
      );
      expect(wide, `${width}`).toEqual([]);
      await form.screenshot({ path: `${SHOTS}/connection-form-${width}.png` });
      await form
        .getByRole('group', { name: 'Where it holds (optional)' })
        .screenshot({ path: `${SHOTS}/connection-extent-${width}.png` });
      // An area is removed from the keyboard too; the focus goes to the button that adds one.
      await form.getByRole('button', { name: 'Remove area 2' }).focus();
      await page.keyboard.press('Space');
      await expect(form.getByRole('group', { name: /^Area \d$/ }).count()).resolves.toBe(1);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('part-extentAreas-add');
      expect(problems).toEqual([]);
    }
  });
});
