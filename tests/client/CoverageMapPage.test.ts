import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import CoverageMapPage from '@/pages/CoverageMapPage.vue';
import { mountAdminPage } from './admin-page';

enableAutoUnmount(afterEach);

const EDITOR = { __typename: 'User', id: 'u2', email: 'eve@example.org', name: 'Eve', role: 'EDITOR' };

const section = (name: string, coverage: string, parts: number) => ({
  __typename: 'SectionWork',
  section: name,
  coverage,
  parts,
  path: 'periods.1',
});
const row = (slug: string, name: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'CaseWorkRow',
  slug,
  name,
  fromDraft: false,
  published: true,
  period: { __typename: 'CoveragePeriod', key: 'now', label: 'Since 2020', path: 'periods.1' },
  sections: [
    section('LEVELS', 'COMPLETE', 12),
    section('RESPONSIBILITIES', 'PARTIAL', 1),
    section('CONNECTIONS', 'NOT_RECORDED', 0),
  ],
  claims: 40,
  uncertain: 0,
  unsourced: 0,
  firstUncertain: null,
  firstUnsourced: null,
  reviewsDue: [],
  ...extra,
});

describe('the coverage map', () => {
  it('shows each case’s sections, uncertain and unsourced claims and reviews due, each linking to the form that fixes it', async () => {
    const { wrapper, held } = await mountAdminPage(CoverageMapPage, '/authoring/coverage', EDITOR);
    expect(wrapper.text()).toContain('Loading coverage map…');
    (await held.nextRequest('CoverageMap')).answer({
      data: {
        coverageMap: [
          row('finland', 'Finland', {
            fromDraft: true,
            uncertain: 4,
            firstUncertain: 'lessons.2',
            unsourced: 2,
            firstUnsourced: 'periods.1.levels.0.bodies.3',
            reviewsDue: [
              { __typename: 'ReviewDue', key: 'now', label: 'Since 2020', reviewed: '2023-05', path: 'periods.1' },
            ],
          }),
          row('ireland', 'Republic of Ireland'),
        ],
      },
    });
    await flushPromises();
    const rows = wrapper.findAll('[data-test="coverage-row"]');
    expect(rows.map((r) => r.attributes('data-slug'))).toEqual(['finland', 'ireland']);
    const [finland, ireland] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(finland.get('th').text()).toContain('draft');
    expect(ireland.get('th').text()).toContain('as published');
    const cells = finland.findAll('td').map((td) => td.text().replace(/\s+/g, ' '));
    expect(cells).toEqual([
      'Complete 12 parts',
      'Partial 1 part',
      'Not recorded 0 parts',
      '4 of 40 10%',
      '2 claims cite no source',
      'Since 2020: due last reviewed May 2023',
    ]);
    const href = (test: string) => finland.get(`[data-test="${test}"] a`).attributes('href');
    expect(href('coverage-unsourced')).toBe('/cases/finland/draft?open=periods.1.levels.0.bodies.3');
    expect(href('coverage-uncertain')).toBe('/cases/finland/draft?open=lessons.2');
    expect(href('coverage-review')).toBe('/cases/finland/draft?open=periods.1');
    expect(finland.get('[data-section="connections"] a').attributes('href')).toBe(
      '/cases/finland/draft?open=periods.1',
    );
    expect(ireland.findAll('td').map((td) => td.text())).toContain('None');
    expect(ireland.get('[data-test="coverage-review"]').text()).toBe('Up to date');
    // Both cases record responsibilities only in part and leave connections not recorded.
    expect(wrapper.get('[data-test="coverage-summary"]').text()).toBe(
      'Of 2 cases: 2 record a section only in part; 2 leave a section not recorded; 1 has claims without a source; 1 has a review due.',
    );
  });

  it('says nothing waits only when every section is complete, every claim sourced and every period reviewed', async () => {
    const complete = [
      section('LEVELS', 'COMPLETE', 3),
      section('RESPONSIBILITIES', 'COMPLETE', 2),
      section('CONNECTIONS', 'COMPLETE', 1),
    ];
    const { wrapper, held } = await mountAdminPage(CoverageMapPage, '/authoring/coverage', EDITOR);
    (await held.nextRequest('CoverageMap')).answer({
      data: { coverageMap: [row('finland', 'Finland', { sections: complete, uncertain: 3 })] },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="coverage-summary"]').text()).toBe(
      'Nothing waits: every case records each section completely, sources every claim and is reviewed.',
    );
  });

  it('asks a reader to sign in, and asks for nothing', async () => {
    const { wrapper, held } = await mountAdminPage(CoverageMapPage, '/authoring/coverage', null);
    expect(wrapper.get('[data-test="coverage-signed-out"]').text()).toContain(
      'for the casebook’s editors and reviewers',
    );
    expect(held.pending().map((r) => r.operationName)).toEqual([]);
  });
});
