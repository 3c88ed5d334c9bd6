import type { ComparisonQuery, RowVerdict } from '@/gql/graphql';

type Comparison = ComparisonQuery['comparison'];

const VERDICT_WORDS: Record<Exclude<RowVerdict, 'NOT_JUDGED'>, { symbol: string; word: string; why: string }> = {
  SAME: { symbol: '=', word: 'Same', why: 'is the same' },
  DIFFERENT: { symbol: '≠', word: 'Differs', why: 'differs' },
};

/** A row's verdict as the grid, its cards and its printed tables show it; null when not judged. */
export function verdictOf(row: { verdict: RowVerdict }): (typeof VERDICT_WORDS)[keyof typeof VERDICT_WORDS] | null {
  return row.verdict === 'NOT_JUDGED' ? null : VERDICT_WORDS[row.verdict];
}

/** The baseline case's name, or null when the comparison has none. */
export function baselineNameOf(comparison: Comparison): string | null {
  return comparison.baselineIndex === null
    ? null
    : (comparison.cases[comparison.baselineIndex]?.caseStudy.name ?? null) || null;
}
