import { Args, Ctx, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { ClaimEntity } from '../../common/node.js';
import { PublishedRead } from '../../common/published.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import type { Context } from '../context.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { ConnectionType, PageArgs, pageWindow, toConnection } from '../pagination.js';
import { StudyFinding, StudyReport, StudyStrand } from '../study/study.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { Tier } from '../vocabulary/vocabulary.enums.js';
import { citingClaimPlace, type CitingClaimPlace } from './citing-claim.js';
import { Citation, CitingClaim, Source } from './source.entity.js';
import { SourceConnection, SourcesArgs } from './source.service.js';

@ObjectType({ description: 'A page of the claims that cite a source.' })
class CitingClaimConnection extends ConnectionType(CitingClaim, 'CitingClaim') {}

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => SourceConnection, {
    description:
      'The bibliography: every source cited by a published case or the study record, by title. A URL that cases cite with different details is an entry for each, and each entry lists the claims citing it with those details (citedBy).',
  })
  @PublishedRead()
  sources(@Args() args: SourcesArgs, @Ctx() ctx: Context): Promise<SourceConnection> {
    return ctx.services.sources.list(args);
  }

  @FieldResolver(() => CitingClaimConnection, {
    description:
      'The claims that cite this source, in published cases and the study record, a page at a time: the study record first, then by case name, claim type and key.',
  })
  async citedBy(@Root() s: Source, @Args() args: PageArgs, @Ctx() ctx: Context): Promise<CitingClaimConnection> {
    const window = pageWindow(args);
    const { citations, total } = await ctx.loaders.citingBySource.load({ sourceId: s.id, ...window });
    const claims = citations.map((ci) => ({
      claimType: ci.claimType,
      key: ci.claimKey,
      label: ci.claimLabel,
      locator: ci.locator,
      caseId: ci.caseId,
      editionId: ci.editionId,
      claimId: ci.claimId,
    }));
    return toConnection(claims, total, window);
  }
}

/** A case's sources: the source module's field on CaseStudy. */
@Resolver(() => CaseStudy)
export class CaseStudySourcesResolver {
  @FieldResolver(() => [Source], { description: 'Every source the profile cites, by title.' })
  async sources(@Root() c: CaseStudy, @Ctx() ctx: Context): Promise<Source[]> {
    return c.editionId ? (await ctx.loaders.editionBundle.load(c.editionId)).sources : [];
  }
}

@Resolver(() => CitingClaim)
export class CitingClaimResolver {
  @FieldResolver(() => CaseStudy, {
    nullable: true,
    description: 'The case the claim belongs to; null for claims of the study record.',
  })
  caseStudy(@Root() c: CitingClaim, @Ctx() ctx: Context): Promise<CaseStudy | null> {
    return c.caseId ? ctx.loaders.caseById.load(c.caseId) : Promise.resolve(null);
  }

  @FieldResolver(() => String, {
    description:
      'The claim in words, with what holds it and its period, as the case\'s page names them: "Body “Kela” in the national level “National government”, in the period “2014 onwards”", "Responsibility “Delivery: Child protection” of Kela, in the national level “National government”, in the period …", "Lesson “…” among the reform lessons". Service areas and functions by their names, never their keys.',
  })
  async words(@Root() c: CitingClaim, @Ctx() ctx: Context): Promise<string> {
    return (await this.place(c, ctx)).words;
  }

  @FieldResolver(() => StructurePeriod, {
    nullable: true,
    description:
      'The period of the structure holding the claim (a level, body, responsibility or connection); null for events, lessons and claims of the study record.',
  })
  async period(@Root() c: CitingClaim, @Ctx() ctx: Context): Promise<StructurePeriod | null> {
    return (await this.place(c, ctx)).period;
  }

  @FieldResolver(() => Tier, {
    nullable: true,
    description:
      'The tier of the governance level the claim is (a level) or sits at (a body, a responsibility); null for other claims.',
  })
  async tier(@Root() c: CitingClaim, @Ctx() ctx: Context): Promise<keyof typeof Tier | null> {
    return (await this.place(c, ctx)).tier;
  }

  private async place(c: CitingClaim, ctx: Context): Promise<CitingClaimPlace> {
    return citingClaimPlace(c, c.editionId ? await ctx.loaders.editionBundle.load(c.editionId) : null);
  }
}

@Resolver(() => Citation)
export class CitationResolver {
  @FieldResolver(() => Source, { description: 'The source cited.' })
  async source(@Root() c: Citation, @Ctx() ctx: Context): Promise<Source> {
    return (await ctx.loaders.sourceById.load(c.sourceId))!;
  }
}

/** Adds the `citations` field to one claim type. */
function claimCitationsResolver<T extends ClaimEntity>(type: ClassType<T>) {
  @Resolver(() => type)
  class ClaimCitationsResolver {
    @FieldResolver(() => [Citation], { description: 'The sources this claim rests on, in order.' })
    async citations(@Root() claim: T, @Ctx() ctx: Context): Promise<Citation[]> {
      // Parts of a case come with their edition's bundle; the study record's claims load alone.
      const editionId = (claim as { editionId?: string }).editionId;
      if (editionId) return (await ctx.loaders.editionBundle.load(editionId)).citationsByClaim.get(claim.id) ?? [];
      return ctx.loaders.citationsByClaim.load(claim.id);
    }
  }
  return ClaimCitationsResolver;
}

/** Every claim type's citations resolver. */
export const claimCitationResolvers = [
  GovernanceLevel,
  Body,
  Responsibility,
  ServiceConnection,
  TimelineEvent,
  ReformLesson,
  StudyStrand,
  StudyReport,
  StudyFinding,
].map((type) => claimCitationsResolver(type as ClassType<ClaimEntity>));
