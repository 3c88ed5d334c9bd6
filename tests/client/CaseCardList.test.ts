import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import CaseCardList from '@/features/home/components/CaseCardList.vue';
import type { CaseCardsQuery } from '@/gql/graphql';
import HomePage from '@/pages/HomePage.vue';
import { limits } from '@casebook/schema';
import { holdingLink, type HeldLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const Blank = defineComponent({ render: () => null });

/** The routes the list links to; the list is mounted in the home page, which asks for the cases. */
async function routerAt(url: string): Promise<Router> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/cases/:slug', component: Blank },
    ],
  });
  await router.push(url);
  await router.isReady();
  return router;
}

/** The app's own Apollo client (its cache and fetch policies) talking to a link the test answers. */
function fakeApi(): HeldLink & { client: ReturnType<typeof createApolloClient> } {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  return Object.assign(held, { client });
}

type Card = CaseCardsQuery['caseStudies']['nodes'][number];

/** The query's data as the server sends it: with the __typename fields the cache asks for. */
function served(nodes: Card[]) {
  return {
    data: {
      caseStudies: {
        __typename: 'CaseStudyConnection',
        totalCount: nodes.length,
        nodes: nodes.map((node) => ({
          __typename: 'CaseStudy',
          ...node,
          reviewed: node.reviewed && { __typename: 'PartialDate', ...node.reviewed },
        })),
      },
    },
  };
}

const FINLAND: Card = {
  id: '1',
  slug: 'finland',
  name: 'Finland',
  kind: 'COUNTRY',
  jurisdiction: 'Finland',
  summary: 'Wellbeing services counties since 2023.',
  baseline: false,
  edition: 2,
  publishedAt: '2024-03-01T12:00:00.000Z',
  matchReasons: [],
  reviewed: { text: '2026-12' },
};
const POLICE: Card = {
  id: '2',
  slug: 'police-scotland',
  name: 'Police Scotland',
  kind: 'SERVICE_REFORM',
  jurisdiction: 'Scotland',
  summary: 'Eight forces merged in 2013.',
  baseline: false,
  edition: 1,
  publishedAt: '2023-11-20T09:30:00.000Z',
  matchReasons: [],
  reviewed: null,
};
const SCOTLAND: Card = {
  id: '3',
  slug: 'scotland',
  name: 'Scotland today',
  kind: 'COUNTRY',
  jurisdiction: 'Scotland',
  summary: 'The system the others are compared with.',
  baseline: true,
  edition: 4,
  publishedAt: '2025-01-15T08:00:00.000Z',
  matchReasons: [],
  reviewed: null,
};

/** The home page's other queries (Study, Vocabularies), each asked once when it mounts. */
const OTHER_QUERIES = 2;

/** What the list asks for when no filter is set: the largest page the API serves. */
const UNFILTERED = {
  first: limits.pageSize.max,
  search: null,
  kind: null,
  serviceArea: null,
  connectedToServiceArea: null,
  theme: null,
};

/** Errors the component let escape (from event handlers, say), which a user's console would show. */
let uncaught: unknown[] = [];

async function mountList(api: ReturnType<typeof fakeApi>, url = '/') {
  uncaught = [];
  const router = await routerAt(url);
  const page = mount(HomePage, {
    global: {
      plugins: [router],
      provide: { [DefaultApolloClient]: api.client },
      config: { errorHandler: (error) => void uncaught.push(error) },
    },
  });
  // Only the list is looked at: the page's intro has its own loading line.
  return { wrapper: page.getComponent(CaseCardList), router };
}

type Mounted = Awaited<ReturnType<typeof mountList>>['wrapper'];

function headingText(wrapper: Mounted): string {
  return wrapper.get('h2').text().replace(/\s+/g, ' ');
}

/** Every live-region line, so that a stale "Loading…" or a missing count both show. */
function statusLines(wrapper: Mounted): string[] {
  return wrapper
    .findAll('[role="status"]')
    .map((s) => s.text())
    .filter(Boolean);
}

function cardNames(wrapper: Mounted): string[] {
  return wrapper.findAll('[data-test="case-card"] h3').map((h) => h.text());
}

describe('CaseCardList', () => {
  it('says it is loading, and is busy, until the cases arrive', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api);
    const request = await api.nextRequest('CaseCards');

    expect(statusLines(wrapper)).toEqual(['Loading case studies…']);
    expect(wrapper.get('section').attributes('aria-busy')).toBe('true');
    expect(headingText(wrapper)).toBe('Case studies');
    expect(wrapper.findAll('li')).toHaveLength(0);

    request.answer(served([FINLAND, POLICE]));
    await flushPromises();
    expect(statusLines(wrapper)).toEqual(['2 case studies shown']);
    expect(wrapper.get('section').attributes('aria-busy')).toBe('false');
  });

  it('shows a card per case: its name linking to its profile, its kind and jurisdiction in words, its summary and last review', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api);
    const request = await api.nextRequest('CaseCards');
    expect(request.variables).toEqual(UNFILTERED);

    request.answer(served([FINLAND, POLICE, SCOTLAND]));
    await flushPromises();

    expect(cardNames(wrapper)).toEqual(['Finland', 'Police Scotland', 'Scotland today']);
    const cards = wrapper.findAll('[data-test="case-card"]');
    expect(cards.map((card) => card.get('h3 a').attributes('href'))).toEqual([
      '/cases/finland',
      '/cases/police-scotland',
      '/cases/scotland',
    ]);
    expect(cards.map((card) => card.get('.meta').text().replace(/\s+/g, ' '))).toEqual([
      'Country · Finland',
      'Service reform · Scotland',
      'Country · Scotland · Baseline for comparison',
    ]);
    expect(cards[1]?.text()).toContain('Eight forces merged in 2013.');
    // The last review in words, where the case has one; never the date it was stored.
    expect(
      cards.map((card) => {
        const reviewed = card.find('[data-test="reviewed"]');
        return reviewed.exists() ? reviewed.text().replace(/\s+/g, ' ') : null;
      }),
    ).toEqual(['Last reviewed December 2026', null, null]);
    expect(wrapper.text()).not.toContain('published');
    // Only the baseline says so; no card shows a raw enum value.
    expect(cards.filter((card) => card.text().includes('Baseline'))).toHaveLength(1);
    expect(wrapper.text()).not.toMatch(/COUNTRY|SERVICE_REFORM/);
    expect(headingText(wrapper)).toBe('Case studies (3)');
    expect(wrapper.find('.query-empty').exists()).toBe(false);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('follows a card link to the case profile route', async () => {
    const api = fakeApi();
    const { wrapper, router } = await mountList(api);
    (await api.nextRequest('CaseCards')).answer(served([FINLAND, POLICE]));
    await flushPromises();

    await wrapper.get('[data-slug="police-scotland"] h3 a').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/cases/police-scotland');
  });

  it('says so when no case studies have been published', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api);
    (await api.nextRequest('CaseCards')).answer(served([]));
    await flushPromises();

    expect(wrapper.get('.query-empty').text()).toBe('No case studies have been published yet.');
    expect(wrapper.findAll('li')).toHaveLength(0);
    expect(headingText(wrapper)).toBe('Case studies (0)');
  });

  it('asks with the filters in the URL, and says that nothing matches them when nothing does', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api, '/?q=zzz&kind=SERVICE_REFORM&area=health&theme=workforce');
    const request = await api.nextRequest('CaseCards');
    expect(request.variables).toEqual({
      first: limits.pageSize.max,
      search: 'zzz',
      kind: 'SERVICE_REFORM',
      serviceArea: 'health',
      connectedToServiceArea: null,
      theme: 'workforce',
    });

    request.answer(served([]));
    await flushPromises();
    expect(wrapper.get('.query-empty').text()).toBe('No case study matches these filters.');
    expect(wrapper.text()).not.toContain('No case studies have been published yet.');
    expect(headingText(wrapper)).toBe('Case studies (0)');
  });

  it('asks again when the URL filters change, and shows the new answer', async () => {
    const api = fakeApi();
    const { wrapper, router } = await mountList(api);
    (await api.nextRequest('CaseCards')).answer(served([FINLAND, POLICE, SCOTLAND]));
    await flushPromises();

    await router.replace({ query: { kind: 'SERVICE_REFORM' } });
    const filtered = await api.nextRequest('CaseCards');
    expect(filtered.variables).toEqual({ ...UNFILTERED, kind: 'SERVICE_REFORM' });
    filtered.answer(served([POLICE]));
    await flushPromises();
    expect(cardNames(wrapper)).toEqual(['Police Scotland']);
    expect(headingText(wrapper)).toBe('Case studies (1)');

    await router.replace({ query: { theme: 'ict-data' } });
    (await api.nextRequest('CaseCards')).answer(served([]));
    await flushPromises();
    expect(wrapper.get('.query-empty').text()).toBe('No case study matches these filters.');
  });

  it('says the cases could not be loaded, and "Try again" asks again and shows them', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api);
    (await api.nextRequest('CaseCards')).fail(new TypeError('Failed to fetch'));
    await flushPromises();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('The case studies could not be loaded.');
    expect(alert.text()).toContain('The server could not be reached.');
    expect(wrapper.findAll('li')).toHaveLength(0);

    await alert.get('button').trigger('click');
    const retry = await api.nextRequest('CaseCards');
    expect(api.requests).toBe(2 + OTHER_QUERIES);
    expect(retry.variables).toEqual(UNFILTERED);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(statusLines(wrapper)).toEqual(['Loading case studies…']);

    retry.answer(served([FINLAND, POLICE]));
    await flushPromises();
    expect(cardNames(wrapper)).toEqual(['Finland', 'Police Scotland']);
    expect(headingText(wrapper)).toBe('Case studies (2)');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(uncaught).toEqual([]);
  });

  it('shows the message for the error code and offers "Try again" again when the retry fails too', async () => {
    const api = fakeApi();
    const { wrapper } = await mountList(api);
    (await api.nextRequest('CaseCards')).answer({
      errors: [{ message: 'database is down', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toContain('The server had a problem. Please try again.');
    expect(wrapper.text()).not.toContain('database is down');

    await wrapper.get('[role="alert"] button').trigger('click');
    (await api.nextRequest('CaseCards')).fail(new TypeError('Failed to fetch'));
    await flushPromises();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('The server could not be reached.');
    expect(alert.get('button').text()).toBe('Try again');
    expect(api.requests).toBe(2 + OTHER_QUERIES);
    expect(uncaught).toEqual([]);
  });
});
