import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, HTTPGraphQLHead } from '@apollo/server';
import type { Request, Response } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { addressGroup } from '../common/address.js';
import { ErrorCode } from '../common/errors.js';
import type { Viewer } from '../modules/account/access.js';
import type { AccountService } from '../modules/account/account.service.js';
import { sessionTokenOf } from './context.js';
import type { HttpContext } from './http-context.js';
import { QUERY_LIMITS } from './query-limits.js';
import type { BudgetKind, BudgetStanding, Caller, RateBudgets, RequestBudget } from './rate-budget.js';

/** The numbers of `extensions.rateLimit`, as GitHub's `rateLimit { cost remaining resetAt }`. */
export interface RateLimitExtension {
  cost: number;
  limit: number;
  remaining: number;
  resetAt: string;
}

/** How long the account behind a session cookie is remembered for charging cached answers. */
const SESSION_MEMORY_MS = 60_000;

/** The budget key of a client address: IPv6 by its /64 (addressGroup). */
export function addressKey(address: string | null | undefined): string {
  return `address:${addressGroup(address)}`;
}

/** The caller a viewer is charged as: its token, its account, or else its address. */
export function callerOf(viewer: Viewer, address: string | null): Caller {
  if (viewer.kind === 'token') return { kind: 'token', key: `token:${viewer.token.id}` };
  if (viewer.kind === 'user') return { kind: 'account', key: `account:${viewer.user.id}` };
  return { kind: 'address', key: addressKey(address) };
}

const WHO: Record<BudgetKind, [string, string]> = {
  address: ['This address', 'this address'],
  account: ['Your account', 'your account'],
  token: ['This API token', 'this API token'],
};

/**
 * Where a top-level member can be inserted into the JSON object `text` (which has no `extensions`
 * member): before its closing brace, as an index into the text (`at`) and into its UTF-8 bytes
 * (`byteAt`; what follows is the brace and white space, so the two differ by the bytes before it);
 * `comma` when the object has members. Null when the text is not an object.
 */
export function jsonInsertionPoint(text: string): { at: number; byteAt: number; comma: boolean } | null {
  const isSpace = (i: number) => /\s/.test(text[i] ?? '');
  let end = text.length - 1;
  while (end >= 0 && isSpace(end)) end -= 1;
  if (end < 1 || text[end] !== '}' || text[0] !== '{') return null;
  let before = end - 1;
  while (before >= 0 && isSpace(before)) before -= 1;
  return { at: end, byteAt: Buffer.byteLength(text) - (text.length - end), comma: text[before] !== '{' };
}

/** The text to insert at `jsonInsertionPoint` for `extensions.rateLimit`. */
export function extensionsMember(rateLimit: RateLimitExtension, comma: boolean): string {
  return `${comma ? ',' : ''}"extensions":${JSON.stringify({ rateLimit })}`;
}

/**
 * Budgets per caller over time, for the HTTP layer: who a request is charged to, what it costs,
 * the refusal when the budget is spent (429, RATE_LIMITED, Retry-After), and the numbers every
 * answer carries: the RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers
 * and `extensions.rateLimit` in the body.
 */
export class RateLimiter {
  /** sha256 of a session cookie → the account it stands for (null: no live session). */
  private readonly sessions = new LRUCache<string, { account: string | null }>({
    max: 10_000,
    ttl: SESSION_MEMORY_MS,
  });

  constructor(
    readonly budgets: RateBudgets,
    private readonly accounts: AccountService,
  ) {}

  /**
   * The caller of a request that carries no Authorization header, as the response cache needs it
   * before answering: its account when its session cookie is live (remembered for a minute, so a
   * cached answer costs no database round trip), otherwise its address.
   */
  async callerOfRequest(req: Request): Promise<Caller> {
    const address = { kind: 'address', key: addressKey(req.ip) } as const;
    const token = sessionTokenOf(req);
    if (!token) return address;
    const hash = createHash('sha256').update(token).digest('base64url');
    let known = this.sessions.get(hash);
    if (!known) {
      const viewer = await this.accounts.viewerFromSession(token);
      known = { account: viewer?.kind === 'user' ? viewer.user.id : null };
      this.sessions.set(hash, known);
    }
    return known.account ? { kind: 'account', key: `account:${known.account}` } : address;
  }

  /** A request's budget, before anything is charged. */
  begin(caller: Caller): RequestBudget {
    return { caller, cost: null, standing: null, inBody: null };
  }

  /** Charges `points` (once per request) and keeps the standing the answer reports. */
  charge(budget: RequestBudget, points: number): BudgetStanding {
    if (budget.standing) return budget.standing;
    budget.cost = points;
    budget.standing = this.budgets.spend(budget.caller.kind, budget.caller.key, points);
    return budget.standing;
  }

  /** The standing to report: charged 1 point if nothing was charged yet. */
  report(budget: RequestBudget): BudgetStanding {
    return budget.standing ?? this.charge(budget, 1);
  }

  /** Whether nothing is left of the caller's budget (looked at without charging). */
  spent(caller: Caller): boolean {
    return this.budgets.spend(caller.kind, caller.key, 0).remaining <= 0;
  }

  /** The refusal of a request whose caller has nothing left; it costs 1 point. */
  spentError(budget: RequestBudget): GraphQLError {
    const standing = this.charge(budget, 1);
    return rateLimited(
      `${WHO[budget.caller.kind][0]} has used its ${standing.limit} points for this hour. They are renewed at ${standing.resetAt.toISOString()} (in ${standing.resetSeconds} s); try again then.`,
      standing,
    );
  }

  /**
   * Admits an operation costing `cost` points (at least 1) and charges them, or refuses it with
   * RATE_LIMITED (costing 1 point) when less than that remains.
   */
  admit(budget: RequestBudget, cost: number): void {
    // Whole points, at least 1: a variable that is not a whole number (refused later, when the
    // variables are coerced) can make the cost a fraction, or not a number at all.
    const points = Number.isFinite(cost) ? Math.max(1, Math.ceil(cost)) : QUERY_LIMITS.cost;
    const left = this.budgets.spend(budget.caller.kind, budget.caller.key, 0);
    if (left.remaining <= 0) throw this.spentError(budget);
    if (points > left.remaining) {
      const standing = this.charge(budget, 1);
      throw rateLimited(
        `This query would cost ${points} points, and ${WHO[budget.caller.kind][1]} has ${left.remaining} of its ${left.limit} left this hour. Ask for less, or try again after ${standing.resetAt.toISOString()} (in ${standing.resetSeconds} s).`,
        standing,
      );
    }
    this.charge(budget, points);
  }

  /** `extensions.rateLimit` of an answer. */
  extension(budget: RequestBudget): RateLimitExtension {
    const standing = this.report(budget);
    return {
      cost: budget.cost ?? 1,
      limit: standing.limit,
      remaining: standing.remaining,
      resetAt: standing.resetAt.toISOString(),
    };
  }

  /**
   * Sets the RateLimit-Policy and RateLimit fields on a response (and Retry-After, in seconds, when
   * it is a 429). The policy is named after what is counted: "address", "account" or "token".
   */
  setHeaders(res: Response, budget: RequestBudget): void {
    const standing = this.report(budget);
    const policy = `"${budget.caller.kind}"`;
    res.setHeader('RateLimit-Policy', `${policy};q=${standing.limit};w=${this.budgets.windowSeconds}`);
    res.setHeader('RateLimit', `${policy};r=${standing.remaining};t=${standing.resetSeconds}`);
    // A 429 that is not the budget's (a sign-in refusal) has set its own Retry-After.
    if (res.statusCode === 429 && !res.hasHeader('Retry-After'))
      res.setHeader('Retry-After', String(standing.resetSeconds));
  }

  /**
   * Sends the 429 for a caller with nothing left, before the request is parsed: its headers, and
   * the GraphQL error with `extensions.rateLimit`.
   */
  refuse(res: Response, budget: RequestBudget): void {
    const error = this.spentError(budget);
    res.status(429);
    this.setHeaders(res, budget);
    res.type('application/json; charset=utf-8');
    res.send(
      `${JSON.stringify({
        errors: [
          {
            message: error.message,
            extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: error.extensions.retryAfter },
          },
        ],
        extensions: { rateLimit: this.extension(budget) },
      })}\n`,
    );
  }

  /**
   * A GraphQL answer's body with `extensions.rateLimit` added: inserted before the closing brace
   * when the plugin saw no top-level extensions, parsed and written again for the small error
   * answers Apollo makes before any plugin runs (a refused context, a bad request). Anything else
   * is left as it is.
   */
  withExtension(body: string, budget: RequestBudget): string {
    const rateLimit = this.extension(budget);
    if (budget.inBody === 'written') return body;
    if (budget.inBody === 'insert') {
      const point = jsonInsertionPoint(body);
      return point ? body.slice(0, point.at) + extensionsMember(rateLimit, point.comma) + body.slice(point.at) : body;
    }
    try {
      const parsed = JSON.parse(body) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return body;
      const answer = parsed as { extensions?: Record<string, unknown> };
      answer.extensions = { ...answer.extensions, rateLimit };
      return `${JSON.stringify(answer)}\n`;
    } catch {
      return body;
    }
  }
}

function rateLimited(message: string, standing: BudgetStanding): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: standing.resetSeconds, http: { status: 429 } },
  });
}

/**
 * An answer refused until later (any RATE_LIMITED error with `extensions.retryAfter`, such as the
 * sign-in limits') is a 429 with Retry-After: the longest wait of its errors.
 */
function retryLater(http: HTTPGraphQLHead, errors: readonly GraphQLFormattedError[] | undefined): void {
  const waits = (errors ?? [])
    .filter((e) => e.extensions?.code === ErrorCode.RATE_LIMITED && typeof e.extensions.retryAfter === 'number')
    .map((e) => e.extensions!.retryAfter as number);
  if (waits.length === 0) return;
  http.status = 429;
  http.headers.set('retry-after', String(Math.max(...waits)));
}

/**
 * Charges each GraphQL operation its query cost (at least 1 point) before it runs, refusing it
 * with RATE_LIMITED when the caller's budget cannot pay; a request that never gets that far (it
 * does not parse or validate) costs 1. It marks answers without top-level extensions, so the
 * handler can add `extensions.rateLimit` without parsing them again; otherwise it adds it here.
 */
export function rateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const budget = contextValue.budget;
          if (!budget || !operation) return;
          // The cost plugin, listed before this one, has costed the operation: Apollo calls every
          // plugin's hook in order, and it sets `queryCost` before anything it awaits.
          const cost = contextValue.queryCost ?? 1;
          // Refused as QUERY_TOO_COSTLY by the cost plugin; nothing runs, so it costs 1.
          if (cost > QUERY_LIMITS.cost) limiter.charge(budget, 1);
          else limiter.admit(budget, cost);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') retryLater(response.http, response.body.singleResult.errors);
          const budget = contextValue.budget;
          if (!budget) return;
          limiter.report(budget);
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.extensions === undefined) budget.inBody = 'insert';
          else {
            budget.inBody = 'written';
            result.extensions = { ...result.extensions, rateLimit: limiter.extension(budget) };
            // The body now holds this caller's numbers: it must not be sent to anyone else.
            if (contextValue.cache) contextValue.cache.storable = false;
          }
        },
      };
    },
  };
}
