import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import { fieldForPath, locate, partAtPath, toData, toValues } from '@/features/draft/parts';
import DraftPage from '@/pages/DraftPage.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { CITE_CHOICES, draftDocument, draftRouter, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

/** The fixture case with one period holding a level, a body in it and a responsibility of the body (not yet sourced: an empty cite list, as the server stores it). */
function structuredDocument(): CaseProfileDoc {
  return {
    ...draftDocument(),
    periods: [
      {
        key: 'current',
        label: 'Now',
        levels: [
          {
            key: 'councils',
            tier: 'LOCAL',
            name: 'Local councils',
            cite: ['report-a'],
            bodies: [
              {
                key: 'social-work',
                name: 'Social work departments',
                type: 'AUTHORITY',
                cite: ['report-a'],
                responsibilities: [
                  { key: 'sw-delivery', function: 'DELIVERY', serviceArea: 'childrens-social-work', cite: [] },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
const AREAS = [
  { value: 'childrens-social-work', label: "Children's social work and care" },
  { value: 'health', label: 'Health care' },
];

async function mountForm(props: {
  kind: 'BODY' | 'RESPONSIBILITY';
  partKey: string | null;
  periodKey: string;
  parentKey: string;
}) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    props: {
      slug: 'testland',
      version: 7,
      document: structuredDocument(),
      choices: { cite: CITE_CHOICES, serviceArea: AREAS },
      ...props,
    },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}

describe('the forms for the structure', () => {
  it('a new body in a level is sent as a BODY with its period and its level as parent', async () => {
    const { wrapper, held } = await mountForm({
      kind: 'BODY',
      partKey: null,
      periodKey: 'current',
      parentKey: 'councils',
    });
    await wrapper.get('#part-key').setValue('health-board');
    await wrapper.get('#part-name').setValue('The health board');
    await wrapper.get('#part-type').setValue('BOARD');
    // Cited with the source picker: found by its title, chosen with a click.
    await wrapper.get('#part-cite').setValue('Report B');
    await wrapper.get('[role="option"][data-key="report-b"]').trigger('click');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.part).toEqual({
      kind: 'BODY',
      key: 'health-board',
      periodKey: 'current',
      parentKey: 'councils',
      data: { name: 'The health board', type: 'BOARD', cite: ['report-b'] },
    });
  });

  it('proposes keys unique in the period: a body from its name, a responsibility from its body, area and function', async () => {
    const body = await mountForm({ kind: 'BODY', partKey: null, periodKey: 'current', parentKey: 'councils' });
    await body.wrapper.get('#part-name').setValue('Social work departments');
    // The key of the body already in the period is not taken over.
    expect((body.wrapper.get('#part-key').element as HTMLInputElement).value).toBe('social-work-departments');
    await body.wrapper.get('#part-name').setValue('Social work');
    expect((body.wrapper.get('#part-key').element as HTMLInputElement).value).toBe('social-work-2');

    const held = await mountForm({
      kind: 'RESPONSIBILITY',
      partKey: null,
      periodKey: 'current',
      parentKey: 'social-work',
    });
    await held.wrapper.get('#part-serviceArea').setValue('health');
    await held.wrapper.get('#part-function').setValue('DELIVERY');
    expect((held.wrapper.get('#part-key').element as HTMLInputElement).value).toBe('social-work-health-delivery');
  });

  it('puts a userError for the body at periods.0.levels.0.bodies.0.name at its Name field', async () => {
    const { wrapper, held } = await mountForm({
      kind: 'BODY',
      partKey: 'social-work',
      periodKey: 'current',
      parentKey: 'councils',
    });
    await wrapper.get('#part-description').setValue('Run by each council.');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            {
              __typename: 'UserError',
              field: 'periods.0.levels.0.bodies.0.name',
              code: 'BAD_USER_INPUT',
              message: 'name: must not repeat another body.',
            },
          ],
        },
      },
    });
    await flushPromises();

    expect(wrapper.get('#part-name-error').text()).toBe('name: must not repeat another body.');
    expect(wrapper.get('#part-name').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-test="form-problems"]').exists()).toBe(false);
  });
});

describe('the draft page', () => {
  it('opens the form of a responsibility from its publish-problem link', async () => {
    const held = holdingLink();
    const client = createApolloClient();
    client.setLink(held.link);
    onTestFinished(() => client.stop());
    const router = await draftRouter();
    const wrapper = mount(DraftPage, {
      global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
      attachTo: document.body,
    });
    onTestFinished(() => wrapper.unmount());

    const served = servedDraftQuery(7, structuredDocument());
    served.data.draft.publishProblems = [
      {
        __typename: 'UserError',
        field: 'periods.0.levels.0.bodies.0.responsibilities.0.cite',
        code: 'UNSOURCED_CLAIM',
        message: 'This claim cites no source.',
      },
    ] as never;
    (await held.nextRequest('Draft')).answer(served);
    (await held.nextRequest('Viewer')).answer({
      data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'editor@example.org', name: null, role: 'EDITOR' } },
    });
    (await held.nextRequest('DraftServiceAreas')).answer({
      data: { serviceAreas: AREAS.map((a) => ({ __typename: 'ServiceArea', key: a.value, name: a.label })) },
    });
    await flushPromises();

    // The body's pane lists its responsibilities.
    const responsibility = wrapper.get(
      '[data-pane="BODY:social-work@current"] [data-test="draft-responsibility"][data-key="sw-delivery"]',
    );
    expect(responsibility.text()).toContain("Delivery: Children's social work and care");

    const link = wrapper.get('[data-test="unsourced-link"]');
    expect(link.text()).toBe('Responsibility “sw-delivery” in the period current');
    await link.trigger('click');
    await flushPromises();

    const form = wrapper.get('[data-test="part-form"]');
    expect(form.attributes('data-kind')).toBe('RESPONSIBILITY');
    expect(form.get('h3').text()).toBe('Edit the responsibility sw-delivery');
    expect((form.get('#part-function').element as HTMLSelectElement).value).toBe('DELIVERY');
    expect((form.get('#part-serviceArea').element as HTMLSelectElement).value).toBe('childrens-social-work');
    // It opens in the responsibility's own pane, which the outline shows where it sits.
    expect(
      wrapper
        .find(
          '[data-pane="RESPONSIBILITY:sw-delivery@current"] [data-test="section-responsibility"][data-parent="social-work"] [data-test="part-form"]',
        )
        .exists(),
    ).toBe(true);
    expect(router.currentRoute.value.query.part).toBe('RESPONSIBILITY:sw-delivery@current');
    expect(wrapper.get('[data-node="RESPONSIBILITY:sw-delivery@current"]').attributes('aria-selected')).toBe('true');
    // The outline, opened down to it, shows where it sits: period → level → body → responsibility.
    expect(
      wrapper
        .find(
          '[data-node="PERIOD:current"] [data-node="LEVEL:councils@current"] [data-node="BODY:social-work@current"] [data-node="RESPONSIBILITY:sw-delivery@current"]',
        )
        .exists(),
    ).toBe(true);
  });
});

describe('editor notes in the draft', () => {
  it('are shown to editors with the headline and under each part that has one', async () => {
    const held = holdingLink();
    const client = createApolloClient();
    client.setLink(held.link);
    onTestFinished(() => client.stop());
    const router = await draftRouter();
    const wrapper = mount(DraftPage, {
      global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
      attachTo: document.body,
    });
    onTestFinished(() => wrapper.unmount());

    const doc = structuredDocument();
    doc.editorNote = 'Modelled from two reports.';
    doc.periods[0]!.levels![0]!.bodies![0]!.editorNote = 'Named as the law names them.';
    (await held.nextRequest('Draft')).answer(servedDraftQuery(7, doc));
    (await held.nextRequest('Viewer')).answer({
      data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'editor@example.org', name: null, role: 'EDITOR' } },
    });
    (await held.nextRequest('DraftServiceAreas')).answer({
      data: { serviceAreas: AREAS.map((a) => ({ __typename: 'ServiceArea', key: a.value, name: a.label })) },
    });
    await flushPromises();

    const notes = (pane: string) =>
      wrapper.findAll(`[data-pane="${pane}"] [data-test="editor-note"]`).map((n) => n.text());
    expect(notes('headline')).toEqual(['Editor’s note: Modelled from two reports.']);
    // The body's note is in the body's own pane and under the body in its level's, not elsewhere.
    expect(notes('BODY:social-work@current')).toEqual(['Editor’s note: Named as the law names them.']);
    const body = wrapper.get('[data-pane="LEVEL:councils@current"] [data-test="draft-body"][data-key="social-work"]');
    expect(body.findAll('[data-test="editor-note"]')).toHaveLength(1);
    expect(notes('PERIOD:current')).toEqual([]);
    expect(notes('RESPONSIBILITY:sw-delivery@current')).toEqual([]);
  });
});

describe('the parts of the structure in the file format', () => {
  it("edits a connection's two service areas as two fields, and a userError at between.1 lands at the second", () => {
    const values = toValues('CONNECTION', {
      key: 'c',
      between: ['health', 'childrens-social-work'],
      mechanisms: ['POOLED_BUDGET'],
      cite: ['report-a'],
    });
    expect(values.betweenA).toBe('health');
    expect(values.betweenB).toBe('childrens-social-work');
    expect(toData('CONNECTION', { ...values, betweenB: 'policing' }, null)).toEqual({
      between: ['health', 'policing'],
      mechanisms: ['POOLED_BUDGET'],
      cite: ['report-a'],
    });
    expect(fieldForPath('CONNECTION', 'periods.0.connections.2', 'periods.0.connections.2.between.1')).toBe('betweenB');
    expect(fieldForPath('CONNECTION', 'periods.0.connections.2', 'periods.0.connections.1.between.1')).toBeNull();
  });

  it("keeps a level's count a number and finds a responsibility by its body", () => {
    expect(
      toData('LEVEL', { ...toValues('LEVEL', null), tier: 'LOCAL', name: 'Councils', unitCount: '32' }, null),
    ).toEqual({ tier: 'LOCAL', name: 'Councils', unitCount: 32, cite: [] });
    const found = locate(structuredDocument(), {
      kind: 'RESPONSIBILITY',
      key: 'sw-delivery',
      periodKey: 'current',
      parentKey: 'social-work',
    });
    expect(found.path).toBe('periods.0.levels.0.bodies.0.responsibilities.0');
    expect(partAtPath(structuredDocument(), 'periods.0.levels.0.bodies.0.responsibilities.0.cite')).toMatchObject({
      kind: 'RESPONSIBILITY',
      key: 'sw-delivery',
      periodKey: 'current',
      parentKey: 'social-work',
    });
  });

  it("sends a body's emptied description as null, and leaves its responsibilities out so that they are kept", () => {
    const body = locate(structuredDocument(), {
      kind: 'BODY',
      key: 'social-work',
      periodKey: 'current',
      parentKey: 'councils',
    }).data!;
    const withDescription = { ...body, description: 'Runs social work.' };
    const values = { ...toValues('BODY', withDescription), name: 'Renamed', description: '' };
    expect(toData('BODY', values, withDescription)).toEqual({
      name: 'Renamed',
      type: 'AUTHORITY',
      cite: ['report-a'],
      description: null,
    });
    // A field that was never there is left out, not sent as null.
    expect(toData('BODY', values, body)).not.toHaveProperty('description');
  });
});
