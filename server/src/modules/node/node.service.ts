import type { DataSource } from 'typeorm';
import { NodeEntity, fromGlobalId, type CasePartEntity } from '../../common/node.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { Source } from '../source/source.entity.js';
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

/** Finds objects by their global IDs. */
export class NodeService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The object a global ID names; null for an ID that names no type or no row. Without
   * `drafts`, also null for a part of a draft (its read model is an edition marked draft) and
   * for a case never published: what a reader of published content may not see.
   */
  async find(id: string, drafts: boolean): Promise<NodeEntity | null> {
    const decoded = fromGlobalId(id);
    const type = decoded && NODE_TYPES[decoded.type];
    if (!decoded || !type) return null;
    const found = (await this.dataSource.getRepository(type).findOneBy({ id: decoded.id })) as NodeEntity | null;
    if (!found || drafts) return found;
    if (found instanceof CaseStudy) return found.editionId === null ? null : found;
    // Parts of a case (periods and what hangs under them) belong to one edition each.
    const editionId = (found as Partial<Pick<CasePartEntity, 'editionId'>>).editionId;
    if (typeof editionId !== 'string') return found;
    const edition = await this.dataSource.getRepository(CaseEdition).findOneBy({ id: editionId });
    return edition && !edition.isDraft ? found : null;
  }
}
