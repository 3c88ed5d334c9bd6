import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { createLogger, errorFields, type Logger } from './log.js';
import { currentRequestId } from './request-log.js';
import { isDatabaseUnreachable } from '../db/unreachable.js';

/**
 * Stable error codes. Clients map these to messages; they never parse message strings.
 * Top-level errors carry them in `extensions.code`; mutation payloads carry them in `userErrors`.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PAGE_SIZE_EXCEEDED: 'PAGE_SIZE_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  WORKFLOW: 'WORKFLOW',
  UNSOURCED_CLAIM: 'UNSOURCED_CLAIM',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error type services throw: a stable code, a message for people, and the field at fault. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Every problem, when there are several (e.g. each bad selector of a comparison). */
    readonly userErrors?: UserError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** An expected problem with a mutation's input, returned in its payload rather than thrown. */
@ObjectType({ description: 'An expected problem with the input of a mutation: invalid input, a conflict or a workflow refusal.' })
export class UserError {
  @Field(() => String, { nullable: true, description: 'Path to the offending input field, e.g. `lessons.3.title`; null when the problem is not tied to one field.' })
  field: string | null;

  @Field(() => String, { description: 'Stable machine-readable code, e.g. BAD_USER_INPUT or CONFLICT.' })
  code: string;

  @Field(() => String, { description: 'A message for people.' })
  message: string;
}

/** Converts class-validator failures (nested included) into user errors with dotted field paths. */
export function toUserErrors(errors: ValidationError[], prefix = ''): UserError[] {
  const out: UserError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, code: ErrorCode.BAD_USER_INPUT, message });
    }
    if (error.children?.length) out.push(...toUserErrors(error.children, field));
  }
  return out;
}

const GENERIC_MESSAGE = 'Something went wrong on the server. The problem has been logged.';
const UNAVAILABLE_MESSAGE = 'The server cannot reach its database just now. Try again in a moment.';

/** Codes that GraphQL and Apollo assign themselves for bad requests; passed through as they are. */
const CLIENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * The one place errors leave the server. AppErrors and argument validation errors keep their code
 * and field; GraphQL's own request errors pass through; anything else is logged with its stack and
 * the request id, and replaced by a generic message carrying only that id (`extensions.requestId`,
 * for a user to quote), so internals never reach a caller.
 */
export function createFormatError(options: { includeDetails: boolean; log?: (error: unknown, requestId: string | undefined) => void; logger?: Logger }) {
  const logger = options.logger ?? createLogger({ format: 'text' });
  const log = options.log ?? ((error: unknown, requestId: string | undefined) => logger.error('Unexpected error', { requestId, ...errorFields(error) }));
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
        extensions: { code: original.code, field: original.field ?? null, ...(original.userErrors ? { userErrors: original.userErrors } : {}) },
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
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      // The parser's token limit has a code of its own, like the other query limits.
      if (code === 'GRAPHQL_PARSE_FAILED' && /more tha[nt] \d+ tokens/.test(formatted.message)) {
        return { message: 'The query is too large.', extensions: { code: 'QUERY_TOO_LARGE' } };
      }
      const limit = formatted.extensions?.limit;
      if (typeof limit === 'string') return { message: formatted.message, locations: formatted.locations, extensions: { code: limit } };
      // In production, "Did you mean …?" would describe the schema to anyone who guesses.
      const message = options.includeDetails ? formatted.message : formatted.message.replace(/ Did you mean .*\?$/, '');
      return { ...formatted, message, extensions: strip({ ...formatted.extensions }) };
    }
    if (original instanceof GraphQLError && original.originalError === undefined && typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return { ...formatted, extensions: strip({ ...formatted.extensions }) };
    }
    const requestId = currentRequestId();
    log(original, requestId);
    // An unreachable database passes, so it has a code of its own that clients can act on (try
    // again); its cause stays in the log like any other.
    const unavailable = isDatabaseUnreachable(original);
    return {
      message: unavailable ? UNAVAILABLE_MESSAGE : GENERIC_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: unavailable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
    };
  };
}
