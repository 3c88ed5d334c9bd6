import { GraphQLError, Kind, type ASTNode, type ValidationContext, type ValidationRule } from 'graphql';
import { limits } from './limits.js';

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
