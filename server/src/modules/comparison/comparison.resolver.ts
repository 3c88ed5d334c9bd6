import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { PublishedRead } from '../../common/published.js';
import type { Context } from '../context.js';
import { CaseSelector, Comparison, StructuralDiff } from './comparison.types.js';

const selector = (s: CaseSelector) => ({ slug: s.slug, asOf: s.asOf ?? undefined });

@Resolver()
export class ComparisonResolver {
  @Query(() => Comparison, {
    description:
      'Cases side by side (2 to 8, each optionally at a date): aligned sections, a shared timeline and common approaches.',
  })
  @PublishedRead()
  comparison(
    @Arg('cases', () => [CaseSelector], { description: 'The cases, in the column order wanted.' })
    cases: CaseSelector[],
    @Ctx() ctx: Context,
  ): Promise<Comparison> {
    return ctx.services.comparison.compare(cases.map(selector));
  }

  @Query(() => StructuralDiff, {
    description:
      'Levels, bodies, responsibilities and connections added, removed or changed (by key) between two cases, or two dates of one case.',
  })
  @PublishedRead()
  structuralDiff(
    @Arg('from', () => CaseSelector, { description: 'The structure to compare from.' }) from: CaseSelector,
    @Arg('to', () => CaseSelector, { description: 'The structure to compare to.' }) to: CaseSelector,
    @Ctx() ctx: Context,
  ): Promise<StructuralDiff> {
    return ctx.services.comparison.structuralDiff(selector(from), selector(to));
  }
}
