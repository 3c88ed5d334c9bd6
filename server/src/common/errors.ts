import type { ValidationError } from 'class-validator';
import { Field, ObjectType } from 'type-graphql';

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
