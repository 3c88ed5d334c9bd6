import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ComparePicker from '@/features/compare/components/ComparePicker.vue';
import type { ComparePickerQuery } from '@/gql/graphql';
import type { Selector } from '@casebook/schema';

type PickerCase = ComparePickerQuery['caseStudies']['nodes'][number];
type Period = PickerCase['periods'][number];

enableAutoUnmount(afterEach);

function period(key: string, label: string, dates: { from?: string; to?: string } = {}): Period {
  return {
    key,
    label,
    current: !dates.to,
    validFrom: dates.from
      ? { text: dates.from, earliest: dates.from.length === 4 ? `${dates.from}-01-01` : dates.from }
      : null,
    validTo: dates.to ? { text: dates.to, latest: dates.to } : null,
  };
}

function pickerCase(slug: string, name: string, periods: Period[], baseline = false): PickerCase {
  return { id: `id-${slug}`, slug, name, baseline, periods };
}

/** Four cases like the seeds: an earlier period with no start, one with a start, and the one-period baseline. */
const CASES: PickerCase[] = [
  pickerCase('finland', 'Finland', [
    period('before-2023', 'Municipalities (before 2023)', { to: '2022-12-31' }),
    period('from-2023', 'Wellbeing services counties', { from: '2023-01-01' }),
  ]),
  pickerCase('netherlands', 'The Netherlands', [
    period('before-2015', 'Youth Care Act (2005–2014)', { from: '2005', to: '2014-12-31' }),
    period('from-2015', 'Youth Act', { from: '2015-01-01' }),
  ]),
  pickerCase('police-scotland', 'Police Scotland', [
    period('before-2013', 'Eight regional police forces', { to: '2013-03-31' }),
    period('from-2013', 'Police Service of Scotland', { from: '2013-04-01' }),
  ]),
  pickerCase('scotland', 'Scotland today', [period('current', 'Scotland today (2022–2024 arrangements)')], true),
];

function mountPicker(selectors: Selector[], cases: PickerCase[] = CASES) {
  return mount(ComparePicker, { props: { selectors, cases } });
}

/** Every `change` the picker emitted, oldest first. */
function changes(wrapper: VueWrapper): Selector[][] {
  return (wrapper.emitted('change') ?? []).map((args) => args[0] as Selector[]);
}

const caseSelect = (wrapper: VueWrapper, i: number) => wrapper.get<HTMLSelectElement>(`#pick-case-${i}`);
const periodSelect = (wrapper: VueWrapper, i: number) => wrapper.get<HTMLSelectElement>(`#pick-period-${i}`);
const button = (wrapper: VueWrapper, label: string) => wrapper.get<HTMLButtonElement>(`button[aria-label="${label}"]`);
const buttonByText = (wrapper: VueWrapper, text: string) => {
  const found = wrapper.findAll<HTMLButtonElement>('button').filter((b) => b.text().trim() === text);
  expect(found, `one "${text}" button`).toHaveLength(1);
  return found[0]!;
};

describe('ComparePicker', () => {
  it('shows one labelled row per selected case, with its case and period chosen', () => {
    const wrapper = mountPicker([{ slug: 'finland' }, { slug: 'police-scotland', asOf: '2012-06-30' }]);

    expect(wrapper.get('legend').text()).toBe('Cases to compare (2 to 8)');
    expect(wrapper.findAll('[data-test="picked-case"]')).toHaveLength(2);
    expect(caseSelect(wrapper, 0).element.value).toBe('finland');
    expect(caseSelect(wrapper, 1).element.value).toBe('police-scotland');
    // A shared URL's date lands in the period it falls in.
    expect(periodSelect(wrapper, 0).element.value).toBe('');
    expect(periodSelect(wrapper, 1).element.value).toBe('before-2013');
    // The period list offers Current and the earlier periods, not the current one twice.
    expect(
      periodSelect(wrapper, 1)
        .findAll('option')
        .map((o) => o.text()),
    ).toEqual(['Current', 'Eight regional police forces']);

    // Every control has a label tied to it by id.
    for (const id of ['pick-case-0', 'pick-period-0', 'pick-case-1', 'pick-period-1', 'pick-add']) {
      expect(wrapper.find(`label[for="${id}"]`).exists(), `a label for #${id}`).toBe(true);
    }
    expect(wrapper.get('label[for="pick-case-1"]').text()).toBe('Case 2');
    // Every row has a Period select: the hidden words tell them apart for a screen reader.
    expect(wrapper.get('label[for="pick-period-0"]').text()).toBe('Period for Finland');
    expect(wrapper.get('label[for="pick-period-1"]').text()).toBe('Period for Police Scotland');
    expect(wrapper.get('label[for="pick-period-1"] .visually-hidden').text()).toBe('for Police Scotland');
    expect(wrapper.get('label[for="pick-add"]').text()).toBe('Add a case');
    // The row buttons name the case they act on.
    expect(wrapper.findAll('button[aria-label]').map((b) => b.attributes('aria-label'))).toEqual([
      'Move Finland one column earlier',
      'Move Finland one column later',
      'Remove Finland',
      'Move Police Scotland one column earlier',
      'Move Police Scotland one column later',
      'Remove Police Scotland',
    ]);
  });

  it('emits the new selection when a case is changed, dropping the old case’s date', async () => {
    const wrapper = mountPicker([{ slug: 'finland' }, { slug: 'police-scotland', asOf: '2012-06-30' }]);

    await caseSelect(wrapper, 1).setValue('netherlands');

    expect(changes(wrapper)).toStrictEqual([[{ slug: 'finland' }, { slug: 'netherlands' }]]);
  });

  it('emits a day inside an earlier period when one is chosen, and no date for Current', async () => {
    const wrapper = mountPicker([{ slug: 'finland' }, { slug: 'netherlands' }]);

    // No start: the last day of the period.
    await periodSelect(wrapper, 0).setValue('before-2023');
    // A start: its earliest day.
    await periodSelect(wrapper, 1).setValue('before-2015');
    expect(changes(wrapper)).toStrictEqual([
      [{ slug: 'finland', asOf: '2022-12-31' }, { slug: 'netherlands' }],
      [{ slug: 'finland' }, { slug: 'netherlands', asOf: '2005-01-01' }],
    ]);

    await wrapper.setProps({ selectors: [{ slug: 'finland', asOf: '2022-12-31' }, { slug: 'netherlands' }] });
    expect(periodSelect(wrapper, 0).element.value).toBe('before-2023');
    await periodSelect(wrapper, 0).setValue('');
    expect(changes(wrapper)[2]).toStrictEqual([{ slug: 'finland' }, { slug: 'netherlands' }]);
  });

  it('moves a case one column earlier or later, and cannot move past either end', async () => {
    const wrapper = mountPicker([
      { slug: 'finland' },
      { slug: 'netherlands', asOf: '2010-05-01' },
      { slug: 'police-scotland' },
    ]);

    expect(button(wrapper, 'Move Finland one column earlier').element.disabled).toBe(true);
    expect(button(wrapper, 'Move Police Scotland one column later').element.disabled).toBe(true);
    expect(button(wrapper, 'Move The Netherlands one column earlier').element.disabled).toBe(false);

    await button(wrapper, 'Move The Netherlands one column earlier').trigger('click');
    await button(wrapper, 'Move The Netherlands one column later').trigger('click');
    // A case keeps its date when it moves.
    expect(changes(wrapper)).toStrictEqual([
      [{ slug: 'netherlands', asOf: '2010-05-01' }, { slug: 'finland' }, { slug: 'police-scotland' }],
      [{ slug: 'finland' }, { slug: 'police-scotland' }, { slug: 'netherlands', asOf: '2010-05-01' }],
    ]);
    // The visible words say which way; the accessible name also says which case.
    const firstRow = wrapper.findAll('[data-test="picked-case"]')[0]!;
    expect(firstRow.findAll('button').map((b) => [b.text().trim(), b.attributes('aria-label')])).toEqual([
      ['← Earlier', 'Move Finland one column earlier'],
      ['Later →', 'Move Finland one column later'],
      ['Remove', 'Remove Finland'],
    ]);
  });

  it('removes a case', async () => {
    const wrapper = mountPicker([
      { slug: 'finland' },
      { slug: 'netherlands' },
      { slug: 'police-scotland', asOf: '2012-06-30' },
    ]);

    await button(wrapper, 'Remove The Netherlands').trigger('click');

    expect(changes(wrapper)).toStrictEqual([[{ slug: 'finland' }, { slug: 'police-scotland', asOf: '2012-06-30' }]]);
  });

  it('adds the case chosen in "Add a case", and only once one is chosen', async () => {
    const wrapper = mountPicker([{ slug: 'finland' }]);
    const add = wrapper.get<HTMLButtonElement>('[data-test="add-case"]');
    expect(add.text()).toBe('Add');
    expect(add.element.disabled).toBe(true);
    expect(wrapper.get('.hint').text()).toBe('Choose at least 2 cases to compare.');
    expect(wrapper.get('.hint').attributes('role')).toBe('status');

    await wrapper.get('#pick-add').setValue('police-scotland');
    expect(add.element.disabled).toBe(false);
    await add.trigger('click');

    expect(changes(wrapper)).toStrictEqual([[{ slug: 'finland' }, { slug: 'police-scotland' }]]);
    // The choice is cleared for the next one.
    expect(wrapper.get<HTMLSelectElement>('#pick-add').element.value).toBe('');
    expect(add.element.disabled).toBe(true);
  });

  it('refuses a ninth case: Add is disabled and the hint says why', async () => {
    const eight: Selector[] = [
      'finland',
      'netherlands',
      'police-scotland',
      'finland',
      'netherlands',
      'police-scotland',
      'finland',
      'netherlands',
    ].map((slug) => ({ slug }));
    const wrapper = mountPicker(eight);

    expect(wrapper.findAll('[data-test="picked-case"]')).toHaveLength(8);
    expect(wrapper.get<HTMLSelectElement>('#pick-add').element.disabled).toBe(true);
    expect(wrapper.get<HTMLButtonElement>('[data-test="add-case"]').element.disabled).toBe(true);
    expect(wrapper.get<HTMLButtonElement>('[data-test="add-baseline"]').element.disabled).toBe(true);
    expect(wrapper.get('.hint').text()).toBe('At most 8 cases can be compared; remove one to add another.');

    await wrapper.get('[data-test="add-baseline"]').trigger('click');
    await wrapper.get('[data-test="add-case"]').trigger('click');
    expect(wrapper.emitted('change')).toBeUndefined();

    // With seven, the hint goes and Add comes back.
    await wrapper.setProps({ selectors: eight.slice(0, 7) });
    expect(wrapper.find('.hint').exists()).toBe(false);
    expect(wrapper.get<HTMLSelectElement>('#pick-add').element.disabled).toBe(false);
  });

  it('offers "Add Scotland today" in one click while the baseline is not selected', async () => {
    const wrapper = mountPicker([{ slug: 'finland' }, { slug: 'netherlands' }]);

    const addBaseline = buttonByText(wrapper, 'Add Scotland today');
    expect(addBaseline.element.disabled).toBe(false);
    await addBaseline.trigger('click');
    expect(changes(wrapper)).toStrictEqual([[{ slug: 'finland' }, { slug: 'netherlands' }, { slug: 'scotland' }]]);

    await wrapper.setProps({ selectors: changes(wrapper)[0]! });
    expect(wrapper.find('[data-test="add-baseline"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Add Scotland today');
  });

  it('keeps an unknown slug from the address visible instead of silently showing another case', () => {
    const wrapper = mountPicker([{ slug: 'finland' }, { slug: 'atlantis' }]);

    expect(caseSelect(wrapper, 1).element.value).toBe('atlantis');
    const select = caseSelect(wrapper, 1).element;
    expect(select.options[select.selectedIndex]?.text).toBe('atlantis (unknown)');
    expect(button(wrapper, 'Remove atlantis').text()).toBe('Remove');
  });
});

describe('ComparePicker by keyboard', () => {
  /** The picker as the page holds it: each change it asks for becomes its new selection. */
  function mountApplied(selectors: Selector[]) {
    const wrapper = mount(ComparePicker, { props: { selectors, cases: CASES }, attachTo: document.body });
    return wrapper;
  }
  async function apply(wrapper: VueWrapper) {
    await wrapper.setProps({ selectors: changes(wrapper).at(-1)! });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  /** The accessible name of the focused control: its aria-label, its label, or its text. */
  const focused = () => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'the page';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    return (el.getAttribute('aria-label') ?? label?.textContent ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  };
  const said = (wrapper: VueWrapper) => wrapper.get('[data-test="picker-announcement"]').text();
  const THREE: Selector[] = [{ slug: 'finland' }, { slug: 'netherlands' }, { slug: 'police-scotland' }];

  it('keeps the focus on Earlier and Later while they still move the case, else on the other one', async () => {
    const wrapper = mountApplied(THREE);
    (document.getElementById('pick-earlier-2') as HTMLButtonElement).focus();
    await button(wrapper, 'Move Police Scotland one column earlier').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Move Police Scotland one column earlier');
    expect(said(wrapper)).toBe('Police Scotland moved to column 2 of 3');
    await button(wrapper, 'Move Police Scotland one column earlier').trigger('click');
    await apply(wrapper);
    // First now: Earlier is disabled, so Later takes the focus.
    expect(focused()).toBe('Move Police Scotland one column later');
    await button(wrapper, 'Move Police Scotland one column later').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Move Police Scotland one column later');
    await button(wrapper, 'Move Police Scotland one column later').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Move Police Scotland one column earlier');
  });

  it('moves the focus after Remove to the next case’s Remove, the previous one’s, then to the Add list', async () => {
    const wrapper = mountApplied(THREE);
    await button(wrapper, 'Remove Finland').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Remove The Netherlands');
    expect(said(wrapper)).toBe('Finland removed');
    await button(wrapper, 'Remove Police Scotland').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Remove The Netherlands');
    await button(wrapper, 'Remove The Netherlands').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Add a case');
    expect(said(wrapper)).toBe('The Netherlands removed');
  });

  it('moves the focus after Add and "Add Scotland today" to the new case’s row', async () => {
    const wrapper = mountApplied([{ slug: 'finland' }]);
    await wrapper.get('#pick-add').setValue('netherlands');
    await buttonByText(wrapper, 'Add').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Case 2');
    expect((document.activeElement as HTMLSelectElement).value).toBe('netherlands');
    expect(said(wrapper)).toBe('The Netherlands added');
    await buttonByText(wrapper, 'Add Scotland today').trigger('click');
    await apply(wrapper);
    expect(focused()).toBe('Case 3');
    expect((document.activeElement as HTMLSelectElement).value).toBe('scotland');
    expect(said(wrapper)).toBe('Scotland today added');
  });
});
