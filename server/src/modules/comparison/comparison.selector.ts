import { parsePartialDate } from '../../common/partial-date.js';

/** A case, optionally as it stood on a day: `police-scotland@2012-06-30`. */
export interface Selector {
  slug: string;
  asOf?: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The shared selector syntax, used by GraphQL inputs, export URLs and the app's URLs. */
export function parseSelector(text: string): Selector | string {
  const [slug, asOf, ...rest] = text.trim().split('@');
  if (!slug || rest.length || !SLUG.test(slug)) return `"${text}" is not a case selector like "finland" or "police-scotland@2012-06-30"`;
  if (asOf === undefined) return { slug };
  const problem = dateProblem(asOf);
  return problem ? `"${text}": ${problem}` : { slug, asOf };
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
