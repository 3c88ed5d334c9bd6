import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { RequestLimits } from '../../server/src/common/request-guard.js';
import { createApp } from '../../server/src/http/app.js';
import { createSchema } from '../../server/src/http/schema.js';

export interface TestServer {
  url: string;
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
}

/** Starts the real HTTP app on a free loopback port. */
export async function startTestServer(
  dataSource: DataSource,
  options: {
    clientDir?: string;
    log?: (error: unknown) => void;
    cacheBytes?: number;
    /** Each request's deadline and answer cap (the defaults otherwise). */
    limits?: Partial<RequestLimits>;
  } = {},
): Promise<TestServer> {
  const schema = await createSchema();
  const app = await createApp({
    config: { nodeEnv: 'test', introspection: true },
    dataSource,
    schema,
    clientDir: options.clientDir,
    log: options.log,
    cacheBytes: options.cacheBytes,
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
