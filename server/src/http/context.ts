import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors.js';
import { RequestGuard, requestLimits, type RequestLimits } from '../common/request-guard.js';
import type { Viewer } from '../modules/account/access.js';
import { SESSION_COOKIE, type AccountService } from '../modules/account/account.service.js';
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

/** Who the request is from: a bearer token, a session cookie, or nobody. */
async function viewerOf(accounts: AccountService, req: Request | undefined): Promise<Viewer> {
  if (!req) return { kind: 'anonymous' };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    try {
      return await accounts.viewerFromToken(auth.slice('Bearer '.length).trim());
    } catch (error) {
      if (error instanceof AppError) {
        const status = error.code === ErrorCode.RATE_LIMITED ? 429 : 401;
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
      }
      throw error;
    }
  }
  const session = cookie(req, SESSION_COOKIE);
  return (session && (await accounts.viewerFromSession(session))) || { kind: 'anonymous' };
}

/** The session cookie on an HTTP response: HTTP-only, same-site, Secure over HTTPS. */
function sessionCookie(req: Request, res: Response) {
  return {
    set: (token: string, maxAgeMs: number) =>
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/',
        maxAge: maxAgeMs,
      }),
    clear: () => res.clearCookie(SESSION_COOKIE, { path: '/' }),
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
      viewer,
      address,
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
