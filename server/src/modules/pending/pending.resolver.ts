import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import { InvalidArgsInPayload, UserError } from '../../common/errors.js';
import type { Context } from '../context.js';
import { PendingChange } from './pending.entity.js';

@ObjectType({ description: "The result of keeping a form's unsaved input." })
class KeepPendingChangePayload {
  @Field(() => PendingChange, { nullable: true, description: 'What is kept now.' })
  pendingChange: PendingChange | null;

  @Field(() => [UserError], { description: 'Problems with the input; nothing was kept.' })
  userErrors: UserError[];
}

@ObjectType({ description: "The result of discarding a form's kept input." })
class DiscardPendingChangePayload {
  @Field(() => Boolean, { description: 'True when there was kept input, and it is gone.' })
  discarded: boolean;

  @Field(() => [UserError], { description: 'Problems with the input.' })
  userErrors: UserError[];
}

@Resolver(() => PendingChange)
export class PendingChangeResolver {
  @Query(() => [PendingChange], {
    description:
      "The signed-in editor's own unsaved input in a case's draft, form by form, the latest first (editors; none for a token, nor anyone else's).",
  })
  @Authorized<Capability>('editDrafts')
  pendingChanges(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Ctx() ctx: Context,
  ): Promise<PendingChange[]> {
    return ctx.services.pendingChanges.mine(ctx.viewer, slug);
  }

  @Mutation(() => KeepPendingChangePayload, {
    description:
      "Keeps what the signed-in editor has typed in one open form (editors): for them alone, never a revision, never part of the draft; the same form's next call replaces it.",
  })
  @Authorized<Capability>('editDrafts')
  @UseMiddleware(InvalidArgsInPayload())
  async keepPendingChange(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('form', () => String, { description: 'Which form, as the app names it.' }) form: string,
    @Arg('label', () => String, { description: 'What the form is about, in words.' }) label: string,
    @Arg('state', () => GraphQLJSONObject, {
      description: "The form's state, as the app will restore it.",
      validate: false,
    })
    state: Record<string, unknown>,
    @Ctx() ctx: Context,
  ): Promise<KeepPendingChangePayload> {
    return ctx.services.pendingChanges.keep(ctx.viewer, { slug, form, label, state });
  }

  @Mutation(() => DiscardPendingChangePayload, {
    description: "Drops the signed-in editor's kept input of one form: it was saved, or they let it go (editors).",
  })
  @Authorized<Capability>('editDrafts')
  async discardPendingChange(
    @Arg('slug', () => String, { description: 'The case slug, e.g. `finland`.' }) slug: string,
    @Arg('form', () => String, { description: 'Which form, as the app names it.' }) form: string,
    @Ctx() ctx: Context,
  ): Promise<DiscardPendingChangePayload> {
    return { discarded: await ctx.services.pendingChanges.discard(ctx.viewer, slug, form), userErrors: [] };
  }
}
