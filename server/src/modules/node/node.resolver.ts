import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { NodeEntity } from '../../common/node.js';
import { can } from '../account/access.js';
import type { Context } from '../context.js';

@Resolver()
export class NodeResolver {
  @Query(() => NodeEntity, {
    nullable: true,
    description:
      'Fetches any object by its global ID; null when there is none, or when it is only in a draft and the caller may not read drafts.',
  })
  async node(
    @Arg('id', () => ID, { description: 'A global ID from an `id` field.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<NodeEntity | null> {
    const found = await ctx.services.nodes.find(id);
    if (!found) return null;
    if (found.published) return found.node;
    // What only a draft holds needs what `caseStudy(draft: true)` needs, and is never shared. To
    // anyone else it is as if there were nothing by that ID (so the ID tells them nothing).
    ctx.privacy.markPrivate('node(id) of a draft');
    return can(ctx.viewer, 'readDrafts') ? found.node : null;
  }
}
