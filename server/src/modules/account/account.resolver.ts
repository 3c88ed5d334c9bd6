import {
  Arg,
  Ctx,
  Field,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Args,
  Authorized,
  FieldResolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import { UserError, InvalidArgsInPayload } from '../../common/errors.js';
import type { Context } from '../context.js';
import { auditActor, mayHoldTokens, viewerLabel, viewerUserId } from './access.js';
import { ApiToken, AppUser, TokenCreator, UserRole } from './account.entity.js';
import { CreateApiTokenArgs, CreateUserArgs } from './account.inputs.js';
import { SESSION_HOURS } from './account.service.js';

@ObjectType({ description: 'The result of signing in.' })
class SignInPayload {
  @Field(() => AppUser, { nullable: true, description: 'The signed-in account.' })
  user: AppUser | null;

  @Field(() => Date, { nullable: true, description: 'When the session ends.' })
  expiresAt: Date | null;

  @Field(() => [UserError], { description: 'Why it failed (INVALID_CREDENTIALS).' })
  userErrors: UserError[];
}

@ObjectType({ description: 'An account made or changed by an admin.' })
class UserPayload {
  @Field(() => AppUser, { nullable: true, description: 'The account.' })
  user: AppUser | null;

  @Field(() => String, { nullable: true, description: 'A generated password, shown this once when none was given.' })
  generatedPassword: string | null;

  @Field(() => [UserError], { description: 'Problems with the input.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'A new API token. The secret is shown only here.' })
class CreateApiTokenPayload {
  @Field(() => ApiToken, { nullable: true, description: 'The token record.' })
  token: ApiToken | null;

  @Field(() => String, {
    nullable: true,
    description: 'The secret to send as `Authorization: Bearer …`. It is not stored and cannot be shown again.',
  })
  secret: string | null;

  @Field(() => [UserError], { description: 'Problems with the input.' })
  userErrors: UserError[];
}

@Resolver()
export class AccountResolver {
  @Query(() => AppUser, {
    nullable: true,
    description: 'The signed-in account; null when signed out or using an API token.',
  })
  viewer(@Ctx() ctx: Context): AppUser | null {
    // Who is asking is different for every caller: never shared.
    ctx.privacy.markPrivate('viewer');
    return ctx.viewer.kind === 'user' ? ctx.viewer.user : null;
  }

  @Mutation(() => SignInPayload, {
    description:
      'Signs in with email and password, setting a session cookie. Limited per account and per address (RATE_LIMITED).',
  })
  async signIn(
    @Arg('email', () => String, { description: "The account's email address." }) email: string,
    @Arg('password', () => String, { description: 'The password.' }) password: string,
    @Ctx() ctx: Context,
  ): Promise<SignInPayload> {
    const actor = auditActor({ viewer: ctx.viewer, address: ctx.address });
    let result;
    try {
      result = await ctx.services.accounts.signIn(email, password, ctx.address ?? 'unknown');
    } catch (error) {
      await ctx.services.audit.record(actor, 'signIn', 'refused', email, 'rate limited');
      throw error;
    }
    if ('problems' in result) {
      await ctx.services.audit.record(actor, 'signIn', 'failed', email, 'wrong email or password');
      return { user: null, expiresAt: null, userErrors: result.problems };
    }
    ctx.session?.set(result.token, SESSION_HOURS * 3600_000);
    await ctx.services.audit.record(
      auditActor({ viewer: { kind: 'user', user: result.user, sessionId: '' }, address: ctx.address }),
      'signIn',
      'ok',
      email,
    );
    return { user: result.user, expiresAt: result.expiresAt, userErrors: [] };
  }

  @Mutation(() => Boolean, { description: 'Ends the session and clears its cookie. True when a session ended.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    ctx.session?.clear();
    if (ctx.viewer.kind !== 'user') return false;
    await ctx.services.accounts.signOut(ctx.viewer.sessionId);
    await ctx.services.audit.record(
      auditActor({ viewer: ctx.viewer, address: ctx.address }),
      'signOut',
      'ok',
      ctx.viewer.user.email,
    );
    return true;
  }

  @Query(() => [AppUser], { description: 'Every account (admins).' })
  @Authorized<Capability>('admin')
  async users(@Ctx() ctx: Context): Promise<AppUser[]> {
    return ctx.services.accounts.users();
  }

  @Mutation(() => UserPayload, {
    description: 'Makes an account (admins). Without a password, one is generated and returned once.',
  })
  @Authorized<Capability>('admin')
  @UseMiddleware(InvalidArgsInPayload())
  async createUser(@Args() { email, role, name, password }: CreateUserArgs, @Ctx() ctx: Context): Promise<UserPayload> {
    const result = await ctx.services.accounts.createUser({
      email,
      role,
      name: name ?? undefined,
      password: password ?? undefined,
    });
    if ('problems' in result) return { user: null, generatedPassword: null, userErrors: result.problems };
    await ctx.services.audit.record(
      auditActor({ viewer: ctx.viewer, address: ctx.address }),
      'createUser',
      'ok',
      email,
      role,
    );
    return { user: result.user, generatedPassword: password ? null : result.password, userErrors: [] };
  }

  @Mutation(() => UserPayload, { description: "Changes an account's role or disables it (admins)." })
  @Authorized<Capability>('admin')
  async updateUser(
    @Arg('id', () => ID, { description: 'The identifier.' }) id: string,
    @Arg('role', () => UserRole, { nullable: true, description: 'The role.' }) role: UserRole | null,
    @Arg('disabled', () => Boolean, {
      nullable: true,
      description: 'True to disable the account (its sessions end), false to enable it.',
    })
    disabled: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<UserPayload> {
    const { user, problems } = await ctx.services.accounts.updateUser(viewerUserId(ctx.viewer), id, { role, disabled });
    if (!user || problems.length) return { user, generatedPassword: null, userErrors: problems };
    await ctx.services.audit.record(
      auditActor({ viewer: ctx.viewer, address: ctx.address }),
      'updateUser',
      'ok',
      user.email,
      `${user.role}${user.disabled ? ', disabled' : ''}`,
    );
    return { user, generatedPassword: null, userErrors: [] };
  }

  @Query(() => [ApiToken], { description: 'Every API token (admins). Secrets are never shown again.' })
  @Authorized<Capability>('admin')
  async apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return ctx.services.accounts.apiTokens();
  }

  @Mutation(() => CreateApiTokenPayload, {
    description: 'Makes an API token (admins). The secret is in the answer only.',
  })
  @Authorized<Capability>('admin')
  @UseMiddleware(InvalidArgsInPayload())
  async createApiToken(
    @Args() { name, scope, expiresInDays }: CreateApiTokenArgs,
    @Ctx() ctx: Context,
  ): Promise<CreateApiTokenPayload> {
    const { token, secret } = await ctx.services.accounts.createToken({
      name: name.trim(),
      scope,
      expiresInDays,
      createdBy: ctx.viewer.kind === 'user' ? ctx.viewer.user.id : null,
    });
    await ctx.services.audit.record(
      auditActor({ viewer: ctx.viewer, address: ctx.address }),
      'createApiToken',
      'ok',
      token.name,
      scope,
    );
    return { token, secret, userErrors: [] };
  }

  @Mutation(() => ApiToken, {
    nullable: true,
    description: 'Revokes an API token (admins); null when there is no such token.',
  })
  @Authorized<Capability>('admin')
  async revokeApiToken(
    @Arg('id', () => ID, { description: 'The identifier.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ApiToken | null> {
    const token = await ctx.services.accounts.revokeToken(id);
    if (token)
      await ctx.services.audit.record(
        auditActor({ viewer: ctx.viewer, address: ctx.address }),
        'revokeApiToken',
        'ok',
        token.name,
        viewerLabel(ctx.viewer),
      );
    return token;
  }
}

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @FieldResolver(() => TokenCreator, {
    nullable: true,
    description:
      'Who made the token; null when it was made from the command line. It works only while they are an active admin.',
  })
  async createdBy(@Root() token: ApiToken, @Ctx() ctx: Context): Promise<TokenCreator | null> {
    if (!token.createdBy) return null;
    const user = await ctx.loaders.userById.load(token.createdBy);
    return user ? { id: user.id, name: user.name.trim() || user.email, active: mayHoldTokens(user) } : null;
  }
}
