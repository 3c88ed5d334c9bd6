import type { DataSource } from 'typeorm';
import { NodeEntity, fromGlobalId } from '../../common/node.js';
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

  /** The object a global ID names; null for an ID that names no type or no row. */
  async find(id: string): Promise<NodeEntity | null> {
    const decoded = fromGlobalId(id);
    const type = decoded && NODE_TYPES[decoded.type];
    if (!decoded || !type) return null;
    return (await this.dataSource.getRepository(type).findOneBy({ id: decoded.id })) as NodeEntity | null;
  }
}
