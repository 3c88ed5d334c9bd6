import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { draftPane, showPane } from '../support/draft-outline.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

// The authoring home: the lead opens the coverage map, sees every case with what its current period
// records, and a cell takes them to the draft with the form that fixes it open; the lead starts a
// case from the app and sends it for review; the reviewer's header shows it waiting, and the work
// list's review queue holds it.
const ACCOUNTS: Accounts = { 'lead@example.org': 'EDITOR' as UserRole, 'rita@example.org': 'REVIEWER' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

describe('the coverage map', () => {
  it('lists every case, reads without sideways scrolling at desk and phone width, and a cell opens the period’s form', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in`);
    await fillSignIn(page, 'lead@example.org');
    // The header leads a signed-in reader to the work list, and the work list to the map.
    await page.locator('[data-test="work-link"]').click();
    await page.waitForURL(/\/authoring$/);
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
    // The address names the period's pane now, so that a reload shows it without opening the form again.
    await page.waitForURL(/\/cases\/finland\/draft\?part=PERIOD:[a-z0-9-]+$/);
    expect(problems).toEqual([]);
  });

  it('starts a new case from the map, by keyboard, and the map lists it as a draft with nothing recorded', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/authoring')}`);
    await fillSignIn(page, 'lead@example.org');
    await page.locator('[data-test="new-case-link"]').click();
    await page.waitForURL(/\/authoring\/new-case$/);
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Wales');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Wales');
    await expect(page.getByLabel('URL key').inputValue()).resolves.toBe('wales');
    await page.getByLabel('Summary').fill('Children’s services in Wales.');
    await page.screenshot({ path: `${SHOTS}/new-case.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/wales\/draft\?part=PERIOD:current$/);
    // The new case's one period opens, ready for its levels.
    const form = page.locator('[data-test="part-form"][data-kind="PERIOD"]');
    await form.waitFor();

    await page.goto(`${server.url}/authoring/coverage`);
    const row = page.locator('[data-test="coverage-row"][data-slug="wales"]');
    await row.waitFor();
    await expect(row.locator('th').innerText()).resolves.toContain('draft');
    await expect(row.locator('[data-section="levels"]').innerText()).resolves.toContain('0 parts');
    await expect(row.locator('[data-test="coverage-review"]').innerText()).resolves.toContain('never reviewed');
    expect(problems).toEqual([]);
  });

  it('sends the new case for review: the reviewer’s header counts it and the review queue holds it; withdrawn, it leaves the queue', async () => {
    const lead = await browser.open({ viewport: { width: 1280, height: 900 } });
    await lead.page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/wales/draft')}`);
    await fillSignIn(lead.page, 'lead@example.org');
    await showPane(lead.page, 'review');
    await lead.page.locator('[data-test="submit-review"]').click();
    await lead.page.locator('[data-test="review-notice"]').getByText('Sent for review.').waitFor();

    const reviewer = await browser.open({ viewport: { width: 390, height: 844 } });
    await reviewer.page.goto(`${server.url}/sign-in`);
    await fillSignIn(reviewer.page, 'rita@example.org');
    const badge = reviewer.page.locator('[data-test="work-badge"]');
    await badge.waitFor();
    await expect(badge.innerText()).resolves.toContain('1');
    await expect(reviewer.page.locator('[data-test="work-link"]').innerText()).resolves.toMatch(/Work.*1/s);
    await reviewer.page.locator('[data-test="work-link"]').click();
    const queue = reviewer.page.locator('[data-test="work-in-review"]');
    await queue.locator('[data-slug="wales"][data-waits="true"]').waitFor();
    await expect(reviewer.page.locator('h2').first().innerText()).resolves.toContain('Review queue');
    expect(await reviewer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await reviewer.page.screenshot({ path: `${SHOTS}/work-list-phone.png`, fullPage: true });
    expect(await seriousViolations(reviewer.page)).toEqual([]);

    // The lead withdraws it before the reviewer acts: it is an editable draft again.
    await lead.page.locator('[data-test="withdraw-review"]').click();
    await lead.page.locator('[data-test="review-notice"]').getByText('Withdrawn from review').waitFor();
    await lead.page.locator('[data-test="submit-review"]').waitFor();
    await reviewer.page.reload();
    await reviewer.page.locator('[data-test="work-others"] [data-slug="wales"]').waitFor();
    await expect(reviewer.page.locator('[data-test="work-badge"]').count()).resolves.toBe(0);
    await lead.page.goto(`${server.url}/authoring`);
    await lead.page.locator('[data-test="work-mine"] [data-slug="wales"]').waitFor();
    await lead.page.screenshot({ path: `${SHOTS}/work-list-desk.png`, fullPage: true });
    expect(lead.problems).toEqual([]);
    expect(reviewer.problems).toEqual([]);
  });

  it('puts back one field of the headline from the history, keeping a later change', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/wales/draft')}`);
    await fillSignIn(page, 'lead@example.org');
    const editHeadline = async (label: string, value: string) => {
      await showPane(page, 'headline');
      await page.locator('[data-test="edit-headline"]').click();
      const form = page.locator('[data-test="part-form"][data-kind="CASE"]');
      await form.getByLabel(new RegExp(`^${label}( \\(required\\))?$`)).fill(value);
      await form.locator('[data-test="save-part"]').click();
      await form.waitFor({ state: 'detached' });
    };
    await editHeadline('Summary', 'A summary that was lost by mistake.');
    // The version the draft is at now is the revision that holds the summary about to be lost.
    const before = Number(await page.locator('[data-test="draft-version"]').innerText());
    await page.locator(`[data-test="revision"][data-number="${before}"]`).waitFor({ state: 'attached' });
    await editHeadline('Summary', 'Overwritten.');
    await editHeadline('Name', 'Wales (Cymru)');

    await showPane(page, 'history');
    await page.locator('#diff-from').selectOption(String(before));
    await page.locator('[data-test="compare-revisions"]').click();
    const headline = page.locator('[data-test="diff-change"]').filter({ hasText: 'Wales' }).first();
    const summary = headline
      .locator('[data-test="diff-field"]')
      .filter({ has: page.locator('th', { hasText: /^Summary/ }) });
    await summary.locator('[data-test="restore-field"]').click();
    await page
      .locator('[data-test="history-notice"]')
      .getByText(new RegExp(`as in revision ${before}, as revision \\d+; the rest of the draft is as it was\\.$`))
      .waitFor();
    await page.locator('h1').getByText('Wales (Cymru)').waitFor();
    await showPane(page, 'headline');
    await page.locator('[data-test="edit-headline"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="CASE"]');
    await expect(form.getByLabel(/^Summary/).inputValue()).resolves.toBe('A summary that was lost by mistake.');
    await expect(form.getByLabel(/^Name/).first().inputValue()).resolves.toBe('Wales (Cymru)');
    await page.screenshot({ path: `${SHOTS}/restore-field.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('copies a period with everything in it, and puts the copy first by keyboard, which a reload keeps', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/wales/draft')}`);
    await fillSignIn(page, 'lead@example.org');
    const list = draftPane(page, 'periods');
    const periods = () =>
      list.locator('[data-test="draft-period"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    await showPane(page, 'periods');
    expect(await periods()).toEqual(['current']);

    await list.locator('[data-test="draft-period"][data-key="current"] [data-test="copy-period"]').click();
    const dialog = page.getByRole('dialog', { name: 'Copy the period Current arrangements' });
    await dialog.getByLabel('Label of the new period').fill('Before 2020');
    await expect(dialog.getByLabel('Key of the new period').inputValue()).resolves.toBe('before-2020');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Key of the new period').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-test="notice"]').getByText('Copied the period as “Before 2020”').waitFor();
    expect(await periods()).toEqual(['current', 'before-2020']);

    const up = list.locator('[data-test="draft-period"][data-key="before-2020"] [data-test="move-up"]');
    await up.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-test="notice"]').getByText('to place 1').waitFor();
    expect(await periods()).toEqual(['before-2020', 'current']);
    // The keyboard stays on the period moved: at the top now, on its Move down button.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      'Move the period Before 2020 down',
    );
    // The outline has the new order too; a reload keeps it, and the pane.
    await expect(
      page
        .locator('[data-test="outline-item"][data-node="periods"] > [role="group"] > [role="treeitem"]')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-node'))),
    ).resolves.toEqual(['PERIOD:before-2020', 'PERIOD:current']);
    await page.reload();
    await list.locator('[data-test="draft-period"]').first().waitFor();
    expect(await periods()).toEqual(['before-2020', 'current']);
    expect(problems).toEqual([]);
  });

  it('keeps what the lead types across a reload, without a warning, and offers it back until it is saved', async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/wales/draft')}`);
    await fillSignIn(page, 'lead@example.org');
    await page.locator('[data-test="edit-headline"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="CASE"]');
    await form.getByLabel(/^Summary/).fill('Typed, then the tab was reloaded.');
    await form.locator('[data-test="kept-note"]').getByText('Kept for you as you type').waitFor();

    await page.reload();
    const offered = page.locator('[data-test="pending-change"]');
    await offered.waitFor();
    expect(dialogs).toEqual([]);
    await expect(offered.innerText()).resolves.toContain('The headline Wales (Cymru)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/pending-change.png`, fullPage: false });
    await offered.locator('[data-test="reopen-pending"]').click();
    await expect(form.getByLabel(/^Summary/).inputValue()).resolves.toBe('Typed, then the tab was reloaded.');
    const letGo = page.waitForResponse((r) => (r.request().postData() ?? '').includes('DiscardPendingChange'));
    await form.locator('[data-test="save-part"]').click();
    await form.waitFor({ state: 'detached' });
    await letGo;

    await page.reload();
    await page.locator('[data-test="draft-outline"]').waitFor();
    await expect(page.locator('[data-test="pending-change"]').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
