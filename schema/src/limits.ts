import json from '@casebook/schema/limits.json' with { type: 'json' };

/** The limits in schema/limits.json: lengths, counts, page sizes, the cases of a comparison. */
export interface Limits {
  pageSize: { default: number; max: number };
  slug: { min: number; max: number; pattern: string };
  key: { max: number };
  name: { max: number };
  summary: { max: number };
  text: { max: number };
  note: { max: number };
  url: { max: number };
  searchText: { max: number };
  password: { min: number };
  email: { max: number };
  query: {
    depth: number;
    aliases: number;
    directives: number;
    tokens: number;
    cost: number;
    /** Selections in the operation with every fragment spread written out (Apollo's maxRecursiveSelections). */
    selections: number;
    /** Fields of one response name in one selection. */
    repeatedFields: number;
    /** Validation errors reported for one request before validation stops. */
    errors: number;
  };
  tokenName: { max: number };
  comparison: { cases: { min: number; max: number } };
  /** Review comments a case's draft may gather before it is published (they are then kept with the edition). */
  reviewComments: { perCase: number };
  /** Forms one editor may have kept unsaved in one case's draft, and how long one form's kept state may be (JSON). */
  pendingChanges: { perCase: number; stateChars: number };
  /** Notifications kept for one person (the oldest go first), those one answer lists, and an excerpt's length. */
  notifications: { perUser: number; shown: number; excerpt: number };
  /** Claims one citeDraftClaims may add a source to. */
  citeClaims: { max: number };
  counts: {
    periods: number;
    levelsPerPeriod: number;
    bodiesPerLevel: number;
    responsibilitiesPerBody: number;
    connectionsPerPeriod: number;
    mechanismsPerConnection: number;
    timeline: number;
    lessons: number;
    sources: number;
    citesPerClaim: number;
    extentAreas: number;
    notModelled: number;
    strands: number;
    reports: number;
    findings: number;
  };
}

/** schema/limits.json, read by the server, the CLI and the client alike. */
export const limits: Limits = json satisfies Limits;
