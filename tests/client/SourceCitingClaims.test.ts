import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import SourceCitingClaims from '@/features/sources/components/SourceCitingClaims.vue';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const claim = (n: number, slug: string | null) => ({
  __typename: 'CitingClaim',
  claimType: 'REFORM_LESSON' as const,
  key: `lesson-${n}`,
  label: `Lesson ${n}`,
  locator: null,
  caseStudy: slug ? { __typename: 'CaseStudy', slug, name: slug.toUpperCase() } : null,
});
const page = (nodes: ReturnType<typeof claim>[], totalCount: number, endCursor: string | null) => ({
  __typename: 'CitingClaimConnection',
  totalCount,
  pageInfo: { __typename: 'PageInfo', hasNextPage: endCursor !== null, endCursor },
  nodes,
});

async function mountClaims(citedBy: ReturnType<typeof page>) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:any(.*)*', component: defineComponent({ render: () => null }) }],
  });
  await router.push('/sources');
  const wrapper = mount(SourceCitingClaims, {
    attachTo: document.body,
    props: { sourceId: 'U291cmNlOjE', citedBy },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}

describe('the claims citing a source', () => {
  it('says how many there are, lists the first page by case, and the rest on "Show more claims"', async () => {
    const first = Array.from({ length: 10 }, (_, i) => claim(i + 1, i < 8 ? 'alphaland' : 'beta'));
    const { wrapper, held } = await mountClaims(page(first, 12, 'cursor-9'));
    expect(wrapper.get('summary').text()).toBe('Cited by 12 claims');
    const groups = () => wrapper.findAll('li').map((li) => li.text());
    expect(groups()).toHaveLength(2);
    expect(groups()[1]).toBe('BETA: Lesson 9 (Reform lesson); Lesson 10 (Reform lesson)');
    const more = wrapper.get('[data-test="more-citing-claims"]');
    expect(more.element.tagName).toBe('BUTTON');
    expect(more.text()).toBe('Show more claims (10 of 12 shown)');

    await more.trigger('click');
    const request = await held.nextRequest('SourceCitedBy');
    expect(request.variables).toEqual({ id: 'U291cmNlOjE', first: 100, after: 'cursor-9' });
    request.answer({
      data: {
        node: {
          __typename: 'Source',
          id: 'U291cmNlOjE',
          citedBy: page([claim(11, 'beta'), claim(12, 'gamma')], 12, null),
        },
      },
    });
    await flushPromises();
    expect(groups()).toEqual([
      expect.stringMatching(/^ALPHALAND: Lesson 1 /),
      'BETA: Lesson 9 (Reform lesson); Lesson 10 (Reform lesson); Lesson 11 (Reform lesson)',
      'GAMMA: Lesson 12 (Reform lesson)',
    ]);
    expect(wrapper.find('[data-test="more-citing-claims"]').exists()).toBe(false);
  });

  it('names the study record for its claims, and offers no button when all are shown', async () => {
    const { wrapper } = await mountClaims(page([claim(1, null)], 1, null));
    expect(wrapper.get('summary').text()).toBe('Cited by 1 claim');
    expect(wrapper.get('li').text()).toBe('The study record: Lesson 1 (Reform lesson)');
    expect(wrapper.find('[data-test="more-citing-claims"]').exists()).toBe(false);
  });
});
