import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { ImportReport } from '../../../server/src/modules/interchange/interchange.service.js';
import { repoRoot } from '../platform/processes.js';

/** A path as the user types it: relative to the repository root, where the CLI runs. */
export const rel = (file: string) => path.relative(repoRoot, file);

export const seedsDir = path.join(repoRoot, 'seeds');
// Not support/profiles.ts's fixturesDir: that module loads the entities, which the JSON Schema test does without.
const fixturesDir = path.join(repoRoot, 'tests', 'fixtures');
export const badDir = path.join(fixturesDir, 'bad');
export const alphaFile = path.join(fixturesDir, 'profiles', 'alpha.yaml');
export const betaFile = path.join(fixturesDir, 'profiles', 'beta.yaml');
/** A profile that uses every field only editors see (editor notes on the case and every part). */
export const gammaFile = path.join(fixturesDir, 'profiles', 'gamma.yaml');
/** A profile whose claims hold in only part of the case (extents of every kind). */
export const deltaFile = path.join(fixturesDir, 'profiles', 'delta.yaml');
export const studyFixtureFile = path.join(fixturesDir, 'study.yaml');

/**
 * The YAML documents in seeds/ as they are now, by name: the case profiles and, once it is
 * written, study.yaml. Listed here rather than by the code under test, so a file it skipped
 * would still be checked.
 */
export function seedFiles(): string[] {
  return readdirSync(seedsDir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(seedsDir, name));
}

/** The seed files that are case profiles (everything but the study record). */
export function seedCaseFiles(): string[] {
  return seedFiles().filter((file) => path.basename(file) !== 'study.yaml');
}

export const readText = (file: string) => readFileSync(file, 'utf8');

/** Rows in the tables an import writes, to show that a refused import wrote nothing. */
export interface RowCounts {
  caseStudy: number;
  caseEdition: number;
  source: number;
  citation: number;
}

export async function rowCounts(dataSource: DataSource): Promise<RowCounts> {
  const [row] = (await dataSource.query(
    `SELECT (SELECT count(*)::int FROM case_study) AS "caseStudy", (SELECT count(*)::int FROM case_edition) AS "caseEdition",
            (SELECT count(*)::int FROM source) AS "source", (SELECT count(*)::int FROM citation) AS "citation"`,
  )) as RowCounts[];
  return row!;
}

/**
 * Every problem of an import, one line each, as the CLI prints them but for the field in words:
 * `FILE:LINE:COLUMN: path.to.field: message` (`FILE: path.to.field: message` without a place).
 */
export function problemLines(reports: ImportReport[]): string[] {
  return reports.flatMap((r) =>
    r.problems.map(
      (p) => `${rel(r.file)}${p.line === undefined ? '' : `:${p.line}:${p.column}`}: ${p.path}: ${p.message}`,
    ),
  );
}
