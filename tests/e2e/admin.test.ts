import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { seriousViolations } from '../support/axe.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

const ACCOUNTS: Accounts = {
  'admin@example.org': 'ADMIN' as UserRole,
  'editor@example.org': 'EDITOR' as UserRole,
  'leaving@example.org': 'REVIEWER' as UserRole,
};
const { browser, server } = seededSite(ACCOUNTS);

/** Opens `path`, is sent to sign in, signs in as `email` and is brought back. */
async function signedIn(email: string, path: string) {
  const watched = await browser.open();
  const { page } = watched;
  await page.goto(`${server.url}${path}`);
  await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === path);
  await fillSignIn(page, email);
  await page.waitForURL(`${server.url}${path}`);
  return watched;
}

const row = (page: Page, email: string) => page.locator(`[data-test="user"][data-email="${email}"]`);
const tokenRow = (page: Page, name: string) => page.locator(`[data-test="token"][data-name="${name}"]`);

/** Reads a draft with a bearer token, as another tool would. */
async function readDraftWith(secret: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: 'query { draft(slug: "finland") { slug } }' }),
  });
  return (await response.json()) as {
    data?: { draft: { slug: string } | null } | null;
    errors?: { extensions?: { code?: string } }[];
  };
}

describe('admin pages', () => {
  it('an admin adds an editor, sees the generated password once, changes a role and disables an account', async () => {
    const { page, problems } = await signedIn('admin@example.org', '/admin/users');
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await expect(page.locator('[data-test="admin-link"]').textContent()).resolves.toBe('Admin');
    await row(page, 'editor@example.org').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Email', { exact: true }).fill('new-editor@example.org');
    await page.getByLabel('Role', { exact: true }).selectOption('EDITOR');
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Password for new-editor@example.org' });
    await dialog.waitFor();
    await expect(dialog.locator('[data-test="secret-warning"]').textContent()).resolves.toBe(
      'Copy it now: it will not be shown again.',
    );
    const password = await dialog.getByLabel('Generated password').inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'I have copied it, close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(row(page, 'new-editor@example.org').locator('[data-test="user-role"]').textContent()).resolves.toBe(
      'Editor',
    );
    expect(await page.content()).not.toContain(password);

    // Change a role, with a confirmation.
    await row(page, 'new-editor@example.org')
      .getByLabel('New role for new-editor@example.org')
      .selectOption('REVIEWER');
    await row(page, 'new-editor@example.org')
      .getByRole('button', { name: 'Change role of new-editor@example.org' })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Change role?' });
    await confirm.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Make Reviewer' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect(row(page, 'new-editor@example.org').locator('[data-test="user-role"]').textContent()).resolves.toBe(
      'Reviewer',
    );

    // Disable an account; cancelling first changes nothing.
    await row(page, 'leaving@example.org').getByRole('button', { name: 'Disable leaving@example.org' }).click();
    await page.getByRole('dialog', { name: 'Disable account?' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(row(page, 'leaving@example.org').locator('[data-test="user-status"]').textContent()).resolves.toBe(
      'Active',
    );
    await row(page, 'leaving@example.org').getByRole('button', { name: 'Disable leaving@example.org' }).click();
    await page
      .getByRole('dialog', { name: 'Disable account?' })
      .getByRole('button', { name: 'Disable account' })
      .click();
    await row(page, 'leaving@example.org').locator('[data-test="user-status"]').getByText('Disabled').waitFor();

    // The server holds the same: after a reload the page shows it too.
    await page.reload();
    await expect(row(page, 'leaving@example.org').locator('[data-test="user-status"]').textContent()).resolves.toBe(
      'Disabled',
    );
    await expect(row(page, 'new-editor@example.org').locator('[data-test="user-role"]').textContent()).resolves.toBe(
      'Reviewer',
    );
    expect(problems).toEqual([]);
  });

  it('an admin makes a token that reads drafts with Bearer, sees its secret once, and revokes it', async () => {
    const { page, problems } = await signedIn('admin@example.org', '/admin/tokens');
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByText('There are no API tokens yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('What it is for').fill('Nightly export');
    await page.getByLabel('Scope').selectOption('READ');
    await page.getByLabel('Expires in (days)').fill('30');
    await page.getByRole('button', { name: 'Make token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Token “Nightly export”' });
    await dialog.waitFor();
    const secret = await dialog.getByLabel('Token secret').inputValue();
    expect(secret).toMatch(/^cbk_/);
    await expect(dialog.locator('[data-test="secret-warning"]').textContent()).resolves.toContain(
      'it will not be shown again',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'I have copied it, close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(tokenRow(page, 'Nightly export').locator('[data-test="token-status"]').textContent()).resolves.toBe(
      'Active',
    );
    expect(await page.content()).not.toContain(secret);

    const read = await readDraftWith(secret);
    expect(read.errors).toBeUndefined();
    expect(read.data).toHaveProperty('draft');

    await tokenRow(page, 'Nightly export').getByRole('button', { name: 'Revoke Nightly export' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke token?' });
    await confirm.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect(tokenRow(page, 'Nightly export').locator('[data-test="token-status"]').textContent()).resolves.toBe(
      'Revoked',
    );
    expect(
      await tokenRow(page, 'Nightly export')
        .getByRole('button', { name: /Revoke/ })
        .count(),
    ).toBe(0);

    const refused = await readDraftWith(secret);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(problems).toEqual([]);
  });

  it('the audit log shows those actions and filters by action through the URL', async () => {
    const { page, problems } = await signedIn('admin@example.org', '/admin/audit');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.locator('[data-test="audit-event"]').first().waitFor();
    const actions = await page.locator('[data-test="audit-action"]').allTextContents();
    for (const action of ['createUser', 'updateUser', 'createApiToken', 'revokeApiToken', 'signIn'])
      expect(actions).toContain(action);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Action').fill('updateUser');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'updateUser');
    await expect
      .poll(() => page.locator('[data-test="audit-action"]').allTextContents())
      .toEqual(['updateUser', 'updateUser']);

    // The same view from the URL alone, after a reload.
    await page.goto(`${server.url}/admin/audit?action=revokeApiToken`);
    await expect.poll(() => page.locator('[data-test="audit-action"]').allTextContents()).toEqual(['revokeApiToken']);
    await expect(page.getByLabel('Action').inputValue()).resolves.toBe('revokeApiToken');

    await page.goto(`${server.url}/admin/audit?action=noSuchAction`);
    await page.getByText('No event matches these filters.').waitFor();
    expect(problems).toEqual([]);
  });

  it('an editor opening an admin page is told it is for admins only, and sees no Admin link', async () => {
    const { page, problems } = await signedIn('editor@example.org', '/admin/users');
    // The words a reader sees (the markup may wrap them in white space, which a browser collapses).
    expect(await page.locator('[data-test="admins-only"]').innerText()).toBe('Only admins can see this page.');
    expect(await page.locator('[data-test="admin-link"]').count()).toBe(0);
    expect(await page.locator('[data-test="users"]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
