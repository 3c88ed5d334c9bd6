import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { NodeEntity } from '../../common/node.js';
import { can } from '../account/access.js';
import type { Context } from '../context.js';

@Resolver()
export class NodeResolver {
  @Query(() => NodeEntity, {
    nullable: true,
    description:
      'Fetches any object by its global ID; null when there is none, or when it belongs to a draft and the caller may not read drafts.',
  })
  node(
    @Arg('id', () => ID, { description: 'A global ID from an `id` field.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<NodeEntity | null> {
    return ctx.services.nodes.find(id, can(ctx.viewer, 'readDrafts'));
  }
}
