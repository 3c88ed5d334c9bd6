/**
 * The vocabularies of the case profile document (docs/CASE-PROFILE-FORMAT.md): the format
 * identifiers and every closed list of values. The JSON Schemas, the GraphQL enums and the
 * app's labels are all built from these lists.
 */

export const CASE_PROFILE_FORMAT = 'casebook/case-profile@1';
export const STUDY_FORMAT = 'casebook/study@1';

export const TIERS = ['NATIONAL', 'REGIONAL', 'LOCAL'] as const;
export type Tier = (typeof TIERS)[number];

export const BODY_TYPES = [
  'MINISTRY',
  'AGENCY',
  'AUTHORITY',
  'BOARD',
  'INSPECTORATE',
  'PROVIDER',
  'PARTNERSHIP',
  'COURT_OR_TRIBUNAL',
  'OTHER',
] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export const FUNCTIONS = [
  'POLICY',
  'FUNDING',
  'COMMISSIONING',
  'DELIVERY',
  'REGULATION',
  'INSPECTION',
  'ACCOUNTABILITY',
] as const;
export type ResponsibilityFunction = (typeof FUNCTIONS)[number];

export const MECHANISMS = [
  'STRUCTURAL_INTEGRATION',
  'JOINT_BOARD',
  'JOINT_COMMISSIONING',
  'POOLED_BUDGET',
  'CO_LOCATION',
  'MULTI_AGENCY_TEAM',
  'INFORMATION_SHARING',
  'STRATEGIC_PLANNING',
  'STATUTORY_DUTY',
  'NONE',
] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export const EVIDENCE_STRENGTHS = ['STRONG', 'MODERATE', 'LIMITED', 'CONTESTED'] as const;
export type EvidenceStrength = (typeof EVIDENCE_STRENGTHS)[number];

export const STANDINGS = ['STUDY_OUTPUT', 'OFFICIAL', 'ACADEMIC', 'SECONDARY'] as const;
export type Standing = (typeof STANDINGS)[number];

export const CASE_KINDS = ['COUNTRY', 'SERVICE_REFORM'] as const;
export type CaseKindValue = (typeof CASE_KINDS)[number];

/** Whether a tier has levels in a period, is recorded as having none, or is not recorded. */
export const TIER_PRESENCES = ['PRESENT', 'ABSENT', 'NO_DATA'] as const;
export type TierPresence = (typeof TIER_PRESENCES)[number];

/**
 * The sections of a period whose coverage it declares: its levels and bodies, the
 * responsibilities its bodies hold, and the connections between service areas.
 */
export const COVERAGE_SECTIONS = ['levels', 'responsibilities', 'connections'] as const;
export type CoverageSection = (typeof COVERAGE_SECTIONS)[number];

/**
 * How much of a section a period records, as the profile format writes it: `complete` (the whole
 * arrangement, so what it does not hold is not there), `partial` (some of it: what it does not
 * hold may still exist) or `not-recorded` (nothing).
 */
export const COVERAGE_VALUES = ['complete', 'partial', 'not-recorded'] as const;
export type CoverageValue = (typeof COVERAGE_VALUES)[number];

/** The same, as the API and the read model write it. */
export const COVERAGES = ['COMPLETE', 'PARTIAL', 'NOT_RECORDED'] as const;
export type Coverage = (typeof COVERAGES)[number];

/** The parts of a case profile that are created, updated and deleted by key (CASE is the headline). */
export const DOCUMENT_PART_KINDS = [
  'CASE',
  'PERIOD',
  'LEVEL',
  'BODY',
  'RESPONSIBILITY',
  'CONNECTION',
  'EVENT',
  'LESSON',
  'SOURCE',
] as const;
export type DocumentPartKind = (typeof DOCUMENT_PART_KINDS)[number];

/** What a signed-in person may do (the API's UserRole). */
export const USER_ROLES = ['ADMIN', 'EDITOR', 'REVIEWER', 'VIEWER'] as const;
export type UserRoleValue = (typeof USER_ROLES)[number];
