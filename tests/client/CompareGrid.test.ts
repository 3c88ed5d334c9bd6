import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import CompareGrid from '@/features/compare/components/CompareGrid.vue';
import type { ComparisonQuery } from '@/gql/graphql';

type Comparison = ComparisonQuery['comparison'];
type Case = Comparison['cases'][number];
type Section = Comparison['sections'][number];
type Row = Section['rows'][number];
type Cell = Row['cells'][number];
type Item = Cell['items'][number];
type Citation = Item['citations'][number];

enableAutoUnmount(afterEach);

function comparedCase(index: number, slug: string, name: string, periodLabel: string, baseline = false): Case {
  return {
    index,
    selector: slug,
    asOf: null,
    baseline,
    caseStudy: { id: `case-${slug}`, slug, name, kind: 'COUNTRY', edition: 1 },
    period: {
      id: `period-${slug}`,
      key: 'current',
      label: periodLabel,
      current: true,
      validFrom: null,
      validTo: null,
      tiers: [],
      levels: [],
      connections: [],
    },
  };
}

function cite(sourceId: string, locator: string | null = null): Citation {
  return {
    locator,
    source: { id: sourceId, url: `https://example.org/${sourceId}`, title: `Source ${sourceId}`, standing: 'OFFICIAL' },
  };
}

function item(key: string, label: string, extra: Partial<Item> = {}): Item {
  return {
    key,
    label,
    detail: null,
    tier: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    parts: [],
    ...extra,
  };
}

function cell(
  caseIndex: number,
  status: Cell['status'],
  items: Item[],
  differsFromBaseline: boolean | null = null,
): Cell {
  const value = status === 'NO_DATA' ? [] : [status === 'ABSENT' ? 'absent' : 'present'];
  return { caseIndex, status, value, items, uncertain: items.some((i) => i.uncertain), differsFromBaseline };
}

/** Agreement as the API computes it: over the cells with data. */
function row(key: string, label: string, cells: Cell[]): Row {
  const withData = cells.filter((c) => c.status !== 'NO_DATA');
  const agree = withData.length >= 2 && new Set(withData.map((c) => c.value.join('+'))).size === 1;
  return {
    key,
    label,
    cells,
    withData: withData.length,
    agree,
    differFromBaseline: cells.filter((c) => c.differsFromBaseline).map((c) => c.caseIndex),
  };
}

/**
 * Finland, the Netherlands and Scotland today (the baseline, last). National agrees; Regional
 * differs (Finland has a level, the others record none); Local has no data for the Netherlands
 * and agrees between the other two.
 */
const GOVERNANCE: Section = {
  kind: 'GOVERNANCE',
  title: 'Governance levels',
  rows: [
    row('NATIONAL', 'National', [
      cell(
        0,
        'PRESENT',
        [
          item('ministry', 'Ministry of Social Affairs and Health', {
            citations: [cite('src-a'), cite('src-b', 'p. 12')],
          }),
        ],
        false,
      ),
      cell(1, 'PRESENT', [item('vws', 'Ministry of Health, Welfare and Sport', { citations: [cite('src-c')] })], false),
      cell(2, 'PRESENT', [item('sg', 'Scottish Government', { citations: [cite('src-a')] })]),
    ]),
    row('REGIONAL', 'Regional', [
      cell(
        0,
        'PRESENT',
        [
          item('counties', 'Wellbeing services counties (21)', {
            citations: [cite('src-b')],
            parts: [
              item('county-boards', 'County councils', {
                citations: [cite('src-c', 's. 4')],
                uncertain: true,
                uncertaintyNote: 'Inferred from the act',
              }),
            ],
          }),
        ],
        true,
      ),
      cell(1, 'ABSENT', [item('no-region', 'No regional tier since 2015')], false),
      cell(2, 'ABSENT', []),
    ]),
    row('LOCAL', 'Local', [
      cell(
        0,
        'PRESENT',
        [item('municipalities', 'Municipalities (308)', { uncertain: true, uncertaintyNote: null })],
        false,
      ),
      cell(1, 'NO_DATA', []),
      cell(2, 'PRESENT', [item('councils', 'Local authorities (32)')]),
    ]),
  ],
};

/** A section where every row agrees. */
const LESSONS: Section = {
  kind: 'LESSONS',
  title: 'Lessons by theme',
  rows: [
    row('leadership', 'Leadership', [
      cell(0, 'PRESENT', [item('l1', 'Lead from the top')], false),
      cell(1, 'PRESENT', [item('l2', 'Name who leads')], false),
      cell(2, 'PRESENT', [item('l3', 'Steady leadership')]),
    ]),
  ],
};

const COMPARISON: Comparison = {
  baselineIndex: 2,
  cases: [
    comparedCase(0, 'finland', 'Finland', 'Wellbeing services counties (from 2023)'),
    comparedCase(1, 'netherlands', 'The Netherlands', 'Youth Act (from 2015)'),
    comparedCase(2, 'scotland', 'Scotland today', 'Scotland today (2022–2024 arrangements)', true),
  ],
  sections: [GOVERNANCE, LESSONS],
  timeline: [],
  commonApproaches: [],
};

/** Page numbers as the page would give them: in order of first appearance, here fixed by hand. */
const NUMBERS = new Map([
  ['src-a', 3],
  ['src-b', 7],
  ['src-c', 11],
]);
const numberOf = (id: string) => NUMBERS.get(id);

function mountGrid(section: Section = GOVERNANCE, onlyDiffering = false, comparison: Comparison = COMPARISON) {
  return mount(CompareGrid, { props: { comparison, section, onlyDiffering, numberOf } });
}

const text = (w: { text(): string }) => w.text().replace(/\s+/g, ' ').trim();
const rowKeys = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-test="compare-row"]').map((r) => r.attributes('data-row'));
const rowOf = (wrapper: VueWrapper, key: string) => wrapper.get(`[data-test="compare-row"][data-row="${key}"]`);
const cellOf = (wrapper: VueWrapper, key: string, caseIndex: number) =>
  rowOf(wrapper, key).get(`td[data-case="${caseIndex}"]`);

describe('CompareGrid', () => {
  it('has a column per case in the selected order, the baseline badged, and the first column for rows', () => {
    const wrapper = mountGrid();

    const heads = wrapper.findAll('thead th');
    expect(heads.map((h) => h.attributes('scope'))).toEqual(['col', 'col', 'col', 'col']);
    expect(text(heads[0]!)).toBe('Row');
    expect(heads.slice(1).map((h) => h.find('.period').text())).toEqual([
      'Wellbeing services counties (from 2023)',
      'Youth Act (from 2015)',
      'Scotland today (2022–2024 arrangements)',
    ]);
    expect(heads.slice(1).map((h) => text(h).replace(h.find('.period').text(), '').trim())).toEqual([
      'Finland',
      'The Netherlands',
      'Scotland today Baseline',
    ]);
    expect(heads.map((h) => h.find('.badge').exists())).toEqual([false, false, false, true]);

    // Every row has its label as a row header, then one cell per case in the same order.
    expect(rowKeys(wrapper)).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    for (const r of wrapper.findAll('[data-test="compare-row"]')) {
      expect(r.get('th').attributes('scope')).toBe('row');
      expect(r.findAll('td').map((td) => td.attributes('data-case'))).toEqual(['0', '1', '2']);
    }
    // Each cell says whose it is, for a screen reader moving through the table.
    expect(cellOf(wrapper, 'NATIONAL', 1).get('.visually-hidden').text()).toBe('The Netherlands:');
    // Common approaches link to the rows by these ids.
    expect(rowOf(wrapper, 'REGIONAL').attributes('id')).toBe('row-GOVERNANCE-REGIONAL');
    expect(wrapper.get('[role="region"]').attributes('aria-label')).toBe('Governance levels: comparison table');
    expect(wrapper.get('caption').text()).toBe('Governance levels, one column per case');
  });

  it('marks a row where the cases differ both by class and in words', () => {
    const wrapper = mountGrid();

    expect(wrapper.findAll('tr.differs').map((r) => r.attributes('data-row'))).toEqual(['REGIONAL']);
    expect(text(rowOf(wrapper, 'REGIONAL').get('th .agreement'))).toBe('≠ Differs');
    expect(text(rowOf(wrapper, 'NATIONAL').get('th .agreement'))).toBe('= All the same');
    // Local: only two cases have data and they agree; agreement ignores the case with no data.
    expect(text(rowOf(wrapper, 'LOCAL').get('th .agreement'))).toBe('= All the same');
  });

  it('calls a row with data for one case only "Not comparable", and does not mark it as differing', () => {
    const lonely: Section = {
      ...LESSONS,
      rows: [
        row('finance', 'Finance', [
          cell(0, 'PRESENT', [item('f', 'Fund the transition')]),
          cell(1, 'NO_DATA', []),
          cell(2, 'NO_DATA', []),
        ]),
      ],
    };
    const wrapper = mountGrid(lonely);

    expect(text(rowOf(wrapper, 'finance').get('.agreement'))).toBe('Not comparable');
    expect(rowOf(wrapper, 'finance').classes()).not.toContain('differs');
  });

  it('shows only the differing rows when asked, and says so when no row differs', async () => {
    const wrapper = mountGrid(GOVERNANCE, true);
    expect(rowKeys(wrapper)).toEqual(['REGIONAL']);

    await wrapper.setProps({ onlyDiffering: false });
    expect(rowKeys(wrapper)).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);

    await wrapper.setProps({ section: LESSONS, onlyDiffering: true });
    expect(wrapper.find('table').exists()).toBe(false);
    expect(wrapper.get('.empty').text()).toBe('No row differs between these cases.');

    await wrapper.setProps({ onlyDiffering: false });
    expect(rowKeys(wrapper)).toEqual(['leadership']);
  });

  it('tells an empty section apart from one where nothing differs', () => {
    const wrapper = mountGrid({ ...LESSONS, rows: [] }, true);
    expect(wrapper.get('.empty').text()).toBe('Nothing is recorded in this section for these cases.');
  });

  it('renders "No data" and "Absent" differently', () => {
    const wrapper = mountGrid();

    const noData = cellOf(wrapper, 'LOCAL', 1);
    expect(noData.attributes('data-status')).toBe('NO_DATA');
    expect(text(noData.get('.no-data'))).toBe('No data');
    expect(noData.find('.absent').exists()).toBe(false);
    expect(noData.text()).not.toContain('Absent');

    const absent = cellOf(wrapper, 'REGIONAL', 1);
    expect(absent.attributes('data-status')).toBe('ABSENT');
    expect(text(absent.get('.absent'))).toBe('Absent');
    expect(absent.find('.no-data').exists()).toBe(false);
    // An absent tier still shows what the record says about it.
    expect(absent.text()).toContain('No regional tier since 2015');

    const absentEmpty = cellOf(wrapper, 'REGIONAL', 2);
    expect(text(absentEmpty.get('.absent'))).toBe('Absent');
    expect(absentEmpty.text()).not.toContain('No data');
  });

  it('numbers citations with the page’s numbers, linking to the Sources list', () => {
    const wrapper = mountGrid();

    const national = cellOf(wrapper, 'NATIONAL', 0).findAll('a.citation');
    expect(national.map((a) => a.text())).toEqual(['[3]', '[7, p. 12]']);
    expect(national.map((a) => a.attributes('href'))).toEqual(['#source-3', '#source-7']);
    expect(national.map((a) => a.attributes('aria-label'))).toEqual(['Source 3', 'Source 7, p. 12']);
    // Parts (the bodies of a level) carry their own citations.
    expect(
      cellOf(wrapper, 'REGIONAL', 0)
        .findAll('a.citation')
        .map((a) => a.text()),
    ).toEqual(['[7]', '[11, s. 4]']);
    expect(cellOf(wrapper, 'NATIONAL', 2).get('a.citation').attributes('href')).toBe('#source-3');
  });

  it('says "Uncertain" in words for uncertain items and parts, with the note when there is one', () => {
    const wrapper = mountGrid();

    expect(text(cellOf(wrapper, 'REGIONAL', 0).get('.parts .uncertain-mark'))).toBe(
      '? Uncertain: Inferred from the act',
    );
    expect(text(cellOf(wrapper, 'LOCAL', 0).get('.uncertain-mark'))).toBe('? Uncertain');
    expect(cellOf(wrapper, 'NATIONAL', 0).find('.uncertain-mark').exists()).toBe(false);
  });

  it('says for each cell whether it differs from the baseline, and nothing for the baseline or a cell without data', () => {
    const wrapper = mountGrid();

    expect(text(cellOf(wrapper, 'REGIONAL', 0).get('.vs-baseline'))).toBe('≠ Differs from the baseline');
    expect(text(cellOf(wrapper, 'REGIONAL', 1).get('.vs-baseline'))).toBe('= Same as the baseline');
    expect(cellOf(wrapper, 'REGIONAL', 2).find('.vs-baseline').exists()).toBe(false);
    expect(cellOf(wrapper, 'LOCAL', 1).find('.vs-baseline').exists()).toBe(false);
  });
});
