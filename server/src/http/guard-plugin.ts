import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../common/errors.js';
import { STOPPED_STATUS, queryTimeout, responseTooLarge, type RequestGuard } from '../common/request-guard.js';
import type { HttpContext } from './http-context.js';

/** The one error that answers a stopped request, with the limit it met (milliseconds or bytes). */
function stoppedError(code: string, fallback: string, guard: RequestGuard | undefined): GraphQLFormattedError {
  if (!guard) return { message: fallback, extensions: { code } };
  const timeout = code === ErrorCode.QUERY_TIMEOUT;
  const limit = timeout ? guard.limits.timeoutMs : guard.limits.maxResponseBytes;
  const error = timeout ? queryTimeout(limit) : responseTooLarge(limit);
  return { message: error.message, extensions: { code, limit } };
}

/**
 * Answers a request that its guard stopped (its deadline passed, or its answer grew over the cap;
 * also a statement PostgreSQL cancelled at its `statement_timeout`) with that one error and no
 * data, never with the fields that happened to finish. A mutation that had started keeps its
 * answer: its change may have been made, and the errors say where it stopped.
 */
export function requestGuardPlugin(): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const guard = contextValue.guard;
          const found = result.errors?.find((e) => {
            const code = e.extensions?.code;
            return typeof code === 'string' && code in STOPPED_STATUS;
          });
          const code = guard?.stopped?.code ?? (found?.extensions?.code as string | undefined);
          if (code === undefined || guard?.mutationStarted) return;
          response.body.singleResult = { errors: [stoppedError(code, found?.message ?? '', guard)], data: null };
          response.http.status = STOPPED_STATUS[code];
        },
      };
    },
  };
}

/** The body sent instead of an answer of more than `maxBytes` bytes. */
export function tooLargeBody(maxBytes: number): string {
  const error = responseTooLarge(maxBytes);
  return JSON.stringify({
    errors: [{ message: error.message, extensions: { code: error.code, limit: maxBytes } }],
    data: null,
  });
}
