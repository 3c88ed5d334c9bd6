import { periodCoverage } from './coverage.js';
import type { CaseProfileDoc, ClaimDoc, PeriodDoc } from './document.js';
import { COVERAGE_SECTIONS, type Coverage, type CoverageSection } from './enums.js';
import { parsePartialDate } from './partial-date.js';

/** A current period not reviewed for longer than this is due for review. */
export const REVIEW_DUE_AFTER_YEARS = 2;

/** One section of a case's current period: what the period says it records, and how many parts it holds. */
export interface SectionWork {
  section: CoverageSection;
  coverage: Coverage;
  parts: number;
  /** The path of the form that sets it: the current period's. */
  path: string;
}

/** A current period whose last review is older than the review interval, or that was never reviewed. */
export interface ReviewDue {
  key: string;
  label: string;
  /** When it (or, failing that, the whole case) was last reviewed: "2023-05"; null when never. */
  reviewed: string | null;
  path: string;
}

/** What in one case needs work: its current period's coverage, its claims' sources and certainty, its reviews. */
export interface CaseWork {
  /** The current period (open-ended, or the latest); null when the case has none. */
  period: { key: string; label: string; path: string } | null;
  sections: SectionWork[];
  claims: number;
  uncertain: number;
  unsourced: number;
  /** The path of the first uncertain claim, and of the first claim without a source, to open its form. */
  firstUncertain: string | null;
  firstUnsourced: string | null;
  reviewsDue: ReviewDue[];
}

interface ClaimAt {
  claim: ClaimDoc;
  path: string;
}

/** Every claim of a case with its path, in document order. */
function claimsOf(doc: CaseProfileDoc): ClaimAt[] {
  const out: ClaimAt[] = [];
  (doc.periods ?? []).forEach((period, p) => {
    (period.levels ?? []).forEach((level, l) => {
      const levelPath = `periods.${p}.levels.${l}`;
      out.push({ claim: level, path: levelPath });
      (level.bodies ?? []).forEach((body, b) => {
        const bodyPath = `${levelPath}.bodies.${b}`;
        out.push({ claim: body, path: bodyPath });
        (body.responsibilities ?? []).forEach((r, i) =>
          out.push({ claim: r, path: `${bodyPath}.responsibilities.${i}` }),
        );
      });
    });
    (period.connections ?? []).forEach((c, i) => out.push({ claim: c, path: `periods.${p}.connections.${i}` }));
  });
  (doc.timeline ?? []).forEach((e, i) => out.push({ claim: e, path: `timeline.${i}` }));
  (doc.lessons ?? []).forEach((l, i) => out.push({ claim: l, path: `lessons.${i}` }));
  return out;
}

/** The parts a period holds in each coverage section. */
function sectionParts(period: PeriodDoc): Record<CoverageSection, number> {
  const levels = period.levels ?? [];
  const bodies = levels.flatMap((l) => l.bodies ?? []);
  return {
    levels: levels.length + bodies.length,
    responsibilities: bodies.reduce((n, b) => n + (b.responsibilities ?? []).length, 0),
    connections: (period.connections ?? []).length,
  };
}

/** The periods in force now: the open-ended ones, or else the latest. */
function currentPeriods(doc: CaseProfileDoc): { period: PeriodDoc; index: number }[] {
  const periods = (doc.periods ?? []).map((period, index) => ({ period, index }));
  const open = periods.filter(({ period }) => !period.validTo);
  return open.length ? open : periods.slice(-1);
}

/** The day `years` years before an ISO day (29 February falls back to the 28th). */
function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Whether a review date (a partial date) is older than the review interval on `today`. */
function reviewIsDue(reviewed: string | null | undefined, today: string): boolean {
  if (!reviewed) return true;
  const parsed = parsePartialDate(reviewed);
  if (typeof parsed === 'string') return true;
  // "2024" counts as reviewed until the end of 2024: a review is due only when even its latest day is too old.
  return parsed.latest < yearsBefore(today, REVIEW_DUE_AFTER_YEARS);
}

/**
 * What in a case needs work on `today` (an ISO day): the coverage its current period declares per
 * section, its claims without a source and its uncertain ones, and its current periods not
 * reviewed for over two years. A period without its own review date takes the case's.
 */
export function caseWork(doc: CaseProfileDoc, today: string): CaseWork {
  const current = currentPeriods(doc);
  const latest = current[current.length - 1];
  const claims = claimsOf(doc);
  const uncertain = claims.filter((c) => c.claim.uncertain);
  const unsourced = claims.filter((c) => (c.claim.cite ?? []).length === 0);
  const counts = latest ? sectionParts(latest.period) : null;
  const coverage = latest ? periodCoverage(latest.period) : null;
  return {
    period: latest ? { key: latest.period.key, label: latest.period.label, path: `periods.${latest.index}` } : null,
    sections:
      latest && counts && coverage
        ? COVERAGE_SECTIONS.map((section) => ({
            section,
            coverage: coverage[section],
            parts: counts[section],
            path: `periods.${latest.index}`,
          }))
        : [],
    claims: claims.length,
    uncertain: uncertain.length,
    unsourced: unsourced.length,
    firstUncertain: uncertain[0]?.path ?? null,
    firstUnsourced: unsourced[0]?.path ?? null,
    reviewsDue: current
      .map(({ period, index }) => ({
        key: period.key,
        label: period.label,
        reviewed: period.reviewed ?? doc.reviewed ?? null,
        path: `periods.${index}`,
      }))
      .filter((p) => reviewIsDue(p.reviewed, today)),
  };
}
