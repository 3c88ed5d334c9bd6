import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { PublishedRead } from '../../common/published.js';
import { requireCapability } from '../account/auth-checker.js';
import type { Context } from '../context.js';
import { PartialDate, partialDate } from '../partial-date.js';
import { CaseEdition } from './case-edition.entity.js';
import { CaseStudy } from './case-study.entity.js';
import { CaseStudiesArgs, CaseStudyArgs } from './case-study.inputs.js';
import { CaseStudyConnection, NotModelledSource } from './case-study.types.js';

@Resolver(() => CaseStudy)
export class CaseStudyResolver {
  @Query(() => CaseStudyConnection, {
    description: 'The published case studies, a page at a time: by name, or by relevance when searching.',
  })
  @PublishedRead()
  caseStudies(@Args() args: CaseStudiesArgs, @Ctx() ctx: Context): Promise<CaseStudyConnection> {
    return ctx.services.caseStudies.list(args);
  }

  @Query(() => CaseStudy, {
    nullable: true,
    description: 'One published case study by slug (the latest edition unless one is named); null when there is none.',
  })
  @PublishedRead()
  async caseStudy(@Args() args: CaseStudyArgs, @Ctx() ctx: Context): Promise<CaseStudy | null> {
    if (args.draft) {
      // Only a draft needs the capability, so this field checks for itself.
      // It marks the answer private too: a draft is never shared.
      await requireCapability(ctx, 'readDrafts', 'caseStudy(draft)');
      return ctx.services.draftPreviews.caseStudy(args.slug);
    }
    return ctx.services.caseStudies.findBySlug(args.slug, args.edition);
  }

  @FieldResolver(() => [NotModelledSource], {
    description: 'Research-record sources the profile deliberately leaves out, with reasons.',
  })
  async notModelled(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<NotModelledSource[]> {
    if (!c.editionId) return [];
    return (await ctx.loaders.editionById.load(c.editionId))?.notModelled ?? [];
  }

  @FieldResolver(() => PartialDate, {
    nullable: true,
    description:
      'When the profile shown (this edition, or the draft) was last reviewed against its sources; null when it does not say.',
  })
  async reviewed(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<PartialDate | null> {
    if (!c.editionId) return null;
    return partialDate((await ctx.loaders.editionById.load(c.editionId))?.reviewedText);
  }

  @FieldResolver(() => [CaseEdition], {
    description: 'Every published edition, newest first; each has a permanent link by number.',
  })
  async editions(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<CaseEdition[]> {
    return (await ctx.loaders.editionsByCase.load(c.id)).filter((e) => !e.isDraft);
  }
}
