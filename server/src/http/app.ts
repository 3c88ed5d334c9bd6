import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { DEFAULT_RATE_LIMITS, type Config, type RateLimitConfig } from '../common/config.js';
import { errorFields, formatLine, type Logger } from '../common/log.js';
import { fromRoot } from '../common/paths.js';
import { requestLimits, type RequestLimits } from '../common/request-guard.js';
import { createServices, type Services } from '../modules/context.js';
import { auditRefusalsPlugin } from './audit-plugin.js';
import { contextFactory } from './context.js';
import { exportRoutes } from './export-routes.js';
import { createFormatError } from './format-error.js';
import { graphqlHandler, responseCachePlugin } from './graphql-cache.js';
import { requestGuardPlugin } from './guard-plugin.js';
import type { HttpContext } from './http-context.js';
import { errorHandler, pathGuard } from './http-errors.js';
import { pageHead } from './pages/page-head.js';
import { withHead } from './pages/page-html.js';
import { requestOrigin } from './pages/public-origin.js';
import { robotsTxt, sitemapXml } from './pages/site-files.js';
import { earlyRefusal, ListSizeTracker, QUERY_LIMITS, queryCostPlugin, queryLimitRules } from './query-limits.js';
import { RateBudgets } from './rate-budget.js';
import { rateLimitPlugin, RateLimiter } from './rate-limit.js';
import { operationNamePlugin, requestLogging } from './request-log.js';
import { PublicationWatcher, ResponseCache } from './response-cache.js';
import { printSdl } from './schema.js';

export interface AppOptions {
  config: Pick<Config, 'nodeEnv' | 'introspection'> &
    Partial<Pick<Config, 'trustProxy' | 'corsOrigins' | 'queryTimeoutMs' | 'maxResponseMb' | 'publicUrl'>>;
  dataSource: DataSource;
  schema: GraphQLSchema;
  /** Folder of the built client; defaults to client/dist. */
  clientDir?: string;
  log?: (error: unknown) => void;
  /** Receives one line per request, and unexpected errors (unless `log` is given); without it requests are not logged. */
  logger?: Logger;
  /** The domain services; made over `dataSource` when absent. */
  services?: Services;
  /** Bytes of published reads kept in memory (default 64 MiB); 0 turns the cache off. */
  cacheBytes?: number;
  /** Hourly budgets per caller and how often they are shared (default: the configuration's defaults). */
  rateLimits?: RateLimitConfig;
  /** Each request's deadline and answer cap, exactly (tests); otherwise from `config`. */
  limits?: Partial<RequestLimits>;
}

export interface App {
  express: Express;
  apollo: ApolloServer<HttpContext>;
  /** Published reads (GraphQL and exports) already answered at the current publication counter. */
  cache: ResponseCache;
  watcher: PublicationWatcher;
  /** The data's list sizes, which the query cost counts by. */
  listSizes: ListSizeTracker;
  /** The callers' rate budgets, shared with other instances through the database. */
  budgets: RateBudgets;
  /** Stops Apollo, the publication watcher and the budgets' sharing (the HTTP server is the caller's). */
  close(): Promise<void>;
}

/**
 * A page's answer, kept in the response cache until the next publication when `made` says it is
 * a published page; drafts and pages for signed-in people are made afresh every time.
 */
async function cachedPage(
  cache: ResponseCache,
  parts: readonly string[],
  made: () => Promise<{ status: number; published: boolean; body: string }>,
): Promise<{ status: number; published: boolean; body: string }> {
  const generation = await cache.current();
  const key = generation === null ? null : ResponseCache.key(generation, parts);
  const found = key ? cache.get(key) : undefined;
  if (found) return { status: found.status, published: true, body: found.body.toString('utf8') };
  const page = await made();
  if (page.published && generation !== null && key)
    cache.set(generation, key, { status: page.status, headers: {}, body: page.body });
  return page;
}

/** Paths the server answers itself; every other GET falls back to the app's index.html. */
const SERVER_PATHS = /^\/(graphql|healthz|schema\.graphql|export|robots\.txt|sitemap\.xml)(\/|$)/;

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

/** What express.json says of a body it refused: its HTTP status and our code. */
const BODY_REFUSALS: Record<string, { code: string; message: string }> = {
  'entity.too.large': { code: 'BODY_TOO_LARGE', message: 'The request body is over 1 MB.' },
  'entity.parse.failed': { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
};

/**
 * A GraphQL request whose body express.json refused (too large, not JSON) is answered as GraphQL
 * errors are, with a code, and spends 1 point of its caller's budget like any refusal, so that it
 * too carries the RateLimit fields; Express's own handler would answer in HTML and log a stack.
 */
function bodyRefusal(limiter: RateLimiter): express.ErrorRequestHandler {
  return (error: { type?: string; status?: number }, req, res, next) => {
    const refusal = error.type ? BODY_REFUSALS[error.type] : undefined;
    if (!refusal || res.headersSent) return next(error);
    void limiter.callerOfRequest(req).then(
      (caller) => {
        const budget = limiter.begin(caller);
        limiter.charge(budget, 1);
        limiter.setHeaders(res, budget);
        res
          .status(error.status ?? 400)
          .json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      },
      (cause: unknown) => next(cause),
    );
  };
}

/** Builds the HTTP app: GraphQL endpoint, health, SDL and the built client. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, dataSource, schema } = options;
  const production = config.nodeEnv === 'production';
  const warn = (message: string, error?: unknown) => {
    if (options.logger) options.logger.warn(message, error === undefined ? undefined : errorFields(error));
    else (options.log ?? console.error)(error === undefined ? message : `${message} (${String(error)})`);
  };
  const services = options.services ?? createServices(dataSource);
  const limits: RequestLimits = { ...requestLimits(config), ...options.limits };
  const createContext = contextFactory(dataSource, services, limits);
  const watcher = await PublicationWatcher.start(dataSource, { log: warn });
  const cache = new ResponseCache(watcher, options.cacheBytes);
  // Measured on the watcher's own connection, so a measurement never waits for (or holds) a
  // connection a request needs; while that connection is down the pool measures.
  const measure = () =>
    services.listSizes.measure((sql) => (watcher.current() === null ? dataSource.query(sql) : watcher.query(sql)));
  const listSizes = await ListSizeTracker.start(measure, {
    onChange: (listener) => watcher.onChange(listener),
    log: warn,
  });
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const budgets = new RateBudgets(dataSource, { limits: rateLimits, syncMs: rateLimits.syncMs, log: warn });
  budgets.start();
  const limiter = new RateLimiter(budgets, services.accounts);
  const apollo = new ApolloServer<HttpContext>({
    schema,
    csrfPrevention: true,
    // main.ts owns shutdown: it drains HTTP first, then stops Apollo, the pool and the database.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !production,
    // Cache hints are not used (published reads are cached whole, by the publication counter), and
    // Apollo's cache-control plugin would wrap every field's resolver to collect them.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      queryCostPlugin(() => listSizes.current()),
      rateLimitPlugin(limiter),
      requestGuardPlugin(),
      auditRefusalsPlugin(warn),
      responseCachePlugin(),
      operationNamePlugin(),
    ],
    // Batched requests stay off (Apollo's default), so one HTTP request is one operation.
    allowBatchedHttpRequests: false,
    // Selections with every fragment written out, and repeated fields, are counted before Apollo
    // validates anything (earlyRefusal, in graphqlHandler below).
    validationRules: queryLimitRules,
    // An operation full of mistakes (fifty unknown directives) gets a few errors, not one per mistake.
    validationOptions: { maxErrors: QUERY_LIMITS.errors },
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    formatError: createFormatError({ includeDetails: !production, log: options.log, logger: options.logger }),
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // First, so every answer (a refusal, a 404, a preflight) carries X-Request-Id and is logged.
  app.use(requestLogging(options.logger));
  // A path no route could read (over-long, badly percent-encoded, holding a NUL) is refused here.
  app.use(pathGuard());
  // Behind a load balancer, its X-Forwarded-For and X-Forwarded-Proto give the client address
  // (for rate limits, sign-in limits and the audit log) and whether cookies must be Secure. Only
  // as many hops as there are proxies are trusted: the address is the entry the outermost one
  // added, never one a client wrote before it.
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
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
      // So such pages can read where their caller stands (and the request id to quote).
      res.setHeader('Access-Control-Expose-Headers', 'RateLimit, RateLimit-Policy, Retry-After, X-Request-Id');
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

  app.use(
    '/export',
    exportRoutes({ cache, services, schema, createContext, limiter, listSizes: () => listSizes.current() }),
  );

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    graphqlHandler(apollo, cache, createContext, limiter, limits.maxResponseBytes, (document) =>
      earlyRefusal(schema, document),
    ),
    bodyRefusal(limiter),
  );

  // The site's own origin, for canonical links and the sitemap: the configured one, or the request's.
  const originOf = (req: express.Request) => config.publicUrl ?? requestOrigin(req);
  app.get('/robots.txt', (req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/plain; charset=utf-8').send(robotsTxt(originOf(req)));
  });
  app.get('/sitemap.xml', async (req, res, next) => {
    try {
      const origin = originOf(req);
      const { body } = await cachedPage(cache, ['sitemap', origin], async () => ({
        status: 200,
        published: true,
        body: sitemapXml(origin, await services.caseStudies.publishedPages()),
      }));
      res.setHeader('Cache-Control', 'no-cache');
      res.type('application/xml; charset=utf-8').send(body);
    } catch (error) {
      next(error);
    }
  });

  const clientDir = options.clientDir ?? fromRoot('client', 'dist');
  const indexHtml = path.join(clientDir, 'index.html');
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/.*/, async (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    if (!existsSync(indexHtml)) {
      res
        .status(503)
        .type('text/plain')
        .send('The app has not been built yet: run `npm run build:client` (npm start does this for you).');
      return;
    }
    try {
      // Each page's head says what it holds (title, description, canonical link, link previews);
      // published pages are kept until the next publication, drafts and signed-in pages never.
      const origin = originOf(req);
      const url = new URL(req.originalUrl, origin);
      // A rebuilt app (new script names in its index.html) is never answered with the old page.
      const built = String((await stat(indexHtml)).mtimeMs);
      const { status, body, published } = await cachedPage(
        cache,
        ['page', origin, url.pathname, url.search, built],
        async () => {
          const head = await pageHead(url, origin, services);
          return {
            status: head.status,
            published: head.published,
            body: withHead(await readFile(indexHtml, 'utf8'), head),
          };
        },
      );
      res.setHeader('Cache-Control', published ? 'no-cache' : 'no-store');
      res.status(status).type('html').send(body);
    } catch (error) {
      next(error);
    }
  });
  // Last: every error met outside Apollo, as one log line and an answer with its code.
  app.use(
    errorHandler((level, msg, fields) => {
      if (options.logger) options.logger[level](msg, fields);
      else (options.log ?? console.error)(formatLine('json', level, msg, fields));
    }),
  );

  return {
    express: app,
    apollo,
    cache,
    watcher,
    listSizes,
    budgets,
    async close() {
      listSizes.stop();
      await apollo.stop();
      await watcher.stop();
      await budgets.stop();
    },
  };
}
