import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { limits } from '@casebook/schema';

/**
 * Limits on the shape of a query, checked before it runs. Each refusal has its own code
 * (docs/API.md): QUERY_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES; QUERY_TOO_LARGE comes from
 * the parser's token limit.
 */
export const QUERY_LIMITS = limits.query;

/** Apollo gives every validation error its own code, so a limit's code travels as `limit`; formatError restores it. */
function refuse(context: ValidationContext, code: string, message: string, node?: ASTNode) {
  context.reportError(new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { limit: code } }));
}

/** How deep selections nest, following fragments (cycles are another rule's job). */
function depthOf(context: ValidationContext, node: ASTNode, seen: Set<string>): number {
  if (node.kind === Kind.FIELD) {
    const inner = node.selectionSet ? Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(context, s, seen))) : 0;
    return node.name.value.startsWith('__') ? 0 : 1 + inner;
  }
  if (node.kind === Kind.INLINE_FRAGMENT) return Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(context, s, seen)));
  if (node.kind === Kind.FRAGMENT_SPREAD) {
    const name = node.name.value;
    const fragment = context.getFragment(name);
    if (!fragment || seen.has(name)) return 0;
    return Math.max(0, ...fragment.selectionSet.selections.map((s) => depthOf(context, s, new Set([...seen, name]))));
  }
  return 0;
}

export const queryDepthRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const depth = Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(context, s, new Set())));
    if (depth > QUERY_LIMITS.depth) refuse(context, 'QUERY_TOO_DEEP', `The query nests ${depth} levels deep; at most ${QUERY_LIMITS.depth} are allowed.`, node);
  },
});

export const aliasAndDirectiveRule: ValidationRule = (context) => {
  let aliases = 0;
  let directives = 0;
  return {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
    Document: {
      leave(node) {
        if (aliases > QUERY_LIMITS.aliases) refuse(context, 'TOO_MANY_ALIASES', `The query uses ${aliases} aliases; at most ${QUERY_LIMITS.aliases} are allowed.`, node);
        if (directives > QUERY_LIMITS.directives) refuse(context, 'TOO_MANY_DIRECTIVES', `The query uses ${directives} directives; at most ${QUERY_LIMITS.directives} are allowed.`, node);
      },
    },
  };
};

/** How many items a field stands for, and the page size of a connection (for its `nodes`/`edges`). */
function listSize(field: FieldNode, variables: Record<string, unknown>, fieldType: GraphQLOutputType, page: number | undefined): { size: number; page?: number } {
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
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // `page` is set inside a connection: its `nodes` and `edges` lists are the page asked for.
  const cost = (type: GraphQLNamedType, selectionSet: SelectionSetNode, multiplier: number, seen: Set<string>, page?: number): number => {
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
        const selectionSetNode = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment!.selectionSet;
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment!.typeCondition;
        const narrowed = condition ? (schema.getType(condition.name.value) ?? type) : type;
        total += cost(narrowed, selectionSetNode, multiplier, name ? new Set([...seen, name]) : seen, page);
      }
    }
    return total;
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
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
          throw new GraphQLError(`The query would cost ${cost} (each field counted once per item of the lists it sits in); at most ${QUERY_LIMITS.cost} is allowed. Ask for smaller pages or fewer fields.`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: QUERY_LIMITS.cost, http: { status: 400 } },
          });
        },
      };
    },
  };
}
