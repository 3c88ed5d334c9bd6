import type { DataSource } from 'typeorm';
import { CasePartEntity, NodeEntity, fromGlobalId } from '../../common/node.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { Citation, Source } from '../source/source.entity.js';
import { StudyFinding, StudyReport, StudyStrand } from '../study/study.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';

/** Every type `node(id)` can return, by its GraphQL name. */
const NODE_TYPES = Object.fromEntries(
  [
    CaseStudy,
    StructurePeriod,
    GovernanceLevel,
    Body,
    Responsibility,
    ServiceConnection,
    TimelineEvent,
    ReformLesson,
    Source,
    StudyStrand,
    StudyReport,
    StudyFinding,
  ].map((t) => [t.name, t]),
);

/** An object found by its global ID, and whether anyone may read it. */
export interface FoundNode {
  node: NodeEntity;
  /**
   * False for what only a draft holds: a case never published, a part of a draft's read model,
   * or a source that no published edition or study record cites. Those are for readers of drafts.
   */
  published: boolean;
}

/** Finds objects by their global IDs. */
export class NodeService {
  constructor(private readonly dataSource: DataSource) {}

  /** The object a global ID names, and whether it is published; null for an ID that names no type or no row. */
  async find(id: string): Promise<FoundNode | null> {
    const decoded = fromGlobalId(id);
    const type = decoded && NODE_TYPES[decoded.type];
    if (!decoded || !type) return null;
    const node = (await this.dataSource.getRepository(type).findOneBy({ id: decoded.id })) as NodeEntity | null;
    return node ? { node, published: await this.isPublished(node) } : null;
  }

  private async isPublished(node: NodeEntity): Promise<boolean> {
    if (node instanceof CaseStudy) return node.editionId !== null;
    if (node instanceof CasePartEntity || node instanceof StructurePeriod)
      return this.dataSource.getRepository(CaseEdition).existsBy({ id: node.editionId, isDraft: false });
    if (node instanceof Source)
      // Cited by the study record (no edition) or by any published edition, current or older.
      return this.dataSource
        .getRepository(Citation)
        .createQueryBuilder('ci')
        .leftJoin(CaseEdition, 'e', 'e.id = ci.edition_id')
        .where('ci.source_id = :id', { id: node.id })
        .andWhere('(ci.edition_id IS NULL OR e.is_draft = false)')
        .getExists();
    // The study record is published as a whole.
    return true;
  }
}
