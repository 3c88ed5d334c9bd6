import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { ErrorCode, UserError } from '../../common/errors.js';
import { viewerLabel } from '../../common/auth.js';
import { limits } from '@casebook/schema';
import { isUuid } from '../../common/node.js';
import { ApiToken, AppUser, TokenScope, UserRole } from './account.entity.js';
import { SESSION_COOKIE, SESSION_HOURS } from './account.service.js';

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

  @Field(() => String, { nullable: true, description: 'The secret to send as `Authorization: Bearer …`. It is not stored and cannot be shown again.' })
  secret: string | null;

  @Field(() => [UserError], { description: 'Problems with the input.' })
  userErrors: UserError[];
}

const problem = (field: string, message: string): UserError => ({ field, code: ErrorCode.BAD_USER_INPUT, message });

@Resolver()
export class AccountResolver {
  @Query(() => AppUser, { nullable: true, description: 'The signed-in account; null when signed out or using an API token.' })
  viewer(@Ctx() ctx: Context): AppUser | null {
    return ctx.viewer.kind === 'user' ? ctx.viewer.user : null;
  }

  @Mutation(() => SignInPayload, { description: 'Signs in with email and password, setting a session cookie. Limited per account and per address (RATE_LIMITED).' })
  async signIn(@Arg('email', () => String, { description: 'The account\'s email address.' }) email: string, @Arg('password', () => String, { description: 'The password.' }) password: string, @Ctx() ctx: Context): Promise<SignInPayload> {
    const actor = { viewer: ctx.viewer, address: ctx.address };
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
    ctx.res?.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: '/', maxAge: SESSION_HOURS * 3600_000 });
    await ctx.services.audit.record({ viewer: { kind: 'user', user: result.user, sessionId: '' }, address: ctx.address }, 'signIn', 'ok', email);
    return { user: result.user, expiresAt: result.expiresAt, userErrors: [] };
  }

  @Mutation(() => Boolean, { description: 'Ends the session and clears its cookie. True when a session ended.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    ctx.res?.clearCookie(SESSION_COOKIE, { path: '/' });
    if (ctx.viewer.kind !== 'user') return false;
    await ctx.services.accounts.signOut(ctx.viewer.sessionId);
    await ctx.services.audit.record({ viewer: ctx.viewer, address: ctx.address }, 'signOut', 'ok', ctx.viewer.user.email);
    return true;
  }

  @Query(() => [AppUser], { description: 'Every account (admins).' })
  async users(@Ctx() ctx: Context): Promise<AppUser[]> {
    await ctx.require('admin', 'users');
    return ctx.dataSource.getRepository(AppUser).find({ order: { email: 'ASC' } });
  }

  @Mutation(() => UserPayload, { description: 'Makes an account (admins). Without a password, one is generated and returned once.' })
  async createUser(
    @Arg('email', () => String, { description: 'The account\'s email address.' }) email: string,
    @Arg('role', () => UserRole, { description: 'The role.' }) role: UserRole,
    @Arg('name', () => String, { nullable: true, description: 'A display name (users) or what the token is for (tokens).' }) name: string | null,
    @Arg('password', () => String, { nullable: true, description: 'The password.' }) password: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserPayload> {
    await ctx.require('admin', 'createUser');
    const result = await ctx.services.accounts.createUser({ email, role, name: name ?? undefined, password: password ?? undefined });
    if ('problems' in result) return { user: null, generatedPassword: null, userErrors: result.problems };
    await ctx.services.audit.record({ viewer: ctx.viewer, address: ctx.address }, 'createUser', 'ok', email, role);
    return { user: result.user, generatedPassword: password ? null : result.password, userErrors: [] };
  }

  @Mutation(() => UserPayload, { description: "Changes an account's role or disables it (admins)." })
  async updateUser(
    @Arg('id', () => ID, { description: 'The identifier.' }) id: string,
    @Arg('role', () => UserRole, { nullable: true, description: 'The role.' }) role: UserRole | null,
    @Arg('disabled', () => Boolean, { nullable: true, description: 'True to disable the account (its sessions end), false to enable it.' }) disabled: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<UserPayload> {
    await ctx.require('admin', 'updateUser');
    const repo = ctx.dataSource.getRepository(AppUser);
    const user = isUuid(id) ? await repo.findOneBy({ id }) : null;
    if (!user) return { user: null, generatedPassword: null, userErrors: [{ field: 'id', code: ErrorCode.NOT_FOUND, message: 'There is no such account.' }] };
    if (ctx.viewer.kind === 'user' && ctx.viewer.user.id === id && (disabled || (role && role !== UserRole.ADMIN))) {
      return { user, generatedPassword: null, userErrors: [problem('id', 'You cannot disable your own account or remove your own admin role.')] };
    }
    if (role) user.role = role;
    if (disabled !== null && disabled !== undefined) user.disabled = disabled;
    await repo.save(user);
    if (user.disabled) await ctx.dataSource.query(`DELETE FROM "user_session" WHERE "user_id" = $1`, [user.id]);
    await ctx.services.audit.record({ viewer: ctx.viewer, address: ctx.address }, 'updateUser', 'ok', user.email, `${user.role}${user.disabled ? ', disabled' : ''}`);
    return { user, generatedPassword: null, userErrors: [] };
  }

  @Query(() => [ApiToken], { description: 'Every API token (admins). Secrets are never shown again.' })
  async apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    await ctx.require('admin', 'apiTokens');
    return ctx.dataSource.getRepository(ApiToken).find({ order: { createdAt: 'DESC' } });
  }

  @Mutation(() => CreateApiTokenPayload, { description: 'Makes an API token (admins). The secret is in the answer only.' })
  async createApiToken(
    @Arg('name', () => String, { description: 'A display name (users) or what the token is for (tokens).' }) name: string,
    @Arg('scope', () => TokenScope, { description: 'READ, or WRITE to edit drafts as well.' }) scope: TokenScope,
    @Arg('expiresInDays', () => Int, { description: 'Days until it stops working (1 to 366).' }) expiresInDays: number,
    @Ctx() ctx: Context,
  ): Promise<CreateApiTokenPayload> {
    await ctx.require('admin', 'createApiToken');
    const errors: UserError[] = [];
    if (!name.trim() || name.length > limits.tokenName.max) errors.push(problem('name', `Give the token a name of up to ${limits.tokenName.max} characters.`));
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 366) errors.push(problem('expiresInDays', 'A token lasts from 1 to 366 days.'));
    if (errors.length) return { token: null, secret: null, userErrors: errors };
    const { token, secret } = await ctx.services.accounts.createToken({ name: name.trim(), scope, expiresInDays, createdBy: ctx.viewer.kind === 'user' ? ctx.viewer.user.id : null });
    await ctx.services.audit.record({ viewer: ctx.viewer, address: ctx.address }, 'createApiToken', 'ok', token.name, scope);
    return { token, secret, userErrors: [] };
  }

  @Mutation(() => ApiToken, { nullable: true, description: 'Revokes an API token (admins); null when there is no such token.' })
  async revokeApiToken(@Arg('id', () => ID, { description: 'The identifier.' }) id: string, @Ctx() ctx: Context): Promise<ApiToken | null> {
    await ctx.require('admin', 'revokeApiToken');
    const token = await ctx.services.accounts.revokeToken(id);
    if (token) await ctx.services.audit.record({ viewer: ctx.viewer, address: ctx.address }, 'revokeApiToken', 'ok', token.name, viewerLabel(ctx.viewer));
    return token;
  }
}
