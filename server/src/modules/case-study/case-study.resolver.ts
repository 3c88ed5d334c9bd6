import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { CaseStudy } from './case-study.entity.js';
import { CaseStudiesArgs, CaseStudyArgs } from './case-study.inputs.js';
import { CaseStudyConnection } from './case-study.types.js';

@Resolver(() => CaseStudy)
export class CaseStudyResolver {
  @Query(() => CaseStudyConnection, { description: 'The case studies, a page at a time, ordered by name.' })
  caseStudies(@Args() args: CaseStudiesArgs, @Ctx() ctx: Context): Promise<CaseStudyConnection> {
    return ctx.services.caseStudies.list(args);
  }

  @Query(() => CaseStudy, { nullable: true, description: 'One case study by slug; null when there is none.' })
  caseStudy(@Args() args: CaseStudyArgs, @Ctx() ctx: Context): Promise<CaseStudy | null> {
    return ctx.services.caseStudies.findBySlug(args.slug);
  }
}
