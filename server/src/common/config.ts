import path from 'node:path';
import type { LogFormat } from './log.js';

/** Typed configuration, read once from the environment at start-up. */
export interface Config {
  port: number;
  host: string;
  /** When unset, an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  nodeEnv: 'development' | 'production' | 'test';
  introspection: boolean;
  /**
   * How many proxies in front are trusted for X-Forwarded-* (the client address and HTTPS): 0
   * none; 1 a load balancer, whose entry, the last of X-Forwarded-For, is the client's address.
   */
  trustProxy: number;
  /** Other origins whose pages may call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /**
   * The site's public origin ("https://casebook.example.org"), for the canonical links, link
   * previews and sitemap; when unset, each request's own (its Host, and X-Forwarded-Proto behind a
   * trusted proxy).
   */
  publicUrl: string | undefined;
  /** JSON lines for a log collector, or text for a terminal. */
  logFormat: LogFormat;
  /** MiB of memory for stored answers to published reads; 0 turns the response cache off. */
  responseCacheMb: number;
  /** Points of query cost each caller may spend an hour, and how often instances share their counts. */
  rateLimits: RateLimitConfig;
  /** After SIGTERM, how long requests in flight may take before their connections are closed. */
  shutdownGraceMs: number;
  /** Milliseconds a GraphQL request may work (QUERY_TIMEOUT after); also each SQL statement's limit. */
  queryTimeoutMs: number;
  /** MiB a GraphQL answer may hold (RESPONSE_TOO_LARGE beyond). */
  maxResponseMb: number;
  /** What the scheduled purge deletes, and how often it runs (minutes; 0: never). */
  retention: RetentionConfig;
}

/** How long rows are kept, and how often each instance purges what is older. */
export interface RetentionConfig {
  /** Days an audit row is kept. */
  auditDays: number;
  /** Days an expired or revoked API token stays listed before it is deleted. */
  tokenDays: number;
  /** Minutes between purges on each instance; 0 turns the scheduled purge off (`casebook purge` still works). */
  purgeIntervalMinutes: number;
}

/** The hourly budgets (in points of query cost) of each kind of caller, and the sync interval. */
export interface RateLimitConfig {
  /** Per client address, for callers who are not signed in. */
  address: number;
  /** Per account, for signed-in people (session cookie). */
  account: number;
  /** Per API token. */
  token: number;
  /** Milliseconds between each instance's exchange of counts with PostgreSQL. */
  syncMs: number;
}

/** A configuration problem: one line naming the variable. Start-up exits with code 2. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Every variable the server reads, with its default. docs and docker-compose are checked against it. */
export const CONFIG_VARIABLES = {
  PORT: '4000',
  HOST: '127.0.0.1',
  DATABASE_URL: '',
  CASEBOOK_DATA_DIR: '.data',
  NODE_ENV: 'development',
  CASEBOOK_INTROSPECTION: '',
  CASEBOOK_TRUST_PROXY: 'false',
  CASEBOOK_CORS_ORIGINS: '',
  CASEBOOK_PUBLIC_URL: '',
  CASEBOOK_LOG_FORMAT: '',
  CASEBOOK_RESPONSE_CACHE_MB: '64',
  CASEBOOK_RATE_LIMIT_ADDRESS: '2000000',
  CASEBOOK_RATE_LIMIT_ACCOUNT: '5000000',
  CASEBOOK_RATE_LIMIT_TOKEN: '5000000',
  CASEBOOK_RATE_LIMIT_SYNC_MS: '1000',
  CASEBOOK_SHUTDOWN_GRACE_MS: '10000',
  CASEBOOK_QUERY_TIMEOUT_MS: '10000',
  CASEBOOK_MAX_RESPONSE_MB: '8',
  CASEBOOK_AUDIT_RETENTION_DAYS: '365',
  CASEBOOK_TOKEN_RETENTION_DAYS: '90',
  CASEBOOK_PURGE_INTERVAL_MINUTES: '60',
} as const;

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof CONFIG_VARIABLES): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? CONFIG_VARIABLES[name] : value.trim();
}

function parsePort(env: Env): number {
  const raw = read(env, 'PORT');
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function parseHost(env: Env): string {
  const host = read(env, 'HOST');
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError('HOST', `must be a host name or IP address, got "${host}"`);
  }
  return host;
}

function parseDatabaseUrl(env: Env): string | undefined {
  const raw = read(env, 'DATABASE_URL');
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user:password@host:5432/casebook');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'must name a database, e.g. postgres://host:5432/casebook');
  }
  return raw;
}

function parseNodeEnv(env: Env): Config['nodeEnv'] {
  const value = read(env, 'NODE_ENV');
  if (value !== 'development' && value !== 'production' && value !== 'test') {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${value}"`);
  }
  return value;
}

/** The most proxies one behind another that CASEBOOK_TRUST_PROXY may name. */
const MAX_PROXY_HOPS = 10;

/**
 * `true` is one proxy (a load balancer), `false` none; or a number of proxies one behind another.
 * Never every hop: a client writes what it likes at the start of X-Forwarded-For.
 */
function parseTrustProxy(env: Env): number {
  const value = read(env, 'CASEBOOK_TRUST_PROXY').toLowerCase();
  if (value === 'true') return 1;
  if (value === 'false') return 0;
  if (!/^\d+$/.test(value) || Number(value) > MAX_PROXY_HOPS)
    throw new ConfigError(
      'CASEBOOK_TRUST_PROXY',
      `must be true (one proxy), false or a number of proxies from 0 to ${MAX_PROXY_HOPS}, got "${value}"`,
    );
  return Number(value);
}

function parseCorsOrigins(env: Env): string[] {
  const raw = read(env, 'CASEBOOK_CORS_ORIGINS');
  if (raw === '') return [];
  return raw.split(',').map((part) => {
    const origin = part.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) {
      throw new ConfigError(
        'CASEBOOK_CORS_ORIGINS',
        `must be a comma-separated list of origins like https://tools.example.org, got "${origin}"`,
      );
    }
    return origin;
  });
}

function parsePublicUrl(env: Env): string | undefined {
  const raw = read(env, 'CASEBOOK_PUBLIC_URL');
  if (raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || raw.replace(/\/$/, '') !== url.origin)
    throw new ConfigError(
      'CASEBOOK_PUBLIC_URL',
      `must be the site's origin, like https://casebook.example.org (no path), got "${raw}"`,
    );
  return url.origin;
}

function parseIntrospection(env: Env, nodeEnv: Config['nodeEnv']): boolean {
  const value = read(env, 'CASEBOOK_INTROSPECTION').toLowerCase();
  if (value === '') return nodeEnv !== 'production';
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError('CASEBOOK_INTROSPECTION', `must be true or false, got "${value}"`);
}

function parseLogFormat(env: Env, nodeEnv: Config['nodeEnv']): LogFormat {
  const value = read(env, 'CASEBOOK_LOG_FORMAT').toLowerCase();
  if (value === '') return nodeEnv === 'production' ? 'json' : 'text';
  if (value === 'json' || value === 'text') return value;
  throw new ConfigError('CASEBOOK_LOG_FORMAT', `must be json or text, got "${value}"`);
}

function parseResponseCacheMb(env: Env): number {
  const raw = read(env, 'CASEBOOK_RESPONSE_CACHE_MB');
  if (!/^\d+$/.test(raw) || Number(raw) > 16384)
    throw new ConfigError(
      'CASEBOOK_RESPONSE_CACHE_MB',
      `must be a whole number of MiB from 0 (off) to 16384, got "${raw}"`,
    );
  return Number(raw);
}

/** A whole number from `min` to `max`, or a ConfigError naming the variable. */
function parseWhole(env: Env, name: keyof typeof CONFIG_VARIABLES, min: number, max: number, what: string): number {
  const raw = read(env, name);
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(name, `must be a whole number of ${what} from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function parseRateLimits(env: Env): RateLimitConfig {
  const points = (name: keyof typeof CONFIG_VARIABLES) => parseWhole(env, name, 1, 1_000_000_000, 'points');
  return {
    address: points('CASEBOOK_RATE_LIMIT_ADDRESS'),
    account: points('CASEBOOK_RATE_LIMIT_ACCOUNT'),
    token: points('CASEBOOK_RATE_LIMIT_TOKEN'),
    syncMs: parseWhole(env, 'CASEBOOK_RATE_LIMIT_SYNC_MS', 50, 60_000, 'milliseconds'),
  };
}

/** The budgets when nothing is configured (tests and tools that build an app themselves). */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = parseRateLimits({});

function parseShutdownGraceMs(env: Env): number {
  return parseWhole(env, 'CASEBOOK_SHUTDOWN_GRACE_MS', 0, 600_000, 'milliseconds');
}

function parseQueryTimeoutMs(env: Env): number {
  return parseWhole(env, 'CASEBOOK_QUERY_TIMEOUT_MS', 100, 600_000, 'milliseconds');
}

function parseMaxResponseMb(env: Env): number {
  return parseWhole(env, 'CASEBOOK_MAX_RESPONSE_MB', 1, 1024, 'MiB');
}

/** How long rows are kept (up to 100 years) and how often the purge runs (at most a week apart). */
export function parseRetention(env: Env): RetentionConfig {
  return {
    auditDays: parseWhole(env, 'CASEBOOK_AUDIT_RETENTION_DAYS', 1, 36_500, 'days'),
    tokenDays: parseWhole(env, 'CASEBOOK_TOKEN_RETENTION_DAYS', 0, 36_500, 'days'),
    purgeIntervalMinutes: parseWhole(env, 'CASEBOOK_PURGE_INTERVAL_MINUTES', 0, 10_080, 'minutes'),
  };
}

/**
 * Reads and validates the configuration. Throws a ConfigError naming the first bad variable.
 * Relative data folders are resolved against `cwd`.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const nodeEnv = parseNodeEnv(env);
  return {
    port: parsePort(env),
    host: parseHost(env),
    databaseUrl: parseDatabaseUrl(env),
    dataDir: path.resolve(cwd, read(env, 'CASEBOOK_DATA_DIR')),
    nodeEnv,
    introspection: parseIntrospection(env, nodeEnv),
    trustProxy: parseTrustProxy(env),
    corsOrigins: parseCorsOrigins(env),
    publicUrl: parsePublicUrl(env),
    logFormat: parseLogFormat(env, nodeEnv),
    responseCacheMb: parseResponseCacheMb(env),
    rateLimits: parseRateLimits(env),
    shutdownGraceMs: parseShutdownGraceMs(env),
    queryTimeoutMs: parseQueryTimeoutMs(env),
    maxResponseMb: parseMaxResponseMb(env),
    retention: parseRetention(env),
  };
}
