import { ApolloError, ServerError } from '@apollo/client/core';
import { describe, expect, it } from 'vitest';
import { describeError, errorCode } from '@/apollo/errors';

// A refused answer (429 when the rate budget is spent) reaches the app as a network error with the
// body's errors; the app still reads their code and says when to try again.
function refused(status: number, errors: unknown[]): ApolloError {
  const response = new Response(null, { status });
  const networkError = Object.assign(new Error(`Response not successful: Received status code ${status}`), {
    name: 'ServerError',
    response,
    statusCode: status,
    result: { errors },
  }) as ServerError;
  return new ApolloError({ networkError });
}

describe('the words for a refused argument', () => {
  it('says what the server found wrong with each argument, and nothing of a malformed request', () => {
    const comparison = new ApolloError({
      graphQLErrors: [
        {
          message: 'There is no published case "atlantis". Finland: 2020-13-01 is not a date.',
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'cases.0.slug',
            userErrors: [
              { field: 'cases.0.slug', code: 'BAD_USER_INPUT', message: 'There is no published case "atlantis".' },
              { field: 'cases.1.asOf', code: 'BAD_USER_INPUT', message: 'Finland: 2020-13-01 is not a date.' },
            ],
          },
        },
      ] as never,
    });
    expect(describeError(comparison)).toBe('There is no published case "atlantis". Finland: 2020-13-01 is not a date.');
    const one = new ApolloError({
      graphQLErrors: [
        { message: 'Compare 2 to 8 cases; 1 were given.', extensions: { code: 'BAD_USER_INPUT', field: 'cases' } },
      ] as never,
    });
    expect(describeError(one)).toBe('Compare 2 to 8 cases; 1 were given.');
    const malformed = new ApolloError({
      graphQLErrors: [
        { message: 'Variable "$cases" got invalid value 3', extensions: { code: 'BAD_USER_INPUT' } },
      ] as never,
    });
    expect(describeError(malformed)).toBe('The request was not valid.');
  });
});

describe('the words for a failed request', () => {
  it('reads the code of a refused answer and says when a spent budget is renewed; other failures keep their words', () => {
    const error = refused(429, [{ message: 'server words', extensions: { code: 'RATE_LIMITED', retryAfter: 1500 } }]);
    expect(errorCode(error)).toBe('RATE_LIMITED');
    expect(describeError(error)).toBe('Too many attempts for now. Try again in 25 minutes.');
    expect(describeError(refused(429, [{ message: 'm', extensions: { code: 'RATE_LIMITED', retryAfter: 60 } }]))).toBe(
      'Too many attempts for now. Try again in a minute.',
    );
    expect(describeError(refused(429, [{ message: 'm', extensions: { code: 'RATE_LIMITED', retryAfter: 20 } }]))).toBe(
      'Too many attempts for now. Try again in 20 seconds.',
    );
    // A refusal without a time says to wait; no answer at all is unreachable.
    const signIn = new ApolloError({
      graphQLErrors: [{ message: 'm', extensions: { code: 'RATE_LIMITED' } }] as never,
    });
    expect(describeError(signIn)).toBe('Too many attempts for now. Wait a little, then try again.');
    expect(describeError(new ApolloError({ networkError: new Error('Failed to fetch') }))).toBe(
      'The server could not be reached. Check your connection and try again.',
    );
  });
});
