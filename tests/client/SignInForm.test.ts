import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import SignInForm from '@/features/account/components/SignInForm.vue';
import { ViewerDocument } from '@/gql/graphql';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const USER = { __typename: 'User', id: 'u1', email: 'editor@example.org', name: 'Eda', role: 'EDITOR' };

function mountForm() {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const wrapper = mount(SignInForm, { global: { provide: { [DefaultApolloClient]: client } } });
  return { wrapper, held, client };
}

async function fillAndSubmit(wrapper: ReturnType<typeof mountForm>['wrapper'], email: string, password: string) {
  await wrapper.get('#sign-in-email').setValue(email);
  await wrapper.get('#sign-in-password').setValue(password);
  await wrapper.get('form').trigger('submit');
}

describe('SignInForm', () => {
  it('labels both fields and asks for what is missing without calling the server', async () => {
    const { wrapper, held } = mountForm();
    expect(wrapper.get('label[for="sign-in-email"]').text()).toBe('Email');
    expect(wrapper.get('label[for="sign-in-password"]').text()).toBe('Password');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#sign-in-email-error').text()).toBe('Enter your email address.');
    expect(wrapper.get('#sign-in-email').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#sign-in-password-error').text()).toBe('Enter your password.');
    expect(held.requests).toBe(0);
  });

  it('says the email and password do not match on INVALID_CREDENTIALS, and keeps the email', async () => {
    const { wrapper, held } = mountForm();
    await fillAndSubmit(wrapper, ' editor@example.org ', 'wrong');

    const request = await held.nextRequest('SignIn');
    expect(request.variables).toEqual({ email: 'editor@example.org', password: 'wrong' });
    request.answer({
      data: {
        signIn: {
          __typename: 'SignInPayload',
          user: null,
          userErrors: [{ __typename: 'UserError', field: null, code: 'INVALID_CREDENTIALS', message: 'server words' }],
        },
      },
    });
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toBe(
      'That email and password do not match an active account. Check them and try again.',
    );
    expect((wrapper.get('#sign-in-email').element as HTMLInputElement).value).toBe('editor@example.org');
    expect(wrapper.emitted('signed-in')).toBeUndefined();
  });

  it('tells the person to wait when the server answers RATE_LIMITED', async () => {
    const { wrapper, held } = mountForm();
    await fillAndSubmit(wrapper, 'editor@example.org', 'again');

    (await held.nextRequest('SignIn')).answer({
      errors: [{ message: 'server words', extensions: { code: 'RATE_LIMITED', retryAfter: 120 } }],
      data: null,
    });
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toBe('Too many attempts for now. Try again in 2 minutes.');
    expect(wrapper.emitted('signed-in')).toBeUndefined();
  });

  it('on success, emits the user and makes them the viewer the whole app reads', async () => {
    const { wrapper, held, client } = mountForm();
    await fillAndSubmit(wrapper, 'editor@example.org', 'right-password');

    (await held.nextRequest('SignIn')).answer({
      data: { signIn: { __typename: 'SignInPayload', user: USER, userErrors: [] } },
    });
    await flushPromises();

    expect(wrapper.emitted('signed-in')?.[0]?.[0]).toMatchObject({ email: 'editor@example.org', role: 'EDITOR' });
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(client.readQuery({ query: ViewerDocument })?.viewer).toMatchObject({
      email: 'editor@example.org',
      role: 'EDITOR',
    });
    expect((wrapper.get('#sign-in-password').element as HTMLInputElement).value).toBe('');
  });
});
