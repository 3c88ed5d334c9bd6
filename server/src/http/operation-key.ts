import { Kind, parse, print, type DocumentNode, type GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { limits } from '@casebook/schema';

/** What a request asks, as the response cache keys it. */
export interface NormalisedOperation {
  /** The whole document as graphql-js prints it: no comments, one spacing. */
  document: string;
  /** The operation that runs: the one named, or the document's only one (null when anonymous). */
  operation: string | null;
  /** The variables given that the operation declares; the others cannot change its answer. */
  variables: Record<string, unknown>;
}

interface Parsed {
  document: string;
  operations: { name: string | null; variables: string[] }[];
  /** What `check` said of the document: refused before GraphQL validates it, or null. */
  refusal: GraphQLError | null;
}

/**
 * Turns a request's query, operationName and variables into the parts of its cache key, so that
 * the same operation spelled differently, or sent with variables it does not declare, finds the
 * same stored answer. The key keeps the whole document, not only the operation run: GraphQL
 * validates all of it (another operation, or a fragment nothing uses, is an error), so two
 * requests share an answer only when they would be validated alike. Variables given are kept as
 * given (a default is not filled in): the query limits read them so. Parsed documents are
 * remembered by their text (lru-cache, by count and size), so a repeated query is parsed once;
 * `check` looks at each parsed document once too (the early refusals of http/query-limits.ts).
 */
export class OperationKeys {
  private readonly parsed: LRUCache<string, Parsed>;
  private readonly maxTokens: number;
  private readonly check: (document: DocumentNode) => GraphQLError | null;
  /** Parses made (the others were remembered). */
  parses = 0;

  constructor(
    options: {
      maxEntries?: number;
      maxChars?: number;
      maxTokens?: number;
      check?: (document: DocumentNode) => GraphQLError | null;
    } = {},
  ) {
    this.maxTokens = options.maxTokens ?? limits.query.tokens;
    this.check = options.check ?? (() => null);
    this.parsed = new LRUCache({
      max: options.maxEntries ?? 1000,
      maxSize: options.maxChars ?? 4 * 1024 * 1024,
      sizeCalculation: (value, query) => Math.max(1, query.length + value.document.length),
    });
  }

  /**
   * The key's parts, or null when the request is not one operation the server could run (a query
   * that does not parse or has more tokens than allowed, no operation picked, variables that are
   * not an object): the GraphQL server then answers it, with its error.
   */
  normalise(query: string, operationName: unknown, variables: unknown): NormalisedOperation | null {
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
      return null;
    const parsed = this.parse(query);
    if (!parsed) return null;
    const chosen =
      typeof operationName === 'string'
        ? parsed.operations.find((o) => o.name === operationName)
        : parsed.operations.length === 1
          ? parsed.operations[0]
          : undefined;
    if (!chosen) return null;
    const given = (variables ?? {}) as Record<string, unknown>;
    // No prototype, so that a variable named __proto__ is kept like any other.
    const used = Object.create(null) as Record<string, unknown>;
    for (const name of chosen.variables) if (Object.hasOwn(given, name)) used[name] = given[name];
    return { document: parsed.document, operation: chosen.name, variables: used };
  }

  /** The refusal `check` gave the query's document (null when none, or when it does not parse). */
  refusal(query: string): GraphQLError | null {
    return this.parse(query)?.refusal ?? null;
  }

  private parse(query: string): Parsed | null {
    const known = this.parsed.get(query);
    if (known) return known;
    this.parses += 1;
    let parsed: Parsed;
    try {
      const document = parse(query, { noLocation: true, maxTokens: this.maxTokens });
      const operations: Parsed['operations'] = [];
      for (const definition of document.definitions)
        if (definition.kind === Kind.OPERATION_DEFINITION)
          operations.push({
            name: definition.name?.value ?? null,
            variables: (definition.variableDefinitions ?? []).map((v) => v.variable.name.value),
          });
      parsed = { document: print(document), operations, refusal: this.check(document) };
    } catch {
      // Not GraphQL (or nested beyond the stack): never answered from the cache.
      return null;
    }
    this.parsed.set(query, parsed);
    return parsed;
  }
}
