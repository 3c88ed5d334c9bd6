import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { createFormatError } from './common/errors.js';
import { errorFields, type Logger } from './common/log.js';
import { operationNamePlugin, requestLogging } from './common/request-log.js';
import { fromRoot } from './common/paths.js';
import { printSdl } from './schema.js';
import { QUERY_LIMITS, aliasAndDirectiveRule, queryCostPlugin, queryDepthRule } from './common/query-limits.js';
import { PublicationWatcher, ResponseCache } from './common/response-cache.js';
import { CACHE_HEADER, graphqlHandler, responseCachePlugin, sendCached } from './common/graphql-cache.js';
import { ProfileService, type ExportedDocument, type ExportFormat } from './modules/profile/profile.service.js';
import { exportComparison, type ComparisonFormat } from './modules/comparison/comparison.export.js';

export interface AppOptions {
  config: Pick<Config, 'nodeEnv' | 'introspection'> & Partial<Pick<Config, 'trustProxy' | 'corsOrigins'>>;
  dataSource: DataSource;
  schema: GraphQLSchema;
  /** Folder of the built client; defaults to client/dist. */
  clientDir?: string;
  log?: (error: unknown) => void;
  /** Receives one line per request, and unexpected errors (unless `log` is given); without it requests are not logged. */
  logger?: Logger;
  /** Bytes of published reads kept in memory (default 64 MiB); 0 turns the cache off. */
  cacheBytes?: number;
}

export interface App {
  express: Express;
  apollo: ApolloServer<Context>;
  /** Published reads (GraphQL and exports) already answered at the current publication counter. */
  cache: ResponseCache;
  watcher: PublicationWatcher;
  /** Stops Apollo and the publication watcher (the HTTP server is the caller's). */
  close(): Promise<void>;
}

/** Paths the server answers itself; every other GET falls back to the app's index.html. */
const SERVER_PATHS = /^\/(graphql|healthz|schema\.graphql|export)(\/|$)/;

/** An export as it is sent: a 200 carries its ETag, so a caller holding that version gets a 304. */
interface ExportAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

function versioned(doc: { body: string; contentType: string; etag: string; disposition: string }): ExportAnswer {
  return { status: 200, body: doc.body, headers: { 'content-type': doc.contentType, etag: doc.etag, 'cache-control': 'no-cache', 'content-disposition': doc.disposition } };
}

function plainAnswer(status: number, contentType: string, body: string): ExportAnswer {
  return { status, body, headers: { 'content-type': contentType } };
}

/** A 304 when the caller already holds this version (its ETag); otherwise false. */
function notModified(req: express.Request, res: express.Response, headers: Record<string, string>): boolean {
  const etag = headers.etag;
  if (!etag || req.headers['if-none-match'] !== etag) return false;
  res.setHeader('ETag', etag).setHeader('Cache-Control', 'no-cache').status(304).end();
  return true;
}

async function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  try {
    await Promise.race([
      dataSource.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('health check timed out')), 3000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Builds the HTTP app: GraphQL endpoint, health, SDL and the built client. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, dataSource, schema } = options;
  const production = config.nodeEnv === 'production';
  const warn = (message: string, error?: unknown) => {
    if (options.logger) options.logger.warn(message, error === undefined ? undefined : errorFields(error));
    else (options.log ?? console.error)(error === undefined ? message : `${message} (${String(error)})`);
  };
  const watcher = await PublicationWatcher.start(dataSource, { log: warn });
  const cache = new ResponseCache(watcher, options.cacheBytes);
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // main.ts owns shutdown: it drains HTTP first, then stops Apollo, the pool and the database.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !production,
    // Cache hints are not used (published reads are cached whole, by the publication counter), and
    // Apollo's cache-control plugin would wrap every field's resolver to collect them.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), queryCostPlugin(), responseCachePlugin(), operationNamePlugin()],
    // Batched requests stay off (Apollo's default), so one HTTP request is one operation.
    allowBatchedHttpRequests: false,
    validationRules: [queryDepthRule, aliasAndDirectiveRule],
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    formatError: createFormatError({ includeDetails: !production, log: options.log, logger: options.logger }),
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // First, so every answer (a refusal, a 404, a preflight) carries X-Request-Id and is logged.
  app.use(requestLogging(options.logger));
  // Behind a load balancer, its X-Forwarded-For and X-Forwarded-Proto give the client address
  // (for rate limits and the audit log) and whether cookies must be Secure.
  if (config.trustProxy) app.set('trust proxy', true);
  app.use((req, res, next) => {
    // Nothing is loaded from anywhere but this server: no CDN, web font or remote script.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    next();
  });
  // CORS: same origin only, unless other origins are configured; they may call the API and
  // exports with a bearer token, never with the session cookie.
  const corsOrigins = new Set(config.corsOrigins ?? []);
  app.use(['/graphql', '/export', '/schema.graphql'], (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && corsOrigins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization, apollo-require-preflight');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  });

  app.get('/healthz', async (_req, res) => {
    const ok = await databaseAnswers(dataSource);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
  });

  const sdl = printSdl(schema);
  app.get('/schema.graphql', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(sdl);
  });

  // Exports of published content are stored like published GraphQL reads, by URL and counter.
  const cachedExport = (produce: (req: express.Request) => Promise<ExportAnswer | null>): express.RequestHandler => async (req, res, next) => {
    const generation = await cache.current();
    const key = generation === null ? null : ResponseCache.key(generation, ['GET', req.originalUrl]);
    const hit = key ? cache.get(key) : undefined;
    if (hit) {
      if (!notModified(req, res, hit.headers)) await sendCached(req, res, cache, hit);
      return;
    }
    const made = await produce(req);
    if (!made) return next();
    if (key && generation !== null && made.status === 200) {
      cache.set(generation, key, made);
      res.setHeader(CACHE_HEADER, 'MISS');
    }
    if (notModified(req, res, made.headers)) return;
    for (const [name, value] of Object.entries(made.headers)) res.setHeader(name, value);
    res.status(made.status).send(made.body);
  };

  const profiles = new ProfileService(dataSource);
  const exportFormat = (file: string): { base: string; format: ExportFormat } | undefined => {
    const match = /^(.+)\.(yaml|json)$/.exec(file);
    return match ? { base: match[1]!, format: match[2] as ExportFormat } : undefined;
  };
  const documentAnswer = (doc: ExportedDocument | null, file: string, what: string): ExportAnswer =>
    doc ? versioned({ body: doc.text, contentType: doc.contentType, etag: doc.etag, disposition: `inline; filename="${file}"` }) : plainAnswer(404, 'text/plain; charset=utf-8', `There is no published ${what}.`);
  app.get(
    '/export/cases/:file',
    cachedExport(async (req) => {
      const file = String(req.params.file);
      const wanted = exportFormat(file);
      if (!wanted) return plainAnswer(400, 'text/plain; charset=utf-8', 'Ask for /export/cases/SLUG.yaml or /export/cases/SLUG.json.');
      return documentAnswer(await profiles.exportCase(wanted.base, wanted.format), file, `case "${wanted.base}"`);
    }),
  );
  app.get(
    ['/export/comparison.csv', '/export/comparison.md', '/export/comparison.json'],
    cachedExport(async (req) => {
      const format = req.path.slice('/export/comparison.'.length) as ComparisonFormat;
      const result = await exportComparison(schema, await createContext(dataSource), req.query, format);
      if (!result.etag) return plainAnswer(result.status, result.contentType, result.body);
      const disposition = `${format === 'json' ? 'inline' : 'attachment'}; filename="comparison.${format}"`;
      return versioned({ body: result.body, contentType: result.contentType, etag: result.etag, disposition });
    }),
  );
  app.get(
    '/export/:file',
    cachedExport(async (req) => {
      const file = String(req.params.file);
      const wanted = exportFormat(file);
      if (!wanted || wanted.base !== 'study') return null;
      return documentAnswer(await profiles.exportStudy(wanted.format), file, 'study record');
    }),
  );

  app.use('/graphql', express.json({ limit: '1mb' }), graphqlHandler(apollo, cache, (http) => createContext(dataSource, http)));

  const clientDir = options.clientDir ?? fromRoot('client', 'dist');
  const indexHtml = path.join(clientDir, 'index.html');
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    if (!existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('The app has not been built yet: run `npm run build:client` (npm start does this for you).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });

  return {
    express: app,
    apollo,
    cache,
    watcher,
    async close() {
      await apollo.stop();
      await watcher.stop();
    },
  };
}
