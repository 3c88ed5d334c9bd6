import type { ApolloError } from '@apollo/client/core';

/** Messages for the server's stable error codes. The app never parses the server's message text. */
const MESSAGES: Record<string, string> = {
  BAD_USER_INPUT: 'The request was not valid.',
  NOT_FOUND: 'That item does not exist.',
  CONFLICT: 'Someone else changed this in the meantime.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do that.',
  PAGE_SIZE_EXCEEDED: 'Too many items were asked for at once.',
  SERVICE_UNAVAILABLE: 'The server cannot reach its database just now. Try again in a moment.',
  QUERY_TIMEOUT: 'The server took too long to answer. Try again in a moment.',
  RESPONSE_TOO_LARGE: 'The answer would be too large to send. Ask for less at once.',
  INTERNAL_SERVER_ERROR: 'The server had a problem. Please try again.',
  INVALID_CREDENTIALS: 'That email and password do not match an active account. Check them and try again.',
  RATE_LIMITED: 'Too many attempts for now. Wait a little, then try again.',
  WORKFLOW: 'That cannot be done while the draft is in this state.',
  UNSOURCED_CLAIM: 'This claim cites no source; add one before publishing.',
};

/** The message for one error code (top-level `extensions.code` or a user error's `code`). */
export function messageForCode(code: string | null | undefined): string {
  return (code && MESSAGES[code]) || 'Something went wrong. Please try again.';
}

type ErrorBody = { extensions?: Record<string, unknown> }[] | undefined;

/**
 * The first top-level error of a failed request: a GraphQL error in the answer, or one in the body
 * of a refused answer (a 429 when the rate budget is spent, a 401), which Apollo reports as a
 * network error carrying the parsed body.
 */
function firstError(
  error: ApolloError | Error | null | undefined,
): { message?: string; extensions?: Record<string, unknown> } | undefined {
  const apollo = error as Partial<ApolloError> | null | undefined;
  const inBody = (apollo?.networkError as { result?: { errors?: ErrorBody } } | null | undefined)?.result?.errors;
  return apollo?.graphQLErrors?.[0] ?? inBody?.[0];
}

/** The first top-level `extensions.code` of a failed request, if any. */
export function errorCode(error: ApolloError | Error | null | undefined): string | null {
  const code = firstError(error)?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** A wait in words: seconds under a minute, then whole minutes (rounded up). */
function waitWords(seconds: number): string {
  if (seconds < 60) return seconds <= 1 ? 'a second' : `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

/** A sentence for people describing what went wrong with a request. */
export function describeError(error: ApolloError | Error | null | undefined): string {
  if (!error) return '';
  const code = errorCode(error);
  if ((error as Partial<ApolloError>).networkError && !code)
    return 'The server could not be reached. Check your connection and try again.';
  // A refusal says when to try again (a spent rate budget, a sign-in limit: HTTP 429, retryAfter).
  const retryAfter = firstError(error)?.extensions?.retryAfter;
  if (code === 'RATE_LIMITED' && typeof retryAfter === 'number')
    return `Too many attempts for now. Try again in ${waitWords(retryAfter)}.`;
  // An argument the server refused with its reasons (each bad case of a comparison, say): those
  // words are written for the reader. GraphQL's own refusals of a malformed request name no field.
  const first = firstError(error);
  if (code === 'BAD_USER_INPUT') {
    const problems = first?.extensions?.userErrors;
    const said = Array.isArray(problems)
      ? problems.map((p) => (p as { message?: unknown }).message).filter((m): m is string => typeof m === 'string')
      : [];
    if (said.length) return said.join(' ');
    if (typeof first?.extensions?.field === 'string' && first.message) return first.message;
  }
  return messageForCode(code);
}
