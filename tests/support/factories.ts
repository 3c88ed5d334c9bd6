import type { DataSource } from 'typeorm';
import { CaseKind, CaseStudy } from '../../server/src/modules/case-study/case-study.entity.js';

/** Inserts case studies with sensible defaults; returns them as stored. */
export async function insertCaseStudies(dataSource: DataSource, cases: Partial<CaseStudy>[]): Promise<CaseStudy[]> {
  const repo = dataSource.getRepository(CaseStudy);
  return repo.save(
    cases.map((c, i) =>
      repo.create({ slug: `case-${i}`, name: `Case ${i}`, kind: CaseKind.COUNTRY, summary: '', ...c }),
    ),
  );
}
