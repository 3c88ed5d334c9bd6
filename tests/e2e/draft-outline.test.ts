import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';
import { readSeedCase } from '../support/seeds.js';

// The draft page as an outline: the parts of the case as a tree at the left (a "Contents"
// disclosure on a phone), and beside it only the pane of the node selected, which the address
// names. The editor goes through the tree by keyboard, opens a body's form, saves it, and goes
// elsewhere and back with text not yet saved: the text is still there.
const ACCOUNTS: Accounts = { 'editor@example.org': 'EDITOR' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

const scotland = readSeedCase('scotland');
const period = scotland.periods[0]!;
const level = period.levels!.find((l) => l.key === 'health-boards')!;
const body = level.bodies![0]!;
const BODY_NODE = `BODY:${body.key}@${period.key}`;
const LEVEL_NODE = `LEVEL:${level.key}@${period.key}`;

/**
 * Waits until the page has no request to the API unanswered, so that a navigation or a second save
 * does not cut off what the first one asked for (the history reading the new version).
 */
function settling(page: Page) {
  const open = new Set<Request>();
  page.on('request', (r) => void (r.url().endsWith('/graphql') && open.add(r)));
  page.on('requestfinished', (r) => void open.delete(r));
  page.on('requestfailed', (r) => void open.delete(r));
  return () => expect.poll(() => open.size).toBe(0);
}

async function signedIn(width: number) {
  const watched = await browser.open({ viewport: { width, height: 900 } });
  await watched.page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/scotland/draft')}`);
  await fillSignIn(watched.page, 'editor@example.org');
  await watched.page.waitForURL(`${server.url}/cases/scotland/draft`);
  await watched.page.locator('[data-test="draft-version"], [data-test="start-draft"]').first().waitFor();
  if (await watched.page.locator('[data-test="start-draft"]').count())
    await watched.page.locator('[data-test="start-draft"]').click();
  await watched.page.locator('[data-test="draft-version"]').waitFor();
  return watched;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tree = (page: Page) => page.getByRole('tree', { name: 'Parts of the draft' });
const item = (page: Page, node: string) => page.locator(`[data-test="outline-item"][data-node="${node}"]`);
/** Clicks a node's own row (its children, when shown, are inside it). */
const choose = (page: Page, node: string) => item(page, node).locator(':scope > .outline-row').click();
const focusedNode = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-node') ?? null);
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
const pane = (page: Page, node: string) => page.locator(`[data-test="draft-pane"][data-pane="${node}"]`);
const bodyForm = (page: Page) => page.locator('[data-test="part-form"][data-kind="BODY"]');
/** Nothing when the page fits the window; else how wide it is and what reaches past the edge (tag, id, class). */
const overflow = async (page: Page) => {
  const { wide, past } = await page.evaluate(() => {
    const w = window.innerWidth;
    const past = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > w + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${Array.from(el.classList).join('.')}`);
    return { wide: document.documentElement.scrollWidth, past };
  });
  return wide > (await page.evaluate(() => window.innerWidth)) ? `${wide}: ${past.join(', ')}` : '';
};

/** From the headline, down the tree by keyboard to the body in Scotland's second level, and opens it. */
async function keyToBody(page: Page) {
  expect(await focusedNode(page)).toBe('headline');
  for (const key of ['ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
  expect(await focusedNode(page)).toBe(`PERIOD:${period.key}`);
  // The period starts expanded: Right goes to its first level; the levels start collapsed.
  await page.keyboard.press('ArrowRight');
  expect(await focusedNode(page)).toBe(`LEVEL:${period.levels![0]!.key}@${period.key}`);
  await page.keyboard.press('ArrowDown');
  expect(await focusedNode(page)).toBe(LEVEL_NODE);
  await expect(item(page, LEVEL_NODE).getAttribute('aria-expanded')).resolves.toBe('false');
  await page.keyboard.press('ArrowRight');
  await expect(item(page, LEVEL_NODE).getAttribute('aria-expanded')).resolves.toBe('true');
  await page.keyboard.press('ArrowRight');
  expect(await focusedNode(page)).toBe(BODY_NODE);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('part') === BODY_NODE);
  await expect(item(page, BODY_NODE).getAttribute('aria-selected')).resolves.toBe('true');
  // The keyboard is on the pane's heading.
  await expect.poll(() => focusedText(page)).toBe(`Body: ${body.name}`);
}

describe('the draft as an outline', () => {
  it('at desk width: the tree by keyboard, a body’s form saved, and typed text kept while another pane is shown', async () => {
    await mkdir(SHOTS, { recursive: true });
    const { page, problems } = await signedIn(1280);
    const settled = settling(page);
    await tree(page).waitFor();
    // Only the selected pane is shown: the headline's, with nothing in the address yet.
    await expect(pane(page, 'headline').isVisible()).resolves.toBe(true);
    await expect(pane(page, LEVEL_NODE).isVisible()).resolves.toBe(false);
    // Counts are read as words.
    await expect(
      page.getByRole('treeitem', { name: new RegExp(`^${escaped(level.name)}, 1 body\\b`) }).count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/draft-outline-desk.png` });

    await item(page, 'headline').focus();
    await keyToBody(page);
    // Home and End, then back.
    await item(page, BODY_NODE).focus();
    await page.keyboard.press('End');
    expect(await focusedNode(page)).toBe('history');
    await page.keyboard.press('Home');
    expect(await focusedNode(page)).toBe('headline');
    // Left goes from a body to its level, and then collapses nothing more than asked.
    await item(page, BODY_NODE).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await focusedNode(page)).toBe(LEVEL_NODE);

    // The body's form, from its pane's Edit button, by keyboard.
    const bodyPane = pane(page, BODY_NODE);
    await bodyPane.locator('[data-test="edit-body"]').focus();
    await page.keyboard.press('Enter');
    const form = bodyForm(page);
    await form.waitFor();
    await form.locator('#part-description').fill('Fourteen territorial boards, saved from the outline.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/draft-outline-desk-form.png` });
    await form.locator('[data-test="save-part"]').click();
    await page.locator('[data-test="notice"]').getByText(`Saved the body ${body.key}.`).waitFor();
    // The pane stays, and the address names it in words a person can read.
    expect(page.url()).toBe(`${server.url}/cases/scotland/draft?part=${BODY_NODE}`);

    // Typed, not saved, then another pane: the form is not shown, the outline says it is open.
    await bodyPane.locator('[data-test="edit-body"]').click();
    await form.locator('#part-description').fill('Typed, then the level was looked at.');
    await choose(page, LEVEL_NODE);
    await page.waitForURL((url) => url.searchParams.get('part') === LEVEL_NODE);
    await expect(form.isVisible()).resolves.toBe(false);
    await expect(pane(page, LEVEL_NODE).isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByRole('treeitem', {
          name: new RegExp(`^${escaped(body.name)}, 2 responsibilities, form open, not saved$`),
        })
        .count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/draft-outline-desk-away.png` });
    // Back: the body's pane, and the text as typed.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('part') === BODY_NODE);
    await expect(form.isVisible()).resolves.toBe(true);
    await expect(form.locator('#part-description').inputValue()).resolves.toBe('Typed, then the level was looked at.');
    // Forward and by the tree again: still there.
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('part') === LEVEL_NODE);
    await choose(page, BODY_NODE);
    await expect(form.locator('#part-description').inputValue()).resolves.toBe('Typed, then the level was looked at.');
    await form.locator('[data-test="save-part"]').click();
    await page.locator('[data-test="notice"]').getByText(`Saved the body ${body.key}.`).waitFor();

    // A reload lands on the pane the address names (once what the save sent has been answered).
    await settled();
    await page.goto(`${server.url}/cases/scotland/draft?part=${encodeURIComponent(LEVEL_NODE)}`);
    await pane(page, LEVEL_NODE)
      .getByRole('heading', { name: `Level: ${level.name}` })
      .waitFor();
    await expect(item(page, LEVEL_NODE).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(pane(page, LEVEL_NODE).locator('[data-test="draft-body"]').count()).resolves.toBe(1);

    // In the outline, Alt and Up moves the level above the one before it; the keyboard stays on it.
    await item(page, LEVEL_NODE).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('[data-test="notice"]').getByText('to place 1.').waitFor();
    await settled();
    const levels = () =>
      item(page, `PERIOD:${period.key}`)
        .locator(':scope > [role="group"] > [role="treeitem"]')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-node')));
    await expect(levels()).resolves.toEqual(
      expect.arrayContaining([LEVEL_NODE, `LEVEL:${period.levels![0]!.key}@${period.key}`]),
    );
    expect((await levels())[0]).toBe(LEVEL_NODE);
    await expect.poll(() => focusedNode(page)).toBe(LEVEL_NODE);
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('[data-test="notice"]').getByText('to place 2.').waitFor();
    expect((await levels())[1]).toBe(LEVEL_NODE);
    expect(await overflow(page)).toBe('');
    expect(problems).toEqual([]);
  });

  it('at phone width: the outline is a “Contents” disclosure above the pane, and nothing scrolls sideways', async () => {
    const { page, problems } = await signedIn(390);
    const toggle = page.locator('[data-test="contents-toggle"]');
    await toggle.waitFor();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(tree(page).isVisible()).resolves.toBe(false);
    expect(await overflow(page)).toBe('');
    await page.screenshot({ path: `${SHOTS}/draft-outline-phone.png`, fullPage: true });

    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Tab');
    await page.screenshot({ path: `${SHOTS}/draft-outline-phone-contents.png`, fullPage: true });
    expect(await overflow(page)).toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await keyToBody(page);
    // Chosen, the contents close and the pane is what the phone shows.
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');

    const form = bodyForm(page);
    await pane(page, BODY_NODE).locator('[data-test="edit-body"]').click();
    await form.locator('#part-description').fill('Typed on a phone.');
    await page.screenshot({ path: `${SHOTS}/draft-outline-phone-form.png`, fullPage: true });
    expect(await overflow(page)).toBe('');
    await page.screenshot({ path: `${SHOTS}/draft-outline-phone-form.png`, fullPage: true });
    await toggle.click();
    await choose(page, 'lessons');
    await pane(page, 'lessons').locator('[data-test="add-lesson"]').waitFor();
    await expect(form.isVisible()).resolves.toBe(false);
    await toggle.click();
    await choose(page, BODY_NODE);
    await expect(form.locator('#part-description').inputValue()).resolves.toBe('Typed on a phone.');
    await form.locator('[data-test="cancel-part"]').click();
    await form.waitFor({ state: 'detached' });
    expect(await overflow(page)).toBe('');
    expect(problems).toEqual([]);
  });
});
