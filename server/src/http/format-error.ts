import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode, RetryLaterError, toUserErrors } from '../common/errors.js';
import { createLogger, errorFields, type Logger } from '../common/log.js';
import { isStatementTimeout } from '../db/data-source.js';
import { isDatabaseUnreachable } from '../db/unreachable.js';
import { currentRequestId } from './request-log.js';

const GENERIC_MESSAGE = 'Something went wrong on the server. The problem has been logged.';
const UNAVAILABLE_MESSAGE = 'The server cannot reach its database just now. Try again in a moment.';
const TIMEOUT_MESSAGE = 'A database statement of the query ran longer than the server allows and was stopped.';

/** Codes that GraphQL and Apollo assign themselves for bad requests; passed through as they are. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js's words, in place of the rest, when a request's variables hold more problems than it
 * reports one by one (a long list of bad items): the request is bad, as each problem before it said.
 */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';

/**
 * The one place errors leave the server. AppErrors and argument validation errors keep their code
 * and field; GraphQL's own request errors pass through; anything else is logged with its stack and
 * the request id, and replaced by a generic message carrying only that id (`extensions.requestId`,
 * for a user to quote), so internals never reach a caller.
 */
export function createFormatError(options: {
  includeDetails: boolean;
  log?: (error: unknown, requestId: string | undefined) => void;
  logger?: Logger;
}) {
  const logger = options.logger ?? createLogger({ format: 'text' });
  const log =
    options.log ??
    ((error: unknown, requestId: string | undefined) =>
      logger.error('Unexpected error', { requestId, ...errorFields(error) }));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const strip = (ext: Record<string, unknown>) => {
      if (!options.includeDetails) delete ext.stacktrace;
      return ext;
    };
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        // An expected refusal: its code and field say everything; a stack trace would be noise.
        extensions: {
          code: original.code,
          field: original.field ?? null,
          ...(original instanceof RetryLaterError ? { retryAfter: original.retryAfter } : {}),
          ...(original.userErrors ? { userErrors: original.userErrors } : {}),
        },
      };
    }
    // class-validator's own failures (not a list of problems) are unexpected, and logged below.
    if (original instanceof ArgumentValidationError && Array.isArray(original.extensions.validationErrors)) {
      const userErrors = toUserErrors(original.extensions.validationErrors as unknown as ValidationError[]);
      return {
        message: userErrors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'Invalid argument',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: userErrors[0]?.field ?? null, userErrors },
      };
    }
    if (
      original instanceof GraphQLError &&
      original.originalError === undefined &&
      original.message === TOO_MANY_VARIABLE_ERRORS
    )
      return { message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      // The parser's token limit has a code of its own, like the other query limits.
      if (code === 'GRAPHQL_PARSE_FAILED' && /more tha[nt] \d+ tokens/.test(formatted.message)) {
        return { message: 'The query is too large.', extensions: { code: 'QUERY_TOO_LARGE' } };
      }
      const limit = formatted.extensions?.limit;
      if (typeof limit === 'string')
        return { message: formatted.message, locations: formatted.locations, extensions: { code: limit } };
      // In production, "Did you mean …?" would describe the schema to anyone who guesses.
      const message = options.includeDetails ? formatted.message : formatted.message.replace(/ Did you mean .*\?$/, '');
      return { ...formatted, message, extensions: strip({ ...formatted.extensions }) };
    }
    if (
      original instanceof GraphQLError &&
      original.originalError === undefined &&
      typeof code === 'string' &&
      code !== ErrorCode.INTERNAL_SERVER_ERROR
    ) {
      return { ...formatted, extensions: strip({ ...formatted.extensions }) };
    }
    // PostgreSQL stopped a statement at the pool's statement_timeout: the request ran out of time.
    if (isStatementTimeout(original))
      return {
        message: TIMEOUT_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.QUERY_TIMEOUT },
      };
    const requestId = currentRequestId();
    log(original, requestId);
    // An unreachable database passes, so it has a code of its own that clients can act on (try
    // again); its cause stays in the log like any other.
    const unavailable = isDatabaseUnreachable(original);
    return {
      message: unavailable ? UNAVAILABLE_MESSAGE : GENERIC_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: unavailable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR,
        ...(requestId ? { requestId } : {}),
      },
    };
  };
}
