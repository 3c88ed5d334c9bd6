import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { ServiceConnection } from './connection.entity.js';

@Resolver(() => ServiceConnection)
export class ServiceConnectionResolver {
  @FieldResolver(() => [ServiceArea], {
    description: 'The two service areas connected, in the order the profile gives them.',
  })
  async areas(@Root() c: ServiceConnection, @Ctx() ctx: Context): Promise<ServiceArea[]> {
    const { areaById } = await ctx.loaders.editionBundle.load(c.editionId);
    return [areaById.get(c.areaAId)!, areaById.get(c.areaBId)!];
  }
}
