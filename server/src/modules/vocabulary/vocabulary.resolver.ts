import { Ctx, Query, Resolver } from 'type-graphql';
import { PublishedRead } from '../../common/published.js';
import type { Context } from '../context.js';
import { LessonTheme, ServiceArea } from './vocabulary.entity.js';

@Resolver()
export class VocabularyResolver {
  @Query(() => [ServiceArea], { description: 'The service areas that responsibilities and connections refer to.' })
  @PublishedRead()
  serviceAreas(@Ctx() ctx: Context): Promise<ServiceArea[]> {
    return ctx.services.vocabulary.serviceAreas();
  }

  @Query(() => [LessonTheme], { description: 'The themes that lessons are grouped by.' })
  @PublishedRead()
  lessonThemes(@Ctx() ctx: Context): Promise<LessonTheme[]> {
    return ctx.services.vocabulary.lessonThemes();
  }
}
