import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPage from '@/pages/DraftPage.vue';
import { draftDocument, draftRouter, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

// A link to the draft page with `?open=<path>` (as the coverage map's cells give) opens the form of
// that part once the draft and the viewer are known, in the part's pane, and the address then names
// the pane instead, so that a reload shows the pane without opening the form again.
enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

async function mountAt(path: string, role: string) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter(path);
  const wrapper = mount(DraftPage, {
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
    attachTo: document.body,
  });
  (await held.nextRequest('Draft')).answer(servedDraftQuery(3, draftDocument()));
  await flushPromises();
  (await held.nextRequest('Viewer')).answer({
    data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'someone@example.org', name: null, role } },
  });
  (await held.nextRequest('DraftServiceAreas')).answer({ data: { serviceAreas: [] } });
  await flushPromises();
  return { wrapper, router };
}

describe('a link that opens a part of the draft', () => {
  it('opens that part’s form for an editor, and the address names its pane instead', async () => {
    const { wrapper, router } = await mountAt('/cases/testland/draft?open=lessons.1', 'EDITOR');
    const form = wrapper.get('[data-pane="lessons"] [data-test="part-form"]');
    expect((form.get('#part-title').element as HTMLInputElement).value).toBe('Second lesson');
    expect(router.currentRoute.value.fullPath).toBe('/cases/testland/draft?part=lessons');
  });

  it('opens no form for someone who may only read the draft, only the part’s pane', async () => {
    const { wrapper, router } = await mountAt('/cases/testland/draft?open=lessons.1', 'REVIEWER');
    expect(wrapper.find('[data-test="part-form"]').exists()).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/cases/testland/draft?part=lessons');
  });
});
