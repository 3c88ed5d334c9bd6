import { DefaultApolloClient } from '@vue/apollo-composable';
import { flushPromises, mount } from '@vue/test-utils';
import { onTestFinished } from 'vitest';
import { defineComponent, h, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import { holdingLink } from '../support/held-link';

const blank = defineComponent({ render: () => h('div') });

/** The signed-in admin the admin pages are shown to. */
export const SIGNED_IN_ADMIN = { __typename: 'User', id: 'u1', email: 'admin@example.org', name: '', role: 'ADMIN' };

/**
 * Mounts a page at `path` over a held Apollo link, and answers its viewer query with `viewer`
 * (the signed-in admin unless told), so the page goes on to ask for its own data.
 */
export async function mountAdminPage(page: Component, path: string, viewer: object | null = SIGNED_IN_ADMIN) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      ...['/admin/users', '/admin/tokens', '/admin/audit', '/sign-in'].map((p) => ({ path: p, component: blank })),
      // Links to other pages resolve, as they do in the app.
      { path: '/:rest(.*)*', component: blank },
    ],
  });
  await router.push(path);
  const wrapper = mount(page, {
    attachTo: document.body,
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  (await held.nextRequest('Viewer')).answer({ data: { viewer } });
  await flushPromises();
  return { wrapper, held, router };
}
