import type { BodyType, Mechanism, ResponsibilityFunction, Tier } from '@/gql/graphql';

/** Words for the API's enum values, so that nothing is shown as a raw code. */
export const KIND_LABELS: Record<string, string> = { COUNTRY: 'Country', SERVICE_REFORM: 'Service reform' };
export const STANDING_LABELS: Record<string, string> = {
  STUDY_OUTPUT: 'Study output',
  OFFICIAL: 'Official',
  ACADEMIC: 'Academic',
  SECONDARY: 'Secondary',
};
export const STRENGTH_LABELS: Record<string, string> = { STRONG: 'Strong', MODERATE: 'Moderate', LIMITED: 'Limited', CONTESTED: 'Contested' };

/** "STRUCTURAL_INTEGRATION" → "structural integration". */
export function words(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
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

/** Typed against the generated enums, so a new enum value fails type-checking instead of showing as a code. */
export const TIER_LABELS: Record<Tier, string> = { NATIONAL: 'National', REGIONAL: 'Regional', LOCAL: 'Local' };

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
