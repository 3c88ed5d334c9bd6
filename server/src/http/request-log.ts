import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../common/log.js';
import type { HttpContext } from './http-context.js';

/** The response header carrying the request id, and the request header a load balancer may set. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An incoming request id is kept when it is at most 128 characters of letters, digits and
 * `._:+=/-` (UUIDs, nginx's hex ids, most load balancers' formats); anything else could forge
 * log fields or grow without bound, and is replaced.
 */
const WELL_FORMED_ID = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/** A GraphQL operation name as the grammar allows it, bounded. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;

/** What is known about the request being handled. */
interface RequestState {
  /** The request; pino-http gives it its id (`req.id`) before anything else handles it. */
  req: Request;
  started: bigint;
  /** Body bytes written so far. */
  bytes: () => number;
  /** The GraphQL operation it executed, once Apollo has resolved it. */
  operation?: string;
}

const STATE = 'requestState';
const current = new AsyncLocalStorage<RequestState>();

/** The incoming id when it is well formed, otherwise a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_ID.test(header) ? header : randomUUID();
}

function stateOf(res: Response): RequestState | undefined {
  return res.locals[STATE] as RequestState | undefined;
}

function idOf(state: RequestState | undefined): string | undefined {
  const id = state?.req.id;
  return typeof id === 'string' ? id : undefined;
}

/** The id of the request a response belongs to. */
export function requestIdOf(res: Response): string | undefined {
  return idOf(stateOf(res));
}

/** The id of the request whose handling the caller is part of (undefined outside a request). */
export function currentRequestId(): string | undefined {
  return idOf(current.getStore());
}

/** The path without its query string, which may carry anything a caller chose to put there. */
function pathOf(req: Request): string {
  const url = req.originalUrl || req.url;
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  return path.length > 256 ? `${path.slice(0, 256)}…` : path;
}

/** Counts the body bytes written to a response (after any encoding, before TCP). */
function countBytes(res: Response): () => number {
  let bytes = 0;
  const add = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string')
      bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    add(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') add(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as Response['end'];
  return () => bytes;
}

/** The operation name the caller sent, when it is one (a request refused before Apollo resolved it). */
function sentOperationName(body: unknown): string | undefined {
  const name =
    typeof body === 'object' && body !== null ? (body as { operationName?: unknown }).operationName : undefined;
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : undefined;
}

/** The request line's message: `GET /path 200`. */
function message(req: Request, res: Response): string {
  return `${req.method} ${pathOf(req)} ${res.statusCode}`;
}

/** The request line's fields after the id; nothing else of the request is logged. */
function requestFields(req: Request, res: Response): Record<string, unknown> {
  const state = stateOf(res);
  return {
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs: state ? Math.round(Number(process.hrtime.bigint() - state.started) / 1e5) / 10 : undefined,
    bytes: state?.bytes(),
    operation: state?.operation ?? sentOperationName(req.body),
    // The connection closed before the whole response was sent.
    aborted: res.writableFinished ? undefined : true,
  };
}

/**
 * Gives every request an id (the load balancer's X-Request-Id when well formed, else a new UUID),
 * returns it in the X-Request-Id response header, makes it the current request id for everything
 * done while handling the request, and, given a logger, writes one line through pino-http when the
 * response is finished: id, method, path, status, duration, body bytes and GraphQL operation name
 * (level error for a 5xx). Nothing else of the request is logged: no query string, headers,
 * cookies, body or GraphQL variables.
 */
export function requestLogging(logger: Logger | undefined): RequestHandler {
  const httpLogger = pinoHttp<Request, Response>({
    // Without a logger, requests still get their ids, and nothing is written.
    logger: logger?.pino ?? pino({ enabled: false }),
    autoLogging: logger !== undefined,
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // The id is the only binding: the request and response objects themselves are never logged.
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res) => (res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: message,
    customErrorMessage: message,
    customSuccessObject: requestFields,
    customErrorObject: requestFields,
  });
  return (req, res, next) => {
    const state: RequestState = { req, started: process.hrtime.bigint(), bytes: countBytes(res) };
    res.locals[STATE] = state;
    current.run(state, () => httpLogger(req, res, next));
  };
}

/** Records the operation Apollo executed for the request's log line. */
export function operationNamePlugin(): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, contextValue }) {
          const state = contextValue.res ? stateOf(contextValue.res) : undefined;
          if (state && operationName) state.operation = operationName;
        },
      };
    },
  };
}
