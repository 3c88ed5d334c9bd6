import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import AccountSessions from '@/features/account/components/AccountSessions.vue';
import ChangePasswordForm from '@/features/account/components/ChangePasswordForm.vue';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

function mountWith(component: typeof ChangePasswordForm | typeof AccountSessions) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const wrapper = mount(component, { global: { provide: { [DefaultApolloClient]: client } } });
  return { wrapper, held };
}

const SESSION = (id: string, current: boolean) => ({
  __typename: 'Session',
  id,
  createdAt: '2026-12-01T09:30:00.000Z',
  expiresAt: '2026-12-01T21:30:00.000Z',
  current,
});

describe('ChangePasswordForm', () => {
  it('checks the new password’s length before asking the server', async () => {
    const { wrapper, held } = mountWith(ChangePasswordForm);
    await wrapper.get('#current-password').setValue('old one');
    await wrapper.get('#new-password').setValue('short');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#new-password').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Use at least 12 characters');
    expect(held.requests).toBe(0);
  });

  it('shows a wrong current password at its field, and says how many other sessions ended', async () => {
    const { wrapper, held } = mountWith(ChangePasswordForm);
    await wrapper.get('#current-password').setValue('not it');
    await wrapper.get('#new-password').setValue('a brand new password');
    await wrapper.get('form').trigger('submit');
    const wrong = await held.nextRequest('ChangePassword');
    expect(wrong.variables).toEqual({ currentPassword: 'not it', newPassword: 'a brand new password' });
    wrong.answer({
      data: {
        changePassword: {
          __typename: 'SessionsEndedPayload',
          endedSessions: 0,
          userErrors: [
            { __typename: 'UserError', field: 'currentPassword', code: 'INVALID_CREDENTIALS', message: 'server words' },
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#current-password').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('That is not your current password.');

    await wrapper.get('#current-password').setValue('the right one');
    await wrapper.get('form').trigger('submit');
    (await held.nextRequest('ChangePassword')).answer({
      data: { changePassword: { __typename: 'SessionsEndedPayload', endedSessions: 2, userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="change-password-done"]').text()).toBe(
      'Your password is changed. Your 2 other sessions have ended.',
    );
    expect((wrapper.get('#current-password').element as HTMLInputElement).value).toBe('');
  });
});

describe('AccountSessions', () => {
  it('lists the sessions, marks this browser and ends another one', async () => {
    const { wrapper, held } = mountWith(AccountSessions);
    (await held.nextRequest('Sessions')).answer({
      data: { sessions: [SESSION('s1', true), SESSION('s2', false), SESSION('s3', false)] },
    });
    await flushPromises();
    expect(wrapper.findAll('[data-test="session-row"]')).toHaveLength(3);
    expect(wrapper.text()).toContain('This browser');
    expect(wrapper.findAll('[data-test="end-session"]')).toHaveLength(2);
    expect(wrapper.find('[data-test="end-other-sessions"]').exists()).toBe(true);

    await wrapper.get('[data-test="end-session"]').trigger('click');
    const end = await held.nextRequest('EndSessions');
    expect(end.variables).toEqual({ id: 's2' });
    end.answer({ data: { endSessions: { __typename: 'SessionsEndedPayload', endedSessions: 1, userErrors: [] } } });
    (await held.nextRequest('Sessions')).answer({ data: { sessions: [SESSION('s1', true), SESSION('s3', false)] } });
    await flushPromises();
    expect(wrapper.findAll('[data-test="session-row"]')).toHaveLength(2);
  });
});
