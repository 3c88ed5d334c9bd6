import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { CaseStudy } from '../modules/case-study/case-study.entity.js';
import { CaseEdition } from '../modules/case-study/case-edition.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../modules/governance/governance.entity.js';
import { ServiceConnection } from '../modules/connection/connection.entity.js';
import { TimelineEvent } from '../modules/timeline/timeline.entity.js';
import { ReformLesson } from '../modules/lesson/lesson.entity.js';
import { Citation, Source } from '../modules/source/source.entity.js';
import { LessonTheme, ServiceArea } from '../modules/vocabulary/vocabulary.entity.js';

type Order = [string, 'ASC' | 'DESC'][];

/** One query for many parents: rows whose `column` is among the keys, grouped per key. */
function groupLoader<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, column: keyof T & string, order: Order = [['position', 'ASC']]) {
  return new DataLoader<string, T[]>(async (keys) => {
    const query = ds.getRepository(entity).createQueryBuilder('x').where(`x.${column} IN (:...keys)`, { keys: [...keys] });
    for (const [field, direction] of order) query.addOrderBy(`x.${field}`, direction);
    const rows = await query.getMany();
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[column] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** One query for many ids: the row with each id, or null. */
function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await ds.getRepository(entity).createQueryBuilder('x').where('x.id IN (:...ids)', { ids: [...ids] }).getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Per-request loaders: every nested field resolves through one of these, so a query costs a
 * fixed number of SQL statements however many cases and parts it touches.
 */
export function createLoaders(ds: DataSource) {
  return {
    caseById: byIdLoader(ds, CaseStudy),
    editionById: byIdLoader(ds, CaseEdition),
    editionsByCase: groupLoader(ds, CaseEdition, 'caseId', [['edition', 'DESC']]),
    periodsByEdition: groupLoader(ds, StructurePeriod, 'editionId'),
    levelsByPeriod: groupLoader(ds, GovernanceLevel, 'periodId'),
    bodiesByLevel: groupLoader(ds, Body, 'levelId'),
    bodyById: byIdLoader(ds, Body),
    levelById: byIdLoader(ds, GovernanceLevel),
    responsibilitiesByBody: groupLoader(ds, Responsibility, 'bodyId'),
    responsibilitiesByPeriod: groupLoader(ds, Responsibility, 'periodId'),
    connectionsByPeriod: groupLoader(ds, ServiceConnection, 'periodId'),
    eventsByEdition: groupLoader(ds, TimelineEvent, 'editionId', [
      ['dateStart', 'ASC'],
      ['dateRank', 'ASC'],
      ['position', 'ASC'],
    ]),
    lessonsByEdition: groupLoader(ds, ReformLesson, 'editionId'),
    citationsByClaim: groupLoader(ds, Citation, 'claimId'),
    citationsByEdition: groupLoader(ds, Citation, 'editionId'),
    sourceById: byIdLoader(ds, Source),
    serviceAreaById: byIdLoader(ds, ServiceArea),
    themeById: byIdLoader(ds, LessonTheme),
    /** Citations of a source by claims of published editions and of the study record. */
    citingBySource: new DataLoader<string, Citation[]>(async (sourceIds) => {
      const rows = await ds
        .getRepository(Citation)
        .createQueryBuilder('ci')
        .leftJoin(CaseStudy, 'c', 'c.current_edition_id = ci.edition_id')
        .where('ci.source_id IN (:...sourceIds)', { sourceIds: [...sourceIds] })
        .andWhere('(ci.edition_id IS NULL OR c.id IS NOT NULL)')
        .orderBy('c.name', 'ASC', 'NULLS FIRST')
        .addOrderBy('ci.claim_type', 'ASC')
        .addOrderBy('ci.claim_key', 'ASC')
        .getMany();
      const groups = new Map<string, Citation[]>(sourceIds.map((k) => [k, []]));
      for (const row of rows) groups.get(row.sourceId)?.push(row);
      return sourceIds.map((k) => groups.get(k) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
