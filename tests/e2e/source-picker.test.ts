import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../server/src/common/paths.js';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { draftPane, showPane } from '../support/draft-outline.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';
import { readSeedCase } from '../support/seeds.js';

// The sources a claim cites are chips added from a searchable list: nothing a click or a key in
// the search does removes one; only a chip's own button does. A new source is made inline, and a
// body moves to another level from its form.
const ACCOUNTS: Accounts = { 'editor@example.org': 'EDITOR' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);

const finland = readSeedCase('finland');
const scotland = readSeedCase('scotland');
const lesson = finland.lessons![0]!;
const sourceTitle = (key: string) => finland.sources.find((s) => s.key === key)!.title;

// Written to docs/screenshots only when asked (UPDATE_SCREENSHOTS=1), as the other screenshots.
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? fromRoot('docs', 'screenshots')
    : path.join(os.tmpdir(), 'casebook-screenshots');

/** Finland's draft page, signed in as the editor; the draft is started when there is none yet. */
async function editorAtDraft() {
  const pathname = '/cases/finland/draft';
  const watched = await browser.open();
  const { page } = watched;
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(pathname)}`);
  await fillSignIn(page, 'editor@example.org');
  await page.waitForURL(`${server.url}${pathname}`);
  await page.locator('[data-test="draft-version"], [data-test="start-draft"]').first().waitFor();
  if (await page.locator('[data-test="start-draft"]').count()) await page.locator('[data-test="start-draft"]').click();
  await page.locator('[data-test="draft-version"]').waitFor();
  return watched;
}

const lessonForm = (page: Page) => page.locator('[data-test="part-form"][data-kind="LESSON"]');
const chips = async (form: Locator) =>
  form.locator('[data-test="cited-source"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));

async function openLesson(page: Page, key = lesson.key) {
  await showPane(page, 'lessons');
  await page.locator(`[data-test="draft-lesson"][data-key="${key}"] [data-test="edit-lesson"]`).click();
  const form = lessonForm(page);
  await form.waitFor();
  return form;
}

describe('the source picker', () => {
  it('adds a source by keyboard alone, keeping those cited, and is accessible open and closed, wide and narrow', async () => {
    const { page, problems } = await editorAtDraft();
    const form = await openLesson(page);
    expect(await chips(form)).toEqual(lesson.cite);

    const search = form.getByRole('combobox', { name: 'Sources cited' });
    await search.focus();
    await page.keyboard.type('older people');
    await expect(search.getAttribute('aria-expanded')).resolves.toBe('true');
    const listbox = form.getByRole('listbox', { name: 'Sources to cite' });
    // Every word is found in the title, the publisher or the address: two of Finland's sources.
    await expect(listbox.getByRole('option').count()).resolves.toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const activeId = await search.getAttribute('aria-activedescendant');
    await expect(form.locator(`#${activeId}`).textContent()).resolves.toContain(sourceTitle('stm-older-people'));
    expect(await seriousViolations(page)).toEqual([]);
    await mkdir(SHOTS, { recursive: true });
    await form.screenshot({ path: path.join(SHOTS, 'source-picker-open-1280.png') });

    await page.keyboard.press('Enter');
    expect(await chips(form)).toEqual([...lesson.cite, 'stm-older-people']);
    await expect(search.getAttribute('aria-expanded')).resolves.toBe('false');
    await form
      .locator('[data-test="source-announcement"]')
      .getByText(`Added ${sourceTitle('stm-older-people')}.`, { exact: false })
      .waitFor();
    // A second one, by a part of its address; Escape closes the list without choosing.
    await page.keyboard.type('VM.fi/en/reform-of-regional');
    await page.keyboard.press('Escape');
    await expect(search.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await chips(form)).toEqual([...lesson.cite, 'stm-older-people', 'vm-regional-state-reform']);
    // Backspace in the emptied search removes nothing.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    expect(await chips(form)).toHaveLength(lesson.cite.length + 2);

    await page.setViewportSize({ width: 390, height: 900 });
    await search.focus();
    await page.keyboard.type('welfare');
    await form.screenshot({ path: path.join(SHOTS, 'source-picker-open-390.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 900 });

    await form.locator('[data-test="save-part"]').click();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(`Saved the lesson ${lesson.key}.`);
    const again = await openLesson(page);
    expect(await chips(again)).toEqual([...lesson.cite, 'stm-older-people', 'vm-regional-state-reform']);
    expect(problems).toEqual([]);
  });

  it('removes a source only by its chip’s button, and a plain click on the list adds without replacing', async () => {
    const { page, problems } = await editorAtDraft();
    const form = await openLesson(page);
    const before = await chips(form);
    await form.getByRole('button', { name: `Remove ${sourceTitle('stm-older-people')}` }).click();
    expect(await chips(form)).toEqual(before.filter((k) => k !== 'stm-older-people'));
    await form.locator('[data-test="source-announcement"]').getByText('Removed', { exact: false }).waitFor();

    // A click on an option (no Ctrl) adds it beside the others.
    await form.getByRole('combobox', { name: 'Sources cited' }).click();
    await form.getByRole('option', { name: new RegExp(sourceTitle('stm-social-services').slice(0, 15)) }).click();
    expect(await chips(form)).toEqual([...before.filter((k) => k !== 'stm-older-people'), 'stm-social-services']);

    await form.locator('[data-test="save-part"]').click();
    await page.locator('[data-test="notice"]').getByText(`Saved the lesson ${lesson.key}.`).waitFor();
    const again = await openLesson(page);
    expect(await chips(again)).toEqual([...before.filter((k) => k !== 'stm-older-people'), 'stm-social-services']);
    expect(problems).toEqual([]);
  });

  it('makes a new source inline from the bibliography’s entry and cites it, keeping the lesson’s typed text', async () => {
    const { page, problems } = await editorAtDraft();
    await showPane(page, 'lessons');
    await page.locator('[data-test="add-lesson"]').click();
    const form = lessonForm(page);
    await form.locator('#part-title').fill('Scotland’s directorate as a model');
    await form.getByLabel('Detail').fill('Typed before the source was made.');

    const search = form.getByRole('combobox', { name: 'Sources cited' });
    await search.fill('children and families directorate');
    await form.locator('[data-test="no-source-match"]').getByText('No sources match').waitFor();
    await form.locator('[data-test="new-source-from-empty"]').click();
    const made = form.locator('[data-test="new-source-form"]');
    await expect(made.getByLabel('Key').inputValue()).resolves.toBe('children-and-families-directorate');

    // An address already a source of this draft is offered as that source.
    const finnish = finland.sources.find((s) => s.key === 'stm-older-people')!;
    await made.getByLabel('Address (URL)').fill(finnish.url);
    await made
      .locator('[data-test="url-in-draft"]')
      .getByText(`This address is already the source “${finnish.title}” in this draft.`)
      .waitFor();

    // Scotland's published source: the bibliography's entry is offered and used.
    const scottish = scotland.sources.find((s) => s.key === 'sg-children-families-directorate')!;
    await made.getByLabel('Address (URL)').fill(scottish.url);
    const offer = made.locator('[data-test="url-in-bibliography"]');
    await offer.getByText(`“${scottish.title}”`, { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await form.screenshot({ path: path.join(SHOTS, 'source-picker-new-source-1280.png') });
    await page.setViewportSize({ width: 390, height: 900 });
    await form.screenshot({ path: path.join(SHOTS, 'source-picker-new-source-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await offer.getByRole('button', { name: 'Use this entry' }).click();
    await expect(made.getByLabel('Title').inputValue()).resolves.toBe(scottish.title);
    await expect(made.getByLabel('Publisher (optional)').inputValue()).resolves.toBe(scottish.publisher);
    await expect(made.getByLabel('Standing').inputValue()).resolves.toBe(scottish.standing);
    await made.getByRole('button', { name: 'Add the source and cite it' }).click();

    await form.locator('[data-test="cited-source"][data-key="children-and-families-directorate"]').waitFor();
    await expect(made.count()).resolves.toBe(0);
    await expect(form.locator('#part-title').inputValue()).resolves.toBe('Scotland’s directorate as a model');
    await expect(form.getByLabel('Detail').inputValue()).resolves.toBe('Typed before the source was made.');
    await draftPane(page, 'sources')
      .locator('[data-test="draft-source"][data-key="children-and-families-directorate"]')
      .getByText(scottish.title)
      .waitFor({ state: 'attached' });

    await form.getByLabel('Theme').selectOption({ index: 1 });
    await form.locator('[data-test="save-part"]').click();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(
      'Saved the lesson scotlands-directorate-as-a-model.',
    );
    await page.locator('[data-test="draft-lesson"][data-key="scotlands-directorate-as-a-model"]').waitFor();
    expect(problems).toEqual([]);
  });
});

describe('moving a body', () => {
  it('moves a body to another level of its period from its form, and says so', async () => {
    const { page, problems } = await editorAtDraft();
    const thl = await showPane(page, 'LEVEL:national-government@from-2026', 'BODY:thl@from-2026');
    await thl.locator('[data-test="edit-body"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="BODY"]');
    const level = form.getByLabel('Level', { exact: true });
    await expect(level.inputValue()).resolves.toBe('national-government');
    expect(await seriousViolations(page)).toEqual([]);
    await level.selectOption('county-tier');
    await form.screenshot({ path: path.join(SHOTS, 'body-move-1280.png') });
    await form.locator('[data-test="save-part"]').click();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(
      'Moved Finnish Institute for Health and Welfare (THL) to Wellbeing services counties.',
    );
    // Its own pane stays, and says where it is now; its levels' panes list it in its new one.
    await thl.locator('.crumbs').getByText('Wellbeing services counties', { exact: true }).waitFor();
    await draftPane(page, 'LEVEL:county-tier@from-2026')
      .locator('[data-test="draft-body"][data-key="thl"]')
      .waitFor({ state: 'attached' });
    await expect(
      draftPane(page, 'LEVEL:national-government@from-2026')
        .locator('[data-test="draft-body"][data-key="thl"]')
        .count(),
    ).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('moves a responsibility to another body chosen under “Body”, and the list shows it there', async () => {
    const { page, problems } = await editorAtDraft();
    const underBody = (body: string) =>
      draftPane(page, `BODY:${body}@from-2026`).locator(
        '[data-test="draft-responsibility"][data-key="municipalities-education"]',
      );
    const own = await showPane(
      page,
      'LEVEL:municipal-tier@from-2026',
      'BODY:municipalities@from-2026',
      'RESPONSIBILITY:municipalities-education@from-2026',
    );
    await own.locator('[data-test="edit-responsibility"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="RESPONSIBILITY"]');
    const body = form.getByLabel('Body', { exact: true });
    await expect(body.inputValue()).resolves.toBe('municipalities');
    await body.selectOption('city-of-helsinki');
    await form.getByLabel('Description (optional)').fill('Moved in the browser, with its text.');
    await page.setViewportSize({ width: 390, height: 900 });
    await form.screenshot({ path: path.join(SHOTS, 'responsibility-move-390.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.locator('[data-test="save-part"]').click();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(
      'Moved Delivery: Education to City of Helsinki.',
    );
    await underBody('city-of-helsinki').waitFor({ state: 'attached' });
    await expect(underBody('municipalities').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
