import { readdirSync, readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import type { CaseProfileDoc } from '@casebook/schema';
import { fromRoot } from '../../server/src/common/paths.js';
import {
  InterchangeService,
  documentFiles,
  formatProblem,
} from '../../server/src/modules/interchange/interchange.service.js';

/** Loads every file in seeds/ (the eight cases and the study record) the way the app does. */
export async function loadSeeds(dataSource: DataSource): Promise<void> {
  const reports = await new InterchangeService(dataSource).importFiles(await documentFiles(fromRoot('seeds')), {
    publish: true,
  });
  const problems = reports.flatMap((r) => r.problems.map((p) => formatProblem(r.file, p)));
  if (problems.length) throw new Error(`the seeds do not load:\n${problems.join('\n')}`);
}

/** A seed case as written in seeds/<slug>.yaml, for expectations that follow the data. */
export function readSeedCase(slug: string): CaseProfileDoc {
  return parse(readFileSync(fromRoot('seeds', `${slug}.yaml`), 'utf8')) as CaseProfileDoc;
}

/** Every seed case, in file order. */
export async function readSeedCases(): Promise<CaseProfileDoc[]> {
  const files = (await documentFiles(fromRoot('seeds'))).filter((f) => !f.endsWith('study.yaml'));
  return files.map((f) => parse(readFileSync(f, 'utf8')) as CaseProfileDoc);
}

/**
 * The slugs of every seed case, in file order with the baseline last, as a reader adds cases to
 * compare with it; read at once, for lists a test file names at its top.
 */
export function seedSlugs(): string[] {
  const docs = readdirSync(fromRoot('seeds'))
    .filter((f) => f.endsWith('.yaml') && f !== 'study.yaml')
    .sort()
    .map((f) => parse(readFileSync(fromRoot('seeds', f), 'utf8')) as CaseProfileDoc);
  return [...docs.filter((d) => !d.baseline), ...docs.filter((d) => d.baseline)].map((d) => d.slug);
}
