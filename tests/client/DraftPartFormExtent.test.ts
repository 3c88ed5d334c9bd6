import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import { displayValue, fieldForPath, mergeRows, toValues } from '@/features/draft/parts';
import { PART_FIELDS, type CaseProfileDoc, type ExtentDoc } from '@casebook/schema';
import { CITE_CHOICES, draftDocument, draftRouter } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

const EXTENT: ExtentDoc = {
  count: 9,
  of: 31,
  unit: 'partnerships',
  asOf: '2018',
  areas: [{ name: 'Highland', from: '2012-04', until: '2022' }, { name: 'Argyll and Bute' }],
  description: 'Lead-agency arrangements, where health runs adult social care.',
};

/** One period with a level, a body and a responsibility that hold only in part of the case, and a connection. */
function documentWithExtents(): CaseProfileDoc {
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
            extent: structuredClone(EXTENT),
            bodies: [
              {
                key: 'social-work',
                name: 'Social work departments',
                type: 'AUTHORITY',
                cite: ['report-a'],
                extent: structuredClone(EXTENT),
                responsibilities: [
                  {
                    key: 'sw-delivery',
                    function: 'DELIVERY',
                    serviceArea: 'childrens-social-work',
                    cite: [],
                    extent: { areas: [{ name: 'Highland' }] },
                  },
                ],
              },
            ],
          },
        ],
        connections: [
          {
            key: 'pooled',
            between: ['health', 'childrens-social-work'],
            mechanisms: ['POOLED_BUDGET', 'JOINT_BOARD'],
            cite: ['report-a'],
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

type Kind = 'LEVEL' | 'BODY' | 'RESPONSIBILITY' | 'CONNECTION';
const PLACES: Record<Kind, { partKey: string; parentKey?: string }> = {
  LEVEL: { partKey: 'councils' },
  BODY: { partKey: 'social-work', parentKey: 'councils' },
  RESPONSIBILITY: { partKey: 'sw-delivery', parentKey: 'social-work' },
  CONNECTION: { partKey: 'pooled' },
};

async function mountForm(kind: Kind, document = documentWithExtents(), partKey: string | null = PLACES[kind].partKey) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    attachTo: globalThis.document.body,
    props: {
      slug: 'testland',
      version: 7,
      document,
      choices: { cite: CITE_CHOICES, serviceArea: AREAS },
      kind,
      partKey,
      periodKey: 'current',
      ...(PLACES[kind].parentKey ? { parentKey: PLACES[kind].parentKey } : {}),
    },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}
type Wrapper = Awaited<ReturnType<typeof mountForm>>['wrapper'];
type Held = Awaited<ReturnType<typeof mountForm>>['held'];

async function savedData(wrapper: Wrapper, held: Held): Promise<Record<string, unknown>> {
  await wrapper.get('form').trigger('submit');
  const request = await held.nextRequest('SaveDraftPart');
  return (request.variables as { part: { data: Record<string, unknown> } }).part.data;
}
const value = (wrapper: Wrapper, selector: string) => (wrapper.get(selector).element as HTMLInputElement).value;

describe('where a claim holds, in the draft forms', () => {
  it('never drops the extent or its areas when another field of the part is saved', async () => {
    for (const kind of ['LEVEL', 'BODY', 'RESPONSIBILITY'] as const) {
      const { wrapper, held } = await mountForm(kind);
      await wrapper.get('#part-description').setValue('Changed.');
      const data = await savedData(wrapper, held);
      expect(data.description, kind).toBe('Changed.');
      // Left out (kept by the server) or sent whole: never null, never without its areas.
      if (data.extent !== undefined)
        expect(data.extent, kind).toEqual(kind === 'RESPONSIBILITY' ? { areas: [{ name: 'Highland' }] } : EXTENT);
      wrapper.unmount();
    }
  });

  it('opens with the extent as saved and sends it whole when one field of it changes', async () => {
    const { wrapper, held } = await mountForm('BODY');
    const group = wrapper.get('[data-test="field-group"][data-group="extent"]');
    expect(group.element.tagName).toBe('FIELDSET');
    expect(group.get('legend').text()).toBe('Where it holds (optional)');
    expect(value(wrapper, '#part-extentCount')).toBe('9');
    expect(value(wrapper, '#part-extentOf')).toBe('31');
    expect(value(wrapper, '#part-extentUnit')).toBe('partnerships');
    expect(value(wrapper, '#part-extentAsOf')).toBe('2018');
    expect(value(wrapper, '#part-extentDescription')).toBe(EXTENT.description);
    expect(value(wrapper, '#part-extentAreas-0-name')).toBe('Highland');
    expect(value(wrapper, '#part-extentAreas-0-from')).toBe('2012-04');
    expect(value(wrapper, '#part-extentAreas-0-until')).toBe('2022');
    expect(value(wrapper, '#part-extentAreas-1-name')).toBe('Argyll and Bute');
    expect(value(wrapper, '#part-extentAreas-1-from')).toBe('');
    // Every control of the group has a label of its own.
    for (const input of group.findAll('input, textarea'))
      expect(group.find(`label[for="${input.attributes('id')}"]`).exists(), input.attributes('id')).toBe(true);
    expect(wrapper.get('#part-extentUnit').attributes('aria-describedby')).toContain('part-extentUnit-count');

    await wrapper.get('#part-extentCount').setValue('10');
    const data = await savedData(wrapper, held);
    expect(data.extent).toEqual({ ...EXTENT, count: 10 });
    expect(data.name).toBe('Social work departments');
  });

  it('adds an area and removes another by its named button, keeping the rest', async () => {
    const { wrapper, held } = await mountForm('LEVEL');
    const add = wrapper.get('[data-test="add-row"]');
    expect(add.text()).toBe('Add an area');
    await add.trigger('click');
    await flushPromises();
    expect(globalThis.document.activeElement?.id).toBe('part-extentAreas-2-name');
    await wrapper.get('#part-extentAreas-2-name').setValue('Orkney');
    await wrapper.get('#part-extentAreas-2-from').setValue('2015');

    const removes = wrapper.findAll('[data-test="remove-row"]').map((b) => b.attributes('aria-label'));
    expect(removes).toEqual(['Remove area Highland', 'Remove area Argyll and Bute', 'Remove area Orkney']);
    await wrapper.get('[aria-label="Remove area Highland"]').trigger('click');
    expect(value(wrapper, '#part-extentAreas-0-name')).toBe('Argyll and Bute');
    expect(value(wrapper, '#part-extentAreas-1-name')).toBe('Orkney');
    expect(wrapper.find('#part-extentAreas-2-name').exists()).toBe(false);

    const data = await savedData(wrapper, held);
    expect(data.extent).toEqual({ ...EXTENT, areas: [{ name: 'Argyll and Bute' }, { name: 'Orkney', from: '2015' }] });
  });

  it('clears the extent as null when every field of it is emptied, and sends none for a part that had none', async () => {
    const { wrapper, held } = await mountForm('LEVEL');
    for (const name of ['Count', 'Of', 'Unit', 'AsOf', 'Description'])
      await wrapper.get(`#part-extent${name}`).setValue('');
    await wrapper.get('[aria-label="Remove area Highland"]').trigger('click');
    // An area row left with no words in it counts as no area.
    await wrapper.get('#part-extentAreas-0-name').setValue('');
    expect((await savedData(wrapper, held)).extent).toBeNull();

    const fresh = await mountForm('CONNECTION');
    await fresh.wrapper.get('#part-description').setValue('Joint working.');
    expect(await savedData(fresh.wrapper, fresh.held)).not.toHaveProperty('extent');
  });

  it('gives a part an extent it did not have', async () => {
    const { wrapper, held } = await mountForm('CONNECTION');
    await wrapper.get('#part-extentCount').setValue('3');
    await wrapper.get('#part-extentOf').setValue('14');
    await wrapper.get('#part-extentUnit').setValue('health boards');
    await wrapper.get('[data-test="add-row"]').trigger('click');
    await wrapper.get('#part-extentAreas-0-name').setValue(' Fife ');
    expect((await savedData(wrapper, held)).extent).toEqual({
      count: 3,
      of: 14,
      unit: 'health boards',
      areas: [{ name: 'Fife' }],
    });
  });

  it('stops a count that is not a whole number and an area without a name before asking the server', async () => {
    const { wrapper, held } = await mountForm('BODY');
    await wrapper.get('#part-extentCount').setValue('nine');
    await wrapper.get('#part-extentAreas-1-name').setValue('');
    await wrapper.get('#part-extentAreas-1-until').setValue('2020');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(held.requests).toBe(0);
    expect(wrapper.get('#part-extentCount-error').text()).toContain('must be a whole number');
    expect(wrapper.get('#part-extentAreas-1-name-error').text()).toBe('Give area 2 a name, or remove it.');
    expect(wrapper.get('#part-extentAreas-1-name').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#part-extentAreas-1-name').attributes('aria-describedby')).toContain(
      'part-extentAreas-1-name-error',
    );
    // The first problem of the form is where focus goes.
    expect(globalThis.document.activeElement?.id).toBe('part-extentCount');
  });

  it('puts userErrors about the extent at its fields, an area’s at that area', async () => {
    const { wrapper, held } = await mountForm('BODY');
    await wrapper.get('#part-extentOf').setValue('8');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    const error = (field: string, message: string) => ({
      __typename: 'UserError',
      field,
      code: 'BAD_USER_INPUT',
      message,
    });
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            error('periods.0.levels.0.bodies.0.extent.count', 'extent.count: must not be more than extent.of.'),
            error('periods.0.levels.0.bodies.0.extent.areas.1.until', 'extent.areas.1.until: must be a date.'),
            error('periods.0.levels.0.extent.count', 'extent.count: the level’s own.'),
            error('periods.0.levels.0.bodies.0.extent.areas', 'extent.areas: at most 60 areas.'),
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#part-extentCount-error').text()).toBe('extent.count: must not be more than extent.of.');
    expect(wrapper.get('#part-extentCount').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#part-extentCount').attributes('aria-describedby')).toContain('part-extentCount-error');
    expect(wrapper.get('#part-extentAreas-1-until-error').text()).toBe('extent.areas.1.until: must be a date.');
    expect(wrapper.get('#part-extentAreas-1-until').attributes('aria-invalid')).toBe('true');
    // A problem of the list of areas as a whole is told at the list.
    expect(wrapper.get('#part-extentAreas-error').text()).toBe('extent.areas: at most 60 areas.');
    expect(wrapper.get('#part-extentAreas').attributes('aria-describedby')).toContain('part-extentAreas-error');
    // The level's problem is not this body's: it goes on top.
    expect(wrapper.get('[data-test="form-problems"]').text()).toContain('the level’s own');
    expect(globalThis.document.activeElement?.id).toBe('part-extentCount');

    // Editing the field takes its problem away.
    await wrapper.get('#part-extentAreas-1-until').setValue('2021');
    expect(wrapper.find('#part-extentAreas-1-until-error').exists()).toBe(false);
  });
});

describe('the extent in the file format', () => {
  it('finds the field of a path into the extent, and reads the areas in words', () => {
    expect(fieldForPath('LEVEL', 'periods.0.levels.1', 'periods.0.levels.1.extent.count')).toBe('extentCount');
    expect(fieldForPath('LEVEL', 'periods.0.levels.1', 'periods.0.levels.1.extent.asOf')).toBe('extentAsOf');
    expect(fieldForPath('LEVEL', 'periods.0.levels.1', 'periods.0.levels.1.extent.areas')).toBe('extentAreas');
    expect(fieldForPath('LEVEL', 'periods.0.levels.1', 'periods.0.levels.1.extent.areas.3.from')).toBe(
      'extentAreas.3.from',
    );
    expect(fieldForPath('LEVEL', 'periods.0.levels.1', 'periods.0.levels.0.extent.count')).toBeNull();
    const areas = PART_FIELDS.BODY.find((f) => f.name === 'extentAreas')!;
    // Seen without its fieldset (in the dialog of a refused save), a field says what it is part of.
    expect(mergeRows('BODY', toValues('BODY', null), { extentCount: '3' }, { extentCount: '4' }, () => [])).toEqual([
      expect.objectContaining({ label: 'Where it holds — In how many (optional)', theirs: '3', mine: '4' }),
    ]);
    expect(
      displayValue(areas, toValues('BODY', { key: 'b', name: 'B', type: 'BOARD', cite: [], extent: EXTENT }), []),
    ).toBe('Highland (from 2012-04, until 2022); Argyll and Bute');
  });
});

describe("a connection's mechanisms", () => {
  it('are a group of labelled checkboxes, and no click drops another choice', async () => {
    const { wrapper, held } = await mountForm('CONNECTION');
    const group = wrapper.get('[data-field="mechanisms"] fieldset');
    expect(group.get('legend').text()).toBe('Mechanisms (required)');
    expect(wrapper.text()).not.toContain('Ctrl');
    const boxes = group.findAll('input[type="checkbox"]');
    expect(boxes).toHaveLength(10);
    for (const box of boxes) expect(group.find(`label[for="${box.attributes('id')}"]`).exists()).toBe(true);
    expect(group.get('label[for="part-mechanisms-POOLED_BUDGET"]').text()).toBe('Pooled budget');
    expect((wrapper.get('#part-mechanisms-POOLED_BUDGET').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.get('#part-mechanisms-JOINT_BOARD').element as HTMLInputElement).checked).toBe(true);

    await wrapper.get('#part-mechanisms-CO_LOCATION').setValue(true);
    await wrapper.get('#part-mechanisms-JOINT_BOARD').setValue(false);
    await wrapper.get('#part-mechanisms-STATUTORY_DUTY').setValue(true);
    const data = await savedData(wrapper, held);
    expect(data.mechanisms).toEqual(['POOLED_BUDGET', 'CO_LOCATION', 'STATUTORY_DUTY']);
  });

  it('are required, as the save requires them: with none ticked the form says so and sends nothing', async () => {
    const { wrapper, held } = await mountForm('CONNECTION');
    await wrapper.get('#part-mechanisms-POOLED_BUDGET').setValue(false);
    await wrapper.get('#part-mechanisms-JOINT_BOARD').setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-field="mechanisms"] [data-test="field-error"]').text()).toBe(
      'Tick at least one of the mechanisms.',
    );
    expect(held.pending().map((r) => r.operationName)).not.toContain('SaveDraftPart');
  });
});
