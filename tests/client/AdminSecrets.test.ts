import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Component } from 'vue';
import { createApolloClient } from '@/apollo/client';
import AdminTokenCreateForm from '@/features/admin/components/AdminTokenCreateForm.vue';
import AdminUserCreateForm from '@/features/admin/components/AdminUserCreateForm.vue';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

function mountWithClient(component: Component) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const wrapper = mount(component, { attachTo: document.body, global: { provide: { [DefaultApolloClient]: client } } });
  return { wrapper, held };
}

const USER = {
  __typename: 'User',
  id: 'u9',
  email: 'new-editor@example.org',
  name: '',
  role: 'EDITOR',
  disabled: false,
  createdAt: '2026-11-25T10:00:00.000Z',
};
const TOKEN = {
  __typename: 'ApiToken',
  id: 't1',
  name: 'Nightly export',
  prefix: 'cbk_AbCdEf',
  scope: 'READ',
  createdAt: '2026-11-25T10:00:00.000Z',
  expiresAt: '2027-02-23T10:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
  createdBy: { __typename: 'TokenCreator', id: 'u1', name: 'Ada Admin', active: true },
};

describe('adding an account', () => {
  it('shows a generated password once, in a dialog with a warning and a copy button', async () => {
    const { wrapper, held } = mountWithClient(AdminUserCreateForm);
    expect(wrapper.get('label[for="new-user-email"]').text()).toBe('Email');
    expect(wrapper.get('label[for="new-user-password"]').text()).toBe('Password (optional)');
    await wrapper.get('#new-user-email').setValue(' new-editor@example.org ');
    await wrapper.get('#new-user-role').setValue('EDITOR');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('CreateUser');
    expect(request.variables).toEqual({ email: 'new-editor@example.org', role: 'EDITOR', name: null, password: null });
    request.answer({
      data: {
        createUser: { __typename: 'UserPayload', generatedPassword: 'gen-Pa55word-xyz', user: USER, userErrors: [] },
      },
    });
    await flushPromises();

    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.get('h2').text()).toBe('Password for new-editor@example.org');
    expect((dialog.get('[data-test="secret"]').element as HTMLInputElement).value).toBe('gen-Pa55word-xyz');
    expect(dialog.get('[data-test="secret-warning"]').text()).toBe('Copy it now: it will not be shown again.');
    expect(dialog.attributes('aria-describedby')).toBe(dialog.get('[data-test="secret-warning"]').attributes('id'));

    await dialog.get('[data-test="copy-secret"]').trigger('click');
    await flushPromises();
    await expect(navigator.clipboard.readText()).resolves.toBe('gen-Pa55word-xyz');
    expect(wrapper.get('[role="dialog"] [role="status"]').text()).toBe('Copied.');

    await wrapper.get('[data-test="close-secret"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    // Gone for good: nothing on the page holds the password any more.
    expect(wrapper.html()).not.toContain('gen-Pa55word-xyz');
    expect((wrapper.get('#new-user-email').element as HTMLInputElement).value).toBe('');
  });

  it('shows no dialog when a password was given', async () => {
    const { wrapper, held } = mountWithClient(AdminUserCreateForm);
    await wrapper.get('#new-user-email').setValue('new-editor@example.org');
    await wrapper.get('#new-user-password').setValue('a long enough password');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('CreateUser');
    expect(request.variables).toMatchObject({ password: 'a long enough password' });
    request.answer({
      data: { createUser: { __typename: 'UserPayload', generatedPassword: null, user: USER, userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toBe('Account new-editor@example.org added.');
  });

  it('shows user errors at their fields', async () => {
    const { wrapper, held } = mountWithClient(AdminUserCreateForm);
    await wrapper.get('#new-user-email').setValue('taken@example.org');
    await wrapper.get('#new-user-password').setValue('short');
    await wrapper.get('form').trigger('submit');
    (await held.nextRequest('CreateUser')).answer({
      data: {
        createUser: {
          __typename: 'UserPayload',
          generatedPassword: null,
          user: null,
          userErrors: [
            { __typename: 'UserError', field: 'email', code: 'CONFLICT', message: 'server words' },
            { __typename: 'UserError', field: 'password', code: 'BAD_USER_INPUT', message: 'server words' },
          ],
        },
      },
    });
    await flushPromises();

    expect(wrapper.get('#new-user-email-error').text()).toBe('There is already an account with this email.');
    expect(wrapper.get('#new-user-email').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#new-user-email').attributes('aria-describedby')).toBe('new-user-email-error');
    expect(wrapper.get('#new-user-password-hint').text()).toBe('A password needs at least 12 characters.');
    expect(wrapper.get('#new-user-password').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.get('#new-user-email').element as HTMLInputElement).value).toBe('taken@example.org');
  });
});

describe('making an API token', () => {
  it('refuses a lifetime outside 1 to 366 days without asking the server', async () => {
    const { wrapper, held } = mountWithClient(AdminTokenCreateForm);
    await wrapper.get('#new-token-name').setValue('Nightly export');
    await wrapper.get('#new-token-days').setValue('400');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#new-token-days-hint').text()).toBe('A token lasts from 1 to 366 days.');
    expect(wrapper.get('#new-token-days').attributes('aria-invalid')).toBe('true');
    expect(held.requests).toBe(0);
  });

  it('shows the secret once, in a dialog with a warning and a copy button', async () => {
    const { wrapper, held } = mountWithClient(AdminTokenCreateForm);
    expect(wrapper.get('label[for="new-token-scope"]').text()).toBe('Scope');
    await wrapper.get('#new-token-name').setValue('Nightly export');
    await wrapper.get('#new-token-scope').setValue('WRITE');
    await wrapper.get('#new-token-days').setValue('30');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('CreateApiToken');
    expect(request.variables).toEqual({ name: 'Nightly export', scope: 'WRITE', expiresInDays: 30 });
    request.answer({
      data: {
        createApiToken: {
          __typename: 'CreateApiTokenPayload',
          secret: 'cbk_AbCdEf-the-secret',
          token: { ...TOKEN, scope: 'WRITE' },
          userErrors: [],
        },
      },
    });
    await flushPromises();

    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.get('h2').text()).toBe('Token “Nightly export”');
    expect(dialog.get('label[for="admin-secret"]').text()).toBe('Token secret');
    expect((dialog.get('#admin-secret').element as HTMLInputElement).value).toBe('cbk_AbCdEf-the-secret');
    expect(dialog.get('[data-test="secret-warning"]').text()).toContain('it will not be shown again');
    await dialog.get('[data-test="copy-secret"]').trigger('click');
    await flushPromises();
    await expect(navigator.clipboard.readText()).resolves.toBe('cbk_AbCdEf-the-secret');

    await dialog.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.html()).not.toContain('cbk_AbCdEf-the-secret');
  });

  it('shows a server user error at its field', async () => {
    const { wrapper, held } = mountWithClient(AdminTokenCreateForm);
    await wrapper.get('#new-token-name').setValue('Nightly export');
    await wrapper.get('form').trigger('submit');
    (await held.nextRequest('CreateApiToken')).answer({
      data: {
        createApiToken: {
          __typename: 'CreateApiTokenPayload',
          secret: null,
          token: null,
          userErrors: [{ __typename: 'UserError', field: 'name', code: 'BAD_USER_INPUT', message: 'server words' }],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#new-token-name-error').text()).toBe('Give a name of up to 100 characters.');
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
  });
});
