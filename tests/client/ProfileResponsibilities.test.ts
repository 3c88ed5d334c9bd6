import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ProfileResponsibilities from '@/features/profile/components/ProfileResponsibilities.vue';
import type { CaseProfileQuery } from '@/gql/graphql';

type Period = NonNullable<CaseProfileQuery['caseStudy']>['periods'][number];
type Level = Period['levels'][number];
type Body = Level['bodies'][number];
type Responsibility = Body['responsibilities'][number];

enableAutoUnmount(afterEach);

const EDUCATION = { key: 'education', name: 'Education' };

function responsibility(id: string, extra: Partial<Responsibility>): Responsibility {
  return {
    id,
    key: id,
    function: 'DELIVERY',
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    serviceArea: EDUCATION,
    ...extra,
  };
}

function body(id: string, name: string, responsibilities: Responsibility[]): Body {
  return {
    id,
    key: id,
    name,
    type: 'AUTHORITY',
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    responsibilities,
  };
}

/** Finland's education, as its profile records it: two bodies deliver it, for different things. */
const PERIOD = {
  key: 'from-2023',
  levels: [
    {
      id: 'l-regional',
      key: 'l-regional',
      tier: 'REGIONAL',
      name: 'Wellbeing services counties',
      unitCount: 21,
      absent: false,
      description: null,
      extent: null,
      uncertain: false,
      uncertaintyNote: null,
      citations: [],
      bodies: [
        body('b-counties', 'Wellbeing services counties', [
          responsibility('r-welfare', { description: 'Pupil welfare: school social workers and psychologists.' }),
        ]),
      ],
    },
    {
      id: 'l-local',
      key: 'l-local',
      tier: 'LOCAL',
      name: 'Municipalities',
      unitCount: 308,
      absent: false,
      description: null,
      extent: null,
      uncertain: false,
      uncertaintyNote: null,
      citations: [],
      bodies: [body('b-municipalities', 'Municipalities', [responsibility('r-schools', {})])],
    },
  ],
} as unknown as Period;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('ProfileResponsibilities', () => {
  it('shows what each holder does, so two holders of one function can be told apart', () => {
    const wrapper = mount(ProfileResponsibilities, { props: { period: PERIOD, numberOf: () => undefined } });
    const holders = wrapper.findAll('[data-test="responsibility-table"] .holders li');
    // Each holder: its name and tier, then (a paragraph of its own) what it does, when recorded.
    expect(
      holders.map((li) => {
        const description = li.find('.description');
        const said = description.exists() ? description.text() : null;
        return [squash(li.text().replace(said ?? '', '')), said];
      }),
    ).toEqual([
      ['Wellbeing services counties (Regional)', 'Pupil welfare: school social workers and psychologists.'],
      ['Municipalities (Local)', null],
    ]);
  });

  it('says where a holder holds it when only in part of the case', () => {
    const period = structuredClone(PERIOD) as unknown as {
      levels: { bodies: { responsibilities: Responsibility[] }[] }[];
    };
    period.levels[0]!.bodies[0]!.responsibilities[0]!.extent = { text: 'In 9 of 21 counties, as of 2024.' };
    const wrapper = mount(ProfileResponsibilities, {
      props: { period: period as unknown as Period, numberOf: () => undefined },
    });
    const extents = wrapper.findAll('[data-test="responsibility-table"] [data-test="extent"]');
    expect(extents.map((e) => squash(e.text()))).toEqual(['Where it holds: In 9 of 21 counties, as of 2024.']);
  });

  it('gives each holder an id of its period and key, for links to lead to it, and marks the one they lead to', () => {
    const wrapper = mount(ProfileResponsibilities, {
      props: { period: PERIOD, numberOf: () => undefined, targetId: 'responsibility-from-2023--r-schools' },
    });
    const holders = wrapper.findAll('[data-test="responsibility-table"] .holders li');
    expect(holders.map((li) => li.attributes('id'))).toEqual([
      'responsibility-from-2023--r-welfare',
      'responsibility-from-2023--r-schools',
    ]);
    expect(holders.map((li) => li.classes('targeted'))).toEqual([false, true]);
  });
});
