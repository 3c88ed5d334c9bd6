import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { limits } from '@casebook/schema';
import { searchWords } from '../../common/search.js';
import {
  ConnectionType,
  PageArgs,
  pageAndTotal,
  pageWindow,
  toConnection,
  type ConnectionShape,
} from '../pagination.js';
import { Standing } from '../vocabulary/vocabulary.enums.js';
import { Source } from './source.entity.js';

/** Filters and paging for the `sources` list. */
@ArgsType()
export class SourcesArgs extends PageArgs {
  @Field(() => Standing, { nullable: true, description: 'Only sources of this standing.' })
  @IsOptional()
  standing?: keyof typeof Standing;

  @Field(() => String, { nullable: true, description: 'Only sources cited by this case (its slug).' })
  @IsOptional()
  @MaxLength(limits.slug.max)
  caseStudy?: string;

  @Field(() => String, { nullable: true, description: 'Full-text search in titles and publishers.' })
  @IsOptional()
  @MaxLength(limits.searchText.max)
  search?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Only the source at exactly this address (spaces around it ignored): whether a URL is already in the bibliography.',
  })
  @IsOptional()
  @MaxLength(limits.url.max)
  url?: string;

  @Field(() => Date, { nullable: true, description: 'Only sources whose record changed at or after this time.' })
  @IsOptional()
  updatedSince?: Date;
}

@ObjectType({ description: 'A page of sources.' })
export class SourceConnection extends ConnectionType(Source, 'Source') {}

/** Reads the bibliography: sources cited by published cases or by the study record. */
export class SourceService {
  constructor(private readonly dataSource: DataSource) {}

  async list(args: SourcesArgs): Promise<ConnectionShape<Source>> {
    const window = pageWindow(args);
    const query = this.dataSource
      .getRepository(Source)
      .createQueryBuilder('s')
      .where(
        `EXISTS (SELECT 1 FROM citation ci LEFT JOIN case_study c ON c.current_edition_id = ci.edition_id
                 WHERE ci.source_id = s.id AND (ci.edition_id IS NULL OR c.id IS NOT NULL) ${args.caseStudy ? 'AND c.slug = :slug' : ''})`,
        { slug: args.caseStudy },
      );
    if (args.standing) query.andWhere('s.standing = :standing', { standing: args.standing });
    if (args.url !== undefined && args.url !== null) query.andWhere('s.url = :url', { url: args.url.trim() });
    if (args.updatedSince) query.andWhere('s.updated_at >= :since', { since: args.updatedSince });
    const words = searchWords(args.search);
    if (words) {
      query
        .andWhere(`s.search_vector @@ websearch_to_tsquery('english', :words)`, { words })
        .addSelect(`ts_rank(s.search_vector, websearch_to_tsquery('english', :words))`, 'rank')
        .orderBy('rank', 'DESC');
    }
    query.addOrderBy('s.title', 'ASC').addOrderBy('s.id', 'ASC');
    const [items, total] = await pageAndTotal(query, window);
    return toConnection(items, total, window);
  }
}
