import {
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  scrypt as scryptCallback,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { DataSource, EntityManager } from 'typeorm';
import { limits } from '@casebook/schema';
import { addressGroup } from '../../common/address.js';
import { AppError, ErrorCode, problemsIn, RetryLaterError, type UserError } from '../../common/errors.js';
import { SIGN_IN_FORGET_SECONDS } from '../../common/forget.js';
import { isUuid } from '../../common/node.js';
import { AuditEvent } from '../audit/audit.entity.js';
import { mayHoldTokens, type Viewer } from './access.js';
import { ApiToken, AppUser, TokenScope, UserRole, UserSession } from './account.entity.js';
import { ChangePasswordArgs, CreateUserArgs, ResetPasswordArgs } from './account.inputs.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

/** How long a session lasts. */
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'casebook_session';
/** The cookie that marks a browser which has signed in to an account before (a known device). */
export const DEVICE_COOKIE = 'casebook_device';
/** How long a device cookie is honoured after the sign-in that issued it. */
export const DEVICE_DAYS = 365;

/**
 * One kind of sign-in counter: failures allowed without delay (`free`); from the `free`-th failure
 * on, the next attempt must wait `firstDelaySeconds` after the last failure, doubled for each
 * further failure, up to `maxDelaySeconds`.
 */
export interface SignInRule {
  free: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * The sign-in limits (docs/API.md, docs/DEPLOYMENT.md). A browser without the account's device
 * cookie counts against the account (`account`) and against its address (`address`, every
 * failure from one address, or one IPv6 /64, whichever account it names). A browser that carries
 * the cookie counts against its own cookie (`device`) only, so neither a stranger's failures nor
 * those of a neighbour behind the same NAT hold back the owner's known browser. `session` counts
 * wrong current passwords given to changePassword in one session.
 */
export const SIGN_IN_LIMITS = {
  account: { free: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600 },
  device: { free: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600 },
  address: { free: 30, firstDelaySeconds: 60, maxDelaySeconds: 3600 },
  session: { free: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600 },
} as const satisfies Record<string, SignInRule>;
/**
 * An attempt in progress counts as a failure for at most this long: one that an instance never
 * ended (it stopped while checking the password) lapses then.
 */
export const SIGN_IN_ATTEMPT_SECONDS = 60;
export const SIGN_IN_FAILURES_PER_ACCOUNT = SIGN_IN_LIMITS.account.free;
export const SIGN_IN_FAILURES_PER_ADDRESS = SIGN_IN_LIMITS.address.free;

/** The seconds the next attempt must wait after the last of `failures` failures. */
export function signInDelay(failures: number, rule: SignInRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxDelaySeconds, rule.firstDelaySeconds * 2 ** (failures - rule.free));
}

/** The counter key of an account, by its email as typed (unknown emails are counted too). */
export function signInAccountKey(email: string): string {
  // No account has an address longer than the limit; cut there, the counter's key fits its index.
  return `signin:account:${email.trim().toLowerCase().slice(0, limits.email.max)}`;
}

/**
 * The counter key of a known device: the account's id, then the cookie's nonce, so clearing an
 * account's limit can find the counters of all its browsers.
 */
export function signInDeviceKey(userId: string, nonce: string): string {
  return `signin:device:${userId}:${nonce}`;
}

/** The advisory lock of a counter: 64 bits of the SHA-256 of its key. */
const lockOf = (key: string): bigint => createHash('sha256').update(key).digest().readBigInt64BE(0);

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

  private secret: Promise<Buffer> | undefined;

  /**
   * The key that signs device cookies: kept in `server_secret`, made by the first instance that
   * needs it (the insert does nothing if another instance got there first), so all agree.
   */
  private deviceSecret(): Promise<Buffer> {
    this.secret ??= (async () => {
      await this.dataSource.query(
        `INSERT INTO "server_secret" ("name", "value") VALUES ('device-cookie', $1) ON CONFLICT ("name") DO NOTHING`,
        [randomBytes(32).toString('base64url')],
      );
      const [row] = (await this.dataSource.query(
        `SELECT "value" FROM "server_secret" WHERE "name" = 'device-cookie'`,
      )) as { value: string }[];
      return Buffer.from(row!.value, 'base64url');
    })().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  /**
   * The signature of a device cookie's `body` for `user`: over the body and the account's stored
   * password hash, so a new password (changed or reset, each hashed with a new salt) ends every
   * device cookie issued before it.
   */
  private async mac(body: string, user: Pick<AppUser, 'passwordHash'>): Promise<string> {
    return createHmac('sha256', await this.deviceSecret())
      .update(`${body}.${user.passwordHash}`)
      .digest('base64url');
  }

  /** A new device cookie for `user`: `userId.nonce.issuedSeconds.hmac`. */
  async issueDevice(user: Pick<AppUser, 'id' | 'passwordHash'>): Promise<string> {
    const body = `${user.id}.${randomBytes(16).toString('base64url')}.${Math.floor(Date.now() / 1000)}`;
    return `${body}.${await this.mac(body, user)}`;
  }

  /**
   * The nonce of a device cookie that this server signed for `user` since its password was last
   * set, and that has not expired; else null.
   */
  async knownDevice(cookie: string | undefined, user: Pick<AppUser, 'id' | 'passwordHash'>): Promise<string | null> {
    const parts = (cookie ?? '').split('.');
    if (parts.length !== 4) return null;
    const [id, nonce, issued, mac] = parts as [string, string, string, string];
    if (id !== user.id || !/^\d+$/.test(issued)) return null;
    const expected = Buffer.from(await this.mac(`${id}.${nonce}.${issued}`, user));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return Date.now() / 1000 - Number(issued) <= DEVICE_DAYS * 86400 ? nonce : null;
  }

  /**
   * How many seconds the next attempt must wait under the counters `checks` (0: none holds it
   * back). An attempt in progress counts as a failure at the time it began. The age of each
   * counter is read on the database's clock, so instances agree.
   */
  async signInWait(
    checks: [key: string, rule: SignInRule][],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const rows = (await manager.query(
      `SELECT k AS "key", coalesce(f."failures", 0) + coalesce(a."pending", 0) AS "failures",
              extract(epoch FROM now() - greatest(f."last_failure_at", a."started_at"))::float8 AS "age"
       FROM unnest($1::text[]) AS k
       LEFT JOIN "sign_in_failure" f ON f."key" = k AND f."last_failure_at" > now() - make_interval(secs => $2)
       LEFT JOIN (
         SELECT "key", count(*)::int AS "pending", max("started_at") AS "started_at" FROM "sign_in_attempt"
         WHERE "key" = ANY($1) AND "started_at" > now() - make_interval(secs => $3) GROUP BY "key"
       ) a ON a."key" = k`,
      [checks.map(([key]) => key), SIGN_IN_FORGET_SECONDS, SIGN_IN_ATTEMPT_SECONDS],
    )) as { key: string; failures: number; age: number | null }[];
    let wait = 0;
    for (const row of rows) {
      if (row.age === null) continue;
      const delay = signInDelay(row.failures, checks.find(([key]) => key === row.key)![1]);
      // Below the free attempts nothing waits. An attempt begun while this one waited for the
      // counter's lock started after this transaction's clock, so an age can be negative.
      if (delay > 0) wait = Math.max(wait, Math.ceil(delay - Math.max(0, row.age)));
    }
    return wait;
  }

  /**
   * Checks one attempt against the counters `checks` and, when none holds it back, records it as
   * in progress, in one step: under a lock on each counter, taken in one order by every instance,
   * so two attempts never wait on each other. Until `endAttempt`, it counts as a failure, so
   * attempts sent all at once cannot all pass the check before any has failed. Returns the
   * attempt, or the seconds to wait.
   */
  async beginAttempt(checks: [key: string, rule: SignInRule][]): Promise<{ attempt: string } | { wait: number }> {
    const keys = checks.map(([key]) => key);
    const locks = [...new Set(keys.map(lockOf))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.dataSource.transaction(async (manager) => {
      for (const lock of locks) await manager.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [lock.toString()]);
      const wait = await this.signInWait(checks, manager);
      if (wait > 0) return { wait };
      const attempt = randomUUID();
      await manager.query(
        `WITH "lapsed" AS (DELETE FROM "sign_in_attempt" WHERE "started_at" < now() - make_interval(secs => $3))
         INSERT INTO "sign_in_attempt" ("id", "key") SELECT $1, k FROM unnest($2::text[]) AS k`,
        [attempt, keys, SIGN_IN_ATTEMPT_SECONDS],
      );
      return { attempt };
    });
  }

  /**
   * Ends an attempt begun with `beginAttempt`; when it failed, one failure is counted on each of
   * `failed` first, in the same transaction, so at no moment does it count for nothing.
   */
  async endAttempt(attempt: string, failed: string[], manager?: EntityManager): Promise<void> {
    if (!manager) return this.dataSource.transaction((m) => this.endAttempt(attempt, failed, m));
    if (failed.length) await this.recordSignInFailure(failed, manager);
    await manager.query(`DELETE FROM "sign_in_attempt" WHERE "id" = $1`, [attempt]);
  }

  /**
   * Counts one failure on each counter of `keys`, in one statement; a forgotten counter starts
   * again at 1, and the forgotten counters of other keys are deleted on the way.
   */
  async recordSignInFailure(keys: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `WITH "forgotten" AS (
         DELETE FROM "sign_in_failure"
         WHERE "last_failure_at" < now() - make_interval(secs => $2) AND "key" <> ALL($1::text[])
       )
       INSERT INTO "sign_in_failure" ("key", "failures", "last_failure_at")
       SELECT k, 1, now() FROM unnest($1::text[]) AS k
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN "sign_in_failure"."last_failure_at" < now() - make_interval(secs => $2) THEN 1
                           ELSE "sign_in_failure"."failures" + 1 END,
         "last_failure_at" = now()`,
      [keys, SIGN_IN_FORGET_SECONDS],
    );
  }

  /**
   * Clears the sign-in failures of the account with `email`, those counted against its email and
   * those of its known browsers (an admin's act, or a password reset). True when some were counted.
   */
  async clearSignInLimit(email: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [, count] = (await manager.query(
      `DELETE FROM "sign_in_failure" WHERE "key" = $1 OR EXISTS (
         SELECT 1 FROM "app_user" WHERE lower("email") = lower($2) AND starts_with("key", 'signin:device:' || "id" || ':'))`,
      [signInAccountKey(email), email.trim()],
    )) as [unknown, number];
    return count > 0;
  }

  /** The account with this email (any case), if there is one. */
  userByEmail(email: string): Promise<AppUser | null> {
    return this.dataSource
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
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

  /**
   * Signs in. Refuses over the limits (top-level RATE_LIMITED with the seconds to wait): a browser
   * that carries this account's device cookie (`device`) by its own cookie's failures only; any
   * other by the failures of the account and of its address (`address`, null when unknown). Wrong
   * credentials are a user error and count one failure on the counters that were checked. A
   * success clears the account's (and the device's) failures, ends no other session, and comes
   * with a fresh device cookie.
   */
  async signIn(
    email: string,
    password: string,
    address: string | null,
    device?: string,
  ): Promise<{ user: AppUser; token: string; expiresAt: Date; device: string } | { problems: UserError[] }> {
    const account = signInAccountKey(email);
    const user = await this.userByEmail(email);
    const nonce = user ? await this.knownDevice(device, user) : null;
    const checks: [string, SignInRule][] =
      user && nonce
        ? [[signInDeviceKey(user.id, nonce), SIGN_IN_LIMITS.device]]
        : [
            [`signin:address:${addressGroup(address)}`, SIGN_IN_LIMITS.address],
            [account, SIGN_IN_LIMITS.account],
          ];
    const begun = await this.beginAttempt(checks);
    if ('wait' in begun)
      throw new RetryLaterError(
        `Too many failed sign-ins for this account or from this address. Try again in ${begun.wait} seconds.`,
        begun.wait,
      );
    // An unknown email costs the same scrypt work as a wrong password, so timing does not tell them apart.
    const ok =
      (await verifyPassword(password, user?.passwordHash ?? (await dummyHash()))) && user !== null && !user.disabled;
    if (!ok || !user) {
      await this.endAttempt(
        begun.attempt,
        checks.map(([key]) => key),
      );
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
    await this.dataSource.transaction(async (manager) => {
      await this.endAttempt(begun.attempt, [], manager);
      await manager.query(`DELETE FROM "sign_in_failure" WHERE "key" = ANY($1)`, [
        [account, ...(nonce ? [signInDeviceKey(user.id, nonce)] : [])],
      ]);
      await manager.getRepository(UserSession).insert({ tokenHash: sha256(token), userId: user.id, expiresAt });
    });
    return { user, token, expiresAt, device: await this.issueDevice(user) };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(UserSession).delete({ id: sessionId });
  }

  /** The live sessions of an account, newest first. */
  sessions(userId: string): Promise<UserSession[]> {
    return this.dataSource
      .getRepository(UserSession)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.expires_at > now()', { userId })
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id')
      .getMany();
  }

  /**
   * Ends sessions of the account `userId` other than `currentId`: the one with `id`, or, without
   * it, every other. The current session is ended by signing out, not here (a BAD_USER_INPUT
   * problem). Returns how many ended.
   */
  async endSessions(
    userId: string,
    currentId: string,
    id: string | null,
    audit: (ended: number, manager: EntityManager) => Promise<void>,
  ): Promise<{ ended: number; problems: UserError[] }> {
    if (id !== null && id === currentId)
      return {
        ended: 0,
        problems: [
          { field: 'id', code: ErrorCode.BAD_USER_INPUT, message: 'This is the session in use; sign out to end it.' },
        ],
      };
    if (id !== null && !isUuid(id))
      return { ended: 0, problems: [{ field: 'id', code: ErrorCode.NOT_FOUND, message: 'There is no such session.' }] };
    return this.dataSource.transaction(async (manager) => {
      const [, ended] = (await manager.query(
        id === null
          ? `DELETE FROM "user_session" WHERE "user_id" = $1 AND "id" <> $2`
          : `DELETE FROM "user_session" WHERE "user_id" = $1 AND "id" <> $2 AND "id" = $3`,
        id === null ? [userId, currentId] : [userId, currentId, id],
      )) as [unknown, number];
      if (id !== null && ended === 0)
        return {
          ended,
          problems: [{ field: 'id', code: ErrorCode.NOT_FOUND, message: 'There is no such session.' }],
        };
      await audit(ended, manager);
      return { ended, problems: [] };
    });
  }

  /**
   * Changes the password of `user`, signed in with session `sessionId`, after checking the current
   * one; every other session of the account ends, in the same transaction. A wrong current
   * password counts against the session (SIGN_IN_LIMITS.session), so a session left open does not
   * allow guessing the password at speed. The browser that made the change goes on in a new
   * session (`session`: the old one ends with the others, so its cookie, wherever a copy of it is,
   * no longer works) with a new device cookie (`device`): those issued before no longer count.
   */
  async changePassword(
    user: AppUser,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
    audit: (ended: number, manager: EntityManager) => Promise<void>,
  ): Promise<{
    ended: number;
    problems: UserError[];
    session?: { id: string; token: string; expiresAt: Date };
    device?: string;
  }> {
    const key = `password:session:${sessionId}`;
    const begun = await this.beginAttempt([[key, SIGN_IN_LIMITS.session]]);
    if ('wait' in begun)
      throw new RetryLaterError(
        `Too many wrong passwords in this session. Try again in ${begun.wait} seconds.`,
        begun.wait,
      );
    const { attempt } = begun;
    const problems = problemsIn(Object.assign(new ChangePasswordArgs(), { currentPassword, newPassword }));
    if (problems.length) {
      await this.endAttempt(attempt, []);
      return { ended: 0, problems };
    }
    const fresh = await this.dataSource.getRepository(AppUser).findOneBy({ id: user.id });
    if (!fresh || !(await verifyPassword(currentPassword, fresh.passwordHash))) {
      await this.endAttempt(attempt, [key]);
      return {
        ended: 0,
        problems: [
          {
            field: 'currentPassword',
            code: ErrorCode.INVALID_CREDENTIALS,
            message: 'That is not your current password.',
          },
        ],
      };
    }
    if (newPassword === currentPassword) {
      await this.endAttempt(attempt, []);
      return {
        ended: 0,
        problems: [
          {
            field: 'newPassword',
            code: ErrorCode.BAD_USER_INPUT,
            message: 'Choose a password other than the current one.',
          },
        ],
      };
    }
    const hash = await hashPassword(newPassword);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    const { ended, id } = await this.dataSource.transaction(async (manager) => {
      await this.endAttempt(attempt, [], manager);
      await manager.getRepository(AppUser).update({ id: user.id }, { passwordHash: hash });
      await manager.query(`DELETE FROM "sign_in_failure" WHERE "key" = $1`, [key]);
      const [, others] = (await manager.query(`DELETE FROM "user_session" WHERE "user_id" = $1 AND "id" <> $2`, [
        user.id,
        sessionId,
      ])) as [unknown, number];
      await manager.query(`DELETE FROM "user_session" WHERE "id" = $1`, [sessionId]);
      const inserted = await manager
        .getRepository(UserSession)
        .insert({ tokenHash: sha256(token), userId: user.id, expiresAt });
      await audit(others, manager);
      return { ended: others, id: (inserted.identifiers[0] as { id: string }).id };
    });
    return {
      ended,
      problems: [],
      session: { id, token, expiresAt },
      device: await this.issueDevice({ id: user.id, passwordHash: hash }),
    };
  }

  /**
   * An admin's reset of the password of account `id`: to `password`, or to a generated one
   * (returned, to be shown once). Every session of the account ends and its sign-in failures are
   * cleared, in one transaction with `audit`; its device cookies no longer count.
   */
  async resetPassword(
    id: string,
    password: string | null | undefined,
    audit: (user: AppUser, ended: number, manager: EntityManager) => Promise<void>,
  ): Promise<{ user: AppUser; password: string; ended: number } | { problems: UserError[] }> {
    const problems = problemsIn(Object.assign(new ResetPasswordArgs(), { id, password: password ?? undefined }));
    if (problems.length) return { problems };
    const user = isUuid(id) ? await this.dataSource.getRepository(AppUser).findOneBy({ id }) : null;
    if (!user) return { problems: [{ field: 'id', code: ErrorCode.NOT_FOUND, message: 'There is no such account.' }] };
    const chosen = password ?? randomBytes(12).toString('base64url');
    const hash = await hashPassword(chosen);
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(AppUser).update({ id: user.id }, { passwordHash: hash });
      const [, ended] = (await manager.query(`DELETE FROM "user_session" WHERE "user_id" = $1`, [user.id])) as [
        unknown,
        number,
      ];
      await this.clearSignInLimit(user.email, manager);
      await audit(user, ended, manager);
      return { user, password: chosen, ended };
    });
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
