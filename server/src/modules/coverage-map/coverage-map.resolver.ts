import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import type { Context } from '../context.js';
import { CaseWorkRow } from './coverage-map.types.js';

@Resolver(() => CaseWorkRow)
export class CoverageMapResolver {
  @Query(() => [CaseWorkRow], {
    description:
      'What in the casebook needs work, case by case (anyone signed in, or a token): each current period’s coverage by section, uncertain and unsourced claims, reviews due.',
  })
  @Authorized<Capability>('readDrafts')
  coverageMap(@Ctx() ctx: Context): Promise<CaseWorkRow[]> {
    return ctx.services.coverageMap.rows(new Date().toISOString().slice(0, 10));
  }
}
