import type { ApolloError } from '@apollo/client/core';

/** Messages for the server's stable error codes. The app never parses the server's message text. */
const MESSAGES: Record<string, string> = {
  BAD_USER_INPUT: 'The request was not valid.',
  NOT_FOUND: 'That item does not exist.',
  CONFLICT: 'Someone else changed this in the meantime.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do that.',
  PAGE_SIZE_EXCEEDED: 'Too many items were asked for at once.',
  INTERNAL_SERVER_ERROR: 'The server had a problem. Please try again.',
};

/** A sentence for people describing what went wrong with a request. */
export function describeError(error: ApolloError | Error | null | undefined): string {
  if (!error) return '';
  const apollo = error as Partial<ApolloError>;
  if (apollo.networkError) return 'The server could not be reached. Check your connection and try again.';
  const code = apollo.graphQLErrors?.[0]?.extensions?.code;
  if (typeof code === 'string' && MESSAGES[code]) return MESSAGES[code];
  return 'Something went wrong. Please try again.';
}
