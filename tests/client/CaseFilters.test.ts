import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import CaseFilters from '@/features/home/components/CaseFilters.vue';
import type { VocabulariesQuery } from '@/gql/graphql';
import HomePage from '@/pages/HomePage.vue';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.useRealTimers();
});

const Blank = defineComponent({ render: () => null });

async function routerAt(url: string): Promise<Router> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Blank }] });
  await router.push(url);
  await router.isReady();
  return router;
}

const VOCABULARIES: VocabulariesQuery = {
  serviceAreas: [
    { key: 'childrens-social-work', name: "Children's social work" },
    { key: 'health', name: 'Health' },
  ],
  lessonThemes: [
    { key: 'governance-accountability', name: 'Governance and accountability' },
    { key: 'workforce', name: 'Workforce' },
  ],
};

function served(vocab: VocabulariesQuery) {
  return {
    data: {
      serviceAreas: vocab.serviceAreas.map((a) => ({ __typename: 'ServiceArea', ...a })),
      lessonThemes: vocab.lessonThemes.map((t) => ({ __typename: 'LessonTheme', ...t })),
    },
  };
}

/** Mounts the home page at `url` with the vocabularies answered; gives back its filters. */
async function mountFilters(url = '/') {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await routerAt(url);
  // The home page asks for the vocabularies and gives them to the filters.
  const page = mount(HomePage, { global: { plugins: [router], provide: { [DefaultApolloClient]: client } } });
  (await held.nextRequest('Vocabularies')).answer(served(VOCABULARIES));
  await flushPromises();
  return { wrapper: page.getComponent(CaseFilters), router, held };
}

type Mounted = Awaited<ReturnType<typeof mountFilters>>['wrapper'];

function query(router: Router): Record<string, unknown> {
  return { ...router.currentRoute.value.query };
}

function options(wrapper: Mounted, select: string): [string, string][] {
  return wrapper
    .get(select)
    .findAll('option')
    .map((o) => [o.attributes('value') ?? '', o.text()]);
}

describe('CaseFilters', () => {
  it('offers the service areas and lesson themes from the Vocabularies operation, each with an "any" choice', async () => {
    const { wrapper } = await mountFilters();

    expect(options(wrapper, '#case-area')).toEqual([
      ['', 'Any service area'],
      ['childrens-social-work', "Children's social work"],
      ['health', 'Health'],
    ]);
    expect(options(wrapper, '#case-theme')).toEqual([
      ['', 'Any theme'],
      ['governance-accountability', 'Governance and accountability'],
      ['workforce', 'Workforce'],
    ]);
    expect(options(wrapper, '#case-kind')).toEqual([
      ['', 'Any kind'],
      ['COUNTRY', 'Country'],
      ['SERVICE_REFORM', 'Service reform'],
    ]);
    // Every control is labelled, and nothing offers to clear filters that are not set.
    for (const id of ['case-search', 'case-kind', 'case-area', 'case-theme'])
      expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    expect(wrapper.find('[data-test="filter-clear"]').exists()).toBe(false);
  });

  it('writes the chosen kind, service area and theme to the URL', async () => {
    const { wrapper, router } = await mountFilters();

    await wrapper.get('#case-kind').setValue('SERVICE_REFORM');
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'SERVICE_REFORM' });

    await wrapper.get('#case-area').setValue('health');
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'SERVICE_REFORM', area: 'health' });

    await wrapper.get('#case-theme').setValue('workforce');
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'SERVICE_REFORM', area: 'health', theme: 'workforce' });

    // Choosing "any" again takes the parameter out of the URL rather than leaving it empty.
    await wrapper.get('#case-area').setValue('');
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'SERVICE_REFORM', theme: 'workforce' });
  });

  it('asks for cases connected to the area, not only those holding it, when the reader widens it', async () => {
    const { wrapper, router, held } = await mountFilters('/?area=health');
    expect((await held.nextRequest('CaseCards')).variables).toMatchObject({
      serviceArea: 'health',
      connectedToServiceArea: null,
    });
    const reach = () => wrapper.get('[data-test="filter-reach"]');
    expect(reach().get('legend').text()).toBe('Which cases');
    expect(
      reach()
        .findAll('label')
        .map((l) => [l.get('input').attributes('value'), l.text()]),
    ).toEqual([
      ['', 'Delivered or overseen by a body of the case'],
      ['connected', 'Also where it is only connected to another service'],
    ]);
    const checked = () => (reach().get('input:checked').element as HTMLInputElement).value;
    expect(checked()).toBe('');

    await reach().get('input[value="connected"]').setValue(true);
    await flushPromises();
    expect(query(router)).toEqual({ area: 'health', reach: 'connected' });
    expect((await held.nextRequest('CaseCards')).variables).toMatchObject({
      serviceArea: null,
      connectedToServiceArea: 'health',
    });

    // Back returns to the narrower choice; "Any service area" drops the choice with the area.
    router.back();
    await vi.waitFor(() => expect(query(router)).toEqual({ area: 'health' }));
    await flushPromises();
    expect(checked()).toBe('');
    await reach().get('input[value="connected"]').setValue(true);
    await flushPromises();
    await wrapper.get('#case-area').setValue('');
    await flushPromises();
    expect(query(router)).toEqual({});
    expect(wrapper.find('[data-test="filter-reach"]').exists()).toBe(false);
  });

  it('shows the filters a URL already holds, as after a reload', async () => {
    const { wrapper } = await mountFilters('/?q=counties&kind=COUNTRY&area=health&theme=workforce');

    expect((wrapper.get('#case-search').element as HTMLInputElement).value).toBe('counties');
    expect((wrapper.get('#case-kind').element as HTMLSelectElement).value).toBe('COUNTRY');
    expect((wrapper.get('#case-area').element as HTMLSelectElement).value).toBe('health');
    expect((wrapper.get('#case-theme').element as HTMLSelectElement).value).toBe('workforce');
  });

  it('writes the search to the URL only after a pause in typing, trimmed', async () => {
    const { wrapper, router } = await mountFilters('/?kind=COUNTRY');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const search = wrapper.get('#case-search');

    await search.setValue('well');
    vi.advanceTimersByTime(200);
    await search.setValue('  wellbeing ');
    vi.advanceTimersByTime(299);
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'COUNTRY' });

    vi.advanceTimersByTime(1);
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'COUNTRY', q: 'wellbeing' });
    // What the reader typed stays as typed.
    expect((search.element as HTMLInputElement).value).toBe('  wellbeing ');

    await search.setValue('');
    vi.advanceTimersByTime(300);
    await flushPromises();
    expect(query(router)).toEqual({ kind: 'COUNTRY' });
  });

  it('writes the search at once when the form is submitted', async () => {
    const { wrapper, router } = await mountFilters();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    await wrapper.get('#case-search').setValue('police ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(query(router)).toEqual({ q: 'police' });
  });

  it('"Clear filters" removes every filter from the URL and empties the controls', async () => {
    const { wrapper, router } = await mountFilters(
      '/?q=counties&kind=COUNTRY&area=health&reach=connected&theme=workforce',
    );

    await wrapper.get('[data-test="filter-clear"]').trigger('click');
    await flushPromises();
    expect(query(router)).toEqual({});
    expect((wrapper.get('#case-search').element as HTMLInputElement).value).toBe('');
    for (const id of ['#case-kind', '#case-area', '#case-theme'])
      expect((wrapper.get(id).element as HTMLSelectElement).value).toBe('');
    expect(wrapper.find('[data-test="filter-clear"]').exists()).toBe(false);
  });

  it('"Clear filters" also drops a search still waiting for its pause', async () => {
    const { wrapper, router } = await mountFilters('/?theme=workforce');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    await wrapper.get('#case-search').setValue('finland');
    await wrapper.get('[data-test="filter-clear"]').trigger('click');
    vi.advanceTimersByTime(1_000);
    await flushPromises();
    expect(query(router)).toEqual({});
    expect((wrapper.get('#case-search').element as HTMLInputElement).value).toBe('');
  });
});
