import { Ctx, FieldResolver, Resolver, Root, Args } from 'type-graphql';
import { TIERS, tierPresence } from '@casebook/schema';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import type { Context } from '../context.js';
import { ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from './governance.entity.js';
import { PeriodArgs } from './governance.inputs.js';
import { TierPresence, TierStatus } from './governance.types.js';

@Resolver(() => StructurePeriod)
export class StructurePeriodResolver {
  @FieldResolver(() => [GovernanceLevel], {
    description: 'The governance levels of the period, in the order the profile gives them.',
  })
  async levels(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<GovernanceLevel[]> {
    return (await ctx.loaders.editionBundle.load(p.editionId)).levelsByPeriod.get(p.id) ?? [];
  }

  @FieldResolver(() => [TierStatus], {
    description: 'Every tier, national to local, with its levels or why it has none.',
  })
  async tiers(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<TierStatus[]> {
    const levels = await this.levels(p, ctx);
    return TIERS.map((tier) => {
      // The enum's values are the document core's words, so its rule's answer is the field's value.
      const presence = TierPresence[tierPresence(levels, tier)];
      return { tier, presence, levels: levels.filter((l) => l.tier === tier) };
    });
  }

  @FieldResolver(() => [ServiceConnection], { description: 'How service areas connect in this period.' })
  async connections(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<ServiceConnection[]> {
    return (await ctx.loaders.editionBundle.load(p.editionId)).connectionsByPeriod.get(p.id) ?? [];
  }

  @FieldResolver(() => [Responsibility], {
    description: 'Every responsibility held in this period, across all bodies.',
  })
  async responsibilities(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<Responsibility[]> {
    return (await ctx.loaders.editionBundle.load(p.editionId)).responsibilitiesByPeriod.get(p.id) ?? [];
  }

  @FieldResolver(() => CaseStudy, { description: 'The case this period belongs to.' })
  async caseStudy(@Root() p: StructurePeriod, @Ctx() ctx: Context): Promise<CaseStudy> {
    return (await ctx.loaders.caseById.load(p.caseId))!;
  }
}

@Resolver(() => GovernanceLevel)
export class GovernanceLevelResolver {
  @FieldResolver(() => [Body], { description: 'The bodies at this level.' })
  async bodies(@Root() l: GovernanceLevel, @Ctx() ctx: Context): Promise<Body[]> {
    return (await ctx.loaders.editionBundle.load(l.editionId)).bodiesByLevel.get(l.id) ?? [];
  }
}

@Resolver(() => Body)
export class BodyResolver {
  @FieldResolver(() => [Responsibility], { description: 'The functions this body holds, per service area.' })
  async responsibilities(@Root() b: Body, @Ctx() ctx: Context): Promise<Responsibility[]> {
    return (await ctx.loaders.editionBundle.load(b.editionId)).responsibilitiesByBody.get(b.id) ?? [];
  }

  @FieldResolver(() => GovernanceLevel, { description: 'The level the body sits at.' })
  async level(@Root() b: Body, @Ctx() ctx: Context): Promise<GovernanceLevel> {
    return (await ctx.loaders.editionBundle.load(b.editionId)).levelById.get(b.levelId)!;
  }
}

@Resolver(() => Responsibility)
export class ResponsibilityResolver {
  @FieldResolver(() => ServiceArea, { description: 'The service area the function is held for.' })
  async serviceArea(@Root() r: Responsibility, @Ctx() ctx: Context): Promise<ServiceArea> {
    return (await ctx.loaders.editionBundle.load(r.editionId)).areaById.get(r.serviceAreaId)!;
  }

  @FieldResolver(() => Body, { description: 'The body that holds it.' })
  async body(@Root() r: Responsibility, @Ctx() ctx: Context): Promise<Body> {
    return (await ctx.loaders.editionBundle.load(r.editionId)).bodyById.get(r.bodyId)!;
  }
}

/** A case's structure periods: the governance module's fields on CaseStudy. */
@Resolver(() => CaseStudy)
export class CaseStudyStructureResolver {
  @FieldResolver(() => [StructurePeriod], {
    description: 'The structure periods, in order (e.g. before and after the main reform).',
  })
  periods(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<StructurePeriod[]> {
    return c.editionId ? ctx.loaders.editionBundle.load(c.editionId).then((b) => b.periods) : Promise.resolve([]);
  }

  @FieldResolver(() => StructurePeriod, { nullable: true, description: 'One period by key; null when there is none.' })
  async period(@Root() c: CaseStudy, @Args() args: PeriodArgs, @Ctx() ctx: Context): Promise<StructurePeriod | null> {
    return (await this.periods(c, ctx)).find((p) => p.key === args.key) ?? null;
  }

  @FieldResolver(() => StructurePeriod, {
    nullable: true,
    description: 'The open-ended (current) period, or the latest one.',
  })
  async currentPeriod(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<StructurePeriod | null> {
    const periods = await this.periods(c, ctx);
    return periods.find((p) => p.current) ?? periods[periods.length - 1] ?? null;
  }
}
