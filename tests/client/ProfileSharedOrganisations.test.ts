import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ProfileSharedOrganisations from '@/features/profile/components/ProfileSharedOrganisations.vue';
import type { CaseProfileQuery } from '@/gql/graphql';

type Shared = NonNullable<CaseProfileQuery['caseStudy']>['periods'][number]['sharedOrganisations'][number];
type Citation = Shared['citations'][number];

enableAutoUnmount(afterEach);

const SOCIAL_WORK = { key: 'childrens-social-work', name: "Children's social work and care" };
const HEALTH = { key: 'health', name: 'Health care' };
const EDUCATION = { key: 'education', name: 'Education' };

const NUMBERS: Record<string, number> = { review: 1, guide: 2, act: 3 };
const numberOf = (id: string) => NUMBERS[id];

function cite(sourceId: string, locator: string | null = null): Citation {
  return { locator, source: { id: sourceId } };
}

function shared(a: typeof SOCIAL_WORK, b: typeof SOCIAL_WORK, extra: Partial<Shared>): Shared {
  return {
    key: `${a.key}+${b.key}`,
    areaA: a,
    areaB: b,
    sharing: 'SEPARATE',
    tier: null,
    bodyType: null,
    bodies: [],
    functions: [],
    uncertain: false,
    text: 'The two are never held for the same function.',
    citations: [],
    ...extra,
  };
}

/** Three areas: the trusts hold social work and health, bodies of one kind hold social work and education. */
const THREE: Shared[] = [
  shared(SOCIAL_WORK, HEALTH, {
    sharing: 'ONE_BODY',
    tier: 'REGIONAL',
    bodyType: 'PROVIDER',
    bodies: [{ id: 'b-trusts', name: 'Health and Social Care Trusts' }],
    functions: ['DELIVERY'],
    uncertain: true,
    text: 'One body holds both: Health and Social Care Trusts (provider, regional tier) for delivery.',
    citations: [cite('review'), cite('guide', 'p. 4')],
  }),
  shared(SOCIAL_WORK, EDUCATION, {
    sharing: 'SAME_KIND_AT_TIER',
    tier: 'LOCAL',
    bodyType: 'AUTHORITY',
    bodies: [
      { id: 'b-a', name: 'Council A' },
      { id: 'b-b', name: 'Council B' },
    ],
    functions: ['DELIVERY'],
    text: "No one body holds both, but bodies of one kind at one tier do. Authority, local tier, for delivery: Children's social work and care by Council A; Education by Council B.",
    citations: [cite('act')],
  }),
  shared(HEALTH, EDUCATION, {
    bodies: [
      { id: 'b-boards', name: 'Health boards' },
      { id: 'b-councils', name: 'Councils' },
    ],
    text: 'No body, and no one kind of body at one tier, holds both for the same function. For delivery: Health care by Health boards; Education by Councils.',
    citations: [cite('guide'), cite('act')],
  }),
];

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('ProfileSharedOrganisations', () => {
  it('is a table with a caption, the services as column and row headers, each pair once', () => {
    const wrapper = mount(ProfileSharedOrganisations, { props: { shared: THREE, complete: true, numberOf } });
    const table = wrapper.get('table');
    expect(table.get('caption').text()).toContain('Which services share an organisation');
    expect(table.findAll('thead th[scope="col"]').map((th) => th.text())).toEqual([
      "Children's social work and care",
      'Health care',
    ]);
    expect(table.findAll('tbody th[scope="row"]').map((th) => th.text())).toEqual(['Health care', 'Education']);
    // Below the diagonal each pair has its cell; above it, a cell says where the pair is shown.
    const rows = table.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.attributes('data-pair') ?? ''));
    expect(rows).toEqual([
      ['childrens-social-work+health', ''],
      ['childrens-social-work+education', 'health+education'],
    ]);
    expect(squash(table.findAll('tbody tr')[0]!.findAll('td')[1]!.text())).toBe('The same service');
    // The table scrolls sideways on a narrow screen and can be reached with the keyboard to do so.
    const region = wrapper.get('[role="region"]');
    expect(region.attributes('tabindex')).toBe('0');
    expect(region.attributes('aria-label')).toBe('Which services share an organisation');
  });

  it('points from a cell above the diagonal to the row that holds its pair', () => {
    const ADULTS = { key: 'adult-social-care', name: 'Adult social care' };
    const four = [...THREE, shared(SOCIAL_WORK, ADULTS, {}), shared(HEALTH, ADULTS, {}), shared(EDUCATION, ADULTS, {})];
    const wrapper = mount(ProfileSharedOrganisations, { props: { shared: four, complete: true, numberOf } });
    const rows = wrapper
      .findAll('tbody tr')
      .map((tr) => tr.findAll('td').map((td) => td.attributes('data-pair') ?? td.text()));
    // The areas follow the order of the pairs, which the API gives in the vocabulary's order.
    expect(wrapper.findAll('tbody th').map((th) => th.text())).toEqual([
      'Health care',
      'Education',
      'Adult social care',
    ]);
    expect(rows).toEqual([
      ['childrens-social-work+health', 'The same service', 'Shown in the row for Education'],
      ['childrens-social-work+education', 'health+education', 'The same service'],
      ['childrens-social-work+adult-social-care', 'health+adult-social-care', 'education+adult-social-care'],
    ]);
  });

  it('says in each cell how the two services are organised, with its citations and its uncertainty', () => {
    const wrapper = mount(ProfileSharedOrganisations, { props: { shared: THREE, complete: true, numberOf } });
    const cell = (key: string) => wrapper.get(`td[data-pair="${key}"]`);

    const trusts = cell('childrens-social-work+health');
    expect(trusts.get('.sharing').text()).toBe('One organisation');
    expect(squash(trusts.get('.sharing-text').text())).toBe(
      'One body holds both: Health and Social Care Trusts (provider, regional tier) for delivery.',
    );
    expect(trusts.findAll('a.citation').map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['[1]', '#source-1'],
      ['[2, p. 4]', '#source-2'],
    ]);
    expect(squash(trusts.get('.uncertain-mark').text())).toBe('? Uncertain');

    const councils = cell('childrens-social-work+education');
    expect(councils.get('.sharing').text()).toBe('One kind of organisation at one tier');
    expect(councils.get('.sharing-text').text()).toContain("Children's social work and care by Council A");
    expect(councils.find('.uncertain-mark').exists()).toBe(false);

    // A separate pair says who holds each; the rule is told once above the table.
    const separate = cell('health+education');
    expect(separate.get('.sharing').text()).toBe('Separate organisations');
    expect(separate.get('.sharing-text').text()).toBe(
      'No body, and no one kind of body at one tier, holds both for the same function. For delivery: Health care by Health boards; Education by Councils.',
    );
    expect(separate.findAll('a.citation').map((a) => a.text())).toEqual(['[2]', '[3]']);
    expect(wrapper.get('.intro').text()).toContain('for the same function');
    expect(wrapper.get('.intro').text()).toContain('marked uncertain when a responsibility it rests on is');
    // No code of the vocabularies reaches the reader.
    expect(wrapper.text()).not.toMatch(/ONE_BODY|SAME_KIND|SEPARATE|REGIONAL|PROVIDER/);
  });

  it('says no shared organisation is recorded, rather than separate, where the period records only some responsibilities', () => {
    const wrapper = mount(ProfileSharedOrganisations, { props: { shared: THREE, complete: false, numberOf } });
    expect(wrapper.get('td[data-pair="health+education"] .sharing').text()).toBe('No shared organisation recorded');
    // What is shared is shared however much is recorded.
    expect(wrapper.get('td[data-pair="childrens-social-work+health"] .sharing').text()).toBe('One organisation');
    expect(squash(wrapper.get('.intro').text())).toContain(
      'Otherwise they are held by separate organisations, as far as the responsibilities recorded for this period show.',
    );
  });

  it('says so when the period holds fewer than two service areas', () => {
    const wrapper = mount(ProfileSharedOrganisations, { props: { shared: [], complete: false, numberOf } });
    expect(wrapper.find('table').exists()).toBe(false);
    expect(wrapper.get('[data-test="shared-organisations-empty"]').text()).toBe(
      'Fewer than two service areas have a responsibility recorded in this period, so there are no two services to pair.',
    );
  });
});
