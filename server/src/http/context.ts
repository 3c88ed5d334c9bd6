import { HeaderMap } from '@apollo/server';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors.js';
import { AnswerPrivacy } from '../common/privacy.js';
import { RequestGuard, requestLimits, type RequestLimits } from '../common/request-guard.js';
import type { Viewer } from '../modules/account/access.js';
import { DEVICE_COOKIE, SESSION_COOKIE, type AccountService } from '../modules/account/account.service.js';
import { createServices, type Services } from '../modules/context.js';
import { createLoaders } from '../modules/loaders.js';
import type { HttpContext } from './http-context.js';
import { currentRequestId, requestIdOf } from './request-log.js';

/** Reads one cookie from a request. */
function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The session cookie's token on a request, if it carries one. */
export function sessionTokenOf(req: Request): string | undefined {
  return cookie(req, SESSION_COOKIE) || undefined;
}

/** `Bearer <token>`: the scheme in any case, one or more spaces, a token68 (RFC 9110, RFC 6750). */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** A 401 refusal of the request's credentials, with the challenge RFC 9110 asks for. */
function unauthorized(code: ErrorCode, message: string, challenge: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) } },
  });
}

/**
 * Who the request is from: a bearer token, a session cookie, or nobody. A request that carries an
 * Authorization header is never anonymous: a header that is not `Bearer <token>` is refused
 * (INVALID_AUTHORIZATION), and so is a token that is unknown, revoked or expired (UNAUTHENTICATED),
 * both with 401.
 */
async function viewerOf(accounts: AccountService, req: Request | undefined): Promise<Viewer> {
  if (!req) return { kind: 'anonymous' };
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const secret = BEARER.exec(auth.trim())?.[1];
    if (!secret)
      throw unauthorized(
        ErrorCode.INVALID_AUTHORIZATION,
        'The Authorization header must be "Bearer" and an API token, separated by a space.',
        'Bearer error="invalid_request"',
      );
    try {
      return await accounts.viewerFromToken(secret);
    } catch (error) {
      if (error instanceof AppError) throw unauthorized(error.code, error.message, 'Bearer error="invalid_token"');
      throw error;
    }
  }
  const session = sessionTokenOf(req);
  return (session && (await accounts.viewerFromSession(session))) || { kind: 'anonymous' };
}

/**
 * The session and device cookies on an HTTP response: HTTP-only, same-site, Secure over HTTPS.
 * Signing out clears the session cookie only; the device cookie stays, so the browser is still
 * known at the next sign-in.
 */
function sessionCookie(req: Request, res: Response) {
  const options = (maxAge: number) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.secure,
    path: '/',
    maxAge,
  });
  return {
    set: (token: string, maxAgeMs: number) => res.cookie(SESSION_COOKIE, token, options(maxAgeMs)),
    clear: () => res.clearCookie(SESSION_COOKIE, { path: '/' }),
    remember: (device: string, maxAgeMs: number) => res.cookie(DEVICE_COOKIE, device, options(maxAgeMs)),
  };
}

/** Builds each request's context: who is asking, and fresh DataLoaders, over services made once. */
export type ContextFactory = (http?: { req: Request; res: Response }) => Promise<HttpContext>;

/**
 * A context factory over `dataSource`; `services` are made here unless given. Each request's
 * deadline starts when its context is made, before the viewer is looked up.
 */
export function contextFactory(
  dataSource: DataSource,
  services: Services = createServices(dataSource),
  limits: RequestLimits = requestLimits(),
): ContextFactory {
  return async (http) => {
    const guard = new RequestGuard(limits);
    const viewer = await viewerOf(services.accounts, http?.req);
    const address = http?.req.ip ?? null;
    return {
      dataSource,
      loaders: createLoaders(dataSource, guard),
      guard,
      privacy: new AnswerPrivacy(),
      viewer,
      address,
      device: http ? cookie(http.req, DEVICE_COOKIE) : undefined,
      res: http?.res,
      session: http ? sessionCookie(http.req, http.res) : undefined,
      requestId: http ? requestIdOf(http.res) : currentRequestId(),
      services,
    };
  };
}

/** One request's context over new services (tests and one-off callers). */
export function createContext(dataSource: DataSource, http?: { req: Request; res: Response }): Promise<HttpContext> {
  return contextFactory(dataSource)(http);
}
