import type { DataSource } from 'typeorm';

/**
 * The longest list of each kind the data holds now (published editions and drafts' read models
 * alike): how many periods one case has at most, levels one period has, sources one case cites,
 * claims one source is cited by, and so on. The query cost model multiplies by these, so an unpaged
 * list counts at its real size rather than a guess.
 */
export interface ListSizes {
  cases: number;
  periodsPerCase: number;
  levelsPerCase: number;
  bodiesPerCase: number;
  responsibilitiesPerCase: number;
  connectionsPerCase: number;
  citationsPerCase: number;
  levelsPerPeriod: number;
  levelsPerTier: number;
  bodiesPerLevel: number;
  responsibilitiesPerBody: number;
  responsibilitiesPerPeriod: number;
  connectionsPerPeriod: number;
  mechanismsPerConnection: number;
  extentAreas: number;
  timelinePerCase: number;
  lessonsPerCase: number;
  lessonsPerTheme: number;
  responsibilitiesPerCell: number;
  connectionsPerCell: number;
  responsibilityRows: number;
  areaPairsPerPeriod: number;
  areaPairsPerCase: number;
  bodiesPerAreaPair: number;
  citationsPerAreaPair: number;
  connectionRows: number;
  lessonRows: number;
  partsPerCase: number;
  changesPerPublication: number;
  sourcesPerCase: number;
  citationsPerClaim: number;
  notModelledPerCase: number;
  editionsPerCase: number;
  commentsPerDraft: number;
  serviceAreas: number;
  lessonThemes: number;
  users: number;
  apiTokens: number;
  sessionsPerUser: number;
  strands: number;
  reports: number;
  findings: number;
}

/** Each period's pairs of the service areas it holds: `x.a` before `y.b`. */
const AREA_PAIRS = `(SELECT DISTINCT "period_id", "service_area_id" AS a FROM "responsibility") x JOIN (SELECT DISTINCT "period_id", "service_area_id" AS b FROM "responsibility") y ON y."period_id" = x."period_id" AND y.b > x.a`;

/** Every size as a column of one row: `max(n)` over groups, 0 when there are none. */
const MEASURES: Record<keyof ListSizes, string> = {
  cases: `SELECT count(*) AS n FROM "case_study"`,
  periodsPerCase: `SELECT count(*) AS n FROM "structure_period" GROUP BY "edition_id"`,
  levelsPerCase: `SELECT count(*) AS n FROM "governance_level" GROUP BY "edition_id"`,
  bodiesPerCase: `SELECT count(*) AS n FROM "body" GROUP BY "edition_id"`,
  responsibilitiesPerCase: `SELECT count(*) AS n FROM "responsibility" GROUP BY "edition_id"`,
  connectionsPerCase: `SELECT count(*) AS n FROM "service_connection" GROUP BY "edition_id"`,
  citationsPerCase: `SELECT count(*) AS n FROM "citation" GROUP BY "edition_id"`,
  levelsPerPeriod: `SELECT count(*) AS n FROM "governance_level" GROUP BY "period_id"`,
  levelsPerTier: `SELECT count(*) AS n FROM "governance_level" GROUP BY "period_id", "tier"`,
  bodiesPerLevel: `SELECT count(*) AS n FROM "body" GROUP BY "level_id"`,
  responsibilitiesPerBody: `SELECT count(*) AS n FROM "responsibility" GROUP BY "body_id"`,
  responsibilitiesPerPeriod: `SELECT count(*) AS n FROM "responsibility" GROUP BY "period_id"`,
  connectionsPerPeriod: `SELECT count(*) AS n FROM "service_connection" GROUP BY "period_id"`,
  mechanismsPerConnection: `SELECT cardinality("mechanisms") AS n FROM "service_connection"`,
  // The named areas of a claim's extent, in any of the four tables that keep one.
  extentAreas: `SELECT jsonb_array_length(e."extent" -> 'areas') AS n FROM (SELECT "extent" FROM "governance_level" UNION ALL SELECT "extent" FROM "body" UNION ALL SELECT "extent" FROM "responsibility" UNION ALL SELECT "extent" FROM "service_connection") e WHERE jsonb_typeof(e."extent" -> 'areas') = 'array'`,
  timelinePerCase: `SELECT count(*) AS n FROM "timeline_event" GROUP BY "edition_id"`,
  lessonsPerCase: `SELECT count(*) AS n FROM "reform_lesson" GROUP BY "edition_id"`,
  lessonsPerTheme: `SELECT count(*) AS n FROM "reform_lesson" GROUP BY "edition_id", "theme_id"`,
  // A comparison's cells and rows: who holds one function in one service area in a period, the
  // connections between one pair of areas, and how many such rows the whole data could fill.
  responsibilitiesPerCell: `SELECT count(*) AS n FROM "responsibility" GROUP BY "period_id", "service_area_id", "function"`,
  connectionsPerCell: `SELECT count(*) AS n FROM "service_connection" GROUP BY "period_id", least("area_a_id", "area_b_id"), greatest("area_a_id", "area_b_id")`,
  responsibilityRows: `SELECT count(*) AS n FROM (SELECT DISTINCT "service_area_id", "function" FROM "responsibility") r`,
  connectionRows: `SELECT count(*) AS n FROM (SELECT DISTINCT least("area_a_id", "area_b_id"), greatest("area_a_id", "area_b_id") FROM "service_connection") c`,
  lessonRows: `SELECT count(DISTINCT "theme_id") AS n FROM "reform_lesson"`,
  // Which services share an organisation: a period's pairs of the service areas it holds, and
  // the most bodies and citations one pair's answer can rest on (at most every holder of either).
  areaPairsPerPeriod: `SELECT count(DISTINCT "service_area_id") * (count(DISTINCT "service_area_id") - 1) / 2 AS n FROM "responsibility" GROUP BY "period_id"`,
  areaPairsPerCase: `SELECT sum(p.n) AS n FROM (SELECT "edition_id", count(DISTINCT "service_area_id") * (count(DISTINCT "service_area_id") - 1) / 2 AS n FROM "responsibility" GROUP BY "edition_id", "period_id") p GROUP BY p."edition_id"`,
  bodiesPerAreaPair: `SELECT count(DISTINCT r."body_id") AS n FROM ${AREA_PAIRS} JOIN "responsibility" r ON r."period_id" = x."period_id" AND r."service_area_id" IN (x.a, y.b) GROUP BY x."period_id", x.a, y.b`,
  citationsPerAreaPair: `SELECT count(*) AS n FROM ${AREA_PAIRS} JOIN "responsibility" r ON r."period_id" = x."period_id" AND r."service_area_id" IN (x.a, y.b) JOIN "citation" c ON c."claim_id" = r."id" GROUP BY x."period_id", x.a, y.b`,
  partsPerCase: `SELECT count(*) AS n FROM (SELECT "edition_id" FROM "structure_period" UNION ALL SELECT "edition_id" FROM "governance_level" UNION ALL SELECT "edition_id" FROM "body" UNION ALL SELECT "edition_id" FROM "responsibility" UNION ALL SELECT "edition_id" FROM "service_connection" UNION ALL SELECT "edition_id" FROM "timeline_event" UNION ALL SELECT "edition_id" FROM "reform_lesson") p GROUP BY "edition_id"`,
  changesPerPublication: `SELECT jsonb_array_length("changes") AS n FROM "publication"`,
  sourcesPerCase: `SELECT count(DISTINCT "source_id") AS n FROM "citation" GROUP BY "edition_id"`,
  citationsPerClaim: `SELECT count(*) AS n FROM "citation" GROUP BY "claim_id"`,
  notModelledPerCase: `SELECT jsonb_array_length("not_modelled") AS n FROM "case_edition"`,
  editionsPerCase: `SELECT count(*) AS n FROM "case_edition" WHERE NOT "is_draft" GROUP BY "case_id"`,
  commentsPerDraft: `SELECT count(*) AS n FROM "review_comment" GROUP BY "case_id", "edition"`,
  serviceAreas: `SELECT count(*) AS n FROM "service_area"`,
  lessonThemes: `SELECT count(*) AS n FROM "lesson_theme"`,
  users: `SELECT count(*) AS n FROM "app_user"`,
  apiTokens: `SELECT count(*) AS n FROM "api_token"`,
  sessionsPerUser: `SELECT count(*) AS n FROM "user_session" WHERE "expires_at" > now() GROUP BY "user_id"`,
  strands: `SELECT count(*) AS n FROM "study_strand"`,
  reports: `SELECT count(*) AS n FROM "study_report"`,
  findings: `SELECT count(*) AS n FROM "study_finding"`,
};

const SQL = `SELECT ${Object.entries(MEASURES)
  .map(([name, sql]) => `(SELECT coalesce(max(m.n), 0)::int FROM (${sql}) m) AS "${name}"`)
  .join(', ')}`;

/**
 * Measures the data's list sizes in one statement (a few index scans; run at publication and now
 * and then, never per request), on the data source or on a connection the caller gives.
 */
export class ListSizeService {
  constructor(private readonly dataSource: DataSource) {}

  async measure(run: (sql: string) => Promise<unknown[]> = (sql) => this.dataSource.query(sql)): Promise<ListSizes> {
    const [row] = (await run(SQL)) as [ListSizes];
    return row;
  }
}
