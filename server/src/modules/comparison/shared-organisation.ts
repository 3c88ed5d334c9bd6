import {
  BODY_TYPES,
  BODY_TYPE_LABELS,
  FUNCTIONS,
  FUNCTION_LABELS,
  TIERS,
  TIER_LABELS,
  type BodyType,
  type ResponsibilityFunction,
  type Tier,
} from '@casebook/schema';
import { CellStatus } from './comparison.types.js';

/**
 * Which services share an organisation: for each pair of service areas a period holds, whether
 * one body holds both, bodies of one kind at one tier hold both, or neither. Computed from the
 * period's responsibilities alone, so it is never entered by hand and grows with the profiles.
 *
 * A pair is shared only for a function both areas are held for: a body that delivers one area
 * and commissions the other holds them side by side, not together.
 */
export enum OrganisationSharing {
  ONE_BODY = 'ONE_BODY',
  SAME_KIND_AT_TIER = 'SAME_KIND_AT_TIER',
  SEPARATE = 'SEPARATE',
}

/** A service area as the computation needs it; the list given is in the vocabulary's order. */
export interface SharingArea {
  id: string;
  key: string;
  name: string;
}

/** A body as the computation needs it. */
export interface SharingBody {
  id: string;
  key: string;
  name: string;
  type: BodyType;
}

/** A citation as the computation needs it: the same source at the same place is listed once. */
export interface SharingCitation {
  sourceId: string;
  locator: string | null;
}

/** A responsibility as the computation needs it (the read model's entity fits). */
export interface SharingResponsibility {
  bodyId: string;
  serviceAreaId: string;
  function: ResponsibilityFunction;
  description: string | null;
  uncertain: boolean;
  note: string | null;
}

/** One period: every service area, the period's bodies with their level's tier, and its responsibilities. */
export interface SharingPeriod<
  A extends SharingArea,
  B extends SharingBody,
  R extends SharingResponsibility,
  C extends SharingCitation,
> {
  /** Every service area in the vocabulary's order, which pairs and their keys follow. */
  areas: readonly A[];
  /** The period's bodies in document order, each with the tier of its level. */
  bodies: readonly { body: B; tier: Tier }[];
  /** The period's responsibilities, each body's in its order; those of other bodies are left out. */
  responsibilities: readonly R[];
  citationsOf: (responsibility: R) => readonly C[];
  /**
   * Whether the period records all its responsibilities (its coverage). Where it records only
   * some, a separate answer says it holds for those recorded; a shared one holds either way.
   */
  responsibilitiesComplete?: boolean;
}

/** What one body holds in an answer: the responsibilities of the two areas the answer rests on. */
export interface SharingHolder<A, B, R, C> {
  body: B;
  tier: Tier;
  held: { area: A; responsibility: R; citations: readonly C[] }[];
}

/** The answer for one pair of service areas. */
export interface SharedOrganisationResult<A, B, R, C> {
  /** `areaA.key+areaB.key`, the two in the vocabulary's order. */
  key: string;
  areaA: A;
  areaB: A;
  sharing: OrganisationSharing;
  /** The tier of the bodies sharing the two areas, when they sit at one; null for SEPARATE. */
  tier: Tier | null;
  /** The kind of the bodies sharing the two areas, when they are of one kind; null for SEPARATE. */
  bodyType: BodyType | null;
  /** The bodies the answer rests on: those sharing the areas, or for SEPARATE every holder of either. */
  bodies: B[];
  /** The functions for which the sharing holds, in the vocabulary's order; empty for SEPARATE. */
  functions: ResponsibilityFunction[];
  /** The citations of the responsibilities the answer rests on. */
  citations: C[];
  /** Whether any responsibility it rests on is uncertain. */
  uncertain: boolean;
  /** The answer in plain words. */
  text: string;
  /** The bodies with what each holds of the two areas, in document order. */
  holders: SharingHolder<A, B, R, C>[];
}

const inOrder =
  <T>(order: readonly T[]) =>
  (a: T, b: T) =>
    order.indexOf(a) - order.indexOf(b);

/** "policy", "policy and funding", "policy, funding and delivery". */
export function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const functionWords = (fns: ResponsibilityFunction[]) => listed(fns.map((f) => FUNCTION_LABELS[f].toLowerCase()));
const kindWords = (type: BodyType, tier: Tier) =>
  `${BODY_TYPE_LABELS[type].toLowerCase()}, ${TIER_LABELS[tier].toLowerCase()} tier`;

/** Citations with the same source at the same place listed once, in order. */
function onceEach<C extends SharingCitation>(citations: readonly C[]): C[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const at = `${c.sourceId}\u0000${c.locator ?? ''}`;
    return seen.has(at) ? false : (seen.add(at), true);
  });
}

/**
 * For each function, the holders (as `holderOf` names them: a body, or a tier and kind) that hold
 * both areas for it.
 */
function heldTogether<R extends SharingResponsibility>(
  ofA: readonly R[],
  ofB: readonly R[],
  holderOf: (r: R) => string,
): Map<ResponsibilityFunction, Set<string>> {
  const out = new Map<ResponsibilityFunction, Set<string>>();
  for (const a of ofA)
    for (const b of ofB)
      if (a.function === b.function && holderOf(a) === holderOf(b))
        out.set(a.function, (out.get(a.function) ?? new Set()).add(holderOf(a)));
  return out;
}

/**
 * For each pair of service areas held in a period (both with at least one responsibility), how
 * the period organises them: ONE_BODY when some body holds both for one function (for every
 * such function, by every such body), else SAME_KIND_AT_TIER when for one function bodies of one
 * kind at one tier hold them between them, else SEPARATE. Each answer names the bodies and the
 * citations of the responsibilities it rests on, and is uncertain when any of those is.
 */
export function sharedOrganisations<
  A extends SharingArea,
  B extends SharingBody,
  R extends SharingResponsibility,
  C extends SharingCitation,
>(period: SharingPeriod<A, B, R, C>): SharedOrganisationResult<A, B, R, C>[] {
  const bodies = new Map(period.bodies.map((b, position) => [b.body.id, { ...b, position }]));
  // Document order: by body, then as given (a responsibility's position counts within its body).
  const responsibilities = period.responsibilities
    .map((r, given) => ({ r, given, body: bodies.get(r.bodyId)?.position }))
    .filter((x): x is { r: R; given: number; body: number } => x.body !== undefined)
    .sort((x, y) => x.body - y.body || x.given - y.given)
    .map((x) => x.r);
  const held = period.areas.filter((a) => responsibilities.some((r) => r.serviceAreaId === a.id));
  const bodyOf = (r: R) => bodies.get(r.bodyId)!;
  const kindOf = (r: R) => `${bodyOf(r).tier}:${bodyOf(r).body.type}`;
  return held.flatMap((areaA, i) =>
    held.slice(i + 1).map((areaB) => {
      // Both areas' responsibilities, in document order.
      const ofPair = responsibilities.filter((r) => r.serviceAreaId === areaA.id || r.serviceAreaId === areaB.id);
      const ofA = ofPair.filter((r) => r.serviceAreaId === areaA.id);
      const ofB = ofPair.filter((r) => r.serviceAreaId === areaB.id);
      const areaOf = (r: R) => (r.serviceAreaId === areaA.id ? areaA : areaB);
      const restingOn = (together: Map<ResponsibilityFunction, Set<string>>, holderOf: (r: R) => string) =>
        ofPair.filter((r) => together.get(r.function)?.has(holderOf(r)));

      const oneBody = heldTogether(ofA, ofB, (r) => r.bodyId);
      const sameKind = heldTogether(ofA, ofB, kindOf);
      const [sharing, resting] = oneBody.size
        ? [OrganisationSharing.ONE_BODY, restingOn(oneBody, (r) => r.bodyId)]
        : sameKind.size
          ? [OrganisationSharing.SAME_KIND_AT_TIER, restingOn(sameKind, kindOf)]
          : [OrganisationSharing.SEPARATE, separateResting(ofA, ofB, ofPair)];

      const holders = [...new Set(resting.map(bodyOf))]
        .sort((x, y) => x.position - y.position)
        .map(({ body, tier }) => ({
          body,
          tier,
          held: resting
            .filter((r) => r.bodyId === body.id)
            .map((r) => ({ area: areaOf(r), responsibility: r, citations: period.citationsOf(r) })),
        }));
      const shared = sharing !== OrganisationSharing.SEPARATE;
      const tiers = [...new Set(holders.map((h) => h.tier))];
      const types = [...new Set(holders.map((h) => h.body.type))];
      return {
        key: `${areaA.key}+${areaB.key}`,
        areaA,
        areaB,
        sharing,
        tier: shared && tiers.length === 1 ? tiers[0]! : null,
        bodyType: shared && types.length === 1 ? types[0]! : null,
        bodies: holders.map((h) => h.body),
        functions: shared ? functionsOf(resting) : [],
        citations: onceEach(resting.flatMap((r) => period.citationsOf(r))),
        uncertain: resting.some((r) => r.uncertain),
        text: answerText(sharing, areaA, areaB, holders, {
          functionInCommon: sharesAFunction(ofA, ofB),
          complete: period.responsibilitiesComplete === true,
        }),
        holders,
      };
    }),
  );
}

const functionsOf = (rs: readonly SharingResponsibility[]) =>
  [...new Set(rs.map((r) => r.function))].sort(inOrder(FUNCTIONS));

/** "One body holds both: X (provider, regional tier) for delivery; Y (…) for policy." */
function oneBodyText(holders: SharingHolder<SharingArea, SharingBody, SharingResponsibility, unknown>[]): string {
  const parts = holders.map(
    (h) =>
      `${h.body.name} (${kindWords(h.body.type, h.tier)}) for ${functionWords(functionsOf(h.held.map((x) => x.responsibility)))}`,
  );
  return `One body holds both: ${parts.join('; ')}.`;
}

/** The answer in plain words, naming who holds what. */
function answerText(
  sharing: OrganisationSharing,
  areaA: SharingArea,
  areaB: SharingArea,
  holders: SharingHolder<SharingArea, SharingBody, SharingResponsibility, unknown>[],
  { functionInCommon, complete }: { functionInCommon: boolean; complete: boolean },
): string {
  switch (sharing) {
    case OrganisationSharing.ONE_BODY:
      return oneBodyText(holders);
    case OrganisationSharing.SAME_KIND_AT_TIER:
      return `No one body holds both, but bodies of one kind at one tier do. ${whoHoldsWhat(areaA, areaB, holders, true)}`;
    case OrganisationSharing.SEPARATE: {
      // Separate is only as sure as the responsibilities are complete: one not recorded could join them.
      const apart = functionInCommon
        ? `no body, and no one kind of body at one tier, holds both for the same function. ${whoHoldsWhat(areaA, areaB, holders, false)}`
        : 'the two are never held for the same function.';
      return complete
        ? `${apart.charAt(0).toUpperCase()}${apart.slice(1)}`
        : `Not shared in the responsibilities recorded: ${apart}`;
    }
  }
}

const sharesAFunction = (ofA: readonly SharingResponsibility[], ofB: readonly SharingResponsibility[]) =>
  ofA.some((a) => ofB.some((b) => a.function === b.function));

/**
 * What a separate answer rests on: the responsibilities for the functions both areas are held for
 * (a function held for one area only cannot be shared, so its holders say nothing about it); all
 * of them when no function is held for both.
 */
function separateResting<R extends SharingResponsibility>(ofA: readonly R[], ofB: readonly R[], ofPair: R[]): R[] {
  const common = new Set(ofA.filter((a) => ofB.some((b) => b.function === a.function)).map((a) => a.function));
  return common.size ? ofPair.filter((r) => common.has(r.function)) : ofPair;
}

/**
 * Who holds each area, a sentence per function (and per kind, when `byKind`), functions held by
 * the same bodies told together: "Authority, regional tier, for delivery: A by X; B by Y." or
 * "For delivery: A by X; B by Y and Z."
 */
function whoHoldsWhat(
  areaA: SharingArea,
  areaB: SharingArea,
  holders: SharingHolder<SharingArea, SharingBody, SharingResponsibility, unknown>[],
  byKind: boolean,
): string {
  const kindOf = (h: (typeof holders)[number]) => (byKind ? kindWords(h.body.type, h.tier) : '');
  const told = new Map<string, { kind: string; byArea: string; fns: ResponsibilityFunction[] }>();
  for (const fn of FUNCTIONS) {
    for (const kind of new Set(holders.map(kindOf))) {
      const byArea = [areaA, areaB].map((area) => ({
        area,
        names: holders
          .filter((h) => kindOf(h) === kind)
          .filter((h) => h.held.some((x) => x.area.id === area.id && x.responsibility.function === fn))
          .map((h) => h.body.name),
      }));
      if (byArea.some((x) => x.names.length === 0)) continue;
      const words = byArea.map((x) => `${x.area.name} by ${listed(x.names)}`).join('; ');
      const sentence = told.get(`${kind}|${words}`) ?? { kind, byArea: words, fns: [] };
      sentence.fns.push(fn);
      told.set(`${kind}|${words}`, sentence);
    }
  }
  const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return [...told.values()]
    .map((x) => `${capital(x.kind ? `${x.kind}, for ` : 'for ')}${functionWords(x.fns)}: ${x.byArea}.`)
    .join(' ');
}

/** A body in a cell of the shared-organisation section: its tier, kind and what it holds. */
export interface SharingCellItem<C> {
  key: string;
  label: string;
  detail: string | null;
  tier: Tier | null;
  bodyType: BodyType | null;
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: C[];
  parts: SharingCellItem<C>[];
}

/** A raw cell: the comparison value of one case's answer and the value in words. */
export interface SharingRawCell<C> {
  caseIndex: number;
  status: CellStatus;
  value: string[];
  valueText: string | null;
  items: SharingCellItem<C>[];
}

/** A raw row, one per pair of service areas, for the comparison's generic finishing. */
export interface SharingRawRow<C> {
  key: string;
  label: string;
  cells: SharingRawCell<C>[];
}

/** One compared case's answers, from `sharedOrganisations` on its period. */
export interface SharingCase<A, B, R, C> {
  caseIndex: number;
  shared: SharedOrganisationResult<A, B, R, C>[];
}

/** "Health care (delivery): …" for each responsibility a body holds in an answer. */
const heldWords = (area: SharingArea, r: SharingResponsibility, text: string | null) =>
  `${area.name} (${FUNCTION_LABELS[r.function].toLowerCase()})${text ? `: ${text}` : '.'}`;

/** `DELIVERY@REGIONAL:PROVIDER` → its function, tier and kind of body. */
export function splitSharedFunction(entry: string): [ResponsibilityFunction, Tier, BodyType] {
  const [fn, holder] = entry.split('@') as [ResponsibilityFunction, string];
  const [tier, type] = holder.split(':') as [Tier, BodyType];
  return [fn, tier, type];
}
/** By function, then tier, then kind of body, in the vocabulary's order. */
const bySharedFunction = (a: string, b: string) => {
  const [x, y] = [splitSharedFunction(a), splitSharedFunction(b)];
  return (
    FUNCTIONS.indexOf(x[0]) - FUNCTIONS.indexOf(y[0]) ||
    TIERS.indexOf(x[1]) - TIERS.indexOf(y[1]) ||
    BODY_TYPES.indexOf(x[2]) - BODY_TYPES.indexOf(y[2])
  );
};

/**
 * The raw rows of the "Which services share an organisation" section: one per pair of service
 * areas that any case holds, in the vocabulary's order, keyed `areaA+areaB`. A cell's value is
 * the sharing and, when shared, each function with the tier and kind of the bodies holding both
 * for it (`FUNCTION@TIER:TYPE`): `['ONE_BODY', 'DELIVERY@REGIONAL:PROVIDER']`, or `['SEPARATE']`. A case whose
 * period does not hold both areas is not recorded for the pair. `areas` is the vocabulary, in order.
 */
export function sharedOrganisationRows<
  A extends SharingArea,
  B extends SharingBody & { key: string },
  R extends SharingResponsibility,
  C extends SharingCitation,
>(areas: readonly A[], cases: readonly SharingCase<A, B, R, C>[]): SharingRawRow<C>[] {
  const used = new Set(cases.flatMap((c) => c.shared.map((s) => s.key)));
  const pairs = areas.flatMap((a, i) =>
    areas.slice(i + 1).flatMap((b) => {
      const key = `${a.key}+${b.key}`;
      return used.has(key) ? [{ key, label: `${a.name} and ${b.name}` }] : [];
    }),
  );
  return pairs.map(({ key, label }) => {
    return {
      key,
      label,
      cells: cases.map((c): SharingRawCell<C> => {
        const found = c.shared.find((s) => s.key === key);
        if (!found)
          return { caseIndex: c.caseIndex, status: CellStatus.NO_DATA, value: [], valueText: null, items: [] };
        const shared = found.sharing !== OrganisationSharing.SEPARATE;
        // Per function, the tier and kind of each body holding both for it: `DELIVERY@REGIONAL:PROVIDER`.
        const byFunction = shared
          ? [
              ...new Set(
                found.holders.flatMap((h) =>
                  h.held.map((x) => `${x.responsibility.function}@${h.tier}:${h.body.type}`),
                ),
              ),
            ].sort(bySharedFunction)
          : [];
        const items = found.holders.map((h): SharingCellItem<C> => {
          const uncertainHeld = h.held.filter((x) => x.responsibility.uncertain);
          const notes = uncertainHeld.filter((x) => x.responsibility.note);
          return {
            key: h.body.key,
            label: h.body.name,
            detail: h.held.map((x) => heldWords(x.area, x.responsibility, x.responsibility.description)).join(' '),
            tier: h.tier,
            bodyType: h.body.type,
            uncertain: uncertainHeld.length > 0,
            uncertaintyNote: notes.length
              ? notes.map((x) => heldWords(x.area, x.responsibility, x.responsibility.note)).join(' ')
              : null,
            citations: onceEach(h.held.flatMap((x) => x.citations)),
            parts: [],
          };
        });
        return {
          caseIndex: c.caseIndex,
          status: CellStatus.PRESENT,
          value: [found.sharing, ...byFunction],
          valueText: found.text,
          items,
        };
      }),
    };
  });
}
