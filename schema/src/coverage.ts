import type { PeriodDoc } from './document.js';
import {
  COVERAGES,
  COVERAGE_SECTIONS,
  COVERAGE_VALUES,
  type Coverage,
  type CoverageSection,
  type CoverageValue,
} from './enums.js';
import { COVERAGE_LABELS, COVERAGE_SECTION_LABELS } from './labels.js';

/**
 * A period's coverage: per section, whether the period records the whole arrangement, some of
 * it, or none of it. The read model and the API hold it in this form; the profile format writes
 * the same values in lower case (`not-recorded`), and a section it leaves out is partial.
 */
export type PeriodCoverage = Record<CoverageSection, Coverage>;

/** What a period that says nothing about its coverage covers: part of every section. */
export const COVERAGE_DEFAULT: Readonly<PeriodCoverage> = Object.freeze({
  levels: 'PARTIAL',
  responsibilities: 'PARTIAL',
  connections: 'PARTIAL',
});

const toApi = (value: CoverageValue): Coverage => COVERAGES[COVERAGE_VALUES.indexOf(value)]!;
const toFormat = (value: Coverage): CoverageValue => COVERAGE_VALUES[COVERAGES.indexOf(value)]!;

/**
 * A period's coverage with every section named: what the file says, and partial where it says
 * nothing (a file never claims completeness by default).
 */
export function periodCoverage(period: Pick<PeriodDoc, 'coverage'>): PeriodCoverage {
  return Object.fromEntries(
    COVERAGE_SECTIONS.map((section) => {
      const value = period.coverage?.[section];
      return [section, value ? toApi(value) : COVERAGE_DEFAULT[section]];
    }),
  ) as PeriodCoverage;
}

/** A period's coverage as the profile format writes it, every section named, in section order. */
export function coverageDoc(coverage: PeriodCoverage): Record<CoverageSection, CoverageValue> {
  return Object.fromEntries(COVERAGE_SECTIONS.map((s) => [s, toFormat(coverage[s])])) as Record<
    CoverageSection,
    CoverageValue
  >;
}

/** A period's coverage in words: "Levels and bodies: complete; Responsibilities: partial; …". */
export function coverageText(coverage: PeriodCoverage): string {
  return COVERAGE_SECTIONS.map(
    (s) => `${COVERAGE_SECTION_LABELS[s]}: ${COVERAGE_LABELS[coverage[s]].toLowerCase()}`,
  ).join('; ');
}
