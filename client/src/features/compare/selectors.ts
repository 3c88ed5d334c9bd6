/**
 * The shared selector syntax (`slug` or `slug@YYYY-MM-DD`), as the app's URLs carry it:
 * `/compare?cases=finland,police-scotland@2012-06-30`. The server reads the same syntax.
 */
export interface Selector {
  slug: string;
  asOf?: string;
}

const SELECTOR = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:@(\d{4}-\d{2}-\d{2}))?$/;

export const MIN_CASES = 2;
export const MAX_CASES = 8;

/** Reads `a,b@2012-06-30`; parts that are not selectors are dropped and reported. */
export function parseSelectors(text: string): { selectors: Selector[]; rejected: string[] } {
  const selectors: Selector[] = [];
  const rejected: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = SELECTOR.exec(part);
    if (match) selectors.push(match[2] ? { slug: match[1]!, asOf: match[2] } : { slug: match[1]! });
    else rejected.push(part);
  }
  return { selectors, rejected };
}

export function formatSelector(s: Selector): string {
  return s.asOf ? `${s.slug}@${s.asOf}` : s.slug;
}

export function formatSelectors(list: readonly Selector[]): string {
  return list.map(formatSelector).join(',');
}

/** A day inside a period, used as the selector date that picks it. */
export function dayInPeriod(period: { current: boolean; validFrom: { earliest: string } | null; validTo: { latest: string } | null }): string | undefined {
  if (period.current) return undefined;
  return period.validFrom?.earliest ?? period.validTo?.latest;
}
