import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { limits } from '@casebook/schema';
import { searchSql, searchTerms } from '../../common/search.js';
import { vocabularyId } from '../case-study/case-study.service.js';
import {
  ConnectionType,
  PageArgs,
  pageAndTotal,
  pageWindow,
  toConnection,
  type ConnectionShape,
} from '../pagination.js';
import { LessonTheme } from '../vocabulary/vocabulary.entity.js';
import { EvidenceStrength } from '../vocabulary/vocabulary.enums.js';
import { ReformLesson } from './lesson.entity.js';

/** Filters and paging for the `lessons` list. */
@ArgsType()
export class LessonsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only lessons under this theme (a key from `lessonThemes`).' })
  @IsOptional()
  @MaxLength(limits.slug.max)
  theme?: string;

  @Field(() => EvidenceStrength, { nullable: true, description: 'Only lessons of this evidence strength.' })
  @IsOptional()
  evidenceStrength?: keyof typeof EvidenceStrength;

  @Field(() => String, { nullable: true, description: 'Only lessons of this case (its slug).' })
  @IsOptional()
  @MaxLength(limits.slug.max)
  caseStudy?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Search in titles (ranked first) and details, as `caseStudies(search:)` searches: accents and capitals aside, a "quoted phrase" as typed, `-word` to leave out, and words spelt nearly alike after the exact ones.',
  })
  @IsOptional()
  @MaxLength(limits.searchText.max)
  search?: string;

  @Field(() => Date, { nullable: true, description: 'Only lessons of cases published at or after this time.' })
  @IsOptional()
  updatedSince?: Date;
}

@ObjectType({ description: 'A page of reform lessons.' })
export class ReformLessonConnection extends ConnectionType(ReformLesson, 'ReformLesson') {}

/** Reads the lessons of published editions. */
export class LessonService {
  constructor(private readonly dataSource: DataSource) {}

  /** Lessons across the latest published editions, by case name then document order (or by how well they match when searching). */
  async list(args: LessonsArgs): Promise<ConnectionShape<ReformLesson>> {
    const window = pageWindow(args);
    const query = this.dataSource
      .getRepository(ReformLesson)
      .createQueryBuilder('l')
      .innerJoin('case_study', 'c', 'c.current_edition_id = l.edition_id');
    if (args.theme)
      query.andWhere('l.theme_id = :themeId', {
        themeId: await vocabularyId(this.dataSource, LessonTheme, args.theme, 'theme'),
      });
    if (args.evidenceStrength) query.andWhere('l.evidence_strength = :strength', { strength: args.evidenceStrength });
    if (args.caseStudy) query.andWhere('c.slug = :slug', { slug: args.caseStudy });
    if (args.updatedSince) query.andWhere('c.published_at >= :since', { since: args.updatedSince });
    const terms = searchTerms(args.search);
    if (terms) {
      // The phrase as typed first, then every word (by weight: title > detail), then lessons
      // whose words are spelt nearly like every searched word.
      const sql = searchSql(terms, {
        vector: 'l.search_vector',
        text: 'l.search_text',
        words: { table: 'lesson_search_word', key: 'lesson_id', id: 'l.id' },
      });
      query
        .andWhere(`(${sql.phrase} OR ${sql.words} OR ${sql.fuzzy})`, sql.params)
        .addSelect(sql.tier, 'match_tier')
        .addSelect(sql.rank, 'rank')
        .orderBy('match_tier', 'DESC')
        .addOrderBy('rank', 'DESC');
    }
    query.addOrderBy('c.name', 'ASC').addOrderBy('l.position', 'ASC');
    const [items, total] = await pageAndTotal(query, window);
    return toConnection(items, total, window);
  }
}
