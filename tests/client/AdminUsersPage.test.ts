import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import AdminUsersPage from '@/pages/AdminUsersPage.vue';
import { mountAdminPage } from './admin-page';

enableAutoUnmount(afterEach);

const user = (id: string, email: string, role: string, disabled = false) => ({
  __typename: 'User',
  id,
  email,
  name: '',
  role,
  disabled,
  createdAt: '2026-11-25T10:00:00.000Z',
});
const ADMIN = user('u1', 'admin@example.org', 'ADMIN');
const EDITOR = user('u2', 'editor@example.org', 'EDITOR');

/** The accounts page, which asks for the accounts once it knows an admin is signed in. */
async function mountTable() {
  const { wrapper, held } = await mountAdminPage(AdminUsersPage, '/admin/users');
  (await held.nextRequest('Users')).answer({ data: { users: [ADMIN, EDITOR] } });
  await flushPromises();
  return { wrapper, held };
}

const editorRow = (wrapper: Awaited<ReturnType<typeof mountTable>>['wrapper']) =>
  wrapper.get('[data-test="user"][data-email="editor@example.org"]');

describe('the accounts page', () => {
  it("offers no role change or disabling for the admin's own account", async () => {
    const { wrapper } = await mountTable();
    const own = wrapper.get('[data-test="user"][data-email="admin@example.org"]');
    expect(own.find('button').exists()).toBe(false);
    expect(editorRow(wrapper).get('label').text()).toBe('New role for editor@example.org');
  });

  it('changes a role only after confirmation', async () => {
    const { wrapper, held } = await mountTable();
    await editorRow(wrapper).get('[data-test="role-select"]').setValue('REVIEWER');
    await editorRow(wrapper).get('[data-test="change-role"]').trigger('click');
    expect(held.pending()).toHaveLength(0);
    expect(wrapper.get('[role="dialog"]').text()).toContain('editor@example.org will become Reviewer.');

    await wrapper.get('[data-test="confirm"]').trigger('click');
    const request = await held.nextRequest('UpdateUser');
    expect(request.variables).toEqual({ id: 'u2', role: 'REVIEWER', disabled: null });
    request.answer({
      data: {
        updateUser: {
          __typename: 'UserPayload',
          user: { __typename: 'User', id: 'u2', role: 'REVIEWER', disabled: false },
          userErrors: [],
        },
      },
    });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(editorRow(wrapper).get('[data-test="user-role"]').text()).toBe('Reviewer');
    expect(wrapper.get('[data-test="user-change-done"]').text()).toBe('editor@example.org is now Reviewer.');
  });

  it('keeps the dialog open with the reason when the server refuses, and cancelling changes nothing', async () => {
    const { wrapper, held } = await mountTable();
    await editorRow(wrapper).get('[data-test="disable-user"]').trigger('click');
    await wrapper.get('[data-test="confirm"]').trigger('click');
    const request = await held.nextRequest('UpdateUser');
    expect(request.variables).toEqual({ id: 'u2', role: null, disabled: true });
    request.answer({
      data: {
        updateUser: {
          __typename: 'UserPayload',
          user: null,
          userErrors: [{ __typename: 'UserError', field: 'id', code: 'NOT_FOUND', message: 'server words' }],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="confirm-problem"]').text()).toBe('There is no such account.');

    await wrapper.get('[data-test="cancel"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(editorRow(wrapper).get('[data-test="user-status"]').text()).toBe('Active');
  });
});
