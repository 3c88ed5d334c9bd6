import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule, type MaxDepthOptions } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  visitInParallel,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { limits } from '@casebook/schema';

/**
 * Limits on the shape of a query, checked before it runs. GraphQL Armor counts depth, aliases and
 * directives; each refusal has its own code (docs/API.md): QUERY_TOO_DEEP, TOO_MANY_ALIASES,
 * TOO_MANY_DIRECTIVES. QUERY_TOO_LARGE comes from the parser's token limit (Apollo's
 * `parseOptions.maxTokens`), and QUERY_TOO_COSTLY from the cost model below, which is ours.
 */
export const QUERY_LIMITS = limits.query;

/** What an Armor rule is told to do with a refusal. */
type ArmorRefusal = Pick<MaxDepthOptions, 'n' | 'onReject' | 'propagateOnRejection'>;

/**
 * An Armor rule whose refusal reports our code and a message with the count and the limit, at the
 * operation refused. Apollo gives every validation error its own code, so the code travels as
 * `extensions.limit`; formatError restores it as `extensions.code`.
 */
function limitRule(
  rule: (options: ArmorRefusal) => ValidationRule,
  code: string,
  limit: number,
  describe: (found: string) => string,
): ValidationRule {
  return (context) => {
    let operation: OperationDefinitionNode | undefined;
    const refuse = (_context: unknown, error: GraphQLError) => {
      // Armor states the count only in its message ("… exceeded, found 17.").
      const found = /found (\d+)/.exec(error.message)?.[1] ?? `more than ${limit}`;
      context.reportError(
        new GraphQLError(`${describe(found)}; at most ${limit} are allowed.`, {
          nodes: operation ? [operation] : undefined,
          extensions: { limit: code },
        }),
      );
    };
    const armor = rule({ n: limit, onReject: [refuse], propagateOnRejection: false })(context);
    return visitInParallel([{ OperationDefinition: (node) => void (operation = node) }, armor]);
  };
}

/**
 * Depth counts the fields nested in one another through fragments (a fragment adds no level of
 * its own); an introspection query's `__schema` counts nothing. Aliases and directives count every
 * one in the operation, fragments included each time they are spread.
 */
export const queryLimitRules: ValidationRule[] = [
  limitRule(
    (options) => maxDepthRule({ ...options, flattenFragments: true, ignoreIntrospection: true }),
    'QUERY_TOO_DEEP',
    QUERY_LIMITS.depth,
    (n) => `The query nests ${n} levels deep`,
  ),
  limitRule(
    (options) => maxAliasesRule({ ...options, allowList: [] }),
    'TOO_MANY_ALIASES',
    QUERY_LIMITS.aliases,
    (n) => `The query uses ${n} aliases`,
  ),
  limitRule(maxDirectivesRule, 'TOO_MANY_DIRECTIVES', QUERY_LIMITS.directives, (n) => `The query uses ${n} directives`),
];

/** How many items a field stands for, and the page size of a connection (for its `nodes`/`edges`). */
function listSize(
  field: FieldNode,
  variables: Record<string, unknown>,
  fieldType: GraphQLOutputType,
  page: number | undefined,
): { size: number; page?: number } {
  const argument = (name: string) => {
    const node = field.arguments?.find((a) => a.name.value === name)?.value;
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  };
  const definition = field.arguments ?? [];
  const first = argument('first');
  if (first !== undefined || definition.some((a) => a.name.value === 'after') || isPaged(fieldType)) {
    const n = typeof first === 'number' && Number.isFinite(first) ? first : limits.pageSize.default;
    return { size: 1, page: Math.max(1, Math.min(n, limits.pageSize.max)) };
  }
  const cases = argument('cases');
  if (Array.isArray(cases)) return { size: Math.max(1, cases.length) };
  if (!isListType(getNullableType(fieldType))) return { size: 1 };
  return { size: page ?? QUERY_LIMITS.listSize };
}

/** A connection: an object with a `pageInfo` beside its `nodes`. */
function isPaged(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && 'pageInfo' in named.getFields() && !isListType(getNullableType(type));
}

/**
 * What a query would cost to answer: every field selected counts once for each item of every list
 * it sits in. A page counts as the size asked for (`first`, or the default page size), a
 * comparison as its number of cases, and any other list as `query.listSize` items.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // `page` is set inside a connection: its `nodes` and `edges` lists are the page asked for.
  const cost = (
    type: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    multiplier: number,
    seen: Set<string>,
    page?: number,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
        const definition = type.getFields()[selection.name.value];
        if (!definition) continue;
        const inner = getNamedType(definition.type);
        if (!selection.selectionSet) {
          total += multiplier;
          continue;
        }
        const list = listSize(selection, variables, definition.type, page);
        const size = multiplier * list.size;
        total += size + cost(inner, selection.selectionSet, size, seen, list.page);
      } else {
        const name = selection.kind === Kind.INLINE_FRAGMENT ? null : selection.name.value;
        const fragment = name ? fragments.get(name) : null;
        if (name && (!fragment || seen.has(name))) continue;
        const selectionSetNode =
          selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment!.selectionSet;
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment!.typeCondition;
        const narrowed = condition ? (schema.getType(condition.name.value) ?? type) : type;
        total += cost(narrowed, selectionSetNode, multiplier, name ? new Set([...seen, name]) : seen, page);
      }
    }
    return total;
  };
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return root ? cost(root, operation.selectionSet, 1, new Set()) : 0;
}

/** Refuses, before it runs, an operation costing more than `query.cost` (QUERY_TOO_COSTLY). */
export function queryCostPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = queryCost(schema, document, operation, request.variables ?? {});
          if (cost <= QUERY_LIMITS.cost) return;
          throw new GraphQLError(
            `The query would cost ${cost} (each field counted once per item of the lists it sits in); at most ${QUERY_LIMITS.cost} is allowed. Ask for smaller pages or fewer fields.`,
            {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: QUERY_LIMITS.cost, http: { status: 400 } },
            },
          );
        },
      };
    },
  };
}
