import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { limits } from '@casebook/schema';
import { AppError, ErrorCode, problemsIn, type UserError } from '../../common/errors.js';
import { isUuid } from '../../common/node.js';
import { AuditEvent } from '../audit/audit.entity.js';
import { mayHoldTokens, type Viewer } from './access.js';
import { ApiToken, AppUser, TokenScope, UserRole, UserSession } from './account.entity.js';
import { CreateUserArgs } from './account.inputs.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

/** How long a session lasts. */
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'casebook_session';
/** Sign-in limits: attempts per address, failures per account, in a 15-minute window. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = 30;
export const SIGN_IN_FAILURES_PER_ACCOUNT = 5;

const SCRYPT = { N: 16384, r: 8, p: 1 };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hashes a password with scrypt and a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 64, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, to check against when the email is unknown. */
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')));
export const MIN_PASSWORD = limits.password.min;

/** Accounts, sessions, API tokens and sign-in limits, all kept in PostgreSQL. */
export class AccountService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one event against a limit in a fixed window, in one statement, so that several server
   * processes share the count. Returns the count including this event.
   */
  async hit(key: string, windowSeconds: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO "rate_limit" ("key", "window_start", "count") VALUES ($1, now(), 1)
       ON CONFLICT ("key") DO UPDATE SET
         "count" = CASE WHEN "rate_limit"."window_start" < now() - make_interval(secs => $2) THEN 1 ELSE "rate_limit"."count" + 1 END,
         "window_start" = CASE WHEN "rate_limit"."window_start" < now() - make_interval(secs => $2) THEN now() ELSE "rate_limit"."window_start" END
       RETURNING "count"`,
      [key, windowSeconds],
    )) as { count: number }[];
    return row!.count;
  }

  private async count(key: string, windowSeconds: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT "count" FROM "rate_limit" WHERE "key" = $1 AND "window_start" >= now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    )) as { count: number }[];
    return row?.count ?? 0;
  }

  /**
   * Makes an account; without a password, one is generated and returned (shown once). The fields
   * are checked by CreateUserArgs' rules: GraphQL has checked them already, the CLI has not.
   */
  async createUser(input: {
    email: string;
    role: UserRole;
    name?: string;
    password?: string;
  }): Promise<{ user: AppUser; password: string } | { problems: UserError[] }> {
    const problems = problemsIn(Object.assign(new CreateUserArgs(), input));
    const existing = await this.dataSource
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: input.email })
      .getOne();
    if (existing)
      problems.push({
        field: 'email',
        code: ErrorCode.CONFLICT,
        message: `There is already an account for ${input.email}.`,
      });
    if (problems.length) return { problems };
    const password = input.password ?? randomBytes(12).toString('base64url');
    const user = await this.dataSource.getRepository(AppUser).save({
      email: input.email.trim(),
      name: input.name ?? '',
      role: input.role,
      passwordHash: await hashPassword(password),
    });
    return { user, password };
  }

  /** Signs in: refuses over the limits (top-level RATE_LIMITED), wrong credentials as a user error. */
  async signIn(
    email: string,
    password: string,
    address: string,
  ): Promise<{ user: AppUser; token: string; expiresAt: Date } | { problems: UserError[] }> {
    // No account has an address longer than the limit; cut there, the counter's key fits its index.
    const account = `signin:account:${email.trim().toLowerCase().slice(0, limits.email.max)}`;
    const attempts = await this.hit(`signin:address:${address}`, SIGN_IN_WINDOW_SECONDS);
    if (
      attempts > SIGN_IN_ATTEMPTS_PER_ADDRESS ||
      (await this.count(account, SIGN_IN_WINDOW_SECONDS)) >= SIGN_IN_FAILURES_PER_ACCOUNT
    ) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many sign-in attempts. Wait 15 minutes and try again.');
    }
    const user = await this.dataSource
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    // An unknown email costs the same scrypt work as a wrong password, so timing does not tell them apart.
    const ok =
      (await verifyPassword(password, user?.passwordHash ?? (await dummyHash()))) && user !== null && !user.disabled;
    if (!ok || !user) {
      await this.hit(account, SIGN_IN_WINDOW_SECONDS);
      return {
        problems: [
          {
            field: null,
            code: ErrorCode.INVALID_CREDENTIALS,
            message: 'That email and password do not match an active account.',
          },
        ],
      };
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    await this.dataSource.getRepository(UserSession).insert({ tokenHash: sha256(token), userId: user.id, expiresAt });
    return { user, token, expiresAt };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(UserSession).delete({ id: sessionId });
  }

  /** The viewer a session cookie stands for, if the session is live and its account active. */
  async viewerFromSession(token: string): Promise<Viewer | undefined> {
    const session = await this.dataSource
      .getRepository(UserSession)
      .createQueryBuilder('s')
      .where('s.token_hash = :hash AND s.expires_at > now()', { hash: sha256(token) })
      .getOne();
    if (!session) return undefined;
    const user = await this.dataSource.getRepository(AppUser).findOneBy({ id: session.userId });
    return user && !user.disabled ? { kind: 'user', user, sessionId: session.id } : undefined;
  }

  /** Makes an API token; the secret is returned once and only its hash is kept. */
  async createToken(input: {
    name: string;
    scope: TokenScope;
    expiresInDays: number;
    createdBy: string | null;
  }): Promise<{ token: ApiToken; secret: string }> {
    const secret = `cbk_${randomBytes(32).toString('base64url')}`;
    const token = await this.dataSource.getRepository(ApiToken).save({
      name: input.name,
      scope: input.scope,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 10),
      createdBy: input.createdBy,
      expiresAt: new Date(Date.now() + input.expiresInDays * 86400_000),
    });
    return { token, secret };
  }

  /** Every account, by email. */
  users(): Promise<AppUser[]> {
    return this.dataSource.getRepository(AppUser).find({ order: { email: 'ASC' } });
  }

  /**
   * Changes an account's role or disables it (ending its sessions), on behalf of the admin
   * `actingUserId`, who may not disable their own account or give up their own admin role.
   */
  async updateUser(
    actingUserId: string | null,
    id: string,
    change: { role?: UserRole | null; disabled?: boolean | null },
  ): Promise<{ user: AppUser | null; problems: UserError[] }> {
    const repo = this.dataSource.getRepository(AppUser);
    const user = isUuid(id) ? await repo.findOneBy({ id }) : null;
    if (!user)
      return {
        user: null,
        problems: [{ field: 'id', code: ErrorCode.NOT_FOUND, message: 'There is no such account.' }],
      };
    if (actingUserId === id && (change.disabled || (change.role && change.role !== UserRole.ADMIN))) {
      return {
        user,
        problems: [
          {
            field: 'id',
            code: ErrorCode.BAD_USER_INPUT,
            message: 'You cannot disable your own account or remove your own admin role.',
          },
        ],
      };
    }
    if (change.role) user.role = change.role;
    if (change.disabled !== null && change.disabled !== undefined) user.disabled = change.disabled;
    await repo.save(user);
    if (user.disabled) await this.dataSource.query(`DELETE FROM "user_session" WHERE "user_id" = $1`, [user.id]);
    return { user, problems: [] };
  }

  /** Every API token, newest first. */
  apiTokens(): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ order: { createdAt: 'DESC' } });
  }

  async revokeToken(id: string): Promise<ApiToken | null> {
    const repo = this.dataSource.getRepository(ApiToken);
    const token = isUuid(id) ? await repo.findOneBy({ id }) : null;
    if (!token) return null;
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await repo.save(token);
    }
    return token;
  }

  /**
   * The viewer a bearer token stands for. A revoked, expired or unknown token is refused
   * (UNAUTHENTICATED), and so is one whose creator is disabled or no longer an admin. Last use is recorded to the minute. What a token may spend is its rate
   * budget, counted by the HTTP layer in memory, so checking a token costs no write.
   */
  async viewerFromToken(secret: string): Promise<Viewer> {
    const token = await this.dataSource.getRepository(ApiToken).findOneBy({ tokenHash: sha256(secret) });
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This API token is not known.');
    if (token.revokedAt) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This API token has been revoked.');
    if (token.expiresAt.getTime() <= Date.now())
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'This API token has expired.');
    // A token lives by its creator: checked on every use, so disabling or downgrading the account
    // ends its tokens at once, and enabling it again (as an admin) brings them back.
    if (token.createdBy !== null) {
      const creator = await this.dataSource.getRepository(AppUser).findOneBy({ id: token.createdBy });
      if (!creator || !mayHoldTokens(creator))
        throw new AppError(
          ErrorCode.UNAUTHENTICATED,
          'This API token no longer works: the account that made it is disabled or no longer an admin.',
        );
    }
    // Last use, and a line in the audit log, at most once a minute per token.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
      token.lastUsedAt = new Date();
      await this.dataSource.getRepository(ApiToken).update({ id: token.id }, { lastUsedAt: token.lastUsedAt });
      await this.dataSource.getRepository(AuditEvent).insert({
        action: 'token.use',
        outcome: 'ok',
        actorTokenId: token.id,
        actorLabel: `token:${token.name}`,
        target: token.scope,
      });
    }
    return { kind: 'token', token };
  }
}
