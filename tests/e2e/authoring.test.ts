import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { showPane } from '../support/draft-outline.js';
import { PASSWORD, fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';
import { readSeedCase } from '../support/seeds.js';

const ACCOUNTS: Accounts = {
  'editor@example.org': 'EDITOR' as UserRole,
  'second-editor@example.org': 'EDITOR' as UserRole,
  'reviewer@example.org': 'REVIEWER' as UserRole,
  'viewer@example.org': 'VIEWER' as UserRole,
};
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');

/** Fills in the sign-in page the page is on and waits to be taken back. */
async function signInHere(page: Page, email: string) {
  await fillSignIn(page, email);
  await page.locator('[data-test="account-user"]').getByText(email).waitFor();
}

/** Opens a page signed in as `email`, at `path`. */
async function signedIn(email: string, path: string) {
  const watched = await browser.open();
  await watched.page.goto(`${server.url}/sign-in?next=${encodeURIComponent(path)}`);
  await signInHere(watched.page, email);
  await watched.page.waitForURL(`${server.url}${path}`);
  return watched;
}

/** The sign-in page, asked to come back to `path` afterwards. */
const signInFor = (path: string) => (url: URL) => url.pathname === '/sign-in' && url.searchParams.get('next') === path;

const lessonForm = (page: Page) => page.locator('[data-test="part-form"][data-kind="LESSON"]');

/** Cites a source with a form's source picker: the first found by `words` (the first of all without). */
async function cite(form: Locator, words = '') {
  const search = form.getByRole('combobox', { name: 'Sources cited' });
  await search.click();
  if (words) await search.fill(words);
  await form.getByRole('listbox', { name: 'Sources to cite' }).getByRole('option').first().click();
}

/** Lists every save in the history, not one entry per author's quick saves. */
async function showEverySave(page: Page) {
  const box = page.locator('[data-test="every-save"]');
  if (await box.count()) await box.check();
}

/** Removes every source a form's claim cites, each by its chip's button. */
async function uncite(form: Locator) {
  const remove = form.locator('[data-test="remove-source"]');
  while ((await remove.count()) > 0) await remove.first().click();
}

describe('signing in and out', () => {
  it('refuses a wrong password with a clear message, then signs in, shows who is signed in, and signs out', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/`);
    await page.locator('[data-test="sign-in-link"]').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await fillSignIn(page, 'editor@example.org', 'not the password');
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'That email and password do not match an active account. Check them and try again.',
    );

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator('[data-test="account-user"]').textContent()).resolves.toBe('editor@example.org (Editor)');

    await page.locator('[data-test="sign-out"]').click();
    await page.locator('[data-test="sign-in-link"]').waitFor();
    expect(await page.locator('[data-test="account-user"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('sends a reader who is not signed in from a draft to sign in, and back to it afterwards', async () => {
    const { page } = await browser.open();
    await page.goto(`${server.url}/cases/ireland/draft`);
    await page.waitForURL(signInFor('/cases/ireland/draft'));
    await signInHere(page, 'viewer@example.org');
    await page.waitForURL(`${server.url}/cases/ireland/draft`);
    await page.getByRole('heading', { name: /^Draft of/ }).waitFor();
  });
});

describe('editing a draft', () => {
  const finland = readSeedCase('finland');
  const lesson = finland.lessons![0]!;

  it('an editor starts a draft, is stopped by a too-long title, saves a lesson and previews it', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland');
    await page.locator('[data-test="draft-link"]').click();
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await showPane(page, 'lessons');
    await page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    const form = lessonForm(page);
    await expect(form.getByLabel('Title').inputValue()).resolves.toBe(lesson.title);
    await form.getByLabel('Title').fill('x'.repeat(301));
    await expect(form.locator('#part-title-count').textContent()).resolves.toContain('301 / 300 characters');
    await expect(form.locator('#part-title-error').textContent()).resolves.toBe(
      'Title is 301 characters long; it may be at most 300.',
    );
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('Title').fill('Edited in the browser');
    await form.locator('[data-test="save-part"]').click();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(`Saved the lesson ${lesson.key}.`);
    await page
      .locator(`[data-test="draft-lesson"][data-key="${lesson.key}"]`)
      .getByText('Edited in the browser')
      .waitFor();

    await page.locator('[data-test="preview-link"]').click();
    await page.locator('[data-test="draft-banner"]').getByText('Preview of the draft — not published').waitFor();
    await page.locator('.lesson h3').getByText('Edited in the browser').waitFor();
    expect(problems).toEqual([]);
  });

  it('the edit is in the history, its diff shows the old and new title, and restoring the revision before brings it back', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland/draft');
    await showPane(page, 'history');
    const newest = page.locator('[data-test="revision"]').first();
    await expect(newest.locator('[data-test="revision-message"]').textContent()).resolves.toBe(
      `Edited the lesson ${lesson.key}`,
    );
    const edited = Number(await newest.getAttribute('data-number'));

    await page.locator('[data-test="compare-revisions"]').click();
    const changed = page.locator('[data-test="diff-change"][data-change="CHANGED"]').filter({ hasText: lesson.key });
    await expect(changed.locator('.change-head').textContent()).resolves.toMatch(/~\s*Changed\s+lesson/);
    const title = changed
      .locator('[data-test="diff-field"]')
      .filter({ has: page.locator('th', { hasText: /^Title$/ }) });
    await expect(title.locator('.before').textContent()).resolves.toBe(`Before: ${lesson.title}`);
    await expect(title.locator('.after').textContent()).resolves.toBe('After: Edited in the browser');

    await showEverySave(page);
    await page.locator(`[data-test="revision"][data-number="${edited - 1}"] [data-test="restore"]`).click();
    const dialog = page.getByRole('dialog', { name: `Restore revision ${edited - 1}?` });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.locator('[data-test="confirm-restore"]').click();
    await page
      .locator(`[data-test="draft-lesson"][data-key="${lesson.key}"]`)
      .getByText(lesson.title)
      .waitFor({ state: 'attached' });
    await page
      .locator('[data-test="revision"]')
      .first()
      .locator('[data-test="revision-message"]')
      .getByText(`Restored revision ${edited - 1}`, { exact: true })
      .waitFor();
    await page
      .locator('[data-test="draft-version"]')
      .getByText(String(edited + 1), { exact: true })
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('after the restore, a new edit shows in the draft preview with its banner, a cleared field cleared', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland/draft');
    const edit = async (fill: () => Promise<unknown>) => {
      await showPane(page, 'lessons');
      await page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
      await fill();
      await lessonForm(page).locator('[data-test="save-part"]').click();
      await lessonForm(page).waitFor({ state: 'detached' });
    };
    await edit(() => lessonForm(page).getByLabel('Evidence strength (optional)').selectOption('STRONG'));
    await page.locator('[data-test="preview-link"]').click();
    await page.locator('.lesson', { hasText: lesson.title }).getByText('Evidence: Strong').waitFor();
    await page.goBack();

    await edit(async () => {
      await lessonForm(page).getByLabel('Title').fill('Edited in the browser');
      await lessonForm(page).getByLabel('Evidence strength (optional)').selectOption('');
    });
    await page.locator('[data-test="preview-link"]').click();
    await page.locator('.lesson', { hasText: 'Edited in the browser' }).getByText('Evidence: not assessed').waitFor();
    await page.locator('[data-test="draft-banner"]').getByText('Preview of the draft — not published').waitFor();
    await page.locator('.lesson h3').getByText('Edited in the browser').waitFor();
    expect(problems).toEqual([]);
  });

  it('an editor edits the headline, adds a source and a lesson citing it, then deletes the lesson', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland/draft');
    await page.locator('[data-test="edit-headline"]').click();
    const headline = page.locator('[data-test="part-form"][data-kind="CASE"]');
    await headline.getByLabel('Summary').fill('A shorter summary, written in the browser.');
    await headline.locator('[data-test="save-part"]').click();
    await page.locator('.summary').getByText('A shorter summary, written in the browser.').waitFor();

    await showPane(page, 'sources');
    await page.locator('[data-test="add-source"]').click();
    const source = page.locator('[data-test="part-form"][data-kind="SOURCE"]');
    await source.getByLabel('Key').fill('browser-report');
    await source.getByLabel('Address (URL)').fill('https://example.org/browser-report');
    await source.getByLabel('Title').fill('A report added in the browser');
    await source.getByLabel('Standing').selectOption('OFFICIAL');
    await source.locator('[data-test="save-part"]').click();
    await page
      .locator('[data-test="draft-source"][data-key="browser-report"]')
      .getByText('A report added in the browser')
      .waitFor();

    await showPane(page, 'lessons');
    await page.locator('[data-test="add-lesson"]').click();
    const form = lessonForm(page);
    await form.getByLabel('Key').fill('browser-lesson');
    await form.getByLabel('Theme').selectOption({ index: 1 });
    await form.getByLabel('Title').fill('A lesson added in the browser');
    await form.getByLabel('Detail').fill('It cites the report added a moment ago.');
    await cite(form, 'A report added in the browser');
    await form.locator('[data-test="save-part"]').click();
    const added = page.locator('[data-test="draft-lesson"][data-key="browser-lesson"]');
    await added.getByText('1 source').waitFor();

    await added.locator('[data-test="delete-lesson"]').click();
    await added.locator('[data-test="confirm-delete"]').click();
    await added.waitFor({ state: 'detached' });
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(
      'Deleted the lesson browser-lesson.',
    );
    expect(problems).toEqual([]);
  });

  it('an editor adds a level, a body in it and a responsibility of the body, and sees them in the preview diagram', async () => {
    const period = finland.periods.at(-1)!;
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland/draft');
    const inPeriod = await showPane(page, `PERIOD:${period.key}`);

    await inPeriod.locator('[data-test="add-level"]').click();
    const levelForm = page.locator('[data-test="part-form"][data-kind="LEVEL"]');
    await levelForm.getByLabel('Key').fill('browser-level');
    await levelForm.locator('#part-tier').selectOption('LOCAL');
    await levelForm.locator('#part-name').fill('Levels added in the browser');
    await levelForm.getByLabel('Number of units (optional)').fill('3');
    await cite(levelForm);
    expect(await seriousViolations(page)).toEqual([]);
    await levelForm.locator('[data-test="save-part"]').click();
    const level = inPeriod.locator('[data-test="draft-level"][data-key="browser-level"]');
    await level.getByText('Levels added in the browser', { exact: true }).waitFor();

    // The level's own pane lists its bodies.
    const levelPane = await showPane(page, `LEVEL:browser-level@${period.key}`);
    await levelPane.locator('[data-test="add-body"]').click();
    const bodyForm = page.locator('[data-test="part-form"][data-kind="BODY"]');
    await bodyForm.getByLabel('Key').fill('browser-body');
    await bodyForm.locator('#part-name').fill('A body added in the browser');
    await bodyForm.getByLabel('Type').selectOption('BOARD');
    await cite(bodyForm);
    await bodyForm.locator('[data-test="save-part"]').click();
    const body = levelPane.locator('[data-test="draft-body"][data-key="browser-body"]');
    await body.getByText('A body added in the browser', { exact: true }).waitFor();

    const bodyPane = await showPane(page, `LEVEL:browser-level@${period.key}`, `BODY:browser-body@${period.key}`);
    await bodyPane.locator('[data-test="add-responsibility"]').click();
    const responsibilityForm = page.locator('[data-test="part-form"][data-kind="RESPONSIBILITY"]');
    await responsibilityForm.getByLabel('Key').fill('browser-delivery');
    await responsibilityForm.getByLabel('Function').selectOption('DELIVERY');
    await responsibilityForm.getByLabel('Service area').selectOption('health');
    await cite(responsibilityForm);
    expect(await seriousViolations(page)).toEqual([]);
    await responsibilityForm.locator('[data-test="save-part"]').click();
    await bodyPane.locator('[data-test="draft-responsibility"][data-key="browser-delivery"]').waitFor();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(
      'Saved the responsibility browser-delivery.',
    );
    expect(await seriousViolations(page)).toEqual([]);

    // The other forms of the structure and the timeline are as accessible.
    for (const [pane, kind] of [
      [`connections@${period.key}`, 'CONNECTION'],
      ['periods', 'PERIOD'],
      ['events', 'EVENT'],
    ] as const) {
      await (await showPane(page, pane)).locator(`[data-test="add-${kind.toLowerCase()}"]`).click();
      const form = page.locator(`[data-test="part-form"][data-kind="${kind}"]`);
      await form.getByLabel('Key').waitFor();
      expect(await seriousViolations(page, `[data-test="part-form"][data-kind="${kind}"]`), kind).toEqual([]);
      await form.locator('[data-test="cancel-part"]').click();
      await form.waitFor({ state: 'detached' });
    }

    await page.goto(`${server.url}/cases/finland?draft=1&period=${period.key}`);
    await page.locator('[data-test="draft-banner"]').waitFor();
    const node = page.locator(
      '[data-test="structure-diagram"] [data-test="diagram-node"][aria-label*="A body added in the browser"]',
    );
    await node.waitFor();
    await node.click();
    await page
      .locator('[data-test="diagram-details"]')
      .getByText('A body added in the browser', { exact: true })
      .waitFor();
    await expect(page.locator('[data-test="diagram-details-responsibilities"]').textContent()).resolves.toContain(
      'Delivery — Health care',
    );
    expect(problems).toEqual([]);
  });

  it('keeps what an editor typed when the session ends mid-edit, through signing in again', async () => {
    const { page } = await signedIn('editor@example.org', '/cases/finland/draft');
    await showPane(page, 'lessons');
    await page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    await lessonForm(page).getByLabel('Detail').fill('Typed just before the session ended.');
    await page.context().clearCookies();
    await lessonForm(page).locator('[data-test="save-part"]').click();

    // Back to the same pane afterwards: the address names it.
    await page.waitForURL(signInFor('/cases/finland/draft?part=lessons'));
    // The header no longer names someone whose session has ended.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('[data-test="account-user"]').count()).toBe(0);
    await signInHere(page, 'editor@example.org');
    await page.waitForURL(`${server.url}/cases/finland/draft?part=lessons`);
    await expect(lessonForm(page).getByLabel('Detail').inputValue()).resolves.toBe(
      'Typed just before the session ended.',
    );
    await lessonForm(page).locator('[data-test="cancel-part"]').click();
  });

  it('asks before leaving a form with unsaved changes, in the app and when the tab would close', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/finland/draft');
    await showPane(page, 'lessons');
    await page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    const unloadPrevented = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await unloadPrevented()).toBe(false);

    await lessonForm(page).getByLabel('Detail').fill('Not saved yet.');
    expect(await unloadPrevented()).toBe(true);
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }).click();
    await expect.poll(() => asked).toEqual(['You have unsaved changes. Leave this page and lose them?']);
    expect(new URL(page.url()).pathname).toBe('/cases/finland/draft');
    await expect(lessonForm(page).getByLabel('Detail').inputValue()).resolves.toBe('Not saved yet.');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }).click();
    await page.waitForURL(`${server.url}/lessons`);
    expect(problems).toEqual([]);
  });

  it('two editors save the same lesson: the second keeps the form, sees only the fields that differ three ways, and chooses per field', async () => {
    const first = await signedIn('editor@example.org', '/cases/finland/draft');
    const second = await signedIn('second-editor@example.org', '/cases/finland/draft');
    for (const { page } of [first, second]) {
      await showPane(page, 'lessons');
      await page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    }
    const loadedTitle = await lessonForm(second.page).getByLabel('Title').inputValue();

    await lessonForm(first.page).getByLabel('Title').fill('First editor’s title');
    await lessonForm(first.page).locator('[data-test="save-part"]').click();
    await first.page.locator('[data-test="notice"]').waitFor();

    const form = lessonForm(second.page);
    await form.getByLabel('Title').fill('Second editor’s title');
    await form.getByLabel('Detail').fill('Detail only the second editor changed.');
    await form.locator('[data-test="save-part"]').click();
    const dialog = second.page.getByRole('dialog', { name: 'Someone else changed this part' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await expect(dialog.locator('[data-test="merge-reason"]').textContent()).resolves.toMatch(
      /^The lesson First editor’s title was changed by editor@example\.org on \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/,
    );
    // Only the fields that differ: the title both changed, the detail only this editor did.
    await expect(
      dialog.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field'))),
    ).resolves.toEqual(['title', 'detail']);
    const title = dialog.locator('tr[data-field="title"]');
    await expect(title.locator('[data-test="base"]').textContent()).resolves.toBe(loadedTitle);
    await expect(title.locator('[data-test="theirs"]').textContent()).resolves.toBe('First editor’s title');
    await expect(title.locator('[data-test="mine"]').textContent()).resolves.toBe('Second editor’s title');
    await expect(dialog.locator('tr[data-field="detail"] [data-test="kept"]').textContent()).resolves.toBe(
      'Yours: only you changed it',
    );
    expect(await seriousViolations(second.page)).toEqual([]);
    // Behind the dialog, the form still holds what was typed.
    await expect(form.getByLabel('Title').inputValue()).resolves.toBe('Second editor’s title');

    await title.getByLabel('Theirs').check();
    await dialog.locator('[data-test="merge-save"]').click();
    await second.page.locator('[data-test="notice"]').getByText(`Saved the lesson ${lesson.key}.`).waitFor();
    await second.page
      .locator(`[data-test="draft-lesson"][data-key="${lesson.key}"]`)
      .getByText('First editor’s title')
      .waitFor();
    await second.page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    await expect(lessonForm(second.page).getByLabel('Detail').inputValue()).resolves.toBe(
      'Detail only the second editor changed.',
    );
    await lessonForm(second.page).locator('[data-test="cancel-part"]').click();
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it('a lesson deleted by another editor while it is edited: the form stays with its text, says who deleted it, copies it and saves it as a new lesson', async () => {
    const scotland = readSeedCase('scotland');
    const doomed = scotland.lessons![0]!;
    const watched = await browser.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    const { page, problems } = watched;
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/scotland/draft')}`);
    await signInHere(page, 'editor@example.org');
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();
    await showPane(page, 'lessons');
    await page.locator(`[data-test="draft-lesson"][data-key="${doomed.key}"] [data-test="edit-lesson"]`).click();
    const form = lessonForm(page);
    await form.getByLabel('Detail').fill('Text typed while someone else deleted the lesson.');

    // The other editor deletes the lesson, through the API.
    const signInReply = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { userErrors { code } } }`,
        variables: { email: 'second-editor@example.org', password: PASSWORD },
      }),
    });
    const cookie = signInReply.headers.getSetCookie()[0]!.split(';')[0]!;
    const api = async (query: string, variables: Record<string, unknown>) =>
      (await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data: Record<string, { version?: number; userErrors?: unknown[] }> };
    const { version } = (await api(`query ($slug: String!) { draft(slug: $slug) { version } }`, { slug: 'scotland' }))
      .data.draft!;
    const deleted = await api(
      `mutation ($edit: DraftEditInput!, $key: String!) { deleteDraftPart(edit: $edit, kind: LESSON, key: $key) { userErrors { code message } } }`,
      { edit: { slug: 'scotland', expectedVersion: version }, key: doomed.key },
    );
    expect(deleted.data.deleteDraftPart!.userErrors).toEqual([]);

    await form.locator('[data-test="save-part"]').click();
    const gone = form.locator('[data-test="part-gone"]');
    await gone.waitFor();
    expect(await gone.getAttribute('role')).toBe('alert');
    await expect(gone.textContent()).resolves.toContain(
      `The lesson ${doomed.title} was deleted by second-editor@example.org on `,
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('part-gone');
    await expect(form.getByLabel('Detail').inputValue()).resolves.toBe(
      'Text typed while someone else deleted the lesson.',
    );
    await page.locator(`[data-test="draft-lesson"][data-key="${doomed.key}"]`).waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);

    await gone.locator('[data-test="copy-text"]').click();
    await gone.locator('[data-test="copy-status"]').getByText('Copied the text of the form.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toContain(
      'Detail: Text typed while someone else deleted the lesson.',
    );

    await gone.locator('[data-test="save-as-new"]').click();
    await page.locator('[data-test="notice"]').getByText(`Saved the lesson ${doomed.key}.`).waitFor();
    await page.locator(`[data-test="draft-lesson"][data-key="${doomed.key}"]`).waitFor();
    await showPane(page, 'history');
    await page
      .locator('[data-test="revision"]')
      .first()
      .locator('[data-test="revision-message"]')
      .getByText(`Added the lesson ${doomed.key}`, { exact: true })
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('a viewer can read the draft but is offered no edit controls', async () => {
    const { page, problems } = await signedIn('viewer@example.org', '/cases/finland');
    await expect(page.locator('[data-test="draft-link"]').textContent()).resolves.toBe('See the draft');
    await page.locator('[data-test="draft-link"]').click();
    await showPane(page, 'lessons');
    await page.locator('[data-test="draft-lesson"]').first().waitFor();
    await expect(page.locator('[data-test="account-user"]').textContent()).resolves.toBe('viewer@example.org (Viewer)');
    for (const control of [
      'edit-lesson',
      'delete-lesson',
      'add-lesson',
      'edit-source',
      'add-source',
      'edit-headline',
      'start-draft',
    ]) {
      expect(await page.locator(`[data-test="${control}"]`).count(), control).toBe(0);
    }
    expect(problems).toEqual([]);
  });
});

describe('review and publication', () => {
  const ireland = readSeedCase('ireland');
  const lesson = ireland.lessons![0]!;

  it('a reviewer is refused while a claim cites no source, the editor fixes it from the link, and readers see the new edition', async () => {
    const editor = await signedIn('editor@example.org', '/cases/ireland/draft');
    await editor.page.locator('[data-test="start-draft"]').click();
    await showPane(editor.page, 'lessons');
    await editor.page.locator(`[data-test="draft-lesson"][data-key="${lesson.key}"] [data-test="edit-lesson"]`).click();
    await lessonForm(editor.page).getByLabel('Title').fill('Published from the browser');
    await uncite(lessonForm(editor.page));
    await lessonForm(editor.page).locator('[data-test="save-part"]').click();
    await editor.page.locator('[data-test="notice"]').waitFor();
    await showPane(editor.page, 'review');
    await editor.page.locator('[data-test="submit-review"]').click();
    await editor.page.locator('[data-test="draft-status"]').getByText('In review').waitFor();

    const reviewer = await signedIn('reviewer@example.org', '/cases/ireland/draft');
    await showPane(reviewer.page, 'review');
    await reviewer.page.locator('[data-test="publish"]').click();
    await expect(reviewer.page.locator('[data-test="review-problem"]').textContent()).resolves.toBe(
      'Not published: one claim cites no source. Each is listed below.',
    );
    const link = reviewer.page.locator('[data-test="unsourced-link"]');
    await expect(link.textContent()).resolves.toBe('Lesson “Published from the browser”');
    await reviewer.page.getByLabel('What should change (optional)').fill('Cite the OECD report again.');
    await reviewer.page.locator('[data-test="request-changes"]').click();
    await reviewer.page.locator('[data-test="draft-status"]').getByText('Draft', { exact: true }).waitFor();

    // The editor sees the comment and goes from the listed claim straight to its form.
    await editor.page.reload();
    await editor.page.locator('[data-test="comment"]').getByText('Cite the OECD report again.').waitFor();
    await editor.page.locator('[data-test="unsourced-link"]').click();
    await expect(lessonForm(editor.page).getByLabel('Title').inputValue()).resolves.toBe('Published from the browser');
    for (const c of lesson.cite) {
      const key = typeof c === 'string' ? c : c.source;
      await cite(lessonForm(editor.page), ireland.sources.find((x) => x.key === key)!.url);
    }
    await lessonForm(editor.page).locator('[data-test="save-part"]').click();
    await editor.page.locator('[data-test="notice"]').waitFor();
    expect(await editor.page.locator('[data-test="unsourced"]').count()).toBe(0);
    await showPane(editor.page, 'review');
    await editor.page.getByLabel('Add a comment').fill('Source added back.');
    // A comment on one field of the lesson, chosen by its title and the field's label, never a key.
    await editor.page.getByLabel('About (optional)').selectOption({ label: 'Lesson “Published from the browser”' });
    await editor.page.getByLabel('Which field (optional)').selectOption({ label: 'Sources cited' });
    await editor.page.locator('[data-test="add-comment"]').click();
    await editor.page
      .locator('[data-test="thread"]')
      .filter({ hasText: 'Source added back.' })
      .locator('[data-test="thread-about"]')
      .getByText('Lesson “Published from the browser”, its sources cited', { exact: true })
      .waitFor();
    await editor.page.locator('[data-test="review"]').screenshot({ path: `${SHOTS}/review-threads.png` });
    // The reviewer's request reached the editor in the app.
    await editor.page.locator('[data-test="notifications-badge"]').waitFor();
    await editor.page.locator('[data-test="notifications-link"]').click();
    await editor.page
      .locator('[data-test="notification"][data-kind="CHANGES_REQUESTED"]')
      .getByText('asked for changes to Republic of Ireland: “Cite the OECD report again.”', { exact: false })
      .waitFor();
    await editor.page.screenshot({ path: `${SHOTS}/notifications.png`, fullPage: true });
    await editor.page.goBack();
    await editor.page.locator('[data-test="submit-review"]').click();
    await editor.page.locator('[data-test="draft-status"]').getByText('In review').waitFor();

    await reviewer.page.reload();
    await reviewer.page.locator('[data-test="publish"]').click();
    await reviewer.page
      .locator('[data-test="notice"]')
      .getByText(/^Published as edition \d+\./)
      .waitFor();
    // The review's comments stay, kept with the edition, for those who read drafts.
    await reviewer.page.locator('[data-test="earlier-reviews"] summary').click();
    const kept = reviewer.page.locator('[data-test="earlier-edition"]');
    await kept.getByText('Source added back.').waitFor();
    await expect(kept.locator('h4').first().textContent()).resolves.toMatch(/^\s*Published as edition 2/);
    await reviewer.page.locator('[data-test="earlier-reviews"]').screenshot({ path: `${SHOTS}/earlier-reviews.png` });

    const reader = await browser.open();
    await reader.page.goto(`${server.url}/cases/ireland`);
    await reader.page.locator('.lesson h3').getByText('Published from the browser').waitFor();
    await expect(reader.page.locator('.edition').textContent()).resolves.toMatch(/^\s*Edition 2,/);
    expect(await reader.page.locator('[data-test="draft-link"]').count()).toBe(0);
    expect([...editor.problems, ...reviewer.problems, ...reader.problems]).toEqual([]);
  });
});

describe('deleting and restoring while someone else saves', () => {
  const netherlands = readSeedCase('netherlands');
  const [first, second] = netherlands.lessons!;
  const lessonRow = (page: Page, key: string) => page.locator(`[data-test="draft-lesson"][data-key="${key}"]`);
  const focusedTest = (page: Page) =>
    page.evaluate(() => document.activeElement?.getAttribute('data-test') ?? document.activeElement?.tagName ?? null);

  /** The second editor gives a lesson a new title, from a page of their own. */
  async function retitle(key: string, title: string) {
    const other = await signedIn('second-editor@example.org', '/cases/netherlands/draft');
    await showPane(other.page, 'lessons');
    await lessonRow(other.page, key).locator('[data-test="edit-lesson"]').click();
    await lessonForm(other.page).getByLabel('Title').fill(title);
    await lessonForm(other.page).locator('[data-test="save-part"]').click();
    await other.page.locator('[data-test="notice"]').waitFor();
    expect(other.problems).toEqual([]);
  }

  it('a delete refused by a newer save shows the lesson as seen beside it as saved, keeps it on Escape, and deletes it on "Delete it anyway"', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/netherlands/draft');
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();
    await retitle(first!.key, 'Retitled by the second editor');

    await showPane(page, 'lessons');
    await lessonRow(page, first!.key).locator('[data-test="delete-lesson"]').click();
    await lessonRow(page, first!.key).locator('[data-test="confirm-delete"]').click();
    const dialog = page.getByRole('dialog', { name: 'Someone else changed the draft first' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await expect(dialog.locator('#conflict-intro').textContent()).resolves.toContain(
      `second-editor@example.org saved the draft (version`,
    );
    await expect(dialog.locator('#conflict-intro').textContent()).resolves.toContain(
      `so the lesson ${first!.key} was not deleted`,
    );
    const title = dialog.locator('tr[data-field="Title"]');
    await expect(title.locator('[data-test="mine"]').textContent()).resolves.toBe(first!.title);
    await expect(title.locator('[data-test="theirs"]').textContent()).resolves.toBe('Retitled by the second editor');
    await expect(title.getAttribute('class')).resolves.toContain('differs');
    await expect(dialog.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Field',
      'As you saw it',
      'Saved now',
    ]);
    await expect(dialog.getByRole('button').allTextContents()).resolves.toEqual([
      'Delete it anyway',
      'Keep the saved draft',
    ]);
    expect(await focusedTest(page)).toBe('keep-mine');
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard: Tab stays inside, Escape keeps the lesson (as now saved) and goes back to its Delete button.
    await page.keyboard.press('Tab');
    expect(await focusedTest(page)).toBe('take-theirs');
    await page.keyboard.press('Tab');
    expect(await focusedTest(page)).toBe('keep-mine');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await lessonRow(page, first!.key).getByText('Retitled by the second editor').waitFor();
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toMatch(
      /^Nothing was deleted: the lesson \S+ is as saved in version \d+\.$/,
    );
    expect(
      await page.evaluate(() =>
        document.activeElement?.closest('[data-test="draft-lesson"]')?.getAttribute('data-key'),
      ),
    ).toBe(first!.key);
    expect(await focusedTest(page)).toBe('delete-lesson');

    // Saved again by the other editor: this time the delete goes through against the version now saved.
    await retitle(first!.key, 'Retitled again');
    await lessonRow(page, first!.key).locator('[data-test="delete-lesson"]').click();
    await lessonRow(page, first!.key).locator('[data-test="confirm-delete"]').click();
    await dialog.waitFor();
    await expect(dialog.locator('tr[data-field="Title"] [data-test="theirs"]').textContent()).resolves.toBe(
      'Retitled again',
    );
    await page.keyboard.press('Enter');
    await lessonRow(page, first!.key).waitFor({ state: 'detached' });
    await expect(page.locator('[data-test="notice"]').textContent()).resolves.toBe(`Deleted the lesson ${first!.key}.`);
    expect(problems).toEqual([]);
    // The history lists the delete at once, without reloading the page.
    await showPane(page, 'history');
    await page
      .locator('[data-test="revision"]')
      .first()
      .locator('[data-test="revision-message"]')
      .getByText(`Deleted the lesson ${first!.key}`, { exact: true })
      .waitFor();
  });

  it('a restore refused by a newer save shows the revision beside the saved draft, and "Restore anyway" restores it', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/cases/netherlands/draft');
    await showPane(page, 'history');
    const newest = Number(await page.locator('[data-test="revision"]').first().getAttribute('data-number'));
    await retitle(second!.key, 'Retitled before the restore');

    // The revision before the delete has the first lesson, and the second with its old title.
    await showEverySave(page);
    await page.locator(`[data-test="revision"][data-number="${newest - 1}"] [data-test="restore"]`).click();
    await page
      .getByRole('dialog', { name: `Restore revision ${newest - 1}?` })
      .locator('[data-test="confirm-restore"]')
      .click();
    const dialog = page.getByRole('dialog', { name: 'Someone else changed the draft first' });
    await dialog.waitFor();
    await expect(dialog.locator('#conflict-intro').textContent()).resolves.toContain(
      `after you chose to restore revision ${newest - 1}, so nothing was restored`,
    );
    await expect(dialog.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Part and field',
      `Revision ${newest - 1}`,
      'Saved now',
    ]);
    const retitled = dialog.locator(`tr[data-field="lesson ${second!.key}: title"]`);
    await expect(retitled.locator('[data-test="mine"]').textContent()).resolves.toBe(second!.title);
    await expect(retitled.locator('[data-test="theirs"]').textContent()).resolves.toBe('Retitled before the restore');
    const deleted = dialog.locator(`tr[data-field="lesson ${first!.key}"]`);
    await expect(deleted.locator('[data-test="mine"]').textContent()).resolves.toBe('Retitled again');
    await expect(deleted.locator('[data-test="theirs"]').textContent()).resolves.toBe('—');
    await expect(dialog.getByRole('button').allTextContents()).resolves.toEqual([
      `Restore revision ${newest - 1} anyway`,
      'Keep the saved draft',
    ]);
    expect(await focusedTest(page)).toBe('keep-mine');
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Shift+Tab');
    expect(await focusedTest(page)).toBe('take-theirs');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await lessonRow(page, first!.key).getByText('Retitled again').waitFor({ state: 'attached' });
    await lessonRow(page, second!.key).getByText(second!.title, { exact: true }).waitFor({ state: 'attached' });
    await page
      .locator('[data-test="revision"]')
      .first()
      .locator('[data-test="revision-message"]')
      .getByText(`Restored revision ${newest - 1}`, { exact: true })
      .waitFor();
    await expect(page.locator('[data-test="history-notice"]').textContent()).resolves.toBe(
      `Restored revision ${newest - 1} as revision ${newest + 2}.`,
    );
    expect(problems).toEqual([]);
  });
});

describe('a long history', () => {
  const SLUG = 'new-zealand';
  const lesson = readSeedCase(SLUG).lessons![0]!;

  /** POSTs a GraphQL operation with a session cookie, as the app would. */
  async function send(cookie: string, query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { draft?: { version: number } }>;
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  it('shows the newest revisions, and older ones a page at a time from the keyboard', async () => {
    // More saves than one page of the history: a draft and 21 edits of a lesson's title.
    const signIn = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { userErrors { code } } }`,
        variables: { email: 'editor@example.org', password: PASSWORD },
      }),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    let version = (await send(cookie, `mutation { startDraft(slug: "${SLUG}") { draft { version } } }`)).startDraft!
      .draft!.version;
    for (let i = 1; i <= 21; i++) {
      const saved = await send(
        cookie,
        `mutation ($edit: DraftEditInput!, $part: DraftPartInput!) { saveDraftPart(edit: $edit, part: $part) { draft { version } } }`,
        {
          edit: { slug: SLUG, expectedVersion: version, message: `Title, take ${i}` },
          part: { kind: 'LESSON', key: lesson.key, data: { title: `${lesson.title} (take ${i})` } },
        },
      );
      version = saved.saveDraftPart!.draft!.version;
    }

    const { page, problems } = await signedIn('editor@example.org', `/cases/${SLUG}/draft`);
    await showPane(page, 'history');
    const rows = page.locator('[data-test="revision"]');
    await rows.first().getByText('Title, take 21').waitFor();
    // The 21 quick saves read as one entry until every save is asked for.
    expect(await rows.count()).toBe(1);
    await showEverySave(page);
    expect(await rows.count()).toBe(20);
    const shown = page.locator('[data-test="revisions-shown"]');
    await expect(shown.textContent()).resolves.toContain(`20 of ${version} revisions are shown, newest first.`);
    expect(await seriousViolations(page)).toEqual([]);

    const older = page.getByRole('button', { name: 'Show older revisions' });
    await older.focus();
    await page.keyboard.press('Enter');
    await rows.last().getByText('Imported from a file').waitFor();
    expect(await rows.count()).toBe(version);
    expect(await rows.evaluateAll((r) => r.map((row) => Number(row.getAttribute('data-number'))))).toEqual(
      Array.from({ length: version }, (_, i) => version - i),
    );
    // No older ones left: the button is gone, and the keyboard is on the count, not lost.
    await older.waitFor({ state: 'detached' });
    await expect(shown.textContent()).resolves.toContain(`${version} of ${version} revisions are shown`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('revisions-shown');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
