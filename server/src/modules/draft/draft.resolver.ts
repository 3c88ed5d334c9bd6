import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import { anchorInWords, type ClaimRef } from '@casebook/schema';
import type { Capability } from '../../common/capability.js';
import { InvalidArgsInPayload, UserError } from '../../common/errors.js';
import { PublishedRead } from '../../common/published.js';
import { requireCapability } from '../account/auth-checker.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import type { Context } from '../context.js';
import { ConnectionType, PageArgs, pageWindow, toConnection } from '../pagination.js';
import { CaseDraft, DocumentChange, Publication, ReviewComment, Revision } from './draft.entity.js';
import {
  CreateCaseInput,
  DraftClaimInput,
  DraftEditInput,
  DraftPartInput,
  DraftPartKind,
  DraftPartSaveMode,
  AddReviewCommentArgs,
  ResolveReviewCommentArgs,
  RequestChangesArgs,
  RestoreRevisionArgs,
  RestoreRevisionPartArgs,
} from './draft.inputs.js';
import type { DraftResult } from './draft.service.js';
import { DraftClaim, toDraftClaim } from './draft.types.js';

@ObjectType({ description: 'The draft after an authoring mutation, or why nothing was saved.' })
class DraftPayload {
  @Field(() => CaseDraft, {
    nullable: true,
    description: 'The draft as it now stands (after a refusal: as it stands, unchanged).',
  })
  draft: CaseDraft | null;

  @Field(() => [UserError], {
    description:
      'Problems: invalid input with field paths, CONFLICT for a stale version, WORKFLOW refusals. Empty when saved.',
  })
  userErrors: UserError[];
}

@ObjectType({ description: 'The draft after merging a duplicate source into the one kept, or why nothing was saved.' })
class MergeDraftSourcesPayload extends DraftPayload {
  @Field(() => [DraftClaim], {
    description: 'The claims that cited the merged source and now cite the kept one instead. Empty when refused.',
  })
  recited: DraftClaim[];
}

@ObjectType({ description: 'The draft after citing one source in several claims, or why nothing was saved.' })
class CiteDraftClaimsPayload extends DraftPayload {
  @Field(() => [DraftClaim], { description: 'The claims that now cite the source. Empty when refused.' })
  cited: DraftClaim[];

  @Field(() => [DraftClaim], {
    description: 'The claims named that already cited the source, left as they were. Empty when refused.',
  })
  alreadyCiting: DraftClaim[];
}

@ObjectType({ description: 'The result of publishing a draft.' })
class PublishPayload {
  @Field(() => Int, { nullable: true, description: 'The edition published.' })
  edition: number | null;

  @Field(() => CaseDraft, { nullable: true, description: 'The draft, when publishing was refused.' })
  draft: CaseDraft | null;

  @Field(() => [UserError], {
    description:
      'Why it was refused: UNSOURCED_CLAIM for each claim without a source (field = its path), CONFLICT, WORKFLOW.',
  })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of adding a review comment.' })
class CommentPayload {
  @Field(() => ReviewComment, { nullable: true, description: 'The comment.' })
  comment: ReviewComment | null;

  @Field(() => [UserError], { description: 'Problems with the input.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'A page of publications.' })
class PublicationConnection extends ConnectionType(Publication, 'Publication') {}

@ObjectType({ description: "A page of a case's revisions, newest first." })
class RevisionConnection extends ConnectionType(Revision, 'Revision') {}

const actorOf = (ctx: Context) => ({ viewer: ctx.viewer, address: ctx.address });

/**
 * Reading drafts lets a viewer in; commenting is for those who edit or review, never a VIEWER or
 * a token, which also need `review`. Checked before the arguments, as the capability is.
 */
const commentersOnly: MiddlewareFn<Context> = async ({ context, info }, next) => {
  if (context.viewer.kind === 'token' || (context.viewer.kind === 'user' && context.viewer.user.role === 'VIEWER'))
    await requireCapability(context, 'review', info.fieldName);
  return next();
};
const payload = (r: DraftResult): DraftPayload => ({ draft: r.draft, userErrors: r.userErrors });

@Resolver(() => CaseDraft)
export class DraftResolver {
  @Query(() => CaseDraft, {
    nullable: true,
    description: 'The draft of a case; null when it has none (anyone signed in, or a token).',
  })
  @Authorized<Capability>('readDrafts')
  async draft(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Ctx() ctx: Context,
  ): Promise<CaseDraft | null> {
    return ctx.services.drafts.draftOf(slug);
  }

  @FieldResolver(() => CaseStudy, {
    description: 'The case; read it with `caseStudy(slug, draft: true)` to see the draft as readers will.',
  })
  async caseStudy(@Root() d: CaseDraft, @Ctx() ctx: Context): Promise<CaseStudy> {
    return (await ctx.loaders.caseById.load(d.caseId))!;
  }

  @FieldResolver(() => String, { description: 'The case slug.' })
  slug(@Root() d: CaseDraft): string {
    return d.document.slug;
  }

  @FieldResolver(() => [ReviewComment], { description: 'Review comments, oldest first.' })
  comments(@Root() d: CaseDraft, @Ctx() ctx: Context): Promise<ReviewComment[]> {
    return ctx.services.drafts.comments(d.caseId);
  }

  @FieldResolver(() => [UserError], {
    description: 'What would stop it being published now (e.g. UNSOURCED_CLAIM at each claim without a source).',
  })
  publishProblems(@Root() d: CaseDraft, @Ctx() ctx: Context): UserError[] {
    return ctx.services.drafts.publishProblems(d.document);
  }

  @Query(() => RevisionConnection, {
    description: 'The saved revisions of a case, newest first, a page at a time (empty for an unknown case).',
  })
  @Authorized<Capability>('readDrafts')
  async revisions(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Args() args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<RevisionConnection> {
    const window = pageWindow(args);
    const [items, total] = await ctx.services.drafts.revisions(slug, window);
    return toConnection(items, total, window);
  }

  @Query(() => [DocumentChange], {
    description: 'What changed from one revision to another, part by part (by key) and field by field.',
  })
  @Authorized<Capability>('readDrafts')
  async revisionDiff(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('from', () => Int, { description: 'The earlier revision number.' }) from: number,
    @Arg('to', () => Int, { description: 'The later revision number.' }) to: number,
    @Ctx() ctx: Context,
  ): Promise<DocumentChange[]> {
    return ctx.services.drafts.revisionDiff(slug, from, to);
  }

  @Query(() => PublicationConnection, { description: 'What each publication changed, newest first (for readers).' })
  @PublishedRead()
  async publishedChanges(@Args() args: PageArgs, @Ctx() ctx: Context): Promise<PublicationConnection> {
    const window = pageWindow(args);
    const [items, total] = await ctx.services.drafts.publications(window);
    return toConnection(items, total, window);
  }

  @Mutation(() => DraftPayload, { description: 'Creates an unpublished case with a draft (editors).' })
  @Authorized<Capability>('editDrafts')
  @UseMiddleware(
    InvalidArgsInPayload<Context>((userErrors, { args, context }) =>
      context.services.drafts.refuseArguments(
        actorOf(context),
        'createCase',
        (args.input as CreateCaseInput).slug,
        userErrors,
      ),
    ),
  )
  async createCase(
    @Arg('input', () => CreateCaseInput, { description: "The new case's headline." }) input: CreateCaseInput,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.createCase(actorOf(ctx), input));
  }

  @Mutation(() => DraftPayload, { description: "Starts a case's draft from its published edition (editors)." })
  @Authorized<Capability>('editDrafts')
  async startDraft(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.startDraft(actorOf(ctx), slug));
  }

  // The document is checked by the profile rules in the service. class-validator has nothing to
  // check in it, and fails on the prototype-less object an inline JSON literal becomes.
  @Mutation(() => DraftPayload, { description: 'Replaces the whole draft document (editors).' })
  @Authorized<Capability>('editDrafts')
  async saveDraft(
    @Arg('edit', () => DraftEditInput, { description: 'Which draft, the version the edit was made against, and why.' })
    edit: DraftEditInput,
    @Arg('document', () => GraphQLJSONObject, {
      description: 'The whole profile document (docs/CASE-PROFILE-FORMAT.md).',
      validate: false,
    })
    document: Record<string, unknown>,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(
      await ctx.services.drafts.saveDraft(actorOf(ctx), edit.slug, edit.expectedVersion, document, edit.message),
    );
  }

  @Mutation(() => DraftPayload, {
    description:
      'Creates or updates one part of the draft by key (editors). Give `mode`: CREATE to add a part, UPDATE to change or move one.',
  })
  @Authorized<Capability>('editDrafts')
  async saveDraftPart(
    @Arg('edit', () => DraftEditInput, { description: 'Which draft, the version the edit was made against, and why.' })
    edit: DraftEditInput,
    @Arg('part', () => DraftPartInput, { description: 'The part to create or update.' }) part: DraftPartInput,
    @Arg('mode', () => DraftPartSaveMode, {
      nullable: true,
      description:
        'Which act the save is. Deprecated without it: an existing key is then updated in place and a new one created, and a body or responsibility saved with another holder is refused.',
    })
    mode: DraftPartSaveMode | null,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(
      await ctx.services.drafts.savePart(actorOf(ctx), edit.slug, edit.expectedVersion, part, edit.message, mode),
    );
  }

  @Mutation(() => DraftPayload, {
    description:
      'Moves one part to another place among the parts beside it (editors): a period among the periods, a body among its level’s bodies, a lesson among the lessons. The order is the one the page and the file show.',
  })
  @Authorized<Capability>('editDrafts')
  async reorderDraftPart(
    @Arg('edit', () => DraftEditInput, { description: 'Which draft, the version the edit was made against, and why.' })
    edit: DraftEditInput,
    @Arg('kind', () => DraftPartKind, { description: 'Which kind of part (not CASE).' }) kind: DraftPartKind,
    @Arg('key', () => String, { description: "The part's key." }) key: string,
    @Arg('periodKey', () => String, {
      nullable: true,
      description: 'For levels, bodies, responsibilities and connections: the period key.',
    })
    periodKey: string | null,
    @Arg('position', () => Int, { description: 'Its new place among the parts beside it, counted from 0.' })
    position: number,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.reorderPart(actorOf(ctx), edit, { kind, key, periodKey }, position));
  }

  @Mutation(() => DraftPayload, {
    description:
      'Copies a period with everything in it as a new period right after it (editors): its parts keep their keys and sources; the copy has no dates or review date until an editor gives them.',
  })
  @Authorized<Capability>('editDrafts')
  async copyDraftPeriod(
    @Arg('edit', () => DraftEditInput, { description: 'Which draft, the version the edit was made against, and why.' })
    edit: DraftEditInput,
    @Arg('key', () => String, { description: 'The key of the period to copy.' }) key: string,
    @Arg('newKey', () => String, { description: "The new period's key." }) newKey: string,
    @Arg('label', () => String, { description: "The new period's label, e.g. “After the reform”." }) label: string,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.copyPeriod(actorOf(ctx), edit, key, newKey, label));
  }

  @Mutation(() => MergeDraftSourcesPayload, {
    description:
      'Merges a duplicate source into the one kept, in one revision (editors): every claim citing `merge` cites `keep` instead, where it cited `merge` and with its locator, and a claim citing both cites `keep` once; `merge` is then removed. Refused with BAD_USER_INPUT at `merge` when the keys are the same, NOT_FOUND at `keep` or `merge` for a source not in the draft, and CONFLICT at `expectedVersion` unless it is the version now current.',
  })
  @Authorized<Capability>('editDrafts')
  async mergeDraftSources(
    @Arg('edit', () => DraftEditInput, {
      description: 'Which draft, the version the edit was made against (the one now current), and why.',
    })
    edit: DraftEditInput,
    @Arg('keep', () => String, { description: 'The key of the source kept.' }) keep: string,
    @Arg('merge', () => String, { description: 'The key of the duplicate source merged into it and removed.' })
    merge: string,
    @Ctx() ctx: Context,
  ): Promise<MergeDraftSourcesPayload> {
    const result = await ctx.services.drafts.mergeSources(actorOf(ctx), edit, keep, merge);
    return { ...payload(result), recited: result.recited.map(toDraftClaim) };
  }

  @Mutation(() => CiteDraftClaimsPayload, {
    description:
      'Adds one source to several claims in one revision (editors), at the end of each one’s sources; a claim that already cites it is left as it is and listed in `alreadyCiting`. Refused with NOT_FOUND at `sourceKey` or at `claims.N`, BAD_USER_INPUT at `claims.N.kind` for a part that is not a claim, at `claims.N` for a claim citing as many sources as one may, and at `claims` when there are none, more than 500, or every one already cites the source; CONFLICT at `expectedVersion` unless it is the version now current.',
  })
  @Authorized<Capability>('editDrafts')
  async citeDraftClaims(
    @Arg('edit', () => DraftEditInput, {
      description: 'Which draft, the version the edit was made against (the one now current), and why.',
    })
    edit: DraftEditInput,
    @Arg('sourceKey', () => String, { description: 'The key of the source to cite.' }) sourceKey: string,
    @Arg('claims', () => [DraftClaimInput], { description: 'The claims to cite it in (at most 500).' })
    claims: DraftClaimInput[],
    @Ctx() ctx: Context,
  ): Promise<CiteDraftClaimsPayload> {
    const refs = claims.map((c) => ({ kind: c.kind, key: c.key, periodKey: c.periodKey ?? null })) as ClaimRef[];
    const result = await ctx.services.drafts.citeClaims(actorOf(ctx), edit, sourceKey, refs);
    return {
      ...payload(result),
      cited: result.cited.map(toDraftClaim),
      alreadyCiting: result.alreadyCiting.map(toDraftClaim),
    };
  }

  @Mutation(() => DraftPayload, {
    description: 'Deletes one part of the draft by key, with what it contains (editors).',
  })
  @Authorized<Capability>('editDrafts')
  async deleteDraftPart(
    @Arg('edit', () => DraftEditInput, { description: 'Which draft, the version the edit was made against, and why.' })
    edit: DraftEditInput,
    @Arg('kind', () => DraftPartKind, { description: 'Which kind of part.' }) kind: DraftPartKind,
    @Arg('key', () => String, { description: "The part's key." }) key: string,
    @Arg('periodKey', () => String, {
      nullable: true,
      description: 'For levels, bodies, responsibilities and connections: the period key.',
    })
    periodKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(
      await ctx.services.drafts.deletePart(
        actorOf(ctx),
        edit.slug,
        edit.expectedVersion,
        kind,
        key,
        periodKey,
        edit.message,
      ),
    );
  }

  @Mutation(() => DraftPayload, {
    description:
      'Makes a new revision from an old one, e.g. to bring back a deleted body with its responsibilities and citations (editors).',
  })
  @Authorized<Capability>('editDrafts')
  @UseMiddleware(InvalidArgsInPayload())
  async restoreRevision(
    @Args() { slug, number, expectedVersion, message }: RestoreRevisionArgs,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.restoreRevision(actorOf(ctx), slug, number, expectedVersion, message));
  }

  @Mutation(() => DraftPayload, {
    description:
      'Puts one part (or one of its own fields) back as it was in an older revision, in a new revision, leaving every other part as it is (editors). A part still in the draft gets its own fields back where it now sits; one deleted since comes back whole under its old holder.',
  })
  @Authorized<Capability>('editDrafts')
  @UseMiddleware(InvalidArgsInPayload())
  async restoreRevisionPart(@Args() args: RestoreRevisionPartArgs, @Ctx() ctx: Context): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.restoreRevisionPart(actorOf(ctx), args));
  }

  @Mutation(() => DraftPayload, { description: 'Sends the draft for review (editors).' })
  @Authorized<Capability>('editDrafts')
  async submitForReview(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('expectedVersion', () => Int, {
      description: 'The draft version the action was taken against; a stale one is refused with CONFLICT.',
    })
    expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.submitForReview(actorOf(ctx), slug, expectedVersion));
  }

  @Mutation(() => DraftPayload, {
    description:
      'Takes a draft out of review before a reviewer acts on it, so it can be edited again (editors); WORKFLOW when it is not in review.',
  })
  @Authorized<Capability>('editDrafts')
  async withdrawSubmission(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('expectedVersion', () => Int, {
      description: 'The draft version the action was taken against; a stale one is refused with CONFLICT.',
    })
    expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.withdrawSubmission(actorOf(ctx), slug, expectedVersion));
  }

  @Mutation(() => DraftPayload, {
    description: 'Sends a draft in review back for changes, with an optional comment (reviewers).',
  })
  @Authorized<Capability>('review')
  // A comment over the limit is refused before the draft goes back, so neither is lost.
  @UseMiddleware(
    InvalidArgsInPayload<Context>((userErrors, { args, context }) =>
      context.services.drafts.refuseArguments(
        actorOf(context),
        'requestChanges',
        (args as RequestChangesArgs).slug,
        userErrors,
      ),
    ),
  )
  async requestChanges(
    @Args() { slug, expectedVersion, comment }: RequestChangesArgs,
    @Ctx() ctx: Context,
  ): Promise<DraftPayload> {
    return payload(await ctx.services.drafts.requestChanges(actorOf(ctx), slug, expectedVersion, comment));
  }

  @Mutation(() => CommentPayload, {
    description:
      'Adds a review comment (reviewers and editors): about the whole draft, a part (`partKind`, `partKey`, `periodKey`) or one of its `field`s, or a reply to a thread (`parentId`). Those who work on the draft, and those who wrote in the thread, are notified.',
  })
  @Authorized<Capability>('readDrafts')
  @UseMiddleware(commentersOnly, InvalidArgsInPayload())
  async addReviewComment(
    @Args() { slug, body, partKey, partKind, periodKey, field, parentId }: AddReviewCommentArgs,
    @Ctx() ctx: Context,
  ): Promise<CommentPayload> {
    const result = await ctx.services.drafts.addComment(actorOf(ctx), slug, {
      body,
      partKey,
      partKind,
      periodKey,
      field,
      parentId,
    });
    return Array.isArray(result) ? { comment: null, userErrors: result } : { comment: result, userErrors: [] };
  }

  @Mutation(() => CommentPayload, {
    description:
      'Resolves a thread of review comments, or opens it again (reviewers and editors); a thread published with an edition is kept as it was.',
  })
  @Authorized<Capability>('readDrafts')
  @UseMiddleware(commentersOnly, InvalidArgsInPayload())
  resolveReviewComment(
    @Args() { id, resolved }: ResolveReviewCommentArgs,
    @Ctx() ctx: Context,
  ): Promise<CommentPayload> {
    return ctx.services.drafts.resolveComment(actorOf(ctx), id, resolved);
  }

  @Query(() => [ReviewComment], {
    description:
      "The review comments a case's editions were published with, oldest first (anyone who reads drafts): those of one `edition`, or of every edition.",
  })
  @Authorized<Capability>('readDrafts')
  async publishedReviewComments(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('edition', () => Int, { nullable: true, description: 'One edition; omit for every edition.' })
    edition: number | null,
    @Ctx() ctx: Context,
  ): Promise<ReviewComment[]> {
    return ctx.services.drafts.publishedComments(slug, edition);
  }

  @Mutation(() => PublishPayload, {
    description: 'Publishes a draft in review as the next edition (reviewers); refused while any claim lacks a source.',
  })
  @Authorized<Capability>('review')
  async publishDraft(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('expectedVersion', () => Int, {
      description: 'The draft version the action was taken against; a stale one is refused with CONFLICT.',
    })
    expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<PublishPayload> {
    const result = await ctx.services.drafts.publishDraft(actorOf(ctx), slug, expectedVersion);
    return { edition: result.edition, draft: result.draft, userErrors: result.userErrors };
  }
}

@Resolver(() => ReviewComment)
export class ReviewCommentResolver {
  @FieldResolver(() => String, {
    description:
      'What the comment is about, in words ("Body “Tusla” in the period “2014 onwards”, its name"), read from the document it was written on: the draft, or the edition it was published with.',
  })
  async about(@Root() c: ReviewComment, @Ctx() ctx: Context): Promise<string> {
    const [draft] = c.edition === null ? await ctx.loaders.draftsByCase.load(c.caseId) : [];
    const editions = draft ? [] : await ctx.loaders.editionsByCase.load(c.caseId);
    // A draft's comment without the draft (none should be) reads against the latest edition.
    const edition =
      c.edition === null
        ? editions.find((e) => !e.isDraft)
        : editions.find((e) => !e.isDraft && e.edition === c.edition);
    return anchorInWords(draft?.document ?? edition?.document ?? null, c);
  }
}

@Resolver(() => Publication)
export class PublicationResolver {
  @FieldResolver(() => CaseStudy, { description: 'The case published.' })
  async caseStudy(@Root() p: Publication, @Ctx() ctx: Context): Promise<CaseStudy> {
    return (await ctx.loaders.caseById.load(p.caseId))!;
  }
}
