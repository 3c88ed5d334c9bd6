import { limits } from './limits.js';
import { parsePartialDate } from './partial-date.js';

/**
 * The selector syntax shared by GraphQL inputs, export URLs and the app's URLs: a case, optionally
 * as it stood on a day, e.g. `police-scotland@2012-06-30`; a list joins selectors with commas
 * (`/compare?cases=finland,police-scotland@2012-06-30`).
 */
export interface Selector {
  slug: string;
  asOf?: string;
}

/** The fewest and most cases one comparison takes (schema/limits.json). */
export const MIN_CASES = limits.comparison.cases.min;
export const MAX_CASES = limits.comparison.cases.max;

const SLUG = new RegExp(limits.slug.pattern);
/** How a day is written in a selector; whether it is a real day is a separate check. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A selector's slug and date, when it has the shape `slug` or `slug@date` (the date is not checked). */
function selectorParts(text: string): { slug: string; asOf?: string } | undefined {
  const [slug, asOf, ...rest] = text.trim().split('@');
  if (!slug || rest.length || !SLUG.test(slug)) return undefined;
  return asOf === undefined ? { slug } : { slug, asOf };
}

/** Reads one selector, or says why it is not one (a date must be a real calendar day). */
export function parseSelector(text: string): Selector | string {
  const parts = selectorParts(text);
  if (!parts) return `"${text}" is not a case selector like "finland" or "police-scotland@2012-06-30"`;
  if (parts.asOf === undefined) return parts;
  const problem = dateProblem(parts.asOf);
  return problem ? `"${text}": ${problem}` : parts;
}

/** Why a selector date is not a calendar day, or undefined when it is one. */
export function dateProblem(asOf: string): string | undefined {
  const parsed = parsePartialDate(asOf);
  if (typeof parsed === 'string') return `${parsed}; give a day like "2012-06-30"`;
  if (parsed.precision !== 'DAY') return `"${asOf}" is not a day; give one like "2012-06-30"`;
  return undefined;
}

export function formatSelector(selector: Selector): string {
  return selector.asOf ? `${selector.slug}@${selector.asOf}` : selector.slug;
}

export function formatSelectors(list: readonly Selector[]): string {
  return list.map(formatSelector).join(',');
}

/** Splits `a,b@2012-06-30,…` (as in `?cases=`) into selectors, or the problems found. */
export function parseSelectorList(text: string): { selectors: Selector[]; problems: string[] } {
  const selectors: Selector[] = [];
  const problems: string[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const parsed = parseSelector(part);
    if (typeof parsed === 'string') problems.push(parsed);
    else selectors.push(parsed);
  }
  return { selectors, problems };
}

/**
 * Reads the app's `?cases=` list leniently: parts that are not selectors are dropped and reported;
 * a date written as a day is kept even if no such day exists, for the API to name the problem.
 */
export function parseSelectors(text: string): { selectors: Selector[]; rejected: string[] } {
  const selectors: Selector[] = [];
  const rejected: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const parts = selectorParts(part);
    if (parts && (parts.asOf === undefined || DAY.test(parts.asOf))) selectors.push(parts);
    else rejected.push(part);
  }
  return { selectors, rejected };
}

/** A day inside a period, used as the selector date that picks it. */
export function dayInPeriod(period: {
  current: boolean;
  validFrom: { earliest: string } | null;
  validTo: { latest: string } | null;
}): string | undefined {
  if (period.current) return undefined;
  return period.validFrom?.earliest ?? period.validTo?.latest;
}
