import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import DraftSourcesPage from '@/pages/DraftSourcesPage.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { draftDocument, servedDraft, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

// The draft's bibliography page: sources found as the editor types, the claims citing each named
// and linked to their forms, a duplicate merged after a preview of what will change, and a source
// cited in several claims at once; refusals and a draft saved meanwhile said in words.
enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

async function mountPage() {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const Blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/cases/:slug/draft/sources', component: Blank },
      { path: '/:any(.*)*', component: Blank },
    ],
  });
  await router.push('/cases/testland/draft/sources');
  await router.isReady();
  const wrapper = mount(DraftSourcesPage, {
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
    attachTo: document.body,
  });
  return { wrapper, held };
}

async function loaded(role = 'EDITOR', doc: CaseProfileDoc = draftDocument()) {
  const page = await mountPage();
  await flushPromises();
  expect(page.wrapper.text()).toContain('Loading draft…');
  (await page.held.nextRequest('Draft')).answer(servedDraftQuery(3, doc as unknown as Record<string, unknown>));
  await flushPromises();
  (await page.held.nextRequest('Viewer')).answer({
    data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'eda@example.org', name: null, role } },
  });
  (await page.held.nextRequest('DraftServiceAreas')).answer({ data: { serviceAreas: [] } });
  await flushPromises();
  return page;
}

const titles = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) =>
  wrapper.findAll('[data-test="bibliography-source"] h2').map((h) => h.text());

describe('the bibliography page', () => {
  it('filters the sources as the editor types, and says when none matches', async () => {
    const { wrapper } = await loaded();
    expect(titles(wrapper)).toEqual(['Report A', 'Report B']);
    await wrapper.get('[data-test="bibliography-search"]').setValue('example.org/b');
    expect(titles(wrapper)).toEqual(['Report B']);
    expect(wrapper.get('[data-test="bibliography-count"]').text()).toBe('1 of 2 sources');
    await wrapper.get('[data-test="bibliography-search"]').setValue('report-a');
    expect(titles(wrapper)).toEqual(['Report A']);
    await wrapper.get('[data-test="bibliography-search"]').setValue('white paper');
    expect(titles(wrapper)).toEqual([]);
    expect(wrapper.get('[data-test="bibliography-empty"]').text()).toBe('No source matches “white paper”.');
  });

  it('names the claims citing each source in words, each a link to its form on the draft page', async () => {
    const { wrapper } = await loaded();
    const b = wrapper.get('[data-test="bibliography-source"][data-key="report-b"]');
    expect(b.get('summary').text()).toBe('Cited by 1 claim');
    const link = b.get('[data-test="citing-claim"]');
    expect(link.text()).toBe('Lesson “Second lesson”');
    expect(link.attributes('href')).toBe('/cases/testland/draft?open=lessons.1');
    // The source form opens in place, its required fields marked.
    await b.get('[data-test="edit-source"]').trigger('click');
    const form = wrapper.get('[data-test="bibliography-source"][data-key="report-b"] [data-test="part-form"]');
    expect(form.attributes('data-kind')).toBe('SOURCE');
    expect(form.text()).toContain('Title (required)');
  });

  it('offers nothing to change to someone who may only read the draft', async () => {
    const { wrapper } = await loaded('REVIEWER');
    expect(titles(wrapper)).toEqual(['Report A', 'Report B']);
    expect(wrapper.find('[data-test="edit-source"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="merge-into-source"]').exists()).toBe(false);
  });

  it('previews a merge, and after a draft saved meanwhile previews it again as it now stands', async () => {
    const { wrapper, held } = await loaded();
    await wrapper.get('[data-key="report-a"] [data-test="merge-into-source"]').trigger('click');
    const dialog = () => wrapper.get('[role="dialog"]');
    expect(dialog().text()).toContain('Merge a duplicate into “Report A”');
    await dialog().get('[data-test="merge-source"]').setValue('report-b');
    expect(dialog().get('[data-test="merge-preview"]').text()).toContain(
      '1 claim will cite “Report A” instead of “Report B” (1 already cites both, and will cite it once)',
    );
    expect(dialog().get('[data-test="merge-preview"] li').text()).toBe('Lesson “Second lesson”, Lessons');

    await dialog().get('[data-test="merge-sources-form"]').trigger('submit');
    const refused = await held.nextRequest('MergeDraftSources');
    expect(refused.variables).toEqual({
      edit: { slug: 'testland', expectedVersion: 3 },
      keep: 'report-a',
      merge: 'report-b',
    });
    // Someone cited Report B in the first lesson meanwhile.
    const meanwhile = draftDocument();
    meanwhile.lessons![0]!.cite = ['report-a', 'report-b'];
    refused.answer({
      data: {
        mergeDraftSources: {
          __typename: 'MergeDraftSourcesPayload',
          draft: servedDraft(4, meanwhile as unknown as Record<string, unknown>, 'Theo'),
          recited: [],
          userErrors: [{ __typename: 'UserError', field: 'expectedVersion', code: 'CONFLICT', message: 'Stale.' }],
        },
      },
    });
    await flushPromises();
    expect(dialog().get('[data-test="merge-problem"]').text()).toContain(
      'The draft was saved by Theo meanwhile (it is now at version 4), so nothing was merged.',
    );
    expect(dialog().get('[data-test="merge-preview"]').text()).toContain('2 claims will cite “Report A” instead');

    await dialog().get('[data-test="merge-sources-form"]').trigger('submit');
    const merging = await held.nextRequest('MergeDraftSources');
    expect(merging.variables.edit).toEqual({ slug: 'testland', expectedVersion: 4 });
    const after = draftDocument();
    after.lessons![1]!.cite = ['report-a'];
    after.sources = after.sources.slice(0, 1);
    const claim = (key: string, path: string, label: string) => ({
      __typename: 'DraftClaim',
      kind: 'LESSON',
      key,
      periodKey: null,
      path,
      label,
    });
    merging.answer({
      data: {
        mergeDraftSources: {
          __typename: 'MergeDraftSourcesPayload',
          draft: servedDraft(5, after as unknown as Record<string, unknown>),
          recited: [
            claim('first-lesson', 'lessons.0', 'Lesson “First lesson”'),
            claim('second-lesson', 'lessons.1', 'Lesson “Second lesson”'),
          ],
          userErrors: [],
        },
      },
    });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="bibliography-notice"]').text()).toBe(
      'Merged “Report B” into “Report A”: 2 claims now cite “Report A” instead.',
    );
    expect(document.activeElement).toBe(wrapper.get('[data-test="bibliography-notice"]').element);
    expect(titles(wrapper)).toEqual(['Report A']);
  });

  it('ticks every claim the search shows at once, and unticks them again, leaving those citing it as they are', async () => {
    const doc = draftDocument();
    doc.timeline = [{ key: 'act', date: '2020', title: 'The act passed', cite: [] }];
    const { wrapper } = await loaded('EDITOR', doc);
    await wrapper.get('[data-key="report-b"] [data-test="cite-source"]').trigger('click');
    const dialog = () => wrapper.get('[role="dialog"]');
    const checked = (id: string) => (dialog().get(id).element as HTMLInputElement).checked;
    await dialog().get('[data-test="cite-claims-search"]').setValue('lesson');
    // The second lesson cites the source already: only the first is there to tick.
    expect(dialog().get('[data-test="tick-shown"]').text()).toBe('Tick every claim shown (1)');
    await dialog().get('[data-test="tick-shown"]').trigger('click');
    expect(checked('#cite-claim-lessons-0')).toBe(true);
    await dialog().get('[data-test="cite-claims-search"]').setValue('');
    expect(checked('#cite-claim-timeline-0')).toBe(false);
    expect(dialog().get('[data-test="tick-shown"]').text()).toBe('Tick every claim shown (2)');
    await dialog().get('[data-test="tick-shown"]').trigger('click');
    expect(checked('#cite-claim-timeline-0')).toBe(true);
    expect(dialog().get('[data-test="confirm-cite"]').text()).toBe('Cite in 2 claims');
    expect(dialog().get('[data-test="tick-shown"]').text()).toBe('Untick the 2 claims shown');
    await dialog().get('[data-test="tick-shown"]').trigger('click');
    expect(checked('#cite-claim-timeline-0')).toBe(false);
    expect(checked('#cite-claim-lessons-0')).toBe(false);
    expect(checked('#cite-claim-lessons-1')).toBe(true);
  });

  it('cites a source in the claims ticked, found by words, those citing it already shown ticked and left alone', async () => {
    const doc = draftDocument();
    doc.timeline = [{ key: 'act', date: '2020', title: 'The act passed', cite: ['report-a'] }];
    const { wrapper, held } = await loaded('EDITOR', doc);
    await wrapper.get('[data-key="report-b"] [data-test="cite-source"]').trigger('click');
    const dialog = () => wrapper.get('[role="dialog"]');
    expect(
      dialog()
        .findAll('legend')
        .map((l) => l.text()),
    ).toEqual(['Timeline', 'Lessons']);
    const second = dialog().get('#cite-claim-lessons-1');
    expect((second.element as HTMLInputElement).checked).toBe(true);
    expect((second.element as HTMLInputElement).disabled).toBe(true);
    await dialog().get('[data-test="cite-claims-search"]').setValue('lesson');
    expect(
      dialog()
        .findAll('legend')
        .map((l) => l.text()),
    ).toEqual(['Lessons']);
    await dialog().get('[data-test="cite-claims-search"]').setValue('budget');
    expect(dialog().get('[data-test="cite-claims-empty"]').text()).toBe('No claim matches “budget”.');
    await dialog().get('[data-test="cite-claims-search"]').setValue('');
    // Nothing ticked: the form says what to do and sends nothing.
    await dialog().get('[data-test="cite-claims-form"]').trigger('submit');
    expect(dialog().get('[data-test="cite-problem"]').text()).toBe(
      'Tick at least one claim that does not cite the source yet.',
    );
    await dialog().get('#cite-claim-timeline-0').setValue(true);
    await dialog().get('#cite-claim-lessons-0').setValue(true);
    expect(dialog().get('[data-test="confirm-cite"]').text()).toBe('Cite in 2 claims');
    await dialog().get('[data-test="cite-claims-form"]').trigger('submit');
    const request = await held.nextRequest('CiteDraftClaims');
    expect(request.variables).toEqual({
      edit: { slug: 'testland', expectedVersion: 3 },
      sourceKey: 'report-b',
      claims: [
        { kind: 'EVENT', key: 'act', periodKey: null },
        { kind: 'LESSON', key: 'first-lesson', periodKey: null },
      ],
    });
    request.answer({
      data: {
        citeDraftClaims: {
          __typename: 'CiteDraftClaimsPayload',
          draft: servedDraft(4, doc as unknown as Record<string, unknown>),
          cited: [
            {
              __typename: 'DraftClaim',
              kind: 'EVENT',
              key: 'act',
              periodKey: null,
              path: 'timeline.0',
              label: 'Event “The act passed”',
            },
            {
              __typename: 'DraftClaim',
              kind: 'LESSON',
              key: 'first-lesson',
              periodKey: null,
              path: 'lessons.0',
              label: 'Lesson “First lesson”',
            },
          ],
          alreadyCiting: [],
          userErrors: [],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="bibliography-notice"]').text()).toBe('“Report B” is now cited by 2 claims more.');
  });

  it('tells apart claims of one place named alike by their keys', async () => {
    const doc = draftDocument();
    doc.timeline = [
      { key: 'act', date: '2020', title: 'The act passed', cite: ['report-a'] },
      { key: 'act-amended', date: '2021', title: 'The act passed', cite: ['report-a'] },
    ];
    const { wrapper } = await loaded('EDITOR', doc);
    await wrapper.get('[data-key="report-b"] [data-test="cite-source"]').trigger('click');
    const labels = wrapper.findAll('[role="dialog"] fieldset label').map((l) => l.text());
    expect(labels).toEqual([
      'Event “The act passed” (key act)',
      'Event “The act passed” (key act-amended)',
      'Lesson “First lesson”',
      'Lesson “Second lesson”',
    ]);
  });

  it('says when the draft cannot be loaded, and tries again on request', async () => {
    const { wrapper, held } = await mountPage();
    (await held.nextRequest('Draft')).fail(new Error('Network down'));
    await flushPromises();
    expect(wrapper.text()).toContain('The draft could not be loaded.');
    await wrapper.get('button').trigger('click');
    expect((await held.nextRequest('Draft')).operationName).toBe('Draft');
  });
});
