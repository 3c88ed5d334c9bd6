import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { errorFields, type LogFields } from '../common/log.js';
import { isStatementTimeout } from '../db/data-source.js';
import { isDatabaseUnreachable } from '../db/unreachable.js';
import { requestIdOf } from './request-log.js';

/** The longest path (before the query string) the server reads, in characters of the request line. */
export const MAX_PATH_LENGTH = 2048;

/** Codes of the answers written here (docs/API.md lists them). */
export const HttpErrorCode = {
  MALFORMED_PATH: 'MALFORMED_PATH',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Paths whose callers are programs, answered in JSON; other paths (the app, its files) get short text. */
const API_PATHS = /^\/(graphql|healthz|schema\.graphql|export)(\/|$)/;

/** The raw path of a request, without its query string. */
function rawPath(req: Request): string {
  const url = req.originalUrl || req.url;
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/** Why a path cannot be read, or undefined when it can. */
function pathProblem(path: string): string | undefined {
  if (path.length > MAX_PATH_LENGTH) return `The path is longer than ${MAX_PATH_LENGTH} characters.`;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'The path holds a malformed percent-encoding.';
  }
  // A NUL (raw or %00) or another control character is never part of a file, slug or route.
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'The path holds a control character.';
  return undefined;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Writes a refusal: JSON errors on API paths, one short line of text elsewhere; never a stack or request data. */
function send(req: Request, res: Response, refusal: Refusal): void {
  const requestId = requestIdOf(res);
  res.status(refusal.status);
  if (API_PATHS.test(rawPath(req)))
    res.json({ errors: [{ message: refusal.message, extensions: { code: refusal.code, requestId } }] });
  else
    res
      .type('text/plain; charset=utf-8')
      .send(`${refusal.message} (${refusal.code}${requestId ? `, request ${requestId}` : ''})\n`);
}

/**
 * Refuses, before any route reads it, a path that is over-long, badly percent-encoded or holds a
 * NUL or another control character: 400 `MALFORMED_PATH`. Express would otherwise throw a URIError
 * decoding a route parameter, or pass "\0" on to a database query.
 */
export function pathGuard(): RequestHandler {
  return (req, res, next) => {
    const problem = pathProblem(rawPath(req));
    if (!problem) return next();
    send(req, res, { status: 400, code: HttpErrorCode.MALFORMED_PATH, message: problem });
  };
}

/** How an error thrown outside Apollo is answered. */
function refusalOf(error: unknown): Refusal {
  if (isDatabaseUnreachable(error))
    return {
      status: 503,
      code: HttpErrorCode.SERVICE_UNAVAILABLE,
      message: 'The server cannot reach its database just now. Try again in a moment.',
    };
  if (isStatementTimeout(error))
    return {
      status: 503,
      code: HttpErrorCode.QUERY_TIMEOUT,
      message: 'A database statement ran longer than the server allows and was stopped.',
    };
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 404) return { status, code: HttpErrorCode.NOT_FOUND, message: 'There is nothing at this path.' };
  if (status === 413) return { status, code: HttpErrorCode.BODY_TOO_LARGE, message: 'The request body is too large.' };
  // A route parameter Express cannot decode is a URIError with status 400.
  if ((status >= 400 && status < 500) || error instanceof URIError)
    return {
      status: status >= 400 && status < 500 ? status : 400,
      code: HttpErrorCode.BAD_REQUEST,
      message: 'The request could not be read.',
    };
  return {
    status: 500,
    code: HttpErrorCode.INTERNAL_SERVER_ERROR,
    message: 'Something went wrong on the server. The problem has been logged.',
  };
}

/**
 * The last handler: any error Express meets outside Apollo (a route parameter it cannot decode, a
 * static file it cannot send, an export that throws, a body it refused on another path) is logged
 * as ONE line through the project's logger (request id, method, path, status, code, the error; a
 * stack only for a 5xx) and answered with its code and the request id. Express's own handler would
 * print a multi-line stack and answer in HTML.
 */
export function errorHandler(
  log: (level: 'warn' | 'error', msg: string, fields: LogFields) => void,
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const refusal = refusalOf(error);
    const fields = errorFields(error);
    if (refusal.status < 500) delete fields.stack;
    const path = rawPath(req);
    log(refusal.status >= 500 ? 'error' : 'warn', `${req.method} request failed: ${refusal.code}`, {
      requestId: requestIdOf(res),
      method: req.method,
      path: path.length > 256 ? `${path.slice(0, 256)}…` : path,
      status: refusal.status,
      code: refusal.code,
      ...fields,
    });
    // Part of an answer already went out: all that can be done is to end the connection.
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    send(req, res, refusal);
  };
}
