import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { ServiceConnection } from './connection.entity.js';

@Resolver(() => ServiceConnection)
export class ServiceConnectionResolver {
  @FieldResolver(() => [ServiceArea], { description: 'The two service areas connected, in the order the profile gives them.' })
  async areas(@Root() c: ServiceConnection, @Ctx() ctx: Context): Promise<ServiceArea[]> {
    const areas = await ctx.loaders.serviceAreaById.loadMany([c.areaAId, c.areaBId]);
    return areas.filter((a): a is ServiceArea => a instanceof ServiceArea);
  }
}
