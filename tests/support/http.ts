import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { RateLimitConfig } from '../../server/src/common/config.js';
import type { Logger } from '../../server/src/common/log.js';
import type { RequestLimits } from '../../server/src/common/request-guard.js';
import { createApp, type App } from '../../server/src/http/app.js';
import { createSchema } from '../../server/src/http/schema.js';

export interface TestServer {
  url: string;
  app: App;
  /** POSTs a GraphQL operation and returns the parsed body and status. */
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GraphQLBody<T> }>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  /** The answer's own extensions: the caller's `rateLimit`. */
  extensions?: Record<string, unknown>;
}

/**
 * An answer without the caller's own rate budget (`extensions.rateLimit`), which is on every answer
 * and changes from one request to the next; the answer's other extensions stay.
 */
export function withoutBudget<T extends { extensions?: Record<string, unknown> }>(answer: T): T {
  if (!answer.extensions) return answer;
  const { extensions, ...rest } = answer;
  const other = { ...extensions };
  delete other.rateLimit;
  return (Object.keys(other).length ? { ...rest, extensions: other } : rest) as T;
}

/**
 * Budgets no test reaches unless it sets its own: a file's requests all come from one address, and
 * how much a file happens to spend must not decide its outcome (the budgets have tests of their own).
 */
const ROOMY_RATE_LIMITS: RateLimitConfig = { address: 1e9, account: 1e9, token: 1e9, syncMs: 1000 };

/** Starts the real HTTP app on a free loopback port. */
export async function startTestServer(
  dataSource: DataSource,
  options: {
    clientDir?: string;
    log?: (error: unknown) => void;
    /** Receives the request lines and every logged error (as main.ts's logger does). */
    logger?: Logger;
    cacheBytes?: number;
    rateLimits?: RateLimitConfig;
    /**
     * Take the client address from X-Forwarded-For, so a test can call from several addresses:
     * the last entry (true, as CASEBOOK_TRUST_PROXY=true), or the one that many proxies in.
     */
    trustProxy?: boolean | number;
    /** Other origins that may call the API from a browser (CASEBOOK_CORS_ORIGINS). */
    corsOrigins?: string[];
    /** The site's public origin (CASEBOOK_PUBLIC_URL); the request's own when absent. */
    publicUrl?: string;
    /** Each request's deadline and answer cap (the defaults otherwise). */
    limits?: Partial<RequestLimits>;
    /** The app's schema, built by the test (createSchema) to change a resolver; built here otherwise. */
    schema?: GraphQLSchema;
  } = {},
): Promise<TestServer> {
  const schema = options.schema ?? (await createSchema());
  const app = await createApp({
    config: {
      nodeEnv: 'test',
      introspection: true,
      trustProxy: options.trustProxy === true ? 1 : options.trustProxy || 0,
      corsOrigins: options.corsOrigins,
      publicUrl: options.publicUrl,
    },
    dataSource,
    schema,
    clientDir: options.clientDir,
    log: options.log,
    logger: options.logger,
    cacheBytes: options.cacheBytes,
    rateLimits: options.rateLimits ?? ROOMY_RATE_LIMITS,
    limits: options.limits,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody<T> };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
