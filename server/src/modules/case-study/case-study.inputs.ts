import { IsOptional, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { limits } from '@casebook/schema';
import { PageArgs } from '../pagination.js';
import { EvidenceStrength } from '../vocabulary/vocabulary.enums.js';
import { CaseKind } from './case-study.entity.js';

/** Filters and paging for the `caseStudies` list. */
@ArgsType()
export class CaseStudiesArgs extends PageArgs {
  @Field(() => CaseKind, { nullable: true, description: 'Only cases of this kind.' })
  @IsOptional()
  kind?: CaseKind;

  @Field(() => String, {
    nullable: true,
    description:
      'Only cases where a body holds a responsibility in this service area (delivers, funds, commissions, sets policy for, regulates, inspects or answers for it); a key from `serviceAreas`.',
  })
  @IsOptional()
  @MaxLength(limits.slug.max)
  serviceArea?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Broader than `serviceArea`: also cases where a service connection links this service area with another, even if no body there holds it; a key from `serviceAreas`. Not together with `serviceArea`.',
  })
  @IsOptional()
  @MaxLength(limits.slug.max)
  connectedToServiceArea?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only cases with a lesson under this theme (a key from `lessonThemes`).',
  })
  @IsOptional()
  @MaxLength(limits.slug.max)
  theme?: string;

  @Field(() => EvidenceStrength, { nullable: true, description: 'Only cases with a lesson of this evidence strength.' })
  @IsOptional()
  evidenceStrength?: keyof typeof EvidenceStrength;

  @Field(() => String, {
    nullable: true,
    description:
      'Search, ignoring accents and case ("hapu" finds "hapū"). Cases containing the text as a phrase come first, then cases containing all its words, then cases whose words are spelt nearly like every searched word ("Finlnad" finds Finland); within each, a match in the name ranks above one in the summary, which ranks above one only in lessons and bodies.',
  })
  @IsOptional()
  @MaxLength(limits.searchText.max)
  search?: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Only cases published at or after this time (for tools that sync).',
  })
  @IsOptional()
  updatedSince?: Date;
}

/** Selects one case study, optionally an older published edition. */
@ArgsType()
export class CaseStudyArgs {
  @Field(() => String, { description: "The case study's slug, e.g. `finland`." })
  @MaxLength(limits.slug.max)
  slug: string;

  @Field(() => Int, { nullable: true, description: 'A published edition number; defaults to the latest.' })
  @IsOptional()
  @Min(1)
  edition?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Show the draft exactly as readers will see it once published (signed-in users and tokens only).',
  })
  @IsOptional()
  draft?: boolean;
}
