import type { DataSource } from 'typeorm';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { CaseDraft } from './draft.entity.js';

/** Drafts shown to those who may read them, through the same types as published editions. */
export class DraftPreviewService {
  constructor(private readonly dataSource: DataSource) {}

  /** A case's draft shown through the same types as a published edition; null without a draft. */
  async caseStudy(slug: string): Promise<CaseStudy | null> {
    const found = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    const draft = found ? await this.dataSource.getRepository(CaseDraft).findOneBy({ caseId: found.id }) : null;
    if (!found || !draft?.editionId) return null;
    const d = draft.document;
    return Object.assign(Object.create(CaseStudy.prototype) as CaseStudy, found, {
      name: d.name,
      kind: d.kind,
      jurisdiction: d.jurisdiction,
      summary: d.summary,
      baseline: d.baseline,
      note: d.note ?? null,
      editionId: draft.editionId,
      showsDraft: true,
    });
  }
}
