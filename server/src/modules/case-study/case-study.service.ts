import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AppError, ErrorCode } from '../../common/errors.js';
import { searchWords } from '../../common/search.js';
import { pageAndTotal, pageWindow, toConnection, type ConnectionShape } from '../pagination.js';
import { LessonTheme, ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { CaseEdition } from './case-edition.entity.js';
import { CaseStudy } from './case-study.entity.js';
import type { CaseStudiesArgs } from './case-study.inputs.js';

/** Looks up a vocabulary key or refuses the filter, naming the field. */
export async function vocabularyId(
  ds: DataSource,
  entity: typeof ServiceArea | typeof LessonTheme,
  key: string,
  field: string,
): Promise<string> {
  const row = await ds.getRepository(entity).findOneBy({ key });
  if (!row)
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `There is no ${entity === ServiceArea ? 'service area' : 'lesson theme'} "${key}".`,
      field,
    );
  return row.id;
}

/** Reads published case studies. */
export class CaseStudyService {
  constructor(private readonly dataSource: DataSource) {}

  /** A case by slug: the latest published edition, or the given one; null when absent. */
  async findBySlug(slug: string, edition?: number | null): Promise<CaseStudy | null> {
    const found = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    if (!found || found.editionId === null) return null;
    if (edition === undefined || edition === null || edition === found.edition) return found;
    const older = await this.dataSource
      .getRepository(CaseEdition)
      .findOneBy({ caseId: found.id, edition, isDraft: false });
    if (!older) return null;
    // The same case, showing the older edition's headline and parts.
    return Object.assign(Object.create(CaseStudy.prototype) as CaseStudy, found, {
      name: older.name,
      kind: older.kind,
      jurisdiction: older.jurisdiction,
      summary: older.summary,
      baseline: older.baseline,
      note: older.note,
      edition: older.edition,
      publishedAt: older.publishedAt,
      editionId: older.id,
    });
  }

  private async filtered(args: CaseStudiesArgs): Promise<SelectQueryBuilder<CaseStudy>> {
    const query = this.dataSource
      .getRepository(CaseStudy)
      .createQueryBuilder('c')
      .where('c.current_edition_id IS NOT NULL');
    if (args.kind) query.andWhere('c.kind = :kind', { kind: args.kind });
    if (args.updatedSince) query.andWhere('c.published_at >= :since', { since: args.updatedSince });
    if (args.serviceArea) {
      const areaId = await vocabularyId(this.dataSource, ServiceArea, args.serviceArea, 'serviceArea');
      query.andWhere(
        `(EXISTS (SELECT 1 FROM responsibility r WHERE r.edition_id = c.current_edition_id AND r.service_area_id = :areaId)
          OR EXISTS (SELECT 1 FROM service_connection sc WHERE sc.edition_id = c.current_edition_id AND :areaId IN (sc.area_a_id, sc.area_b_id)))`,
        { areaId },
      );
    }
    if (args.theme) {
      const themeId = await vocabularyId(this.dataSource, LessonTheme, args.theme, 'theme');
      query.andWhere(
        'EXISTS (SELECT 1 FROM reform_lesson l WHERE l.edition_id = c.current_edition_id AND l.theme_id = :themeId)',
        { themeId },
      );
    }
    if (args.evidenceStrength) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM reform_lesson l2 WHERE l2.edition_id = c.current_edition_id AND l2.evidence_strength = :strength)',
        { strength: args.evidenceStrength },
      );
    }
    return query;
  }

  /** A page of published cases: by search rank when searching, otherwise by name (a leading "The" aside). */
  async list(args: CaseStudiesArgs): Promise<ConnectionShape<CaseStudy>> {
    const window = pageWindow(args);
    const query = await this.filtered(args);
    const words = searchWords(args.search);
    if (words) {
      query
        .andWhere(`c.search_vector @@ websearch_to_tsquery('english', :words)`, { words })
        .addSelect(`ts_rank(c.search_vector, websearch_to_tsquery('english', :words))`, 'rank')
        .orderBy('rank', 'DESC');
    }
    // Names are sorted as readers look for them: "The Netherlands" under N.
    query
      .addSelect(`regexp_replace(c.name, '^the\\s+', '', 'i')`, 'sort_name')
      .addOrderBy('sort_name', 'ASC')
      .addOrderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC');
    const [items, total] = await pageAndTotal(query, window);
    return toConnection(items, total, window);
  }
}
