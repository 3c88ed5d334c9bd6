import { registerEnumType } from 'type-graphql';
import { BODY_TYPES, COVERAGES, EVIDENCE_STRENGTHS, FUNCTIONS, MECHANISMS, STANDINGS, TIERS } from '@casebook/schema';

/** Builds a `{ VALUE: 'VALUE' }` object from a list, as GraphQL enums need. */
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const Tier = enumObject(TIERS);
export const BodyType = enumObject(BODY_TYPES);
export const ResponsibilityFunction = enumObject(FUNCTIONS);
export const Mechanism = enumObject(MECHANISMS);
export const EvidenceStrength = enumObject(EVIDENCE_STRENGTHS);
export const Standing = enumObject(STANDINGS);
export const Coverage = enumObject(COVERAGES);

export const ClaimType = enumObject([
  'GOVERNANCE_LEVEL',
  'BODY',
  'RESPONSIBILITY',
  'SERVICE_CONNECTION',
  'TIMELINE_EVENT',
  'REFORM_LESSON',
  'STUDY_STRAND',
  'STUDY_REPORT',
  'STUDY_FINDING',
] as const);
export type ClaimType = keyof typeof ClaimType;

registerEnumType(Tier, {
  name: 'Tier',
  description: 'A tier of government or service organisation.',
  valuesConfig: {
    NATIONAL: { description: 'The whole country or nation: ministries, national agencies, a national service.' },
    REGIONAL: { description: 'Between national and local: counties, boards, trusts, regional divisions.' },
    LOCAL: { description: 'Municipalities, councils, local partnerships and areas.' },
  },
});
registerEnumType(BodyType, { name: 'BodyType', description: 'What kind of organisation a body is.' });
registerEnumType(ResponsibilityFunction, {
  name: 'ResponsibilityFunction',
  description: 'The function a body holds for a service area.',
  valuesConfig: {
    POLICY: { description: 'Sets policy or prepares legislation.' },
    FUNDING: { description: 'Funds the service.' },
    COMMISSIONING: { description: 'Organises or buys the service.' },
    DELIVERY: { description: 'Provides the service.' },
    REGULATION: { description: 'Registers, licenses or sets standards.' },
    INSPECTION: { description: 'Inspects or supervises.' },
    ACCOUNTABILITY: { description: 'Holds others to account or scrutinises.' },
  },
});
registerEnumType(Mechanism, {
  name: 'Mechanism',
  description: 'How two service areas are connected. NONE records that they are not.',
});
registerEnumType(EvidenceStrength, {
  name: 'EvidenceStrength',
  description: 'How strongly the sources support a lesson.',
  valuesConfig: {
    STRONG: { description: 'Audited or evaluated outcomes.' },
    MODERATE: { description: "An official or independent review's judgement." },
    LIMITED: { description: 'Early or partial evidence, or one account.' },
    CONTESTED: { description: 'Sources disagree.' },
  },
});
registerEnumType(Standing, {
  name: 'Standing',
  description: 'What kind of source this is.',
  valuesConfig: {
    STUDY_OUTPUT: { description: 'The research itself (CELCIS, its steering group).' },
    OFFICIAL: { description: 'Government, parliament, regulator, inspectorate, audit, legislation.' },
    ACADEMIC: { description: 'University or peer-reviewed research.' },
    SECONDARY: { description: 'News, commentary, or a copy of another page.' },
  },
});
registerEnumType(Coverage, {
  name: 'Coverage',
  description: 'How much of one section of its structure a period records.',
  valuesConfig: {
    COMPLETE: {
      description: 'The whole arrangement at this level of detail: a part the period does not hold is not there.',
    },
    PARTIAL: {
      description:
        'Some of it: a part the period does not hold may still exist. What a profile says when it says nothing.',
    },
    NOT_RECORDED: { description: 'None of it: the period says nothing about this section.' },
  },
});
registerEnumType(ClaimType, { name: 'ClaimType', description: 'The kind of claim a citation supports.' });
