import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import SourceCitingClaims from '@/features/sources/components/SourceCitingClaims.vue';
import type { CitingClaimPageFragment } from '@/gql/graphql';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

type Claim = CitingClaimPageFragment['nodes'][number] & { __typename: string };
const claim = (n: number, slug: string | null): Claim => ({
  __typename: 'CitingClaim',
  claimType: 'REFORM_LESSON',
  key: `lesson-${n}`,
  label: `Lesson ${n}`,
  words: `Lesson “Lesson ${n}” among the reform lessons`,
  tier: null,
  period: null,
  locator: null,
  caseStudy: slug ? ({ __typename: 'CaseStudy', slug, name: slug.toUpperCase() } as Claim['caseStudy']) : null,
});
const page = (nodes: Claim[], totalCount: number, endCursor: string | null) => ({
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
    const groups = () =>
      wrapper
        .findAll('[data-test="citing-case"]')
        .map((li) => [li.get('.case-name').text(), ...li.findAll('[data-test="citing-claim"]').map((c) => c.text())]);
    expect(groups()).toHaveLength(2);
    expect(groups()[1]).toEqual([
      'BETA',
      'Lesson “Lesson 9” among the reform lessons',
      'Lesson “Lesson 10” among the reform lessons',
    ]);
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
    expect(groups().map((g) => [g[0], g.length - 1])).toEqual([
      ['ALPHALAND', 8],
      ['BETA', 3],
      ['GAMMA', 1],
    ]);
    expect(groups()[2]).toEqual(['GAMMA', 'Lesson “Lesson 12” among the reform lessons']);
    expect(wrapper.find('[data-test="more-citing-claims"]').exists()).toBe(false);
  });

  it('names the research itself for the claims about it, and offers no button when all are shown', async () => {
    const { wrapper } = await mountClaims(page([claim(1, null)], 1, null));
    expect(wrapper.get('summary').text()).toBe('Cited by 1 claim');
    expect(wrapper.get('[data-test="citing-case"] .case-name').text()).toBe('About the research');
    expect(wrapper.get('[data-test="citing-claim"]').text()).toBe('Lesson “Lesson 1” among the reform lessons');
    expect(wrapper.find('[data-test="citing-claim"] a').exists()).toBe(false);
    expect(wrapper.find('[data-test="more-citing-claims"]').exists()).toBe(false);
  });

  it('links each claim of a case to its place on the case page: its period and tier, its row, the timeline, the lessons', async () => {
    const body: Claim = {
      ...claim(1, 'finland'),
      claimType: 'BODY',
      key: 'wellbeing-services-counties',
      label: 'Wellbeing services counties',
      words:
        'Body “Wellbeing services counties” in the regional level “Wellbeing services counties”, in the period “From 2023”',
      tier: 'REGIONAL',
      period: { __typename: 'StructurePeriod', id: 'UGVyaW9kOjE', key: 'from-2023' } as Claim['period'],
      locator: 'section 3',
    };
    const connection: Claim = {
      ...claim(2, 'finland'),
      claimType: 'SERVICE_CONNECTION',
      key: 'health-and-social-work',
      words: 'Connection “Health care and Children’s social work and care”, in the period “From 2023”',
      period: body.period,
    };
    const responsibility: Claim = {
      ...claim(4, 'finland'),
      claimType: 'RESPONSIBILITY',
      key: 'counties-deliver-social-work',
      words:
        'Responsibility “Delivery: Children’s social work and care” of Wellbeing services counties, in the regional level “Wellbeing services counties”, in the period “From 2023”',
      tier: 'REGIONAL',
      period: body.period,
    };
    const { wrapper } = await mountClaims(page([body, connection, responsibility, claim(3, 'finland')], 4, null));
    const links = wrapper.findAll('[data-test="citing-claim"]').map((c) => [c.text(), c.get('a').attributes('href')]);
    // A responsibility or a connection leads to its own row, named by its period and its key.
    expect(links).toEqual([
      [`${body.words}, section 3`, '/cases/finland?period=from-2023#tier-REGIONAL'],
      [connection.words, '/cases/finland?period=from-2023#connection-from-2023--health-and-social-work'],
      [responsibility.words, '/cases/finland?period=from-2023#responsibility-from-2023--counties-deliver-social-work'],
      ['Lesson “Lesson 3” among the reform lessons', '/cases/finland#lessons-heading'],
    ]);
    expect(wrapper.text()).not.toMatch(
      /wellbeing-services-counties|health-and-social-work|counties-deliver|REGIONAL|from-2023/,
    );
  });
});
