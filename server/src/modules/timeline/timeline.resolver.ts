import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CaseStudy } from '../case-study/case-study.entity.js';
import type { Context } from '../context.js';
import { TimelineEvent } from './timeline.entity.js';

/** A case's reform timeline: the timeline module's field on CaseStudy. */
@Resolver(() => CaseStudy)
export class CaseStudyTimelineResolver {
  @FieldResolver(() => [TimelineEvent], {
    description: 'The reform timeline, by the earliest instant each date can mean.',
  })
  timeline(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<TimelineEvent[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.events) : Promise.resolve([]);
  }
}
