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
  isLeafType,
  isListType,
  isObjectType,
  validate,
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
import type { ListSizes } from '../modules/list-size/list-size.service.js';
import { RECENT_PUBLICATIONS } from '../modules/work-list/work-list.service.js';

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
  repeatedFieldsRule(),
];

/**
 * A field asked for again and again in one selection (`{ __typename __typename … }`, or through
 * fragments spread side by side) is answered once but checked and merged each time: more than
 * `query.repeatedFields` of one name in one place is refused (TOO_MANY_REPEATED_FIELDS). Each
 * fragment's fields are counted once and added at each spread, so the check is linear in the
 * document; `counter` counts the selections it visits.
 */
export function repeatedFieldsRule(counter: VisitCounter = { visits: 0 }): ValidationRule {
  const limit = QUERY_LIMITS.repeatedFields;
  return (context) => {
    /** A fragment's fields at its top level (through inline fragments and spreads), by response name; null while counted. */
    const flat = new Map<string, Map<string, number> | null>();
    const checked = new Set<SelectionSetNode>();
    let refused = false;
    const refuse = (name: string, found: number, node: OperationDefinitionNode) => {
      if (refused) return;
      refused = true;
      context.reportError(
        new GraphQLError(
          `The query asks for "${name}" ${found > limit ? `more than ${limit}` : found} times in one place; at most ${limit} are allowed.`,
          { nodes: [node], extensions: { limit: 'TOO_MANY_REPEATED_FIELDS' } },
        ),
      );
    };
    const add = (into: Map<string, number>, name: string, n: number) =>
      into.set(name, Math.min(limit + 1, (into.get(name) ?? 0) + n));
    const topLevel = (selectionSet: SelectionSetNode, into: Map<string, number>, nested: SelectionSetNode[]) => {
      for (const selection of selectionSet.selections) {
        counter.visits++;
        if (selection.kind === Kind.FIELD) {
          add(into, selection.alias?.value ?? selection.name.value, 1);
          if (selection.selectionSet) nested.push(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          topLevel(selection.selectionSet, into, nested);
        } else {
          for (const [name, n] of fragmentFields(selection.name.value)) add(into, name, n);
        }
      }
    };
    const fragmentFields = (name: string): Map<string, number> => {
      if (flat.has(name)) return flat.get(name) ?? new Map();
      flat.set(name, null);
      const fragment = context.getFragment(name);
      const fields = new Map<string, number>();
      const nested: SelectionSetNode[] = [];
      if (fragment) topLevel(fragment.selectionSet, fields, nested);
      flat.set(name, fields);
      return fields;
    };
    /** Checks a selection set and those nested in its fields (fragments' own bodies are checked where they are defined). */
    const check = (selectionSet: SelectionSetNode, operation: OperationDefinitionNode) => {
      const pending = [selectionSet];
      while (pending.length && !refused) {
        const next = pending.pop()!;
        if (checked.has(next)) continue;
        checked.add(next);
        const fields = new Map<string, number>();
        topLevel(next, fields, pending);
        for (const [name, n] of fields) if (n > limit) refuse(name, n, operation);
      }
    };
    let operation: OperationDefinitionNode | undefined;
    return {
      OperationDefinition(node) {
        operation = node;
        check(node.selectionSet, node);
      },
      Document: {
        leave(document) {
          // Fragments' own selections, nested fields included, are checked once each.
          const at =
            operation ??
            document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
          if (!at) return;
          for (const definition of document.definitions)
            if (definition.kind === Kind.FRAGMENT_DEFINITION) check(definition.selectionSet, at);
        },
      },
    };
  };
}

/**
 * Selections (fields, inline fragments, spreads) in each operation with every fragment written
 * out, as Apollo's `maxRecursiveSelections` counts them: each fragment counted once and multiplied
 * at its spreads, so the check is linear in the document. More than `query.selections` is refused
 * (TOO_MANY_SELECTIONS). A fragment that spreads itself counts nothing more (GraphQL's own
 * NoFragmentCycles refuses it). `counter` counts the selections visited.
 */
export function selectionsRule(counter: VisitCounter = { visits: 0 }): ValidationRule {
  const limit = QUERY_LIMITS.selections;
  return (context) => {
    /** Selections of a fragment written out; null while being counted. */
    const counted = new Map<string, number | null>();
    const count = (selectionSet: SelectionSetNode): number => {
      let n = 0;
      for (const selection of selectionSet.selections) {
        counter.visits++;
        n++;
        if (selection.kind === Kind.FRAGMENT_SPREAD) n += fragment(selection.name.value);
        else if (selection.selectionSet) n += count(selection.selectionSet);
      }
      return n;
    };
    const fragment = (name: string): number => {
      if (counted.has(name)) return counted.get(name) ?? 0;
      counted.set(name, null);
      const definition = context.getFragment(name);
      const n = definition ? count(definition.selectionSet) : 0;
      counted.set(name, n);
      return n;
    };
    return {
      OperationDefinition(node) {
        if (count(node.selectionSet) <= limit) return;
        context.reportError(
          new GraphQLError(
            `The query asks for more than ${limit} selections once its fragments are written out; ask for fewer fields or spread fragments fewer times.`,
            { nodes: [node], extensions: { limit: 'TOO_MANY_SELECTIONS' } },
          ),
        );
      },
    };
  };
}

/**
 * The refusal a document earns before GraphQL's own validation runs, or null. Some of graphql-js's
 * rules are quadratic in what they are given (OverlappingFieldsCanBeMerged compares every pair of
 * fields with one response name: 500 × `__typename` is 124,750 comparisons), and Apollo runs
 * them all together (its own `maxRecursiveSelections` too), so a query refused by a linear rule
 * would still pay for theirs. This runs the rules for repeated fields and for selections alone;
 * the answer is the one validation gives (HTTP 400, the same code).
 */
export function earlyRefusal(schema: GraphQLSchema, document: DocumentNode): GraphQLError | null {
  const [error] = validate(schema, document, [repeatedFieldsRule(), selectionsRule()], { maxErrors: 1 });
  return error
    ? new GraphQLError(error.message, {
        extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
      })
    : null;
}

/** What the lists inside a field stand for: the page of a connection, the cases of a comparison. */
interface Scope {
  /** Set inside a connection: its `nodes` and `edges` lists are the page asked for. */
  page?: number;
  /** Set inside a comparison or structural diff: its rows and cells hold one entry per case. */
  cases?: number;
  /**
   * Inside one case or one comparison (a unit): how many items the path from it stands for. A
   * list with a total per unit can hold no more than what the unit holds in all.
   */
  within?: number;
}

/** A list's real size, from the data's largest list of its kind and the scope it sits in. */
type Size = (sizes: ListSizes, scope: Scope) => number;

/**
 * The most items of a list under one parent (`each`) and, where the data bounds it, under one case
 * or one comparison in all (`total`): a case has at most 7 levels in a period but 10 in all its
 * periods, so its periods' levels count as 10, not 2 × 7.
 */
interface ListSize {
  each: Size;
  total?: Size;
}

const PROBLEMS_PER_ANSWER = 20;
const FIELDS_PER_PART = 10;
const TIER_COUNT = 3;
const COMPARISON_SECTIONS = 4;
/** The sections of a period whose coverage the coverage map shows (CoverageSection). */
const COVERAGE_SECTIONS = 3;

/** Types whose lists are counted against their own totals: a case's parts, a comparison's cells. */
const UNITS = new Set(['CaseStudy', 'Comparison', 'StructuralDiff']);

/** The cases a scope covers: those of a comparison, or one. */
const casesOf = (scope: Scope) => scope.cases ?? 1;
const each = (size: Size): ListSize => ({ each: size });
const perCase = (size: Size, total: (s: ListSizes) => number): ListSize => ({
  each: size,
  total: (s, scope) => total(s) * casesOf(scope),
});
const citations = perCase(
  (s) => s.citationsPerClaim,
  (s) => s.citationsPerCase,
);
const problems = each(() => PROBLEMS_PER_ANSWER);

/**
 * How many items each unpaged list of objects holds at most, by `Type.field` (`*.userErrors`: in
 * every payload). A test walks the schema: every such list must be here, so none counts as a guess.
 */
export const LIST_SIZES: Record<string, ListSize> = {
  'Body.citations': citations,
  'Body.responsibilities': perCase(
    (s) => s.responsibilitiesPerBody,
    (s) => s.responsibilitiesPerCase,
  ),
  'CaseDraft.comments': each((s) => s.commentsPerDraft),
  'NotificationList.items': each(() => limits.notifications.shown),
  'Query.publishedReviewComments': each((s) => s.commentsPerDraft * Math.max(1, s.editionsPerCase)),
  // The bibliography's edits name the claims they touched: claims of one case, and no more than one call names.
  'CiteDraftClaimsPayload.alreadyCiting': each((s) => Math.min(s.partsPerCase, limits.citeClaims.max)),
  'CiteDraftClaimsPayload.cited': each((s) => Math.min(s.partsPerCase, limits.citeClaims.max)),
  'CaseDraft.publishProblems': problems,
  // The coverage map: a case's current periods due for review, and the latest one's sections.
  'CaseWorkRow.reviewsDue': each((s) => s.periodsPerCase),
  'CaseWorkRow.sections': each(() => COVERAGE_SECTIONS),
  'CaseStudy.editions': each((s) => s.editionsPerCase),
  'CaseStudy.lessons': each((s) => s.lessonsPerCase),
  'CaseStudy.notModelled': each((s) => s.notModelledPerCase),
  'CaseStudy.periods': each((s) => s.periodsPerCase),
  'CaseStudy.sources': each((s) => s.sourcesPerCase),
  'CaseStudy.timeline': each((s) => s.timelinePerCase),
  'CellItem.citations': citations,
  'CellItem.parts': perCase(
    (s) => s.bodiesPerLevel,
    (s) => s.bodiesPerCase,
  ),
  'Comparison.cases': each((_s, scope) => casesOf(scope)),
  'Comparison.sections': each(() => COMPARISON_SECTIONS),
  'Comparison.timeline': each((s, scope) => s.timelinePerCase * casesOf(scope)),
  'Comparison.commonApproaches': each((s) => comparisonRows(s)),
  'ComparisonSection.rows': {
    each: (s) => Math.max(TIER_COUNT, s.responsibilityRows, s.connectionRows, s.lessonRows),
    total: (s) => comparisonRows(s),
  },
  'ComparisonRow.cells': each((_s, scope) => casesOf(scope)),
  'ComparisonCell.items': perCase(
    (s) => Math.max(s.levelsPerTier, s.responsibilitiesPerCell, s.connectionsPerCell, s.lessonsPerTheme),
    (s) => s.partsPerCase,
  ),
  'Extent.areas': each((s) => s.extentAreas),
  'GovernanceLevel.bodies': perCase(
    (s) => s.bodiesPerLevel,
    (s) => s.bodiesPerCase,
  ),
  'GovernanceLevel.citations': citations,
  'MergeDraftSourcesPayload.recited': each((s) => s.partsPerCase),
  'Publication.changes': each((s) => s.changesPerPublication),
  'Query.apiTokens': each((s) => s.apiTokens),
  'Query.coverageMap': each((s) => s.cases),
  'Query.lessonThemes': each((s) => s.lessonThemes),
  'Query.pendingChanges': each(() => limits.pendingChanges.perCase),
  'Query.revisionDiff': each((s) => 2 * s.partsPerCase),
  'Query.serviceAreas': each((s) => s.serviceAreas),
  'Query.sessions': each((s) => s.sessionsPerUser),
  'Query.users': each((s) => s.users),
  'ReformLesson.citations': citations,
  'Responsibility.citations': citations,
  'ServiceConnection.areas': each(() => 2),
  'ServiceConnection.citations': citations,
  'SharedOrganisation.bodies': each((s) => s.bodiesPerAreaPair),
  'SharedOrganisation.citations': each((s) => s.citationsPerAreaPair),
  'StructuralChange.fields': each(() => FIELDS_PER_PART),
  'StructuralDiff.changes': each((s) => 2 * s.partsPerCase),
  'StructurePeriod.connections': perCase(
    (s) => s.connectionsPerPeriod,
    (s) => s.connectionsPerCase,
  ),
  'StructurePeriod.levels': perCase(
    (s) => s.levelsPerPeriod,
    (s) => s.levelsPerCase,
  ),
  'StructurePeriod.responsibilities': perCase(
    (s) => s.responsibilitiesPerPeriod,
    (s) => s.responsibilitiesPerCase,
  ),
  'StructurePeriod.sharedOrganisations': perCase(
    (s) => s.areaPairsPerPeriod,
    (s) => s.areaPairsPerCase,
  ),
  'StructurePeriod.tiers': each(() => TIER_COUNT),
  'Study.findings': each((s) => s.findings),
  'Study.reports': each((s) => s.reports),
  'Study.strands': each((s) => s.strands),
  'StudyFinding.citations': citations,
  'StudyReport.citations': citations,
  'StudyStrand.citations': citations,
  'TierStatus.levels': perCase(
    (s) => s.levelsPerTier,
    (s) => s.levelsPerCase,
  ),
  'TimelineEvent.citations': citations,
  'WorkList.drafts': each((s) => s.cases),
  'WorkList.recentlyPublished': each(() => RECENT_PUBLICATIONS),
  '*.userErrors': problems,
};

/** The size entry of a list field. */
export function listSizeOf(type: string, field: string): ListSize | undefined {
  return LIST_SIZES[`${type}.${field}`] ?? LIST_SIZES[`*.${field}`];
}

/** The most rows a comparison can have in all: tiers, functions held, pairs connected, lesson themes. */
function comparisonRows(s: ListSizes): number {
  return TIER_COUNT + s.responsibilityRows + s.connectionRows + s.lessonRows;
}

/** Whether a field's type is a list of objects (a list of scalars costs no more than one field). */
export function isObjectList(type: GraphQLOutputType): boolean {
  const nullable = getNullableType(type);
  return isListType(nullable) && !isLeafType(getNamedType(nullable));
}

/** A connection: an object with a `pageInfo` beside its `nodes`. */
function isPaged(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && 'pageInfo' in named.getFields() && !isListType(getNullableType(type));
}

/** A counter of the selections a rule visited: tests read it to show the work is linear in the document. */
export interface VisitCounter {
  visits: number;
}

/**
 * What a query would cost to answer: every field selected counts once for each item of every list
 * it sits in. A page counts as the size asked for (`first`, or the default page size), a
 * comparison's rows and cells by its number of cases, and every other list of objects at the
 * largest size that list has in the data now (`sizes`, from ListSizeService). Each fragment is
 * costed once per scope it is spread in and multiplied at each spread, so the work is linear in
 * the size of the document however its fragments spread one another.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  sizes: ListSizes,
  counter: VisitCounter = { visits: 0 },
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const argument = (field: FieldNode, name: string) => {
    const node = field.arguments?.find((a) => a.name.value === name)?.value;
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  };
  /** How many items a field stands for, and the scope of the lists inside it. */
  const listOf = (parent: GraphQLNamedType, field: FieldNode, type: GraphQLOutputType, scope: Scope) => {
    const first = argument(field, 'first');
    if (first !== undefined || (field.arguments ?? []).some((a) => a.name.value === 'after') || isPaged(type)) {
      const n = typeof first === 'number' && Number.isFinite(first) ? first : limits.pageSize.default;
      return { size: 1, scope: { page: Math.max(1, Math.min(n, limits.pageSize.max)) } };
    }
    const inner: Scope = { cases: scope.cases, within: scope.within };
    const cases = argument(field, 'cases');
    if (Array.isArray(cases)) inner.cases = Math.max(1, Math.min(cases.length, limits.comparison.cases.max));
    else if (field.name.value === 'structuralDiff') inner.cases = 2;
    let size = 1;
    const name = field.name.value;
    if (isObjectList(type)) {
      if (scope.page !== undefined && (name === 'nodes' || name === 'edges')) size = scope.page;
      else {
        const entry = listSizeOf(parent.name, name);
        // A list missing from the table counts as a full page (the schema test keeps the table whole).
        size = Math.max(1, entry ? entry.each(sizes, inner) : limits.pageSize.max);
        if (entry?.total && scope.within !== undefined)
          size = Math.min(size, Math.max(1, entry.total(sizes, inner)) / scope.within);
      }
    }
    const named = getNamedType(type).name;
    if (UNITS.has(named)) {
      // A case starts a count of its own; a comparison's cases are those it was asked for.
      inner.within = 1;
      if (named === 'CaseStudy') inner.cases = undefined;
    } else if (inner.within !== undefined) inner.within *= size;
    return { size, scope: inner };
  };
  /** A fragment's cost at a multiplier of 1, by fragment and scope; null while being costed (a cycle). */
  const memo = new Map<string, number | null>();
  const cost = (type: GraphQLNamedType, selectionSet: SelectionSetNode, scope: Scope): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      counter.visits++;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
        const definition = type.getFields()[selection.name.value];
        if (!definition) continue;
        if (!selection.selectionSet) {
          total += 1;
          continue;
        }
        const list = listOf(type, selection, definition.type, scope);
        total += list.size * (1 + cost(getNamedType(definition.type), selection.selectionSet, list.scope));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += cost(narrowed ?? type, selection.selectionSet, scope);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const key = `${fragment.name.value}|${scope.page ?? ''}|${scope.cases ?? ''}|${scope.within ?? ''}`;
        if (!memo.has(key)) {
          memo.set(key, null);
          const narrowed = schema.getType(fragment.typeCondition.name.value) ?? type;
          memo.set(key, cost(narrowed, fragment.selectionSet, scope));
        }
        total += memo.get(key) ?? 0;
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
  return root ? Math.ceil(cost(root, operation.selectionSet, {})) : 0;
}

/**
 * The data's list sizes as last measured: at start, whenever the publication counter changes, and
 * every `everyMs` (drafts change without a publish). A request reads them from memory.
 */
export class ListSizeTracker {
  private timer: NodeJS.Timeout | null = null;
  private measuring: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly measure: () => Promise<ListSizes>,
    private sizes: ListSizes,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  static async start(
    measure: () => Promise<ListSizes>,
    options: {
      everyMs?: number;
      onChange?: (listener: () => void) => void;
      log?: (message: string, error?: unknown) => void;
    } = {},
  ): Promise<ListSizeTracker> {
    const tracker = new ListSizeTracker(measure, await measure(), options.log ?? (() => {}));
    options.onChange?.(() => void (tracker.stopped || tracker.refresh()));
    tracker.timer = setInterval(() => void tracker.refresh(), options.everyMs ?? 10_000);
    tracker.timer.unref();
    return tracker;
  }

  current(): ListSizes {
    return this.sizes;
  }

  /** Measures again (one measurement at a time); on failure the last sizes stay. */
  refresh(): Promise<void> {
    this.measuring ??= this.measure()
      .then((sizes) => void (this.sizes = sizes))
      .catch((error: unknown) => this.log('Could not measure the list sizes; the last ones stay.', error))
      .finally(() => (this.measuring = null));
    return this.measuring;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Refuses, before it runs, an operation costing more than `query.cost` (QUERY_TOO_COSTLY), and
 * leaves the cost of every other on the context (`queryCost`) for the budgets and the answer.
 */
export function queryCostPlugin<T extends BaseContext & { queryCost?: number }>(
  sizes: () => ListSizes,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = queryCost(schema, document, operation, request.variables ?? {}, sizes());
          contextValue.queryCost = cost;
          if (cost <= QUERY_LIMITS.cost) return;
          throw new GraphQLError(
            `The query would cost ${cost} (each field counted once per item of the lists it sits in, at the largest size each list has now); at most ${QUERY_LIMITS.cost} is allowed. Ask for smaller pages or fewer fields.`,
            {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: QUERY_LIMITS.cost, http: { status: 400 } },
            },
          );
        },
      };
    },
  };
}
