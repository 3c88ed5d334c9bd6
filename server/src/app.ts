import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { createFormatError } from './common/errors.js';
import { fromRoot } from './common/paths.js';
import { printSdl } from './schema.js';
import { QUERY_LIMITS, aliasAndDirectiveRule, queryDepthRule } from './common/query-limits.js';
import { ProfileService, type ExportedDocument, type ExportFormat } from './modules/profile/profile.service.js';
import { exportComparison, type ComparisonFormat } from './modules/comparison/comparison.export.js';

export interface AppOptions {
  config: Pick<Config, 'nodeEnv' | 'introspection'> & Partial<Pick<Config, 'trustProxy' | 'corsOrigins'>>;
  dataSource: DataSource;
  schema: GraphQLSchema;
  /** Folder of the built client; defaults to client/dist. */
  clientDir?: string;
  log?: (error: unknown) => void;
}

export interface App {
  express: Express;
  apollo: ApolloServer<Context>;
}

/** Paths the server answers itself; every other GET falls back to the app's index.html. */
const SERVER_PATHS = /^\/(graphql|healthz|schema\.graphql|export)(\/|$)/;

/** Sends a body with its ETag, or 304 when the caller already has this version. */
function sendVersioned(req: express.Request, res: express.Response, doc: { body: string; contentType: string; etag: string; disposition: string }) {
  res.setHeader('ETag', doc.etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (req.headers['if-none-match'] === doc.etag) {
    res.status(304).end();
    return;
  }
  res.type(doc.contentType).setHeader('Content-Disposition', doc.disposition);
  res.send(doc.body);
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
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // main.ts owns shutdown: it drains HTTP first, then stops Apollo, the pool and the database.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !production,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    // Batched requests stay off (Apollo's default), so one HTTP request is one operation.
    allowBatchedHttpRequests: false,
    validationRules: [queryDepthRule, aliasAndDirectiveRule],
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    formatError: createFormatError({ includeDetails: !production, log: options.log }),
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
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

  const profiles = new ProfileService(dataSource);
  const exportFormat = (file: string): { base: string; format: ExportFormat } | undefined => {
    const match = /^(.+)\.(yaml|json)$/.exec(file);
    return match ? { base: match[1]!, format: match[2] as ExportFormat } : undefined;
  };
  const sendDocument = (req: express.Request, res: express.Response, doc: ExportedDocument | null, file: string, what: string) => {
    if (!doc) res.status(404).type('text/plain').send(`There is no published ${what}.`);
    else sendVersioned(req, res, { body: doc.text, contentType: doc.contentType, etag: doc.etag, disposition: `inline; filename="${file}"` });
  };
  app.get('/export/cases/:file', async (req, res) => {
    const wanted = exportFormat(req.params.file);
    if (!wanted) {
      res.status(400).type('text/plain').send('Ask for /export/cases/SLUG.yaml or /export/cases/SLUG.json.');
      return;
    }
    sendDocument(req, res, await profiles.exportCase(wanted.base, wanted.format), req.params.file, `case "${wanted.base}"`);
  });
  app.get(['/export/comparison.csv', '/export/comparison.md', '/export/comparison.json'], async (req, res) => {
    const format = req.path.slice('/export/comparison.'.length) as ComparisonFormat;
    const result = await exportComparison(schema, await createContext(dataSource), req.query, format);
    if (!result.etag) {
      res.status(result.status).type(result.contentType).send(result.body);
      return;
    }
    const disposition = `${format === 'json' ? 'inline' : 'attachment'}; filename="comparison.${format}"`;
    sendVersioned(req, res, { body: result.body, contentType: result.contentType, etag: result.etag, disposition });
  });
  app.get('/export/:file', async (req, res, next) => {
    const wanted = exportFormat(req.params.file);
    if (!wanted || wanted.base !== 'study') return next();
    sendDocument(req, res, await profiles.exportStudy(wanted.format), req.params.file, 'study record');
  });

  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: ({ req, res }) => createContext(dataSource, { req, res }) }));

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

  return { express: app, apollo };
}
