import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { RequestGuard } from '../common/request-guard.js';
import { AppUser } from './account/account.entity.js';
import { CaseEdition } from './case-study/case-edition.entity.js';
import { CaseStudy } from './case-study/case-study.entity.js';
import { ServiceConnection } from './connection/connection.entity.js';
import { CaseDraft } from './draft/draft.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from './governance/governance.entity.js';
import { ReformLesson } from './lesson/lesson.entity.js';
import { Citation, Source } from './source/source.entity.js';
import { TimelineEvent } from './timeline/timeline.entity.js';
import { LessonTheme, ServiceArea } from './vocabulary/vocabulary.entity.js';

type Order = [string, 'ASC' | 'DESC'][];

/** Asked first by every batch: throws once the request has been stopped or is past its deadline. */
type BeforeBatch = () => void;

/** A page of the claims citing one source: the source and the window asked for. */
export interface CitingPage {
  sourceId: string;
  offset: number;
  limit: number;
}

/** A page of the citations of one source by current claims, and how many there are in all. */
export interface CitingRows {
  citations: Citation[];
  total: number;
}

/** One query for many parents: rows whose `column` is among the keys, grouped per key. */
function groupLoader<T extends ObjectLiteral>(
  ds: DataSource,
  before: BeforeBatch,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: Order = [['position', 'ASC']],
) {
  return new DataLoader<string, T[]>(async (keys) => {
    before();
    const query = ds
      .getRepository(entity)
      .createQueryBuilder('x')
      .where(`x.${column} IN (:...keys)`, { keys: [...keys] });
    for (const [field, direction] of order) query.addOrderBy(`x.${field}`, direction);
    const rows = await query.getMany();
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[column] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** One query for many ids: the row with each id, or null. */
function byIdLoader<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  before: BeforeBatch,
  entity: EntityTarget<T>,
) {
  return new DataLoader<string, T | null>(async (ids) => {
    before();
    const rows = await ds
      .getRepository(entity)
      .createQueryBuilder('x')
      .where('x.id IN (:...ids)', { ids: [...ids] })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Everything of one edition, loaded at once and indexed for the nested resolvers. */
export interface EditionBundle {
  periods: StructurePeriod[];
  periodById: Map<string, StructurePeriod>;
  levelsByPeriod: Map<string, GovernanceLevel[]>;
  levelById: Map<string, GovernanceLevel>;
  bodiesByLevel: Map<string, Body[]>;
  bodyById: Map<string, Body>;
  responsibilitiesByBody: Map<string, Responsibility[]>;
  responsibilitiesByPeriod: Map<string, Responsibility[]>;
  responsibilityById: Map<string, Responsibility>;
  connectionsByPeriod: Map<string, ServiceConnection[]>;
  connectionById: Map<string, ServiceConnection>;
  events: TimelineEvent[];
  lessons: ReformLesson[];
  citationsByClaim: Map<string, Citation[]>;
  sources: Source[];
  areaById: Map<string, ServiceArea>;
  themeById: Map<string, LessonTheme>;
}

function group<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Loads whole editions: a fixed set of queries (one per table) however many editions are asked
 * for in a wave. Every part of a profile resolves from it, so the statements a query runs do not
 * depend on which nested field happens to resolve first.
 */
function editionBundleLoader(ds: DataSource, before: BeforeBatch) {
  return new DataLoader<string, EditionBundle>(async (ids) => {
    before();
    const editionIds = [...ids];
    const where = (alias: string) => `${alias}.edition_id IN (:...editionIds)`;
    const byPosition = <T extends ObjectLiteral>(entity: EntityTarget<T>) =>
      ds
        .getRepository(entity)
        .createQueryBuilder('x')
        .where(where('x'), { editionIds })
        .orderBy('x.position', 'ASC')
        .addOrderBy('x.id', 'ASC')
        .getMany();
    const [periods, levels, bodies, responsibilities, connections, events, lessons, citations, sources, areas, themes] =
      await Promise.all([
        byPosition(StructurePeriod),
        byPosition(GovernanceLevel),
        byPosition(Body),
        byPosition(Responsibility),
        byPosition(ServiceConnection),
        ds
          .getRepository(TimelineEvent)
          .createQueryBuilder('x')
          .where(where('x'), { editionIds })
          .orderBy('x.date_start')
          .addOrderBy('x.date_rank')
          .addOrderBy('x.position')
          .getMany(),
        byPosition(ReformLesson),
        byPosition(Citation),
        ds
          .getRepository(Source)
          .createQueryBuilder('s')
          .innerJoin(Citation, 'ci', 'ci.source_id = s.id')
          .addSelect('ci.edition_id', 'edition_id')
          .where('ci.edition_id IN (:...editionIds)', { editionIds })
          .distinct(true)
          .orderBy('s.title')
          .getRawAndEntities(),
        ds.getRepository(ServiceArea).find({ order: { position: 'ASC' } }),
        ds.getRepository(LessonTheme).find({ order: { position: 'ASC' } }),
      ]);
    const areaById = new Map(areas.map((a) => [a.id, a]));
    const themeById = new Map(themes.map((t) => [t.id, t]));
    const sourceById = new Map(sources.entities.map((x) => [x.id, x]));
    const sourcesOf = group(
      (sources.raw as { s_id: string; edition_id: string }[]).map((r) => ({ id: r.s_id, editionId: r.edition_id })),
      (r) => r.editionId,
    );
    const parts = {
      periods: group(periods, (x) => x.editionId),
      levels: group(levels, (x) => x.editionId),
      bodies: group(bodies, (x) => x.editionId),
      responsibilities: group(responsibilities, (x) => x.editionId),
      connections: group(connections, (x) => x.editionId),
      events: group(events, (x) => x.editionId),
      lessons: group(lessons, (x) => x.editionId),
      citations: group(citations, (x) => x.editionId ?? ''),
    };
    return editionIds.map((id): EditionBundle => {
      const editionLevels = parts.levels.get(id) ?? [];
      const editionBodies = parts.bodies.get(id) ?? [];
      const editionResponsibilities = parts.responsibilities.get(id) ?? [];
      const editionPeriods = parts.periods.get(id) ?? [];
      const editionConnections = parts.connections.get(id) ?? [];
      const seen = new Set<string>();
      const editionSources = (sourcesOf.get(id) ?? []).flatMap((r) =>
        seen.has(r.id) ? [] : (seen.add(r.id), [sourceById.get(r.id)!]),
      );
      return {
        periods: editionPeriods,
        periodById: new Map(editionPeriods.map((x) => [x.id, x])),
        levelsByPeriod: group(editionLevels, (x) => x.periodId),
        levelById: new Map(editionLevels.map((x) => [x.id, x])),
        bodiesByLevel: group(editionBodies, (x) => x.levelId),
        bodyById: new Map(editionBodies.map((x) => [x.id, x])),
        responsibilitiesByBody: group(editionResponsibilities, (x) => x.bodyId),
        responsibilitiesByPeriod: group(editionResponsibilities, (x) => x.periodId),
        responsibilityById: new Map(editionResponsibilities.map((x) => [x.id, x])),
        connectionsByPeriod: group(editionConnections, (x) => x.periodId),
        connectionById: new Map(editionConnections.map((x) => [x.id, x])),
        events: parts.events.get(id) ?? [],
        lessons: parts.lessons.get(id) ?? [],
        citationsByClaim: group(parts.citations.get(id) ?? [], (x) => x.claimId),
        sources: editionSources.sort((a, b) => a.title.localeCompare(b.title)),
        areaById,
        themeById,
      };
    });
  });
}

/**
 * One window of the citations of each of `pages`' sources (all asking the same window) by claims
 * of current published editions and of the study record, ordered by case name (the study record
 * first), claim type and key, with each source's total: a window function numbers them, so the
 * database reads only the page. A window past the end asks for the totals on their own.
 */
async function citingPages(ds: DataSource, pages: CitingPage[]): Promise<Map<string, CitingRows>> {
  const { offset, limit } = pages[0]!;
  const sourceIds = pages.map((p) => p.sourceId);
  const current = (query: SelectQueryBuilder<Citation>) =>
    query
      .leftJoin(CaseStudy, 'c', 'c.current_edition_id = ci.edition_id')
      .where('ci.source_id IN (:...sourceIds)', { sourceIds })
      .andWhere('(ci.edition_id IS NULL OR c.id IS NOT NULL)');
  const ranked = current(ds.getRepository(Citation).createQueryBuilder('ci'))
    .select('ci.id', 'id')
    .addSelect(
      'ROW_NUMBER() OVER (PARTITION BY ci.source_id ORDER BY c.name ASC NULLS FIRST, ci.claim_type ASC, ci.claim_key ASC, ci.id ASC) - 1',
      'position',
    )
    .addSelect('COUNT(*) OVER (PARTITION BY ci.source_id)', 'total');
  const { entities, raw } = await ds
    .getRepository(Citation)
    .createQueryBuilder('x')
    .innerJoin(`(${ranked.getQuery()})`, 'r', 'r.id = x.id')
    .setParameters(ranked.getParameters())
    .addSelect('r.total', 'total')
    .where('r.position >= :offset AND r.position < :end', { offset, end: offset + limit })
    .orderBy('x.source_id')
    .addOrderBy('r.position')
    .getRawAndEntities<{ x_id: string; total: string }>();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const out = new Map<string, CitingRows>(sourceIds.map((id) => [id, { citations: [], total: 0 }]));
  for (const row of raw) {
    const citation = byId.get(row.x_id)!;
    const page = out.get(citation.sourceId)!;
    page.citations.push(citation);
    page.total = Number(row.total);
  }
  const uncounted = sourceIds.filter((id) => out.get(id)!.citations.length === 0);
  if (uncounted.length && (offset > 0 || limit === 0)) {
    const counts = await current(ds.getRepository(Citation).createQueryBuilder('ci'))
      .andWhere('ci.source_id IN (:...uncounted)', { uncounted })
      .select('ci.source_id', 'sourceId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('ci.source_id')
      .getRawMany<{ sourceId: string; n: string }>();
    for (const c of counts) out.get(c.sourceId)!.total = Number(c.n);
  }
  return out;
}

/**
 * Per-request loaders: every nested field resolves through one of these, so a query costs a
 * fixed number of SQL statements however many cases and parts it touches. Each batch first asks
 * the request's guard, if any, so a request stopped (past its deadline) starts no more queries.
 */
export function createLoaders(ds: DataSource, guard?: RequestGuard) {
  const before: BeforeBatch = () => guard?.check();
  return {
    editionBundle: editionBundleLoader(ds, before),
    caseById: byIdLoader(ds, before, CaseStudy),
    editionById: byIdLoader(ds, before, CaseEdition),
    editionsByCase: groupLoader(ds, before, CaseEdition, 'caseId', [['edition', 'DESC']]),
    draftsByCase: groupLoader(ds, before, CaseDraft, 'caseId', []),
    citationsByClaim: groupLoader(ds, before, Citation, 'claimId'),
    sourceById: byIdLoader(ds, before, Source),
    /** Accounts, for who made each API token. */
    userById: byIdLoader(ds, before, AppUser),
    /** Pages of the citations of sources by claims of published editions and of the study record. */
    citingBySource: new DataLoader<CitingPage, CitingRows, string>(
      async (pages) => {
        before();
        const found = new Map<string, CitingRows>();
        // One statement for each window asked for in a wave (every source of a list asks the same).
        for (const asked of group([...pages], (p) => `${p.offset}:${p.limit}`).values())
          for (const [sourceId, rows] of await citingPages(ds, asked))
            found.set(`${asked[0]!.offset}:${asked[0]!.limit}:${sourceId}`, rows);
        return pages.map((p) => found.get(`${p.offset}:${p.limit}:${p.sourceId}`)!);
      },
      { cacheKeyFn: (p) => `${p.offset}:${p.limit}:${p.sourceId}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
