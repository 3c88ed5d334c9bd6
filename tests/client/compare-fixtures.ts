import type { ComparisonQuery } from '@/gql/graphql';

export type Comparison = ComparisonQuery['comparison'];
export type Case = Comparison['cases'][number];
export type Section = Comparison['sections'][number];
export type Row = Section['rows'][number];
export type Cell = Row['cells'][number];
export type Item = Cell['items'][number];
export type Citation = Item['citations'][number];
export type Approach = Comparison['commonApproaches'][number];

// Hand-written answers of the comparison API, shaped as it answers, modelled on Scotland today,
// Northern Ireland and Finland. Every text is the API's to write; the page must show it, not make
// it up.

export function comparedCase(index: number, slug: string, name: string, periodLabel: string, baseline = false): Case {
  return {
    index,
    selector: slug,
    asOf: null,
    asOfFit: null,
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

export function cite(sourceId: string, locator: string | null = null): Citation {
  return {
    locator,
    source: {
      id: sourceId,
      url: `https://example.org/${sourceId}`,
      title: `Source ${sourceId}`,
      publisher: null,
      standing: 'OFFICIAL',
    },
  };
}

export function item(key: string, label: string, extra: Partial<Item> = {}): Item {
  return {
    key,
    label,
    detail: null,
    tier: null,
    bodyType: null,
    extent: null,
    evidenceStrength: null,
    transferability: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    parts: [],
    ...extra,
  };
}

export function part(key: string, label: string, extra: Partial<Item['parts'][number]> = {}): Item['parts'][number] {
  return {
    key,
    label,
    detail: null,
    tier: null,
    bodyType: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    ...extra,
  };
}

export function cell(
  caseIndex: number,
  status: Cell['status'],
  valueText: string,
  items: Item[],
  versusBaseline: Cell['versusBaseline'] = null,
  value: string[] = status === 'NO_DATA' ? [] : [valueText],
): Cell {
  return {
    caseIndex,
    status,
    value,
    valueText,
    items,
    uncertain: items.some((i) => i.uncertain),
    versusBaseline,
  };
}

export function row(
  key: string,
  label: string,
  verdict: Row['verdict'],
  verdictText: string,
  basis: string,
  cells: Cell[],
): Row {
  return {
    key,
    label,
    cells,
    withData: cells.filter((c) => c.status !== 'NO_DATA').length,
    differFromBaseline: cells.filter((c) => c.versusBaseline === 'DIFFERENT').map((c) => c.caseIndex),
    verdict,
    verdictText,
    basis,
  };
}

export const GOVERNANCE_BASIS =
  'Compared on: the kinds of body at this tier and the service areas each holds. Numbers of bodies or units are shown, not compared.';
export const RESPONSIBILITY_BASIS = 'Compared on: who holds it, as the tier and kind of each body.';
export const REGIONAL_VERDICT =
  "Differs. Scotland today: Territorial NHS boards (14), board: health care and mental health. Northern Ireland: Health and Social Care Trusts (5), provider: children's social work and care and health care. Finland: Wellbeing services counties (21), provider: children's social work and care and health care.";

/**
 * Scotland today (the baseline, first), Northern Ireland and Finland. Regional differs; Local is
 * the same in all three.
 */
export const GOVERNANCE: Section = {
  kind: 'GOVERNANCE',
  title: 'Governance levels',
  rows: [
    row('REGIONAL', 'Regional', 'DIFFERENT', REGIONAL_VERDICT, GOVERNANCE_BASIS, [
      cell(0, 'PRESENT', 'Territorial NHS boards (14), board: health care and mental health.', [
        item('health-boards', 'Territorial NHS boards (14)', {
          tier: 'REGIONAL',
          detail: 'Front-line NHS services are the responsibility of 14 regional NHS boards.',
          citations: [cite('src-a'), cite('src-b', 'p. 12')],
          parts: [
            part('nhs-boards', 'Territorial NHS boards', {
              tier: 'REGIONAL',
              bodyType: 'BOARD',
              detail: 'Plan and deliver hospital and community health care.',
              citations: [cite('src-c', 's. 4')],
              uncertain: true,
              uncertaintyNote: 'Inferred from the act',
            }),
          ],
        }),
      ]),
      cell(
        1,
        'PRESENT',
        "Health and Social Care Trusts (5), provider: children's social work and care and health care.",
        [
          item('hsc-trust-tier', 'Health and Social Care Trusts (5)', {
            tier: 'REGIONAL',
            parts: [
              part('hsc-trusts', 'Health and Social Care Trusts', {
                tier: 'REGIONAL',
                bodyType: 'PROVIDER',
                detail: "Deliver children's social care together with health care.",
              }),
            ],
          }),
        ],
        'DIFFERENT',
      ),
      cell(
        2,
        'PRESENT',
        "Wellbeing services counties (21), provider: children's social work and care and health care.",
        [item('counties', 'Wellbeing services counties (21)', { tier: 'REGIONAL', citations: [cite('src-b')] })],
        'DIFFERENT',
      ),
    ]),
    row('LOCAL', 'Local', 'SAME', 'The same in Scotland today, Northern Ireland and Finland.', GOVERNANCE_BASIS, [
      cell(0, 'PRESENT', 'Councils (32), authority: education.', [
        item('councils', 'Councils (32)', { tier: 'LOCAL' }),
      ]),
      cell(
        1,
        'PRESENT',
        'Councils (11), authority: education.',
        [item('ni-councils', 'Councils (11)', { tier: 'LOCAL', uncertain: true })],
        'SAME',
      ),
      cell(
        2,
        'PRESENT',
        'Municipalities (308), authority: education.',
        [item('municipalities', 'Municipalities (308)', { tier: 'LOCAL' })],
        'SAME',
      ),
    ]),
  ],
};

/** A row only Scotland records, one Scotland does not record, and one the same everywhere. */
export const RESPONSIBILITIES: Section = {
  kind: 'RESPONSIBILITIES',
  title: 'Who holds which function',
  rows: [
    row(
      'childrens-social-work:POLICY',
      "Children's social work and care: Policy",
      'DIFFERENT',
      'Only Scotland today records this. Not recorded for Northern Ireland and Finland.',
      RESPONSIBILITY_BASIS,
      [
        cell(0, 'PRESENT', 'National ministry: Scottish Government (Children and Families Directorate).', [
          item('sg-policy', 'Scottish Government (Children and Families Directorate)', {
            tier: 'NATIONAL',
            bodyType: 'MINISTRY',
            detail: "Leads national policy on children's services and The Promise.",
          }),
        ]),
        cell(1, 'NO_DATA', 'Not recorded for this case.', [], 'NOT_RECORDED'),
        cell(2, 'NO_DATA', 'Not recorded for this case.', [], 'NOT_RECORDED'),
      ],
    ),
    row(
      'health:DELIVERY',
      'Health care: Delivery',
      'DIFFERENT',
      'Differs in what is recorded. Northern Ireland and Finland alike: Regional provider: Health and Social Care Trusts. Not recorded for Scotland today.',
      RESPONSIBILITY_BASIS,
      [
        cell(0, 'NO_DATA', 'Not recorded for this case.', []),
        cell(
          1,
          'PRESENT',
          'Regional provider: Health and Social Care Trusts.',
          [
            item('hsc-health', 'Health and Social Care Trusts', {
              tier: 'REGIONAL',
              bodyType: 'PROVIDER',
              detail: 'Hospital, community and primary care services for their area.',
            }),
          ],
          'BASELINE_NOT_RECORDED',
        ),
        cell(
          2,
          'PRESENT',
          'Regional provider: Wellbeing services counties.',
          [
            item('counties-health', 'Wellbeing services counties', {
              tier: 'REGIONAL',
              bodyType: 'PROVIDER',
              detail: 'Pupil welfare and health care for their county.',
            }),
          ],
          'BASELINE_NOT_RECORDED',
        ),
      ],
    ),
    row(
      'childrens-social-work:INSPECTION',
      "Children's social work and care: Inspection",
      'SAME',
      'The same in Scotland today, Northern Ireland and Finland.',
      RESPONSIBILITY_BASIS,
      [
        cell(0, 'PRESENT', 'National inspectorate: Care Inspectorate.', [
          item('ci', 'Care Inspectorate', { tier: 'NATIONAL', bodyType: 'INSPECTORATE' }),
        ]),
        cell(
          1,
          'PRESENT',
          'National inspectorate: RQIA.',
          [item('rqia', 'RQIA', { tier: 'NATIONAL', bodyType: 'INSPECTORATE' })],
          'SAME',
        ),
        cell(
          2,
          'PRESENT',
          'National inspectorate: Valvira.',
          [item('valvira', 'Valvira', { tier: 'NATIONAL', bodyType: 'INSPECTORATE' })],
          'SAME',
        ),
      ],
    ),
  ],
};

/** Lessons: never judged, so no verdict and no standing against the baseline. */
export const LESSONS: Section = {
  kind: 'LESSONS',
  title: 'Lessons by theme',
  rows: [
    row(
      'governance-accountability',
      'Governance and accountability',
      'NOT_JUDGED',
      'Lessons side by side, not judged.',
      'Not judged: lessons are shown side by side, with their evidence and transferability, never called the same or different.',
      [
        cell(0, 'PRESENT', '1 lesson; evidence: moderate.', [
          item('system', 'The care system does not work as a system', {
            evidenceStrength: 'MODERATE',
            transferability: 'Directly relevant: it describes Scotland.',
            detail: 'Many bodies, no one in charge of the whole.',
          }),
        ]),
        cell(1, 'PRESENT', '1 lesson; evidence: strong.', [
          item('out-of-trusts', "Take children's services out of the integrated trusts", {
            evidenceStrength: 'STRONG',
            transferability: 'A warning for a National Care Service that joins health and social care.',
          }),
        ]),
        cell(2, 'NO_DATA', 'No lesson under this theme.', []),
      ],
    ),
  ],
};

type Cited = { citations: Citation[] };
const typedCitations = <T extends Cited>(x: T) => ({
  ...x,
  citations: x.citations.map((c) => ({ __typename: 'Citation', ...c, source: { __typename: 'Source', ...c.source } })),
});

/** A comparison as it comes over the wire, with the type names the Apollo cache reads. */
export function withTypenames(comparison: Comparison) {
  return {
    __typename: 'Comparison',
    ...comparison,
    cases: comparison.cases.map((c) => ({
      __typename: 'ComparedCase',
      ...c,
      caseStudy: { __typename: 'CaseStudy', ...c.caseStudy },
      period: { __typename: 'StructurePeriod', ...c.period },
    })),
    sections: comparison.sections.map((s) => ({
      __typename: 'ComparisonSection',
      ...s,
      rows: s.rows.map((r) => ({
        __typename: 'ComparisonRow',
        ...r,
        cells: r.cells.map((cell) => ({
          __typename: 'ComparisonCell',
          ...cell,
          items: cell.items.map((i) => ({
            __typename: 'CellItem',
            ...typedCitations(i),
            parts: i.parts.map((p) => ({ __typename: 'CellItem', ...typedCitations(p) })),
          })),
        })),
      })),
    })),
    commonApproaches: comparison.commonApproaches.map((a) => ({ __typename: 'CommonApproach', ...a })),
  };
}

export const COMPARISON: Comparison = {
  baselineIndex: 0,
  cases: [
    comparedCase(0, 'scotland', 'Scotland today', 'Scotland today (2022–2024 arrangements)', true),
    comparedCase(1, 'northern-ireland', 'Northern Ireland', 'Health and Social Care Trusts (from 2007)'),
    comparedCase(2, 'finland', 'Finland', 'Wellbeing services counties (from 2023)'),
  ],
  sections: [GOVERNANCE, RESPONSIBILITIES, LESSONS],
  timeline: [],
  commonApproaches: [
    {
      section: 'RESPONSIBILITIES',
      rowKey: 'health:DELIVERY',
      rowLabel: 'Health care: Delivery',
      value: ['REGIONAL:PROVIDER'],
      sharedBy: [1, 2],
      differ: [],
      noData: [0],
      sentence:
        'Health care: Delivery — held by a regional provider in Northern Ireland and Finland; not recorded for Scotland today.',
    },
    {
      section: 'RESPONSIBILITIES',
      rowKey: 'childrens-social-work:INSPECTION',
      rowLabel: "Children's social work and care: Inspection",
      value: ['NATIONAL:INSPECTORATE'],
      sharedBy: [0, 1, 2],
      differ: [],
      noData: [],
      sentence:
        "Children's social work and care: Inspection — held by a national inspectorate in Scotland today, Northern Ireland and Finland.",
    },
  ],
};
