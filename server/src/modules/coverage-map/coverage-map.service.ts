import type { DataSource } from 'typeorm';
import { caseWork, type CaseProfileDoc } from '@casebook/schema';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { CaseDraft } from '../draft/draft.entity.js';
import type { CaseWorkRow } from './coverage-map.types.js';
import type { CoverageSectionName } from './coverage-section.js';

/** What in the casebook needs work, case by case, for its editors and reviewers. */
export class CoverageMapService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every case in name order, read from its draft when it has one (what an editor changes next),
   * else from the edition readers see; `today` is the ISO day review dates are measured against.
   */
  async rows(today: string): Promise<CaseWorkRow[]> {
    const cases = await this.dataSource.getRepository(CaseStudy).find({ order: { name: 'ASC', slug: 'ASC' } });
    const drafts = new Map(
      (await this.dataSource.getRepository(CaseDraft).find()).map((d) => [d.caseId, d.document as CaseProfileDoc]),
    );
    const editionIds = cases.filter((c) => !drafts.has(c.id) && c.editionId).map((c) => c.editionId!);
    const editions = new Map(
      editionIds.length
        ? (
            await this.dataSource
              .getRepository(CaseEdition)
              .createQueryBuilder('e')
              .where('e.id IN (:...ids)', { ids: editionIds })
              .getMany()
          ).map((e) => [e.id, e.document as CaseProfileDoc])
        : [],
    );
    return cases.flatMap((c) => {
      const draft = drafts.get(c.id);
      const doc = draft ?? (c.editionId ? editions.get(c.editionId) : undefined);
      if (!doc) return [];
      const work = caseWork(doc, today);
      return [
        {
          slug: c.slug,
          name: doc.name,
          fromDraft: draft !== undefined,
          published: c.editionId !== null,
          ...work,
          sections: work.sections.map((s) => ({ ...s, section: s.section as CoverageSectionName })),
        },
      ];
    });
  }
}
