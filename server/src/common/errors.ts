import { validateSync, type ValidationError } from 'class-validator';
import { ArgumentValidationError, Field, ObjectType, type MiddlewareFn, type ResolverData } from 'type-graphql';

/**
 * Stable error codes. Clients map these to messages; they never parse message strings.
 * Top-level errors carry them in `extensions.code`; mutation payloads carry them in `userErrors`.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_AUTHORIZATION: 'INVALID_AUTHORIZATION',
  FORBIDDEN: 'FORBIDDEN',
  PAGE_SIZE_EXCEEDED: 'PAGE_SIZE_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  WORKFLOW: 'WORKFLOW',
  UNSOURCED_CLAIM: 'UNSOURCED_CLAIM',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
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

/** A refusal until later (RATE_LIMITED): `retryAfter` is how many seconds to wait, sent as Retry-After. */
export class RetryLaterError extends AppError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
    this.name = 'RetryLaterError';
  }
}

/** An expected problem with a mutation's input, returned in its payload rather than thrown. */
@ObjectType({
  description: 'An expected problem with the input of a mutation: invalid input, a conflict or a workflow refusal.',
})
export class UserError {
  @Field(() => String, {
    nullable: true,
    description:
      'Path to the offending input field, e.g. `lessons.3.title`; null when the problem is not tied to one field.',
  })
  field: string | null;

  @Field(() => String, { description: 'Stable machine-readable code, e.g. BAD_USER_INPUT or CONFLICT.' })
  code: string;

  @Field(() => String, { description: 'A message for people.' })
  message: string;
}

/**
 * Converts class-validator failures (nested included) into user errors with dotted field paths.
 * Two rules of one field that say the same thing (a pattern and a length with one message) give
 * one user error.
 */
export function toUserErrors(errors: ValidationError[], prefix = ''): UserError[] {
  const out: UserError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of new Set(Object.values(error.constraints ?? {}))) {
      out.push({ field, code: ErrorCode.BAD_USER_INPUT, message });
    }
    if (error.children?.length) out.push(...toUserErrors(error.children, field));
  }
  return out;
}

/**
 * The problems class-validator finds in an argument or input object, checked as type-graphql
 * checks arguments (absent optional values are skipped). For callers outside GraphQL (the CLI)
 * that use the same rules.
 */
export function problemsIn(input: object): UserError[] {
  return toUserErrors(validateSync(input, { skipMissingProperties: true, forbidUnknownValues: false }));
}

/**
 * For a mutation that reports invalid input in its payload: arguments refused by their
 * class-validator rules come back as the payload's `userErrors` (field = the argument's path)
 * instead of a top-level error. `payload` makes the rest of the answer; by default every other
 * field is null.
 */
export function InvalidArgsInPayload<TContext extends object = object>(
  payload: (userErrors: UserError[], data: ResolverData<TContext>) => unknown = (userErrors) => ({ userErrors }),
): MiddlewareFn<TContext> {
  return async (data, next) => {
    try {
      return await next();
    } catch (error) {
      if (error instanceof ArgumentValidationError && Array.isArray(error.extensions.validationErrors)) {
        return payload(toUserErrors(error.extensions.validationErrors as unknown as ValidationError[]), data);
      }
      throw error;
    }
  };
}
