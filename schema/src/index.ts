/**
 * @casebook/schema: the document core shared by the server, the CLI and the client. This entry
 * is pure and small enough for the app's first page: vocabularies, the document types (types
 * only), limits, partial dates, the selector syntax and the comparison's rules, labels, and the
 * part forms. The JSON Schemas (`/document`), validation with Ajv (`/validate`), the canonical
 * YAML/JSON form (`/format`), part editing (`/editing`) and the document diff (`/diff`) have
 * entries of their own, so that only what uses them loads them.
 */
export * from './enums.js';
export type {
  BodyDoc,
  CaseProfileDoc,
  CiteDoc,
  ClaimDoc,
  ConnectionDoc,
  CoverageDoc,
  EventDoc,
  ExtentDoc,
  FindingDoc,
  JsonSchema,
  LessonDoc,
  LevelDoc,
  NotModelledDoc,
  PeriodDoc,
  ReportDoc,
  ResponsibilityDoc,
  SourceDoc,
  StrandDoc,
  StudyDoc,
} from './document.js';
export { citeParts } from './cite.js';
export { limits, type Limits } from './limits.js';
export { isPublishGateProblem, type Problem, type ProblemCode } from './problems.js';
export * from './partial-date.js';
export * from './selectors.js';
export * from './comparison.js';
export * from './coverage.js';
export * from './work-needed.js';
export * from './history.js';
export * from './extent.js';
export * from './labels.js';
export * from './diff-words.js';
export * from './vocabulary.js';
export * from './forms.js';
export * from './review.js';
export * from './claims.js';
