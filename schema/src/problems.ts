/**
 * What is wrong with a document or an edit of one. The code says which rule was broken, so that
 * callers choose an error code without reading the message:
 * - INVALID: the document breaks the format or its meaning (bad value, unknown reference ...);
 * - SYNTAX: the file cannot be read as YAML or JSON the format accepts;
 * - UNSOURCED_CLAIM / UNCITED_SOURCE: the publish gate, which a draft may break while it is written;
 * - EVIDENCE_RUBRIC: a lesson rated above what its sources support (also part of the publish gate);
 * - NOT_FOUND: an edit names a part the document does not have.
 */
export type ProblemCode = 'INVALID' | 'SYNTAX' | 'UNSOURCED_CLAIM' | 'UNCITED_SOURCE' | 'EVIDENCE_RUBRIC' | 'NOT_FOUND';

/**
 * One problem: the dotted path of the field (`lessons.3.title`), what is wrong, and its code; for
 * a document read from a file, where in the file it is (1-based line and column) and, where the
 * words say more than the path, the field as a person names it (`label`).
 */
export interface Problem {
  path: string;
  message: string;
  code: ProblemCode;
  line?: number;
  column?: number;
  label?: string;
}

/**
 * Problems in the order of the file: by line and column, those with no place in it (a file that
 * cannot be read) last, each group in the order found.
 */
export function inFileOrder(problems: Problem[]): Problem[] {
  const line = (p: Problem) => p.line ?? Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) => line(a) - line(b) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * The publishing rules a draft may break while it is being written: unsourced claims, uncited
 * sources, and lessons rated above what their sources support (a rating may come before its sources).
 */
export const isPublishGateProblem = (p: Problem): boolean =>
  p.code === 'UNSOURCED_CLAIM' || p.code === 'UNCITED_SOURCE' || p.code === 'EVIDENCE_RUBRIC';
