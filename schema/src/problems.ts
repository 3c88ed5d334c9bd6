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

/** One problem: the dotted path of the field (`lessons.3.title`), what is wrong, and its code. */
export interface Problem {
  path: string;
  message: string;
  code: ProblemCode;
}

/**
 * The publishing rules a draft may break while it is being written: unsourced claims, uncited
 * sources, and lessons rated above what their sources support (a rating may come before its sources).
 */
export const isPublishGateProblem = (p: Problem): boolean =>
  p.code === 'UNSOURCED_CLAIM' || p.code === 'UNCITED_SOURCE' || p.code === 'EVIDENCE_RUBRIC';
