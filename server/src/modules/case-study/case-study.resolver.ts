import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { requireCapability } from '../account/auth-checker.js';
import { StructurePeriod } from '../governance/governance.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { Source } from '../source/source.entity.js';
import { CaseStudy } from './case-study.entity.js';
import { CaseEdition } from './case-edition.entity.js';
import { CaseStudiesArgs, CaseStudyArgs, PeriodArgs } from './case-study.inputs.js';
import { CaseStudyConnection, NotModelledSource } from './case-study.types.js';
import { PublishedRead } from '../../common/published.js';

@Resolver(() => CaseStudy)
export class CaseStudyResolver {
  @Query(() => CaseStudyConnection, { description: 'The published case studies, a page at a time: by name, or by relevance when searching.' })
  @PublishedRead()
  caseStudies(@Args() args: CaseStudiesArgs, @Ctx() ctx: Context): Promise<CaseStudyConnection> {
    return ctx.services.caseStudies.list(args);
  }

  @Query(() => CaseStudy, { nullable: true, description: 'One published case study by slug (the latest edition unless one is named); null when there is none.' })
  @PublishedRead()
  async caseStudy(@Args() args: CaseStudyArgs, @Ctx() ctx: Context): Promise<CaseStudy | null> {
    if (args.draft) {
      // Only a draft needs the capability, so this field checks for itself.
      await requireCapability(ctx, 'readDrafts', 'caseStudy(draft)');
      return ctx.services.caseStudies.findDraft(args.slug);
    }
    return ctx.services.caseStudies.findBySlug(args.slug, args.edition);
  }

  @FieldResolver(() => [StructurePeriod], { description: 'The structure periods, in order (e.g. before and after the main reform).' })
  periods(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<StructurePeriod[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.periods) : Promise.resolve([]);
  }

  @FieldResolver(() => StructurePeriod, { nullable: true, description: 'One period by key; null when there is none.' })
  async period(@Root() c: CaseStudy, @Args() args: PeriodArgs, @Ctx() ctx: Context): Promise<StructurePeriod | null> {
    return (await this.periods(c, ctx)).find((p) => p.key === args.key) ?? null;
  }

  @FieldResolver(() => StructurePeriod, { nullable: true, description: 'The open-ended (current) period, or the latest one.' })
  async currentPeriod(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<StructurePeriod | null> {
    const periods = await this.periods(c, ctx);
    return periods.find((p) => p.current) ?? periods[periods.length - 1] ?? null;
  }

  @FieldResolver(() => [TimelineEvent], { description: 'The reform timeline, by the earliest instant each date can mean.' })
  timeline(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<TimelineEvent[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.events) : Promise.resolve([]);
  }

  @FieldResolver(() => [ReformLesson], { description: 'The reform lessons, in the order the profile gives them.' })
  lessons(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<ReformLesson[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.lessons) : Promise.resolve([]);
  }

  @FieldResolver(() => [Source], { description: 'Every source the profile cites, by title.' })
  async sources(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<Source[]> {
    return c.editionId ? (await ctx.loaders.editionBundle.load(c.editionId)).sources : [];
  }

  @FieldResolver(() => [NotModelledSource], { description: 'Research-record sources the profile deliberately leaves out, with reasons.' })
  async notModelled(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<NotModelledSource[]> {
    if (!c.editionId) return [];
    return (await ctx.loaders.editionById.load(c.editionId))?.notModelled ?? [];
  }

  @FieldResolver(() => [CaseEdition], { description: 'Every published edition, newest first; each has a permanent link by number.' })
  async editions(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<CaseEdition[]> {
    return (await ctx.loaders.editionsByCase.load(c.id)).filter((e) => !e.isDraft);
  }
}
