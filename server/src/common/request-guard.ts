import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { CONFIG_VARIABLES, type Config } from './config.js';
import { AppError, ErrorCode } from './errors.js';

/** How long one request may work, and how much its answer may hold. */
export interface RequestLimits {
  /** Milliseconds from the start of the request; past them, nothing more starts. */
  timeoutMs: number;
  /** Bytes of the answer. */
  maxResponseBytes: number;
}

/** The limits a configuration sets; the defaults of config.ts for what it leaves out. */
export function requestLimits(config: Partial<Pick<Config, 'queryTimeoutMs' | 'maxResponseMb'>> = {}): RequestLimits {
  return {
    timeoutMs: config.queryTimeoutMs ?? Number(CONFIG_VARIABLES.CASEBOOK_QUERY_TIMEOUT_MS),
    maxResponseBytes: (config.maxResponseMb ?? Number(CONFIG_VARIABLES.CASEBOOK_MAX_RESPONSE_MB)) * 1024 * 1024,
  };
}

/**
 * One request's deadline and answer size. Every resolver and every DataLoader batch asks `check()`
 * before it starts; once the deadline has passed, or the text counted so far is over the cap, the
 * request is stopped and every later check throws the same error, so no further work starts and
 * the answer is that one error (http/guard-plugin.ts), never a part of the data passed off as all.
 */
export class RequestGuard {
  private readonly deadline: number;
  private bytes = 0;
  /** Why the request was stopped (QUERY_TIMEOUT or RESPONSE_TOO_LARGE), once it was. */
  stopped: AppError | null = null;
  /** Set once a root field of a mutation has started: its change may have been made, so its answer is kept. */
  mutationStarted = false;

  constructor(readonly limits: RequestLimits) {
    this.deadline = performance.now() + limits.timeoutMs;
  }

  /** Throws when the request has been stopped or its deadline has passed. */
  check(): void {
    if (this.stopped) throw this.stopped;
    if (performance.now() > this.deadline) throw this.stop(queryTimeout(this.limits.timeoutMs));
  }

  /** Counts `bytes` of text for the answer; throws RESPONSE_TOO_LARGE once they pass the cap. */
  count(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxResponseBytes && !this.stopped)
      throw this.stop(responseTooLarge(this.limits.maxResponseBytes));
  }

  private stop(error: AppError): AppError {
    this.stopped = error;
    return error;
  }
}

/**
 * The HTTP status of a stopped request: 503 when it ran out of time (the server could not answer
 * it in time; a later or smaller query may pass), 400 when its answer is too large (the query asks
 * for more than is sent at once, as with QUERY_TOO_COSTLY).
 */
export const STOPPED_STATUS: Readonly<Record<string, number>> = {
  [ErrorCode.QUERY_TIMEOUT]: 503,
  [ErrorCode.RESPONSE_TOO_LARGE]: 400,
};

/** The error of a request that ran past its deadline. */
export function queryTimeout(timeoutMs: number): AppError {
  return new AppError(
    ErrorCode.QUERY_TIMEOUT,
    `The query did not finish within ${timeoutMs} ms and was stopped; nothing of its answer is sent. Ask for fewer fields or smaller pages.`,
  );
}

/** The error of a request whose answer would be larger than the cap. */
export function responseTooLarge(maxBytes: number): AppError {
  return new AppError(
    ErrorCode.RESPONSE_TOO_LARGE,
    `The answer would be larger than ${maxBytes} bytes and was not sent. Ask for fewer fields or smaller pages.`,
  );
}

/** Scalars whose values are text that can be large (String, and JSON documents). */
const TEXT_SCALARS = new Set(['String', 'JSONObject', 'JSON']);

/**
 * A lower bound of the bytes a resolved value adds to the answer: the length of its text (UTF-16
 * units, never more than its UTF-8 bytes) and of the JSON of an object, not counting names or
 * punctuation. So a request is only stopped early when its answer would certainly be over the cap.
 */
function textSize(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + textSize(item), 0);
  if (value !== null && typeof value === 'object') return JSON.stringify(value).length;
  return 0;
}

/** Counts a resolved text value, waiting for it when it is a promise. */
function counted(guard: RequestGuard, value: unknown): unknown {
  if (value instanceof Promise)
    return value.then((resolved: unknown) => {
      guard.count(textSize(resolved));
      return resolved;
    });
  guard.count(textSize(value));
  return value;
}

/**
 * Makes every field of the schema check the request's guard (`context.guard`) before it resolves,
 * and count the text fields' values against the answer's cap as they resolve. The check is a
 * plain call wrapped around each resolver, not a type-graphql middleware: a middleware turns
 * every field, scalars included, into a promise, which would slow every large answer.
 *
 * A mutation's root fields are marked as they start (`mutationStarted`), so that the answer of one
 * stopped after it made its change still shows that change.
 */
export function guardResolvers(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const text = TEXT_SCALARS.has(getNamedType(field.type).name);
      const root = type === mutation;
      field.resolve = (source, args, context: { guard?: RequestGuard } | undefined, info) => {
        const guard = context?.guard;
        if (!guard) return resolve(source, args, context, info);
        guard.check();
        if (root) guard.mutationStarted = true;
        const value = resolve(source, args, context, info);
        return text ? counted(guard, value) : value;
      };
    }
  }
  return schema;
}
