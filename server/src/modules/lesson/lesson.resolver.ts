import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { PublishedRead } from '../../common/published.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import type { Context } from '../context.js';
import { LessonTheme } from '../vocabulary/vocabulary.entity.js';
import { ReformLesson } from './lesson.entity.js';
import { LessonsArgs, ReformLessonConnection } from './lesson.service.js';

@Resolver(() => ReformLesson)
export class ReformLessonResolver {
  @Query(() => ReformLessonConnection, { description: 'Lessons across all published cases, a page at a time.' })
  @PublishedRead()
  lessons(@Args() args: LessonsArgs, @Ctx() ctx: Context): Promise<ReformLessonConnection> {
    return ctx.services.lessons.list(args);
  }

  @FieldResolver(() => LessonTheme, { description: 'The theme the lesson is mainly about.' })
  async theme(@Root() l: ReformLesson, @Ctx() ctx: Context): Promise<LessonTheme> {
    return (await ctx.loaders.editionBundle.load(l.editionId)).themeById.get(l.themeId)!;
  }

  @FieldResolver(() => CaseStudy, { description: 'The case the lesson comes from.' })
  async caseStudy(@Root() l: ReformLesson, @Ctx() ctx: Context): Promise<CaseStudy> {
    return (await ctx.loaders.caseById.load(l.caseId))!;
  }
}

/** A case's lessons: the lesson module's field on CaseStudy. */
@Resolver(() => CaseStudy)
export class CaseStudyLessonsResolver {
  @FieldResolver(() => [ReformLesson], { description: 'The reform lessons, in the order the profile gives them.' })
  lessons(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<ReformLesson[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.lessons) : Promise.resolve([]);
  }
}
