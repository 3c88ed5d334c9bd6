import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import CompareGrid from '@/features/compare/components/CompareGrid.vue';
import {
  COMPARISON,
  GOVERNANCE,
  GOVERNANCE_BASIS,
  LESSONS,
  REGIONAL_VERDICT,
  RESPONSIBILITIES,
  RESPONSIBILITY_BASIS,
  type Comparison,
  type Section,
} from './compare-fixtures';

enableAutoUnmount(afterEach);

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
/** Vocabulary codes that must never reach the screen. */
const CODES =
  /\b(NATIONAL|REGIONAL|LOCAL|PROVIDER|BOARD|MINISTRY|INSPECTORATE|MODERATE|STRONG|NOT_JUDGED|DIFFERENT|SAME)\b/;

describe('CompareGrid', () => {
  it('has a column per case in the selected order, the baseline badged, and the first column for rows', () => {
    const wrapper = mountGrid();

    const heads = wrapper.findAll('thead th');
    expect(heads.map((h) => h.attributes('scope'))).toEqual(['col', 'col', 'col', 'col']);
    expect(text(heads[0]!)).toBe('Row');
    expect(heads.slice(1).map((h) => h.find('.period').text())).toEqual([
      'Scotland today (2022–2024 arrangements)',
      'Health and Social Care Trusts (from 2007)',
      'Wellbeing services counties (from 2023)',
    ]);
    expect(heads.slice(1).map((h) => text(h).replace(h.find('.period').text(), '').trim())).toEqual([
      'Scotland today Baseline',
      'Northern Ireland',
      'Finland',
    ]);

    expect(rowKeys(wrapper)).toEqual(['REGIONAL', 'LOCAL']);
    for (const r of wrapper.findAll('[data-test="compare-row"]')) {
      expect(r.get('th').attributes('scope')).toBe('row');
      expect(r.findAll('td').map((td) => td.attributes('data-case'))).toEqual(['0', '1', '2']);
      // Common approaches lead here and move the focus to the row.
      expect(r.attributes('tabindex')).toBe('-1');
    }
    expect(cellOf(wrapper, 'LOCAL', 1).get('.visually-hidden').text()).toBe('Northern Ireland:');
    expect(rowOf(wrapper, 'REGIONAL').attributes('id')).toBe('row-GOVERNANCE-REGIONAL');
    expect(wrapper.get('[role="region"]').attributes('aria-label')).toBe('Governance levels: comparison table');
  });

  it('gives each judged row its verdict in a word, and why in words with what it was compared on', () => {
    const wrapper = mountGrid();

    const regional = rowOf(wrapper, 'REGIONAL');
    expect(regional.attributes('data-verdict')).toBe('DIFFERENT');
    expect(regional.classes()).toContain('differs');
    expect(text(regional.get('[data-test="verdict"]'))).toBe('≠ Differs');
    // The symbol is decoration; the word is what is read out.
    expect(regional.get('[data-test="verdict"] [aria-hidden="true"]').text()).toBe('≠');
    expect(text(regional.get('[data-test="why"] summary'))).toBe('Why Regional differs');
    expect(regional.get('[data-test="verdict-text"]').text()).toBe(REGIONAL_VERDICT);
    expect(regional.get('[data-test="basis"]').text()).toBe(GOVERNANCE_BASIS);

    const local = rowOf(wrapper, 'LOCAL');
    expect(local.classes()).not.toContain('differs');
    expect(text(local.get('[data-test="verdict"]'))).toBe('= Same');
    expect(text(local.get('[data-test="why"] summary'))).toBe('Why Local is the same');
    expect(local.get('[data-test="verdict-text"]').text()).toBe(
      'The same in Scotland today, Northern Ireland and Finland.',
    );
    expect(local.get('[data-test="basis"]').text()).toBe(GOVERNANCE_BASIS);
  });

  it('calls a row one case records and the others do not a difference, and says who records it', () => {
    const wrapper = mountGrid(RESPONSIBILITIES);

    const policy = rowOf(wrapper, 'childrens-social-work:POLICY');
    expect(policy.classes()).toContain('differs');
    expect(text(policy.get('[data-test="verdict"]'))).toBe('≠ Differs');
    expect(policy.get('[data-test="verdict-text"]').text()).toBe(
      'Only Scotland today records this. Not recorded for Northern Ireland and Finland.',
    );
    expect(policy.get('[data-test="basis"]').text()).toBe(RESPONSIBILITY_BASIS);
    const unrecorded = cellOf(wrapper, 'childrens-social-work:POLICY', 1);
    expect(unrecorded.get('.no-data').text()).toBe('Not recorded for this case.');
    expect(unrecorded.find('.items').exists()).toBe(false);
  });

  it('keeps exactly the rows the cases differ in when asked, one-sided rows among them', async () => {
    const wrapper = mountGrid(RESPONSIBILITIES, true);
    expect(rowKeys(wrapper)).toEqual(['childrens-social-work:POLICY', 'health:DELIVERY']);

    await wrapper.setProps({ section: GOVERNANCE });
    expect(rowKeys(wrapper)).toEqual(['REGIONAL']);

    await wrapper.setProps({ onlyDiffering: false });
    expect(rowKeys(wrapper)).toEqual(['REGIONAL', 'LOCAL']);

    const same: Section = { ...GOVERNANCE, rows: GOVERNANCE.rows.filter((r) => r.verdict === 'SAME') };
    await wrapper.setProps({ section: same, onlyDiffering: true });
    expect(wrapper.find('table').exists()).toBe(false);
    expect(wrapper.get('.empty').text()).toBe('No row differs between these cases.');
  });

  it('leaves lessons out of the differences-only view and says so', () => {
    const wrapper = mountGrid(LESSONS, true);
    expect(wrapper.find('table').exists()).toBe(false);
    expect(text(wrapper.get('[data-test="lessons-hidden"]'))).toBe(
      'Lessons are not compared, so they are left out while only the rows where the cases differ are shown.',
    );
  });

  it('sets lessons side by side with their evidence and transferability, and never calls them the same or different', () => {
    const wrapper = mountGrid(LESSONS);

    const theme = rowOf(wrapper, 'governance-accountability');
    expect(theme.classes()).not.toContain('differs');
    expect(theme.find('[data-test="verdict"]').exists()).toBe(false);
    expect(theme.find('[data-test="why"]').exists()).toBe(false);
    expect(theme.find('.vs-baseline').exists()).toBe(false);
    expect(text(theme.get('th'))).toBe('Governance and accountability');
    expect(text(theme)).not.toMatch(/\b(same|differs?|different)\b/i);

    const scotland = cellOf(wrapper, 'governance-accountability', 0);
    expect(scotland.get('[data-test="value-text"]').text()).toBe('1 lesson; evidence: moderate.');
    expect(scotland.get('.name').text()).toBe('The care system does not work as a system');
    expect(scotland.get('[data-test="evidence"]').text()).toBe('Moderate');
    expect(scotland.get('[data-test="transferability"]').text()).toBe('Directly relevant: it describes Scotland.');
    expect(scotland.get('.detail').text()).toBe('Many bodies, no one in charge of the whole.');
    expect(cellOf(wrapper, 'governance-accountability', 1).get('[data-test="evidence"]').text()).toBe('Strong');
    expect(text(cellOf(wrapper, 'governance-accountability', 2))).toBe('Finland: No lesson under this theme.');
    expect(text(wrapper)).not.toMatch(CODES);
  });

  it('shows each cell’s compared value in words, and each holder with its tier, kind, name and what it does', () => {
    const wrapper = mountGrid(RESPONSIBILITIES);

    const trusts = cellOf(wrapper, 'health:DELIVERY', 1);
    expect(trusts.get('[data-test="value-text"]').text()).toBe('Regional provider: Health and Social Care Trusts.');
    const holder = trusts.get('[data-test="cell-item"]');
    expect(holder.get('.kind').text()).toBe('Regional provider');
    expect(holder.get('.name').text()).toBe('Health and Social Care Trusts');
    expect(holder.get('.detail').text()).toBe('Hospital, community and primary care services for their area.');
    expect(cellOf(wrapper, 'health:DELIVERY', 2).get('.detail').text()).toBe(
      'Pupil welfare and health care for their county.',
    );
    expect(cellOf(wrapper, 'childrens-social-work:POLICY', 0).get('.kind').text()).toBe('National ministry');
    expect(text(wrapper)).not.toMatch(CODES);
  });

  it('says where a holder holds it when only in part of the case', () => {
    const section = structuredClone(RESPONSIBILITIES);
    const row = section.rows.find((r) => r.key === 'health:DELIVERY')!;
    row.cells[1]!.items[0]!.extent = { text: 'In 4 of 5 trusts, as of 2024.' };
    const wrapper = mountGrid(section);
    expect(cellOf(wrapper, 'health:DELIVERY', 1).get('[data-test="extent"]').text()).toBe(
      'Where it holds: In 4 of 5 trusts, as of 2024.',
    );
    expect(cellOf(wrapper, 'health:DELIVERY', 2).find('[data-test="extent"]').exists()).toBe(false);
  });

  it('shows a tier’s levels with their description and bodies by kind, without repeating the tier', () => {
    const wrapper = mountGrid();

    const scotland = cellOf(wrapper, 'REGIONAL', 0);
    expect(scotland.get('[data-test="value-text"]').text()).toBe(
      'Territorial NHS boards (14), board: health care and mental health.',
    );
    const level = scotland.get('[data-test="cell-item"]');
    expect(level.find(':scope > .kind').exists()).toBe(false);
    expect(level.get(':scope > .detail').text()).toBe(
      'Front-line NHS services are the responsibility of 14 regional NHS boards.',
    );
    const body = level.get('.parts > li');
    expect(body.get('.kind').text()).toBe('Board');
    expect(body.get('.name').text()).toBe('Territorial NHS boards');
    expect(body.get('.detail').text()).toBe('Plan and deliver hospital and community health care.');
    expect(cellOf(wrapper, 'REGIONAL', 1).get('.parts .kind').text()).toBe('Provider');
    expect(text(wrapper)).not.toMatch(CODES);
  });

  it('tells an unrecorded cell from an absent one', () => {
    const absent: Section = {
      ...RESPONSIBILITIES,
      rows: [
        {
          ...RESPONSIBILITIES.rows[0]!,
          cells: [
            RESPONSIBILITIES.rows[0]!.cells[0]!,
            { ...RESPONSIBILITIES.rows[0]!.cells[1]!, status: 'ABSENT', valueText: 'No body holds this.' },
            RESPONSIBILITIES.rows[0]!.cells[2]!,
          ],
        },
      ],
    };
    const wrapper = mountGrid(absent);

    const none = cellOf(wrapper, 'childrens-social-work:POLICY', 1);
    expect(none.attributes('data-status')).toBe('ABSENT');
    expect(text(none.get('.absent'))).toBe('Absent');
    expect(none.get('[data-test="value-text"]').text()).toBe('No body holds this.');
    const unrecorded = cellOf(wrapper, 'childrens-social-work:POLICY', 2);
    expect(unrecorded.attributes('data-status')).toBe('NO_DATA');
    expect(unrecorded.get('.no-data').text()).toBe('Not recorded for this case.');
    expect(unrecorded.find('.absent').exists()).toBe(false);
  });

  it('says in words how each cell stands against the baseline, and nothing in the baseline’s column', () => {
    const wrapper = mountGrid(RESPONSIBILITIES);
    const versus = (key: string, i: number) => text(cellOf(wrapper, key, i).get('.vs-baseline'));

    expect(versus('childrens-social-work:INSPECTION', 1)).toBe('= Same as Scotland today');
    expect(versus('childrens-social-work:POLICY', 2)).toBe(
      '– Not recorded for this case, so not compared with Scotland today',
    );
    expect(versus('health:DELIVERY', 1)).toBe('≠ Scotland today does not record this');
    for (const key of ['childrens-social-work:INSPECTION', 'health:DELIVERY'])
      expect(cellOf(wrapper, key, 0).find('.vs-baseline').exists()).toBe(false);

    const governance = mountGrid();
    expect(text(governance.get('tr[data-row="REGIONAL"] td[data-case="1"] .vs-baseline'))).toBe(
      '≠ Differs from Scotland today',
    );
  });

  it('numbers citations with the page’s numbers, linking to the Sources list', () => {
    const wrapper = mountGrid();

    const regional = cellOf(wrapper, 'REGIONAL', 0).findAll('a.citation');
    expect(regional.map((a) => a.text())).toEqual(['[3]', '[7, p. 12]', '[11, s. 4]']);
    expect(regional.map((a) => a.attributes('href'))).toEqual(['#source-3', '#source-7', '#source-11']);
    expect(regional.map((a) => a.attributes('aria-label'))).toEqual(['Source 3', 'Source 7, p. 12', 'Source 11, s. 4']);
  });

  it('says "Uncertain" in words for uncertain items and parts, with the note when there is one', () => {
    const wrapper = mountGrid();

    expect(text(cellOf(wrapper, 'REGIONAL', 0).get('.parts .uncertain-mark'))).toBe(
      '? Uncertain: Inferred from the act',
    );
    expect(text(cellOf(wrapper, 'LOCAL', 1).get('.uncertain-mark'))).toBe('? Uncertain');
    expect(cellOf(wrapper, 'LOCAL', 0).find('.uncertain-mark').exists()).toBe(false);
  });
});

describe('CompareGrid on a phone', () => {
  it('shows one card per row, the baseline’s cell first and labelled, each case’s cell under its name', () => {
    const happy = (window as unknown as { happyDOM: { setViewport(v: { width: number; height: number }): void } })
      .happyDOM;
    happy.setViewport({ width: 390, height: 844 });
    try {
      // The baseline last in the selection, so that putting it first is the cards' doing.
      const wrapper = mountGrid(GOVERNANCE, false, { ...COMPARISON, baselineIndex: 2 });
      expect(wrapper.find('table').exists()).toBe(false);
      const cards = wrapper.findAll('[data-test="compare-card"]');
      expect(cards.map((c) => c.attributes('data-row'))).toEqual(['REGIONAL', 'LOCAL']);
      for (const card of cards) {
        const cells = card.findAll('[data-test="card-cell"]');
        expect(cells.map((c) => c.attributes('data-case'))).toEqual(['2', '0', '1']);
        expect(text(cells[0]!.get('dt'))).toMatch(/^Finland Baseline/);
        expect(text(cells[1]!.get('dt'))).toMatch(/^Scotland today(?! Baseline)/);
        expect(text(cells[2]!.get('dt'))).toMatch(/^Northern Ireland/);
      }
    } finally {
      happy.setViewport({ width: 1024, height: 768 });
    }
    // At a desk's width the table is back.
    expect(mountGrid().find('table').exists()).toBe(true);
  });
});
