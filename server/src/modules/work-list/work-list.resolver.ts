import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import type { Context } from '../context.js';
import { WorkList } from './work-list.types.js';

@Resolver(() => WorkList)
export class WorkListResolver {
  @Query(() => WorkList, {
    description:
      'The work list (anyone signed in, or a token): every draft with its status and who saved it last, what waits on the viewer, and the latest publications.',
  })
  @Authorized<Capability>('readDrafts')
  workList(@Ctx() ctx: Context): Promise<WorkList> {
    return ctx.services.workList.forViewer(ctx.viewer);
  }
}
