import express from 'express';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { parseSelectorList } from '@casebook/schema';
import {
  COMPARISON_EXPORT_QUERY,
  comparisonFileName,
  exportComparison,
  type ComparisonFormat,
} from '../modules/comparison/comparison.export.js';
import type { Services } from '../modules/context.js';
import type { ExportedDocument, ExportFormat } from '../modules/interchange/interchange.service.js';
import type { ListSizes } from '../modules/list-size/list-size.service.js';
import type { ContextFactory } from './context.js';
import { CACHE_HEADER, sendCached } from './graphql-cache.js';
import { queryCost } from './query-limits.js';
import type { RateLimiter } from './rate-limit.js';
import { ResponseCache } from './response-cache.js';

/** An export as it is sent: a 200 carries its ETag, so a caller holding that version gets a 304. */
interface ExportAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

function versioned(doc: { body: string; contentType: string; etag: string; disposition?: string }): ExportAnswer {
  return {
    status: 200,
    body: doc.body,
    headers: {
      'content-type': doc.contentType,
      etag: doc.etag,
      'cache-control': 'no-cache',
      ...(doc.disposition ? { 'content-disposition': doc.disposition } : {}),
    },
  };
}

function plainAnswer(status: number, contentType: string, body: string): ExportAnswer {
  return { status, body, headers: { 'content-type': contentType } };
}

/**
 * A 304 when the caller already holds this version (its ETag); otherwise false. It carries the
 * answer's own headers (`own`), since a cache that revalidates takes the 304's headers for its copy.
 */
function notModified(
  req: express.Request,
  res: express.Response,
  headers: Record<string, string>,
  own: Record<string, string>,
): boolean {
  const etag = headers.etag;
  if (!etag || req.headers['if-none-match'] !== etag) return false;
  for (const [name, value] of Object.entries(own)) res.setHeader(name, value);
  res.setHeader('ETag', etag).setHeader('Cache-Control', 'no-cache').status(304).end();
  return true;
}

/**
 * The export routes, mounted at /export: published case profiles and the study record (YAML,
 * JSON; as readers may have them, without editor notes) and comparisons (CSV, Markdown, JSON), each stored in the response cache by URL and
 * publication counter, with an ETag. Each spends from its caller's rate budget (an address, or the
 * account of a session; exports read no Authorization header) and carries its RateLimit fields:
 * 1 point from the cache or for a profile, a comparison what the same comparison costs in GraphQL.
 */
export function exportRoutes(options: {
  cache: ResponseCache;
  services: Services;
  schema: GraphQLSchema;
  createContext: ContextFactory;
  limiter: RateLimiter;
  /** The data's list sizes, as the query cost counts them. */
  listSizes: () => ListSizes;
}): express.Router {
  const { cache, services, schema, createContext, limiter, listSizes } = options;
  const router = express.Router();
  const comparisonQuery = parse(COMPARISON_EXPORT_QUERY);
  const comparisonOperation = comparisonQuery.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  /** What a fresh export costs: a comparison by its cases (as in GraphQL), anything else 1 point. */
  const exportCost = (req: express.Request): number => {
    if (!req.path.startsWith('/comparison.') || typeof req.query.cases !== 'string') return 1;
    const cases = req.query.cases.split(',').map((slug) => ({ slug }));
    return queryCost(schema, comparisonQuery, comparisonOperation, { cases }, listSizes());
  };
  // Exports of published content are stored like published GraphQL reads, by URL and counter.
  // `own` gives the headers made anew for each successful answer, stored or not: what depends on
  // the moment of the request (a file name with the day of download) and must not be kept.
  const cachedExport =
    (
      produce: (req: express.Request) => Promise<ExportAnswer | null>,
      own: (req: express.Request) => Record<string, string> = () => ({}),
    ): express.RequestHandler =>
    async (req, res, next) => {
      const budget = limiter.begin(await limiter.callerOfRequest(req));
      if (limiter.spent(budget.caller)) {
        const refusal = limiter.spentError(budget);
        res.status(429);
        limiter.setHeaders(res, budget);
        res.type('text/plain; charset=utf-8').send(refusal.message);
        return;
      }
      const generation = await cache.current();
      const key = generation === null ? null : ResponseCache.key(generation, ['GET', req.originalUrl]);
      const hit = key ? cache.get(key) : undefined;
      if (hit) {
        limiter.charge(budget, 1);
        limiter.setHeaders(res, budget);
        const headers = own(req);
        if (notModified(req, res, hit.headers, headers)) return;
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        await sendCached(req, res, cache, hit);
        return;
      }
      try {
        limiter.admit(budget, exportCost(req));
      } catch (refusal) {
        res.status(429);
        limiter.setHeaders(res, budget);
        res.type('text/plain; charset=utf-8').send((refusal as Error).message);
        return;
      }
      limiter.setHeaders(res, budget);
      const made = await produce(req);
      if (!made) return next();
      if (key && generation !== null && made.status === 200) {
        cache.set(generation, key, made);
        res.setHeader(CACHE_HEADER, 'MISS');
      }
      const headers = made.status === 200 ? own(req) : {};
      if (notModified(req, res, made.headers, headers)) return;
      for (const [name, value] of Object.entries({ ...made.headers, ...headers })) res.setHeader(name, value);
      res.status(made.status).send(made.body);
    };

  const profiles = services.profiles;
  const exportFormat = (file: string): { base: string; format: ExportFormat } | undefined => {
    const match = /^(.+)\.(yaml|json)$/.exec(file);
    return match ? { base: match[1]!, format: match[2] as ExportFormat } : undefined;
  };
  const documentAnswer = (doc: ExportedDocument | null, file: string, what: string): ExportAnswer =>
    doc
      ? versioned({
          body: doc.text,
          contentType: doc.contentType,
          etag: doc.etag,
          disposition: `inline; filename="${file}"`,
        })
      : plainAnswer(404, 'text/plain; charset=utf-8', `There is no published ${what}.`);
  router.get(
    '/cases/:file',
    cachedExport(async (req) => {
      const file = String(req.params.file);
      const wanted = exportFormat(file);
      if (!wanted)
        return plainAnswer(
          400,
          'text/plain; charset=utf-8',
          'Ask for /export/cases/SLUG.yaml or /export/cases/SLUG.json.',
        );
      return documentAnswer(
        await profiles.exportCase(wanted.base, wanted.format, { forReaders: true }),
        file,
        `case "${wanted.base}"`,
      );
    }),
  );
  const comparisonFormat = (req: express.Request) => req.path.slice('/comparison.'.length) as ComparisonFormat;
  router.get(
    ['/comparison.csv', '/comparison.md', '/comparison.json'],
    cachedExport(
      async (req) => {
        const result = await exportComparison(schema, await createContext(), req.query, comparisonFormat(req));
        if (!result.etag) return plainAnswer(result.status, result.contentType, result.body);
        return versioned({ body: result.body, contentType: result.contentType, etag: result.etag });
      },
      // Named for its cases and the day it is downloaded: made for each answer, never stored, so a
      // copy stored yesterday is not sent under yesterday's name. Only a 200 or 304 gets here, and
      // those had a valid `cases`.
      (req) => {
        const format = comparisonFormat(req);
        const { selectors } = parseSelectorList(String(req.query.cases));
        const file = comparisonFileName(selectors, format, new Date());
        return { 'content-disposition': `${format === 'json' ? 'inline' : 'attachment'}; filename="${file}"` };
      },
    ),
  );
  router.get(
    '/:file',
    cachedExport(async (req) => {
      const file = String(req.params.file);
      const wanted = exportFormat(file);
      if (!wanted || wanted.base !== 'study') return null;
      return documentAnswer(await profiles.exportStudy(wanted.format, { forReaders: true }), file, 'study record');
    }),
  );

  return router;
}
