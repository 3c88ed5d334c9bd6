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
  /** Trust X-Forwarded-* from a proxy in front (for the client address and HTTPS). */
  trustProxy: boolean;
  /** Other origins whose pages may call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** JSON lines for a log collector, or text for a terminal. */
  logFormat: LogFormat;
  /** MiB of memory for stored answers to published reads; 0 turns the response cache off. */
  responseCacheMb: number;
  /** Milliseconds a GraphQL request may work (QUERY_TIMEOUT after); also each SQL statement's limit. */
  queryTimeoutMs: number;
  /** MiB a GraphQL answer may hold (RESPONSE_TOO_LARGE beyond). */
  maxResponseMb: number;
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
  CASEBOOK_LOG_FORMAT: '',
  CASEBOOK_RESPONSE_CACHE_MB: '64',
  CASEBOOK_QUERY_TIMEOUT_MS: '10000',
  CASEBOOK_MAX_RESPONSE_MB: '8',
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

function parseTrustProxy(env: Env): boolean {
  const value = read(env, 'CASEBOOK_TRUST_PROXY').toLowerCase();
  if (value !== 'true' && value !== 'false')
    throw new ConfigError('CASEBOOK_TRUST_PROXY', `must be true or false, got "${value}"`);
  return value === 'true';
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

function parseQueryTimeoutMs(env: Env): number {
  const raw = read(env, 'CASEBOOK_QUERY_TIMEOUT_MS');
  if (!/^\d+$/.test(raw) || Number(raw) < 100 || Number(raw) > 600_000)
    throw new ConfigError(
      'CASEBOOK_QUERY_TIMEOUT_MS',
      `must be a whole number of milliseconds from 100 to 600000, got "${raw}"`,
    );
  return Number(raw);
}

function parseMaxResponseMb(env: Env): number {
  const raw = read(env, 'CASEBOOK_MAX_RESPONSE_MB');
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1024)
    throw new ConfigError('CASEBOOK_MAX_RESPONSE_MB', `must be a whole number of MiB from 1 to 1024, got "${raw}"`);
  return Number(raw);
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
    logFormat: parseLogFormat(env, nodeEnv),
    responseCacheMb: parseResponseCacheMb(env),
    queryTimeoutMs: parseQueryTimeoutMs(env),
    maxResponseMb: parseMaxResponseMb(env),
  };
}
