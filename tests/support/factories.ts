import type { DataSource } from 'typeorm';
import type { CaseProfileDoc } from '@casebook/schema';
import { CaseKind, CaseStudy } from '../../server/src/modules/case-study/case-study.entity.js';
import { publishProfile } from './profiles.js';

/** A minimal valid profile: the headline and one current period with no levels. */
export function minimalProfile(
  c: Partial<Pick<CaseProfileDoc, 'slug' | 'name' | 'kind' | 'summary' | 'jurisdiction' | 'baseline'>>,
  i = 0,
): CaseProfileDoc {
  return {
    format: 'casebook/case-profile@1',
    slug: c.slug ?? `case-${i}`,
    name: c.name ?? `Case ${i}`,
    kind: c.kind ?? CaseKind.COUNTRY,
    jurisdiction: c.jurisdiction ?? c.name ?? `Case ${i}`,
    baseline: c.baseline ?? false,
    summary: c.summary ?? '',
    periods: [{ key: 'current', label: 'Current arrangements' }],
    sources: [],
  };
}

/** Publishes minimal profiles for the given headlines; returns the cases as stored. */
export async function insertCaseStudies(
  dataSource: DataSource,
  cases: Partial<Pick<CaseStudy, 'slug' | 'name' | 'kind' | 'summary'>>[],
): Promise<CaseStudy[]> {
  const stored: CaseStudy[] = [];
  for (const [i, c] of cases.entries()) {
    const { caseId } = await publishProfile(dataSource, minimalProfile(c, i));
    stored.push(await dataSource.getRepository(CaseStudy).findOneByOrFail({ id: caseId }));
  }
  return stored;
}
