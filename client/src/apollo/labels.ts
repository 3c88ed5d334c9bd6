/** Words for the API's enum values, so that nothing is shown as a raw code. */
export const KIND_LABELS: Record<string, string> = { COUNTRY: 'Country', SERVICE_REFORM: 'Service reform' };
export const TIER_LABELS: Record<string, string> = { NATIONAL: 'National', REGIONAL: 'Regional', LOCAL: 'Local' };
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
