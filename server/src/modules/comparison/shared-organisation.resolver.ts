import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { StructurePeriod } from '../governance/governance.entity.js';
import { sharedOrganisations } from './shared-organisation.js';
import { SharedOrganisation } from './shared-organisation.types.js';

/** Which services share an organisation: the comparison module's field on StructurePeriod. */
@Resolver(() => StructurePeriod)
export class StructurePeriodSharingResolver {
  @FieldResolver(() => [SharedOrganisation], {
    description:
      'For each pair of service areas the period holds, whether one body, one kind of body at one tier, or separate organisations hold them; computed from its responsibilities.',
  })
  async sharedOrganisations(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<SharedOrganisation[]> {
    // Everything comes from the edition's bundle, so the field costs no statement of its own.
    const bundle = await ctx.loaders.editionBundle.load(p.editionId);
    const bodies = (bundle.levelsByPeriod.get(p.id) ?? []).flatMap((level) =>
      (bundle.bodiesByLevel.get(level.id) ?? []).map((body) => ({ body, tier: level.tier })),
    );
    return sharedOrganisations({
      areas: [...bundle.areaById.values()],
      bodies,
      responsibilities: bundle.responsibilitiesByPeriod.get(p.id) ?? [],
      citationsOf: (r) => bundle.citationsByClaim.get(r.id) ?? [],
      responsibilitiesComplete: p.coverage.responsibilities === 'COMPLETE',
    });
  }
}
