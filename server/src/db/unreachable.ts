import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** Network errors met while connecting to, or talking with, PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not yet there: class 08 (connection exception),
 * admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says when a connection ends under it or cannot be had in time. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
];

/**
 * Whether an error (or one it wraps: a GraphQL error's originalError, a TypeORM driverError, a
 * cause, the attempts of an AggregateError) means PostgreSQL could not be reached: a passing
 * condition, unlike a failing query.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 5) return false;
  // TypeORM gives a connection back to the pool when it fails; a transaction still using it then
  // gets one of these instead of the connection's own error.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError)
    return true;
  const { code, message, originalError, driverError, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return [originalError, driverError, cause, ...(Array.isArray(errors) ? errors : [])].some((inner) =>
    isDatabaseUnreachable(inner, depth + 1),
  );
}
