import { describe, expect, it } from 'vitest';
import type { BodyType, ResponsibilityFunction, Tier } from '@casebook/schema';
import { CellStatus } from '../../../server/src/modules/comparison/comparison.types.js';
import {
  OrganisationSharing,
  sharedOrganisationRows,
  sharedOrganisations,
  type SharingPeriod,
} from '../../../server/src/modules/comparison/shared-organisation.js';

// Hand-written periods, small enough to read whole: the answer for each pair of service areas is
// worked out here by hand, not taken from the function's own output.

interface Area {
  id: string;
  key: string;
  name: string;
}
interface TestBody {
  id: string;
  key: string;
  name: string;
  type: BodyType;
  description: string | null;
}
interface TestCitation {
  sourceId: string;
  locator: string | null;
}
interface TestResponsibility {
  id: string;
  bodyId: string;
  serviceAreaId: string;
  function: ResponsibilityFunction;
  description: string | null;
  uncertain: boolean;
  note: string | null;
  cites: TestCitation[];
}

/** The vocabulary's order (childrens-social-work first), which pairs and keys follow. */
const CSW: Area = { id: 'area-csw', key: 'childrens-social-work', name: "Children's social work and care" };
const HEALTH: Area = { id: 'area-health', key: 'health', name: 'Health care' };
const EDUCATION: Area = { id: 'area-education', key: 'education', name: 'Education' };
const ADULTS: Area = { id: 'area-adults', key: 'adult-social-care', name: 'Adult social care' };
const AREAS = [CSW, HEALTH, EDUCATION, ADULTS];

const cite = (sourceId: string, locator: string | null = null): TestCitation => ({ sourceId, locator });

function body(key: string, name: string, type: BodyType, tier: Tier) {
  return { body: { id: `body-${key}`, key, name, type, description: null } as TestBody, tier };
}

let serial = 0;
function holds(
  b: { body: TestBody },
  area: Area,
  fn: ResponsibilityFunction,
  extra: Partial<TestResponsibility> = {},
): TestResponsibility {
  serial += 1;
  return {
    id: `resp-${serial}`,
    bodyId: b.body.id,
    serviceAreaId: area.id,
    function: fn,
    description: null,
    uncertain: false,
    note: null,
    cites: [cite(`source-${b.body.key}`)],
    ...extra,
  };
}

/** A period; its responsibilities are partial (as a profile says by default) unless `complete`. */
function period(
  bodies: { body: TestBody; tier: Tier }[],
  responsibilities: TestResponsibility[],
  complete = false,
): SharingPeriod<Area, TestBody, TestResponsibility, TestCitation> {
  return { areas: AREAS, bodies, responsibilities, citationsOf: (r) => r.cites, responsibilitiesComplete: complete };
}

const pair = <T extends { key: string }>(results: T[], key: string): T => {
  const found = results.find((r) => r.key === key);
  if (!found) throw new Error(`no pair ${key} in ${results.map((r) => r.key).join(', ')}`);
  return found;
};

describe('which services share an organisation, from responsibilities alone', () => {
  const trusts = body('trusts', 'Health and Social Care Trusts', 'PROVIDER', 'REGIONAL');
  const ministry = body('ministry', 'Department of Health', 'MINISTRY', 'NATIONAL');

  it('one body holding both areas for the same function: ONE_BODY, with its tier, kind and the citations it rests on', () => {
    const social = holds(trusts, CSW, 'DELIVERY', { cites: [cite('review', 'ch. 2')] });
    const health = holds(trusts, HEALTH, 'DELIVERY', { cites: [cite('guide'), cite('review', 'ch. 2')] });
    const policy = holds(ministry, CSW, 'POLICY');
    const [result, ...rest] = sharedOrganisations(period([ministry, trusts], [policy, social, health]));

    // Only areas held in the period are paired: education and adult social care are not.
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      key: 'childrens-social-work+health',
      areaA: CSW,
      areaB: HEALTH,
      sharing: OrganisationSharing.ONE_BODY,
      tier: 'REGIONAL',
      bodyType: 'PROVIDER',
      bodies: [trusts.body],
      functions: ['DELIVERY'],
      uncertain: false,
    });
    // The ministry's policy is not part of what the sharing rests on; a source cited twice at the
    // same place is listed once.
    expect(result!.citations).toEqual([cite('review', 'ch. 2'), cite('guide')]);
    expect(result!.text).toBe(
      'One body holds both: Health and Social Care Trusts (provider, regional tier) for delivery.',
    );
  });

  it('one body holding the two areas for different functions does not share them', () => {
    const result = sharedOrganisations(
      period([trusts], [holds(trusts, CSW, 'DELIVERY'), holds(trusts, HEALTH, 'COMMISSIONING')]),
    );
    expect(result.map((r) => [r.key, r.sharing])).toEqual([
      ['childrens-social-work+health', OrganisationSharing.SEPARATE],
    ]);
  });

  it('several bodies each holding both: every one is named with its functions, and no single tier or kind is claimed', () => {
    const commissioning = [holds(ministry, CSW, 'COMMISSIONING'), holds(ministry, HEALTH, 'COMMISSIONING')];
    const delivery = [holds(trusts, CSW, 'DELIVERY'), holds(trusts, HEALTH, 'DELIVERY')];
    const [result] = sharedOrganisations(period([ministry, trusts], [...delivery, ...commissioning]));
    expect(result).toMatchObject({
      sharing: OrganisationSharing.ONE_BODY,
      tier: null,
      bodyType: null,
      bodies: [ministry.body, trusts.body],
      functions: ['COMMISSIONING', 'DELIVERY'],
    });
    expect(result!.text).toBe(
      'One body holds both: Department of Health (ministry, national tier) for commissioning; Health and Social Care Trusts (provider, regional tier) for delivery.',
    );
  });

  describe('two bodies of one kind at one tier', () => {
    const helsinki = body('helsinki', 'City of Helsinki', 'AUTHORITY', 'REGIONAL');
    const counties = body('counties', 'Wellbeing services counties', 'AUTHORITY', 'REGIONAL');
    const hus = body('hus', 'HUS Group', 'PROVIDER', 'REGIONAL');
    const agency = body('agency', 'National agency', 'AGENCY', 'NATIONAL');
    const regionalAgency = body('regional-agency', 'Regional agency', 'AGENCY', 'REGIONAL');

    it('SAME_KIND_AT_TIER when none holds both; another kind, or the same kind at another tier, is SEPARATE', () => {
      const results = sharedOrganisations(
        period(
          [agency, helsinki, counties, hus, regionalAgency],
          [
            holds(helsinki, CSW, 'DELIVERY'),
            holds(counties, EDUCATION, 'DELIVERY'),
            holds(hus, HEALTH, 'DELIVERY'),
            holds(agency, ADULTS, 'DELIVERY'),
            holds(regionalAgency, HEALTH, 'DELIVERY'),
          ],
        ),
      );
      // Four areas held: six pairs, in the vocabulary's order.
      expect(results.map((r) => [r.key, r.sharing])).toEqual([
        ['childrens-social-work+health', OrganisationSharing.SEPARATE],
        ['childrens-social-work+education', OrganisationSharing.SAME_KIND_AT_TIER],
        ['childrens-social-work+adult-social-care', OrganisationSharing.SEPARATE],
        ['health+education', OrganisationSharing.SEPARATE],
        ['health+adult-social-care', OrganisationSharing.SEPARATE],
        ['education+adult-social-care', OrganisationSharing.SEPARATE],
      ]);
      const same = pair(results, 'childrens-social-work+education');
      expect(same).toMatchObject({
        areaA: CSW,
        areaB: EDUCATION,
        tier: 'REGIONAL',
        bodyType: 'AUTHORITY',
        bodies: [helsinki.body, counties.body],
        functions: ['DELIVERY'],
        citations: [cite('source-helsinki'), cite('source-counties')],
        uncertain: false,
      });
      expect(same.text).toBe(
        "No one body holds both, but bodies of one kind at one tier do. Authority, regional tier, for delivery: Children's social work and care by City of Helsinki; Education by Wellbeing services counties.",
      );
    });

    it('tells functions held by the same bodies together, and each other kind in a sentence of its own', () => {
      const inspectorate = body('inspectorate', 'Care inspectorate', 'INSPECTORATE', 'NATIONAL');
      const schools = body('schools', 'Schools inspectorate', 'INSPECTORATE', 'NATIONAL');
      const [result] = sharedOrganisations(
        period(
          [inspectorate, schools, helsinki, counties],
          [
            holds(helsinki, CSW, 'FUNDING'),
            holds(helsinki, CSW, 'DELIVERY'),
            holds(counties, EDUCATION, 'DELIVERY'),
            holds(counties, EDUCATION, 'FUNDING'),
            holds(inspectorate, CSW, 'INSPECTION'),
            holds(schools, EDUCATION, 'INSPECTION'),
          ],
        ),
      );
      expect(result).toMatchObject({
        sharing: OrganisationSharing.SAME_KIND_AT_TIER,
        tier: null,
        bodyType: null,
        functions: ['FUNDING', 'DELIVERY', 'INSPECTION'],
      });
      expect(result!.text).toBe(
        "No one body holds both, but bodies of one kind at one tier do. Authority, regional tier, for funding and delivery: Children's social work and care by City of Helsinki; Education by Wellbeing services counties. Inspectorate, national tier, for inspection: Children's social work and care by Care inspectorate; Education by Schools inspectorate.",
      );
    });

    it('is only the answer when no body holds both: one body holding both for any function makes it ONE_BODY', () => {
      const [result] = sharedOrganisations(
        period(
          [ministry, helsinki, counties],
          [
            holds(helsinki, CSW, 'DELIVERY'),
            holds(counties, HEALTH, 'DELIVERY'),
            holds(ministry, CSW, 'POLICY'),
            holds(ministry, HEALTH, 'POLICY'),
          ],
        ),
      );
      expect(result).toMatchObject({
        sharing: OrganisationSharing.ONE_BODY,
        bodies: [ministry.body],
        functions: ['POLICY'],
        tier: 'NATIONAL',
        bodyType: 'MINISTRY',
      });
    });
  });

  it('neither: SEPARATE, resting on who holds each area for the functions both are held for', () => {
    const councils = body('councils', 'Local councils', 'AUTHORITY', 'LOCAL');
    const boards = body('boards', 'Health boards', 'BOARD', 'REGIONAL');
    const agency = body('agency', 'Health agency', 'AGENCY', 'NATIONAL');
    const results = sharedOrganisations(
      period(
        [ministry, agency, boards, councils],
        [
          holds(councils, CSW, 'DELIVERY'),
          holds(boards, HEALTH, 'DELIVERY'),
          holds(agency, HEALTH, 'DELIVERY', { cites: [cite('agency-act', 's. 2')] }),
          // Policy is held for children's social work only, so it cannot be shared and is not told.
          holds(ministry, CSW, 'POLICY', { uncertain: true, note: 'Not stated.', cites: [cite('act', 's. 1')] }),
        ],
        true,
      ),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      key: 'childrens-social-work+health',
      sharing: OrganisationSharing.SEPARATE,
      tier: null,
      bodyType: null,
      functions: [],
      // In the period's document order: by body, whatever order the responsibilities came in.
      bodies: [agency.body, boards.body, councils.body],
      citations: [cite('agency-act', 's. 2'), cite('source-boards'), cite('source-councils')],
      uncertain: false,
    });
    expect(results[0]!.text).toBe(
      "No body, and no one kind of body at one tier, holds both for the same function. For delivery: Children's social work and care by Local councils; Health care by Health agency and Health boards.",
    );
  });

  it('SEPARATE when the two are never held for the same function, resting on all their holders', () => {
    const [result] = sharedOrganisations(
      period(
        [ministry, trusts],
        [holds(trusts, CSW, 'DELIVERY'), holds(ministry, HEALTH, 'POLICY', { uncertain: true })],
        true,
      ),
    );
    expect(result).toMatchObject({
      sharing: OrganisationSharing.SEPARATE,
      bodies: [ministry.body, trusts.body],
      citations: [cite('source-ministry'), cite('source-trusts')],
      uncertain: true,
      text: 'The two are never held for the same function.',
    });
  });

  it('says a separate answer holds only for the responsibilities recorded, where the period records some of them', () => {
    const councils = body('councils', 'Local councils', 'AUTHORITY', 'LOCAL');
    const boards = body('boards', 'Health boards', 'BOARD', 'REGIONAL');
    const separate = [holds(councils, CSW, 'DELIVERY'), holds(boards, HEALTH, 'DELIVERY')];
    const [partial] = sharedOrganisations(period([boards, councils], separate));
    expect(partial).toMatchObject({ sharing: OrganisationSharing.SEPARATE, bodies: [boards.body, councils.body] });
    expect(partial!.text).toBe(
      "Not shared in the responsibilities recorded: no body, and no one kind of body at one tier, holds both for the same function. For delivery: Children's social work and care by Local councils; Health care by Health boards.",
    );
    const [apart] = sharedOrganisations(
      period([boards, councils], [holds(councils, CSW, 'DELIVERY'), holds(boards, HEALTH, 'POLICY')]),
    );
    expect(apart!.text).toBe(
      'Not shared in the responsibilities recorded: the two are never held for the same function.',
    );
    // What is shared is shared however much the period records.
    const [one] = sharedOrganisations(
      period([councils], [holds(councils, CSW, 'DELIVERY'), holds(councils, HEALTH, 'DELIVERY')]),
    );
    expect(one!.text).toBe('One body holds both: Local councils (authority, local tier) for delivery.');
  });

  it('an uncertain responsibility makes the answer that rests on it uncertain, and only that answer', () => {
    const councils = body('councils', 'Local councils', 'AUTHORITY', 'LOCAL');
    const results = sharedOrganisations(
      period(
        [trusts, councils],
        [
          holds(trusts, CSW, 'DELIVERY', { cites: [cite('review')] }),
          holds(trusts, HEALTH, 'DELIVERY', {
            uncertain: true,
            note: 'Read from the trusts’ name.',
            cites: [cite('guide', 'p. 4')],
          }),
          holds(councils, EDUCATION, 'DELIVERY', { cites: [cite('education-act')] }),
        ],
      ),
    );
    const shared = pair(results, 'childrens-social-work+health');
    expect(shared).toMatchObject({ sharing: OrganisationSharing.ONE_BODY, uncertain: true });
    expect(shared.citations).toEqual([cite('review'), cite('guide', 'p. 4')]);
    // Children's social work and education are separate whatever the trusts do for health.
    expect(pair(results, 'childrens-social-work+education')).toMatchObject({
      sharing: OrganisationSharing.SEPARATE,
      uncertain: false,
    });
    expect(pair(results, 'health+education')).toMatchObject({
      sharing: OrganisationSharing.SEPARATE,
      uncertain: true,
    });
  });

  it('an uncertain responsibility the answer does not rest on leaves it certain', () => {
    const results = sharedOrganisations(
      period(
        [ministry, trusts],
        [
          holds(ministry, HEALTH, 'POLICY', { uncertain: true, note: 'Not stated.' }),
          holds(trusts, CSW, 'DELIVERY'),
          holds(trusts, HEALTH, 'DELIVERY'),
        ],
      ),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      sharing: OrganisationSharing.ONE_BODY,
      bodies: [trusts.body],
      uncertain: false,
    });
    expect(results[0]!.citations).toEqual([cite('source-trusts')]);
  });

  it('keys and orders a pair by the vocabulary, whatever order the responsibilities come in', () => {
    const results = sharedOrganisations(
      period(
        [trusts],
        [holds(trusts, ADULTS, 'DELIVERY'), holds(trusts, HEALTH, 'DELIVERY'), holds(trusts, CSW, 'DELIVERY')],
      ),
    );
    expect(results.map((r) => [r.key, r.areaA.key, r.areaB.key])).toEqual([
      ['childrens-social-work+health', 'childrens-social-work', 'health'],
      ['childrens-social-work+adult-social-care', 'childrens-social-work', 'adult-social-care'],
      ['health+adult-social-care', 'health', 'adult-social-care'],
    ]);
  });

  it('pairs nothing in a period holding fewer than two areas', () => {
    expect(
      sharedOrganisations(period([trusts], [holds(trusts, CSW, 'DELIVERY'), holds(trusts, CSW, 'POLICY')])),
    ).toEqual([]);
    expect(sharedOrganisations(period([], []))).toEqual([]);
  });
});

describe('the raw comparison rows of shared organisations', () => {
  const trusts = body('trusts', 'Health and Social Care Trusts', 'PROVIDER', 'REGIONAL');
  const councils = body('councils', 'Local councils', 'AUTHORITY', 'LOCAL');
  const boards = body('boards', 'Health boards', 'BOARD', 'REGIONAL');

  const integrated = period(
    [trusts],
    [
      holds(trusts, CSW, 'DELIVERY', { description: 'Children’s social care is delivered by the trusts.' }),
      holds(trusts, HEALTH, 'DELIVERY', { uncertain: true, note: 'Read from the name.' }),
    ],
  );
  const separate = period([boards, councils], [holds(councils, CSW, 'DELIVERY'), holds(boards, HEALTH, 'DELIVERY')]);
  const schoolsToo = period([councils], [holds(councils, CSW, 'DELIVERY'), holds(councils, EDUCATION, 'DELIVERY')]);

  const rows = sharedOrganisationRows(AREAS, [
    { caseIndex: 0, shared: sharedOrganisations(integrated) },
    { caseIndex: 1, shared: sharedOrganisations(separate) },
    { caseIndex: 2, shared: sharedOrganisations(schoolsToo) },
  ]);

  it('has one row per pair any case holds, in the vocabulary order, keyed areaA+areaB', () => {
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      ['childrens-social-work+health', "Children's social work and care and Health care"],
      ['childrens-social-work+education', "Children's social work and care and Education"],
    ]);
  });

  it('gives each cell its comparison value and the value in words; a case without the pair is not recorded', () => {
    const [health, education] = rows;
    expect(health!.cells.map((c) => [c.caseIndex, c.status, c.value, c.valueText])).toEqual([
      [
        0,
        CellStatus.PRESENT,
        ['ONE_BODY', 'DELIVERY@REGIONAL:PROVIDER'],
        'One body holds both: Health and Social Care Trusts (provider, regional tier) for delivery.',
      ],
      [
        1,
        CellStatus.PRESENT,
        ['SEPARATE'],
        "Not shared in the responsibilities recorded: no body, and no one kind of body at one tier, holds both for the same function. For delivery: Children's social work and care by Local councils; Health care by Health boards.",
      ],
      [2, CellStatus.NO_DATA, [], null],
    ]);
    expect(education!.cells.map((c) => [c.status, c.value])).toEqual([
      [CellStatus.NO_DATA, []],
      [CellStatus.NO_DATA, []],
      [CellStatus.PRESENT, ['ONE_BODY', 'DELIVERY@LOCAL:AUTHORITY']],
    ]);
  });

  it('keeps each function with the tier and kind of the bodies holding both for it', () => {
    const ministry = body('ministry', 'Department of Health', 'MINISTRY', 'NATIONAL');
    const both = period(
      [ministry, trusts],
      [
        holds(trusts, CSW, 'DELIVERY'),
        holds(trusts, HEALTH, 'DELIVERY'),
        holds(ministry, HEALTH, 'COMMISSIONING'),
        holds(ministry, CSW, 'COMMISSIONING'),
      ],
    );
    const deliveryOnly = period(
      [ministry, trusts],
      [holds(trusts, CSW, 'DELIVERY'), holds(trusts, HEALTH, 'DELIVERY')],
    );
    const [row] = sharedOrganisationRows(AREAS, [
      { caseIndex: 0, shared: sharedOrganisations(both) },
      { caseIndex: 1, shared: sharedOrganisations(deliveryOnly) },
    ]);
    // Functions in the vocabulary's order (commissioning before delivery), whatever the document order.
    expect(row!.cells.map((c) => c.value)).toEqual([
      ['ONE_BODY', 'COMMISSIONING@NATIONAL:MINISTRY', 'DELIVERY@REGIONAL:PROVIDER'],
      ['ONE_BODY', 'DELIVERY@REGIONAL:PROVIDER'],
    ]);
  });

  it('lists each body the answer rests on with its tier, kind, what it holds, uncertainty and citations', () => {
    const [health] = rows;
    expect(health!.cells[0]!.items).toEqual([
      {
        key: 'trusts',
        label: 'Health and Social Care Trusts',
        detail:
          "Children's social work and care (delivery): Children’s social care is delivered by the trusts. Health care (delivery).",
        tier: 'REGIONAL',
        bodyType: 'PROVIDER',
        uncertain: true,
        uncertaintyNote: 'Health care (delivery): Read from the name.',
        citations: [cite('source-trusts')],
        parts: [],
      },
    ]);
    // A separate answer names who holds each area.
    expect(health!.cells[1]!.items.map((i) => [i.label, i.tier, i.bodyType, i.detail])).toEqual([
      ['Health boards', 'REGIONAL', 'BOARD', 'Health care (delivery).'],
      ['Local councils', 'LOCAL', 'AUTHORITY', "Children's social work and care (delivery)."],
    ]);
  });
});
