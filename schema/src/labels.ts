import type {
  BodyType,
  CaseKindValue,
  Coverage,
  CoverageSection,
  EvidenceStrength,
  Mechanism,
  ResponsibilityFunction,
  Standing,
  Tier,
  UserRoleValue,
} from './enums.js';

/**
 * Words for the vocabularies' values, one table each, so that nothing is shown as a raw code and
 * the app and the server's own text say the same thing. Typed by the vocabularies, so a new value
 * fails type-checking until it has words.
 */
export const TIER_LABELS: Record<Tier, string> = { NATIONAL: 'National', REGIONAL: 'Regional', LOCAL: 'Local' };

export const KIND_LABELS: Record<CaseKindValue, string> = { COUNTRY: 'Country', SERVICE_REFORM: 'Service reform' };

export const STANDING_LABELS: Record<Standing, string> = {
  STUDY_OUTPUT: 'Study output',
  OFFICIAL: 'Official',
  ACADEMIC: 'Academic',
  SECONDARY: 'Secondary',
};

export const STRENGTH_LABELS: Record<EvidenceStrength, string> = {
  STRONG: 'Strong',
  MODERATE: 'Moderate',
  LIMITED: 'Limited',
  CONTESTED: 'Contested',
};

export const BODY_TYPE_LABELS: Record<BodyType, string> = {
  AGENCY: 'Agency',
  AUTHORITY: 'Authority',
  BOARD: 'Board',
  COURT_OR_TRIBUNAL: 'Court or tribunal',
  INSPECTORATE: 'Inspectorate',
  MINISTRY: 'Ministry',
  OTHER: 'Other body',
  PARTNERSHIP: 'Partnership',
  PROVIDER: 'Provider',
};

export const FUNCTION_LABELS: Record<ResponsibilityFunction, string> = {
  ACCOUNTABILITY: 'Accountability',
  COMMISSIONING: 'Commissioning',
  DELIVERY: 'Delivery',
  FUNDING: 'Funding',
  INSPECTION: 'Inspection',
  POLICY: 'Policy',
  REGULATION: 'Regulation',
};

export const MECHANISM_LABELS: Record<Mechanism, string> = {
  CO_LOCATION: 'co-location',
  INFORMATION_SHARING: 'information sharing',
  JOINT_BOARD: 'joint board',
  JOINT_COMMISSIONING: 'joint commissioning',
  MULTI_AGENCY_TEAM: 'multi-agency team',
  NONE: 'not connected',
  POOLED_BUDGET: 'pooled budget',
  STATUTORY_DUTY: 'statutory duty',
  STRATEGIC_PLANNING: 'strategic planning',
  STRUCTURAL_INTEGRATION: 'structural integration',
};

export const COVERAGE_LABELS: Record<Coverage, string> = {
  COMPLETE: 'Complete',
  PARTIAL: 'Partial',
  NOT_RECORDED: 'Not recorded',
};

/** The sections of a period's coverage, as a heading or a form field names them. */
export const COVERAGE_SECTION_LABELS: Record<CoverageSection, string> = {
  levels: 'Levels and bodies',
  responsibilities: 'Responsibilities',
  connections: 'Connections between services',
};

export const ROLE_LABELS: Record<UserRoleValue, string> = {
  ADMIN: 'Admin',
  EDITOR: 'Editor',
  REVIEWER: 'Reviewer',
  VIEWER: 'Viewer',
};

/** "STRUCTURAL_INTEGRATION" → "structural integration". */
export function words(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

/** Every value of the vocabularies a message may name, and its words in lower case. */
const VOCABULARY_WORDS = new Map(
  [STANDING_LABELS, STRENGTH_LABELS, TIER_LABELS, FUNCTION_LABELS, MECHANISM_LABELS, BODY_TYPE_LABELS].flatMap(
    (labels) => Object.entries(labels).map(([code, label]) => [code, label.toLowerCase()] as const),
  ),
);

/**
 * A message with each vocabulary code it names (upper-case words such as MODERATE or STUDY_OUTPUT)
 * told in words: "is MODERATE" → "is moderate". Other text is left as it is.
 */
export function codesInWords(message: string): string {
  return message.replace(/\b[A-Z][A-Z_]*[A-Z]\b/g, (code) => VOCABULARY_WORDS.get(code) ?? code);
}

/** "POLICY" → "Policy". */
export function sentence(code: string): string {
  const w = words(code);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A date for people, from an ISO time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * Said once above a list of lessons, instead of "not recorded" under each lesson that does not
 * say how far it would transfer to Scotland; empty when every lesson says.
 */
export function transferabilityNote(lessons: readonly { transferability?: string | null }[], where: string): string {
  const assessed = lessons.filter((l) => l.transferability).length;
  const total = lessons.length;
  if (assessed === total) return '';
  if (assessed === 0) return `How far these lessons would transfer to Scotland is not assessed ${where}.`;
  return `How far a lesson would transfer to Scotland is assessed for ${assessed} of these ${total} lessons, under each of them.`;
}
