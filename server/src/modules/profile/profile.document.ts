/**
 * The case profile document: the unit of authoring, revision, import and export
 * (docs/CASE-PROFILE-FORMAT.md). The read model is loaded from it; it is never derived back.
 */

export const CASE_PROFILE_FORMAT = 'casebook/case-profile@1';
export const STUDY_FORMAT = 'casebook/study@1';

export const TIERS = ['NATIONAL', 'REGIONAL', 'LOCAL'] as const;
export type Tier = (typeof TIERS)[number];

export const BODY_TYPES = ['MINISTRY', 'AGENCY', 'AUTHORITY', 'BOARD', 'INSPECTORATE', 'PROVIDER', 'PARTNERSHIP', 'COURT_OR_TRIBUNAL', 'OTHER'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export const FUNCTIONS = ['POLICY', 'FUNDING', 'COMMISSIONING', 'DELIVERY', 'REGULATION', 'INSPECTION', 'ACCOUNTABILITY'] as const;
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

/** A citation: the bare source key, or the key with a locator. */
export type CiteDoc = string | { source: string; locator: string };

/** Fields every claim carries. */
export interface ClaimDoc {
  key: string;
  cite: CiteDoc[];
  uncertain?: boolean;
  note?: string;
}

export interface ResponsibilityDoc extends ClaimDoc {
  function: ResponsibilityFunction;
  serviceArea: string;
  description?: string;
}

export interface BodyDoc extends ClaimDoc {
  name: string;
  type: BodyType;
  description?: string;
  responsibilities?: ResponsibilityDoc[];
}

export interface LevelDoc extends ClaimDoc {
  tier: Tier;
  name: string;
  unitCount?: number;
  absent?: boolean;
  description?: string;
  bodies?: BodyDoc[];
}

export interface ConnectionDoc extends ClaimDoc {
  between: [string, string];
  mechanisms: Mechanism[];
  tier?: Tier;
  description?: string;
}

export interface PeriodDoc {
  key: string;
  label: string;
  validFrom?: string;
  validTo?: string;
  description?: string;
  levels?: LevelDoc[];
  connections?: ConnectionDoc[];
}

export interface EventDoc extends ClaimDoc {
  date: string;
  title: string;
  description?: string;
}

export interface LessonDoc extends ClaimDoc {
  theme: string;
  title: string;
  detail: string;
  evidenceStrength?: EvidenceStrength;
  transferability?: string;
}

export interface SourceDoc {
  key: string;
  url: string;
  title: string;
  publisher?: string;
  date?: string;
  accessed?: string;
  standing: Standing;
}

export interface NotModelledDoc {
  url: string;
  reason: string;
}

export interface CaseProfileDoc {
  format: typeof CASE_PROFILE_FORMAT;
  slug: string;
  name: string;
  kind: CaseKindValue;
  jurisdiction: string;
  baseline: boolean;
  summary: string;
  note?: string;
  notModelled?: NotModelledDoc[];
  periods: PeriodDoc[];
  timeline?: EventDoc[];
  lessons?: LessonDoc[];
  sources: SourceDoc[];
}

export interface StrandDoc extends ClaimDoc {
  number: number;
  title: string;
  lead?: string;
  description?: string;
}

export interface ReportDoc extends ClaimDoc {
  strand?: string;
  title: string;
  published?: string;
  description?: string;
}

export interface FindingDoc extends ClaimDoc {
  strand?: string;
  text: string;
}

export interface StudyDoc {
  format: typeof STUDY_FORMAT;
  title: string;
  question: string;
  purpose: string;
  notModelled?: NotModelledDoc[];
  strands: StrandDoc[];
  reports?: ReportDoc[];
  findings?: FindingDoc[];
  sources: SourceDoc[];
}

/** Splits a citation into its source key and optional locator. */
export function citeParts(cite: CiteDoc): { source: string; locator: string | null } {
  return typeof cite === 'string' ? { source: cite, locator: null } : { source: cite.source, locator: cite.locator };
}
