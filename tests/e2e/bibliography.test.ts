import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { caseClaims, type CaseProfileDoc } from '@casebook/schema';
import { fromRoot } from '../../server/src/common/paths.js';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

// The draft's bibliography: the editor finds sources by words as they type, cites a duplicate of a
// source in two claims at once (one of them citing the original already), then merges the
// duplicate into the original after the page has said which claims will cite it instead; at desk
// and phone width, by keyboard where a keyboard would be used.
const ACCOUNTS: Accounts = { 'bib@example.org': 'EDITOR' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

const KEEP = 'stm-child-welfare';
const KEEP_TITLE = 'Child welfare (Ministry of Social Affairs and Health)';
const COPY_TITLE = 'Child welfare, STM (entered twice)';
const seed = parse(readFileSync(fromRoot('seeds', 'finland.yaml'), 'utf8')) as CaseProfileDoc;
const claims = caseClaims(seed);
/** A claim citing the original, and a lesson that does not. */
const citingOriginal = claims.find((c) => c.cites.includes(KEEP))!;
const lesson = claims.find((c) => c.kind === 'LESSON' && !c.cites.includes(KEEP))!;

describe('the bibliography of a draft', () => {
  it('finds sources as one types, cites one in several claims and merges a duplicate into the one kept', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/finland/draft')}`);
    await fillSignIn(page, 'bib@example.org');
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();
    // The same page entered a second time, under another address, as happens when two people add it.
    const version = Number(await page.locator('[data-test="draft-version"]').innerText());
    const added = await page.evaluate(
      async ({ version, title }) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation ($edit: DraftEditInput!, $part: DraftPartInput!) { saveDraftPart(edit: $edit, part: $part, mode: CREATE) { userErrors { message } } }`,
            variables: {
              edit: { slug: 'finland', expectedVersion: version },
              part: {
                kind: 'SOURCE',
                key: 'stm-child-welfare-again',
                data: { url: 'https://stm.fi/en/social-services/child-welfare/', title, standing: 'OFFICIAL' },
              },
            },
          }),
        });
        return ((await response.json()) as { data: { saveDraftPart: { userErrors: unknown[] } } }).data.saveDraftPart
          .userErrors;
      },
      { version, title: COPY_TITLE },
    );
    expect(added).toEqual([]);

    await page.locator('[data-test="bibliography-link"]').click();
    await page.waitForURL(/\/cases\/finland\/draft\/sources$/);
    const rows = page.locator('[data-test="bibliography-source"]');
    // The draft as it was is shown at once, and then as the server has it now, with the copy.
    const total = seed.sources.length + 1;
    await expect.poll(() => rows.count()).toBe(total);

    // Found as the editor types: title words, then a publisher, then nothing.
    const search = page.getByLabel('Find a source');
    await search.focus();
    await page.keyboard.type('child welfare');
    await expect(page.locator('[data-test="bibliography-count"]').innerText()).resolves.toMatch(
      new RegExp(`^\\d+ of ${total} sources$`),
    );
    const titles = () => rows.locator('h2').allInnerTexts();
    expect(await titles()).toEqual(expect.arrayContaining([KEEP_TITLE, COPY_TITLE]));
    await search.fill('zzz no such source');
    await page
      .locator('[data-test="bibliography-empty"]')
      .getByText('No source matches “zzz no such source”.')
      .waitFor();
    await search.fill('STM entered twice');
    expect(await titles()).toEqual([COPY_TITLE]);
    const copyRow = page.locator('[data-test="bibliography-source"][data-key="stm-child-welfare-again"]');
    await expect(copyRow.locator('[data-test="citing-claims"]').innerText()).resolves.toBe('No claim cites it yet.');

    // Cite the copy in two claims at once, by keyboard.
    await copyRow.locator('[data-test="cite-source"]').focus();
    await page.keyboard.press('Enter');
    const cite = page.getByRole('dialog', { name: `Cite “${COPY_TITLE}” in claims` });
    await cite.waitFor();
    const tick = async (claim: typeof lesson) => {
      const box = cite
        .locator('fieldset', { has: page.locator('legend', { hasText: claim.group.label }) })
        .getByLabel(claim.words, { exact: true });
      await box.focus();
      await page.keyboard.press('Space');
      await expect(box.isChecked()).resolves.toBe(true);
    };
    await cite.getByLabel('Find claims').fill(lesson.label);
    await tick(lesson);
    await cite.getByLabel('Find claims').fill('');
    await tick(citingOriginal);
    await expect(cite.locator('[data-test="confirm-cite"]').innerText()).resolves.toBe('Cite in 2 claims');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bibliography-cite-desk.png`, fullPage: false });
    await cite.locator('[data-test="confirm-cite"]').click();
    await cite.waitFor({ state: 'detached' });
    await page
      .locator('[data-test="bibliography-notice"]')
      .getByText(`“${COPY_TITLE}” is now cited by 2 claims more.`)
      .waitFor();
    await expect(copyRow.locator('summary').innerText()).resolves.toBe('Cited by 2 claims');

    // Edited in place with the source form: the copy's publisher, as the page then shows it.
    await copyRow.locator('[data-test="edit-source"]').click();
    const form = copyRow.locator('[data-test="part-form"][data-kind="SOURCE"]');
    await form.getByLabel('Publisher (optional)').fill('STM');
    await form.locator('[data-test="save-part"]').click();
    await page.locator('[data-test="bibliography-notice"]').getByText(`Saved the source “${COPY_TITLE}”.`).waitFor();
    await expect(copyRow.locator('.details').innerText()).resolves.toContain('STM');

    // Merge the copy into the original, after the page says what will change.
    await search.fill('child welfare ministry social affairs');
    const keepRow = rows.filter({ has: page.locator('h2', { hasText: KEEP_TITLE }) });
    await keepRow.locator('[data-test="merge-into-source"]').click();
    const merge = page.getByRole('dialog', { name: `Merge a duplicate into “${KEEP_TITLE}”` });
    await merge.getByLabel('Duplicate to merge into it (required)').selectOption('stm-child-welfare-again');
    const preview = merge.locator('[data-test="merge-preview"]');
    await expect(preview.innerText()).resolves.toContain(
      `2 claims will cite “${KEEP_TITLE}” instead of “${COPY_TITLE}” (1 already cites both, and will cite it once)`,
    );
    await expect(preview.locator('li').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([`${lesson.words}, ${lesson.group.label}`]),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bibliography-merge-desk.png`, fullPage: false });
    await merge.locator('[data-test="confirm-merge"]').click();
    await merge.waitFor({ state: 'detached' });
    await page
      .locator('[data-test="bibliography-notice"]')
      .getByText(`Merged “${COPY_TITLE}” into “${KEEP_TITLE}”: 2 claims now cite “${KEEP_TITLE}” instead.`)
      .waitFor();
    await search.fill('');
    await expect(rows.count()).resolves.toBe(total - 1);
    await page.screenshot({ path: `${SHOTS}/bibliography-desk.png`, fullPage: false });

    // At phone width the page reads without sideways scrolling, dialogs included.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/bibliography-phone.png`, fullPage: false });
    await keepRow.locator('[data-test="cite-source"]').click();
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/bibliography-cite-phone.png`, fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A claim citing the source leads to its form on the draft page.
    await keepRow.locator('summary').click();
    const link = keepRow.getByRole('link', { name: lesson.words });
    await link.click();
    // The draft page shows the lessons' pane, which the address names, with the lesson's form open.
    await page.waitForURL(/\/cases\/finland\/draft\?part=lessons$/);
    const lessonForm = page.locator('[data-test="part-form"][data-kind="LESSON"]');
    await lessonForm.waitFor();
    await expect(lessonForm.getByLabel(/^Title/).inputValue()).resolves.toBe(lesson.label);
    expect(problems).toEqual([]);
  });
});
