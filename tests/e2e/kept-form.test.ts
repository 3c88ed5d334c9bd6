import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { draftPane, showPane } from '../support/draft-outline.js';
import { PASSWORD, fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

// An editor has a body's form open when another editor deletes the level holding the body. The
// form is not lost with the level: it is kept with its text at the top of the period, says who
// deleted the level, and saves the text as a new body in another level.
const ACCOUNTS: Accounts = {
  'editor@example.org': 'EDITOR' as UserRole,
  'second-editor@example.org': 'EDITOR' as UserRole,
};
const { browser, server } = seededSite(ACCOUNTS);

/** The other editor, through the API: signed in with a session cookie of its own. */
async function otherEditor() {
  const reply = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { userErrors { code } } }`,
      variables: { email: 'second-editor@example.org', password: PASSWORD },
    }),
  });
  const cookie = reply.headers.getSetCookie()[0]!.split(';')[0]!;
  return async (query: string, variables: Record<string, unknown>) =>
    (await (
      await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data: Record<string, { version?: number; userErrors?: unknown[] }> };
}

describe('a form whose holder another editor deletes', () => {
  it('a body form kept when its level is deleted: it keeps the text, says who deleted the level, and saves it as a new body in another level', async () => {
    const { page, problems } = await browser.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/cases/scotland/draft')}`);
    await fillSignIn(page, 'editor@example.org');
    await page.locator('[data-test="account-user"]').getByText('editor@example.org').waitFor();
    await page.locator('[data-test="start-draft"]').click();
    await page.locator('[data-test="draft-version"]').waitFor();

    const body = await showPane(page, 'LEVEL:health-boards@current', 'BODY:nhs-boards@current');
    await body.locator('[data-test="edit-body"]').click();
    const form = page.locator('[data-test="part-form"][data-kind="BODY"]');
    const typed = 'Text typed while someone else deleted the level.';
    await form.locator('#part-description').fill(typed);

    const api = await otherEditor();
    const { version } = (await api(`query ($slug: String!) { draft(slug: $slug) { version } }`, { slug: 'scotland' }))
      .data.draft!;
    const deleted = await api(
      `mutation ($edit: DraftEditInput!) { deleteDraftPart(edit: $edit, kind: LEVEL, key: "health-boards", periodKey: "current") { userErrors { code message } } }`,
      { edit: { slug: 'scotland', expectedVersion: version } },
    );
    expect(deleted.data.deleteDraftPart!.userErrors).toEqual([]);

    await form.locator('[data-test="save-part"]').click();
    const gone = form.locator('[data-test="part-gone"]');
    await gone.waitFor();
    await page.locator('[data-test="draft-level"][data-key="health-boards"]').waitFor({ state: 'detached' });
    // Kept at the top of the period's pane, shown now that the body's is gone, with the text, saying who deleted the level.
    await draftPane(page, 'PERIOD:current').locator('[data-kept-forms="current"] [data-test="part-form"]').waitFor();
    await expect(
      page.locator('[data-test="outline-item"][aria-selected="true"]').getAttribute('data-node'),
    ).resolves.toBe('PERIOD:current');
    expect(await gone.getAttribute('role')).toBe('alert');
    await expect(gone.textContent()).resolves.toContain(
      'The level Territorial NHS boards, which held the body Territorial NHS boards, was deleted by second-editor@example.org on ',
    );
    await expect(form.locator('#part-description').inputValue()).resolves.toBe(typed);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('part-gone');
    expect(await seriousViolations(page, '[data-test="part-form"]')).toEqual([]);

    await gone.locator('[data-test="copy-text"]').click();
    await gone.locator('[data-test="copy-status"]').getByText('Copied the text of the form.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toContain(`Description`);

    await form.getByLabel('Level').selectOption('local-authorities');
    await gone.locator('[data-test="save-as-new"]').click();
    await page.locator('[data-test="notice"]').getByText('Saved the body nhs-boards.').waitFor();
    await draftPane(page, 'LEVEL:local-authorities@current')
      .locator('[data-test="draft-body"][data-key="nhs-boards"]')
      .waitFor({ state: 'attached' });
    expect(await page.locator('[data-test="part-form"]').count()).toBe(0);
    await showPane(page, 'history');
    await page
      .locator('[data-test="revision"]')
      .first()
      .locator('[data-test="revision-message"]')
      .getByText('Added the body nhs-boards', { exact: true })
      .waitFor();
    expect(problems).toEqual([]);
  });
});
