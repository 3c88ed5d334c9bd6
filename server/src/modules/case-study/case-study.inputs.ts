import { ArgsType, Field } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/pagination.js';
import { limits } from '../../common/limits.js';
import { CaseKind } from './case-study.entity.js';

/** Filters and paging for the `caseStudies` list. */
@ArgsType()
export class CaseStudiesArgs extends PageArgs {
  @Field(() => CaseKind, { nullable: true, description: 'Only cases of this kind.' })
  @IsOptional()
  kind?: CaseKind;

  @Field(() => String, { nullable: true, description: 'Only cases whose name or summary contains these words.' })
  @IsOptional()
  @MaxLength(limits.searchText.max)
  search?: string;
}

/** Selects one case study. */
@ArgsType()
export class CaseStudyArgs {
  @Field(() => String, { description: 'The case study\'s slug, e.g. `finland`.' })
  @MaxLength(limits.slug.max)
  slug: string;
}
