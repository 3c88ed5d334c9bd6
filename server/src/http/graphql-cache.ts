import { parse as parseUrl } from 'node:url';
import { HeaderMap, type ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { publishedRootFields } from '../common/published.js';
import { STOPPED_STATUS } from '../common/request-guard.js';
import { tooLargeBody } from './guard-plugin.js';
import type { HttpContext } from './http-context.js';
import { OperationKeys } from './operation-key.js';
import { callerOf, extensionsMember, jsonInsertionPoint, type RateLimiter } from './rate-limit.js';
import { CODINGS, ResponseCache, type CachedResponse, type Coding } from './response-cache.js';

/**
 * Whether a root field shows a draft: its `draft` argument as GraphQL will run it, with the
 * operation's variables coerced (defaults included) and the argument's own default. A value that
 * cannot be worked out counts as showing one.
 */
function showsDraft(schema: GraphQLSchema, node: FieldNode, coerced: Record<string, unknown>): boolean {
  const field = schema.getQueryType()?.getFields()[node.name.value];
  if (!field?.args.some((a) => a.name === 'draft')) return false;
  try {
    const draft = getArgumentValues(field, node, coerced).draft;
    return draft !== undefined && draft !== null && draft !== false;
  } catch {
    return true;
  }
}

function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...rootFields(selection.selectionSet, fragments, seen));
    else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      out.push(...rootFields(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value])));
    }
  }
  return out;
}

/**
 * Whether an operation may be a published read, so its answer may be shared between callers until
 * the next publish: every root field is one the schema marks `@PublishedRead()` (`node` is not: it
 * also finds the parts of drafts, which change without a publish), and none asks for a draft
 * (`caseStudy(draft: true)`, however the value is given: a literal, a variable or its default).
 * A query of `__typename` alone reads nothing and is not stored. This is only the first filter:
 * what the execution read decides (`context.privacy`, checked before an answer is stored).
 */
export function isPublishedRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): boolean {
  if (operation.operation !== 'query') return false;
  const values = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (values.errors) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields = rootFields(operation.selectionSet, fragments).filter((f) => f.name.value !== '__typename');
  const published = publishedRootFields(schema);
  return (
    fields.length > 0 && fields.every((f) => published.has(f.name.value) && !showsDraft(schema, f, values.coerced))
  );
}

/**
 * Marks published reads answered without errors and without anything private read on the way
 * (`context.privacy`) as storable (`context.cache`). Nothing is needed after a write: every read
 * the cache could answer first reads the publication counter.
 */
export function responseCachePlugin(): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue, request }) {
          if (contextValue.cache)
            contextValue.cache.storable =
              operation !== undefined && isPublishedRead(schema, document, operation, request.variables ?? {});
        },
        async willSendResponse({ response, contextValue }) {
          if (
            contextValue.cache?.storable &&
            (response.body.kind !== 'single' || response.body.singleResult.errors || contextValue.privacy.isPrivate)
          )
            contextValue.cache.storable = false;
        },
      };
    },
  };
}

/** The best coding the client accepts for a stored answer (`br` before `gzip`; `;q=0` refuses one). */
export function preferredCoding(req: Request): Coding | null {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return null;
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (coding && (!q || Number(q.slice(2)) > 0)) accepted.add(coding.trim().toLowerCase());
  }
  return CODINGS.find((c) => accepted.has(c) || accepted.has('*')) ?? null;
}

/** Says whether an answer came from the cache (HIT) or was made and stored (MISS). */
export const CACHE_HEADER = 'X-Cache';

/** Sends a stored answer, compressed when the client accepts it, with `insert` (this answer's own bytes) in it. */
export async function sendCached(
  req: Request,
  res: Response,
  cache: ResponseCache,
  entry: CachedResponse,
  insert?: Buffer,
): Promise<void> {
  const coding = preferredCoding(req);
  const body = await cache.bytes(entry, coding, insert);
  for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
  res.setHeader(CACHE_HEADER, 'HIT');
  res.vary('Accept-Encoding');
  if (coding) res.setHeader('Content-Encoding', coding);
  res.status(entry.status).end(body);
}

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/**
 * The GraphQL endpoint (after express.json): answers a published read from the cache when it can,
 * otherwise runs it through Apollo and stores the answer when the plugin marked it storable. Every
 * answer spends from its caller's rate budget and carries the numbers (`limiter`). An answer of
 * more than `maxResponseBytes` is neither sent nor stored: RESPONSE_TOO_LARGE instead.
 */
export function graphqlHandler(
  apollo: ApolloServer<HttpContext>,
  cache: ResponseCache,
  context: (http: { req: Request; res: Response }) => Promise<HttpContext>,
  limiter: RateLimiter,
  maxResponseBytes = Infinity,
  check?: (document: DocumentNode) => GraphQLError | null,
): RequestHandler {
  const operations = new OperationKeys({ check });
  return async (req, res) => {
    const body = (req.body ?? {}) as GraphQLBody;
    // Refused before GraphQL validates it (see earlyRefusal); remembered with the parsed query.
    // A GET carries its query in the address.
    const text = req.method === 'GET' ? new URLSearchParams(parseUrl(req.url).search ?? '').get('query') : body.query;
    const refused = typeof text === 'string' ? operations.refusal(text) : null;
    // Without an Authorization header the caller is known before parsing (an address, or the
    // account of a session): one with nothing left is refused at once.
    const caller = req.headers.authorization === undefined ? await limiter.callerOfRequest(req) : null;
    if (caller && limiter.spent(caller)) return limiter.refuse(res, limiter.begin(caller));
    // Only POSTed JSON is served from the cache (GETs keep Apollo's CSRF checks on every request),
    // and never to a request with an Authorization header (malformed or empty ones included): API
    // tokens are checked and recorded on every request, and a bad header is refused.
    const eligible =
      caller !== null &&
      req.method === 'POST' &&
      req.headers.authorization === undefined &&
      req.is('application/json') &&
      typeof body.query === 'string' &&
      body.extensions === undefined;
    const generation = eligible ? await cache.current() : null;
    let key: string | null = null;
    try {
      // Keyed by the operation as parsed, so spelling and undeclared variables do not split it.
      const operation =
        generation !== null && typeof body.query === 'string'
          ? operations.normalise(body.query, body.operationName, body.variables)
          : null;
      key =
        generation !== null && operation
          ? ResponseCache.key(generation, [operation.document, operation.operation, operation.variables])
          : null;
    } catch {
      // Variables nested too deep to key (the stack runs out): such a request is answered afresh.
    }
    const hit = key ? cache.get(key) : undefined;
    if (hit && caller) {
      // A stored answer costs 1 point; its body gets this caller's numbers as it is sent.
      const budget = limiter.begin(caller);
      limiter.charge(budget, 1);
      limiter.setHeaders(res, budget);
      await sendCached(req, res, cache, hit, Buffer.from(extensionsMember(limiter.extension(budget), true)));
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    let contextValue: HttpContext | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: parseUrl(req.url).search ?? '',
        body: req.body,
      },
      context: async () => {
        if (refused) throw refused;
        contextValue = await context({ req, res });
        contextValue.cache = { storable: false };
        contextValue.budget = limiter.begin(callerOf(contextValue.viewer, contextValue.address));
        if (limiter.spent(contextValue.budget.caller)) throw limiter.spentError(contextValue.budget);
        return contextValue;
      },
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    // A request refused before its context was made (a bad Authorization header) spends from its address.
    const budget = contextValue?.budget ?? limiter.begin(caller ?? callerOf({ kind: 'anonymous' }, req.ip ?? null));
    limiter.setHeaders(res, budget);
    if (response.body.kind !== 'complete') {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
    if (Buffer.byteLength(response.body.string) > maxResponseBytes) {
      res.statusCode = STOPPED_STATUS.RESPONSE_TOO_LARGE!;
      res.send(tooLargeBody(maxResponseBytes));
      return;
    }
    const point = jsonInsertionPoint(response.body.string);
    // What the execution read decides: an answer marked private is never stored, whatever the operation looked like.
    const shareable = contextValue?.cache?.storable === true && !contextValue.privacy.isPrivate;
    if (key && generation !== null && shareable && res.statusCode === 200 && point?.comma) {
      // Stored without anyone's rate budget; each answer sent from it gets its caller's.
      const stored = Object.fromEntries([...response.headers].filter(([name]) => name !== 'set-cookie'));
      cache.set(generation, key, { status: 200, headers: stored, body: response.body.string, insertAt: point.byteAt });
      res.setHeader(CACHE_HEADER, 'MISS');
    }
    res.send(limiter.withExtension(response.body.string, budget));
  };
}
