import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { PublishedRead } from '../../common/published.js';
import type { Context } from '../context.js';
import { Study, StudyFinding, StudyReport, StudyStrand } from './study.entity.js';

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => Study, {
    nullable: true,
    description: 'The research the case studies serve; null until its record is loaded.',
  })
  @PublishedRead()
  study(@Ctx() ctx: Context): Promise<Study | null> {
    return ctx.services.study.get();
  }

  @FieldResolver(() => [StudyStrand], { description: 'The strands of the research, by number.' })
  strands(@Ctx() ctx: Context): Promise<StudyStrand[]> {
    return ctx.services.study.strands();
  }

  @FieldResolver(() => [StudyReport], { description: 'The published reports.' })
  reports(@Ctx() ctx: Context): Promise<StudyReport[]> {
    return ctx.services.study.reports();
  }

  @FieldResolver(() => [StudyFinding], {
    description: 'The findings, such as the cross-cutting findings on implementation.',
  })
  findings(@Ctx() ctx: Context): Promise<StudyFinding[]> {
    return ctx.services.study.findings();
  }
}
