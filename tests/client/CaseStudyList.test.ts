import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { ApolloLink, Observable, type FetchResult } from '@apollo/client/core';
import { DefaultApolloClient } from '@vue/apollo-composable';
import CaseStudyList from '../../client/src/features/cases/components/CaseStudyList.vue';
import { createApolloClient } from '../../client/src/apollo/client';
import type { CaseStudiesQuery } from '../../client/src/gql/graphql';

enableAutoUnmount(afterEach);

/** A request the component made, held until the test answers it. */
interface HeldRequest {
  operationName: string;
  variables: Record<string, unknown>;
  answer(result: FetchResult): void;
  fail(error: Error): void;
}

/**
 * The app's own Apollo client (its cache and fetch policies) talking to a link that holds every
 * request until the test answers it, so loading, data and error states can each be looked at.
 */
function fakeApi() {
  const held: HeldRequest[] = [];
  let requests = 0;
  const client = createApolloClient();
  client.setLink(
    new ApolloLink(
      (operation) =>
        new Observable<FetchResult>((observer) => {
          requests += 1;
          held.push({
            operationName: operation.operationName,
            variables: operation.variables,
            answer(result) {
              observer.next(result);
              observer.complete();
            },
            fail: (error) => observer.error(error),
          });
        }),
    ),
  );
  onTestFinished(() => client.stop());
  return {
    client,
    get requests() {
      return requests;
    },
    /** Waits for the component's next request and takes it off the queue. */
    async nextRequest(): Promise<HeldRequest> {
      await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
      return held.shift()!;
    },
  };
}

/** The query's data as the server sends it: with the __typename fields the cache asks for. */
function served(query: CaseStudiesQuery) {
  const { nodes, pageInfo, ...connection } = query.caseStudies;
  return {
    data: {
      caseStudies: {
        __typename: 'CaseStudyConnection',
        ...connection,
        nodes: nodes.map((node) => ({ __typename: 'CaseStudy', ...node })),
        pageInfo: { __typename: 'PageInfo', ...pageInfo },
      },
    },
  };
}

const TWO_CASES: CaseStudiesQuery = {
  caseStudies: {
    totalCount: 2,
    nodes: [
      { id: '1', slug: 'finland', name: 'Finland', kind: 'COUNTRY', summary: 'Wellbeing services counties since 2023.' },
      { id: '2', slug: 'police-scotland', name: 'Police Scotland', kind: 'SERVICE_REFORM', summary: 'Eight forces merged in 2013.' },
    ],
    pageInfo: { hasNextPage: false, endCursor: 'c2' },
  },
};

const NO_CASES: CaseStudiesQuery = {
  caseStudies: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
};

/** Errors the component let escape (from event handlers, say), which a user's console would show. */
let uncaught: unknown[] = [];

function mountList(api: ReturnType<typeof fakeApi>) {
  uncaught = [];
  return mount(CaseStudyList, {
    global: {
      provide: { [DefaultApolloClient]: api.client },
      config: { errorHandler: (error) => void uncaught.push(error) },
    },
  });
}

function headingText(wrapper: ReturnType<typeof mountList>): string {
  return wrapper.get('h2').text().replace(/\s+/g, ' ');
}

describe('CaseStudyList', () => {
  it('says it is loading, and is busy, until the cases arrive', async () => {
    const api = fakeApi();
    const wrapper = mountList(api);
    const request = await api.nextRequest();

    expect(wrapper.get('[role="status"]').text()).toBe('Loading case studies…');
    expect(wrapper.get('section').attributes('aria-busy')).toBe('true');
    expect(headingText(wrapper)).toBe('Case studies');

    request.answer(served(TWO_CASES));
    await flushPromises();
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
    expect(wrapper.get('section').attributes('aria-busy')).toBe('false');
  });

  it('shows a card per case with its name, kind and summary, and the count in the heading', async () => {
    const api = fakeApi();
    const wrapper = mountList(api);
    const request = await api.nextRequest();
    expect(request.operationName).toBe('CaseStudies');
    expect(request.variables).toEqual({ first: 50 });

    request.answer(served(TWO_CASES));
    await flushPromises();

    const cards = wrapper.findAll('li.case-card');
    expect(cards.map((card) => card.get('h3').text())).toEqual(['Finland', 'Police Scotland']);
    expect(cards.map((card) => card.get('.kind').text())).toEqual(['Country', 'Service reform']);
    expect(cards[1]?.text()).toContain('Eight forces merged in 2013.');
    expect(headingText(wrapper)).toBe('Case studies (2)');
    expect(wrapper.find('.empty').exists()).toBe(false);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('says so when no case studies have been published', async () => {
    const api = fakeApi();
    const wrapper = mountList(api);
    (await api.nextRequest()).answer(served(NO_CASES));
    await flushPromises();

    expect(wrapper.text()).toContain('No case studies have been published yet.');
    expect(wrapper.findAll('li')).toHaveLength(0);
    expect(headingText(wrapper)).toBe('Case studies (0)');
  });

  it('says the cases could not be loaded, and "Try again" asks again and shows them', async () => {
    const api = fakeApi();
    const wrapper = mountList(api);
    (await api.nextRequest()).fail(new TypeError('Failed to fetch'));
    await flushPromises();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('The case studies could not be loaded.');
    expect(alert.text()).toContain('The server could not be reached.');
    expect(wrapper.findAll('li')).toHaveLength(0);

    await alert.get('button').trigger('click');
    const retry = await api.nextRequest();
    expect(api.requests).toBe(2);
    expect(retry.variables).toEqual({ first: 50 });
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toBe('Loading case studies…');

    retry.answer(served(TWO_CASES));
    await flushPromises();
    expect(wrapper.findAll('li.case-card h3').map((h) => h.text())).toEqual(['Finland', 'Police Scotland']);
    expect(headingText(wrapper)).toBe('Case studies (2)');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(uncaught).toEqual([]);
  });

  it('shows the message for the error code and offers "Try again" again when the retry fails too', async () => {
    const api = fakeApi();
    const wrapper = mountList(api);
    (await api.nextRequest()).answer({ errors: [{ message: 'database is down', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toContain('The server had a problem. Please try again.');
    expect(wrapper.text()).not.toContain('database is down');

    await wrapper.get('[role="alert"] button').trigger('click');
    (await api.nextRequest()).fail(new TypeError('Failed to fetch'));
    await flushPromises();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('The server could not be reached.');
    expect(alert.find('button').text()).toBe('Try again');
    expect(api.requests).toBe(2);
    expect(uncaught).toEqual([]);
  });
});
