import { citeParts } from './cite.js';
import { caseClaims, claimsCiting, isClaimKind, sameClaim, type ClaimRef } from './claims.js';
import { casePartJsonSchemas, type CaseProfileDoc, type CiteDoc, type ClaimDoc, type PeriodDoc } from './document.js';
import type { DocumentPartKind } from './enums.js';
import { DOCUMENT_PART_KINDS } from './enums.js';
import { PART_NAMES } from './forms.js';
import { limits } from './limits.js';
import type { Problem } from './problems.js';

/**
 * Editing a case profile part by part, found by key: the pure document work behind the API's
 * saveDraftPart and deleteDraftPart. Every function edits the document it is given, or returns the
 * problems (code INVALID, or NOT_FOUND for a part that is not there) and leaves it as it was.
 */

/**
 * Which act a save is: CREATE adds a part and is refused when its key is already used in its scope;
 * UPDATE edits (and for a body or a responsibility, may move) a part and is refused when there is
 * none with the key.
 */
export type PartSaveMode = 'CREATE' | 'UPDATE';

/** One part to create or update: its kind, its key, where it sits, and the fields to set. */
export interface PartInput {
  kind: DocumentPartKind;
  /** Its key (not needed for CASE). Without a mode, an existing key updates and a new one creates. */
  key?: string | null;
  /** For levels, bodies, responsibilities and connections: the period key. */
  periodKey?: string | null;
  /**
   * A body's level key, a responsibility's body key: where a new one goes, or where an UPDATE
   * moves it within its period.
   */
  parentKey?: string | null;
  /** The fields, as in the profile format; null clears an optional field. */
  data: Record<string, unknown>;
  /** Which act the save is; without it, an existing key updates in place and a new one creates. */
  mode?: PartSaveMode | null;
}

const K = Object.fromEntries(DOCUMENT_PART_KINDS.map((kind) => [kind, kind])) as { [P in DocumentPartKind]: P };
const invalid = (message: string, path: string): Problem => ({ code: 'INVALID', message, path });

/**
 * Gives each claim written without a `cite` list an empty one, so that a claim not yet sourced is
 * saved and named by the publish gate (UNSOURCED_CLAIM) rather than refused as malformed.
 */
export function withCiteLists(doc: CaseProfileDoc): void {
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? value.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x))
      : [];
  const claims = (value: unknown) => {
    const items = list(value);
    for (const claim of items) claim.cite ??= [];
    return items;
  };
  const d = doc as unknown as Record<string, unknown>;
  claims(d.timeline);
  claims(d.lessons);
  for (const period of list(d.periods)) {
    claims(period.connections);
    for (const level of claims(period.levels)) for (const body of claims(level.bodies)) claims(body.responsibilities);
  }
}

/** The period a part lives in, or a problem naming the field. */
function periodOf(doc: CaseProfileDoc, periodKey: string | null | undefined): PeriodDoc | Problem[] {
  const period = doc.periods.find((p) => p.key === periodKey);
  return (
    period ?? [invalid(periodKey ? `There is no period "${periodKey}".` : 'Name the period (periodKey).', 'periodKey')]
  );
}

/** The part of the profile format each kind of part is. */
const SCHEMA_OF: Record<DocumentPartKind, keyof typeof casePartJsonSchemas> = {
  CASE: 'case',
  PERIOD: 'period',
  LEVEL: 'level',
  BODY: 'body',
  RESPONSIBILITY: 'responsibility',
  CONNECTION: 'connection',
  EVENT: 'event',
  LESSON: 'lesson',
  SOURCE: 'source',
};

/** Each kind of part's fields, and those of them it must have, as the JSON Schema of the format says. */
const PART_FIELDS = Object.fromEntries(
  DOCUMENT_PART_KINDS.map((kind) => {
    const schema = casePartJsonSchemas[SCHEMA_OF[kind]];
    return [kind, { fields: new Set(Object.keys(schema.properties)), required: new Set(schema.required) }];
  }),
) as Record<DocumentPartKind, { fields: Set<string>; required: Set<string> }>;

const fieldPath = (at: string, field: string) => (at ? `${at}.${field}` : field);

/** A part edit: the fields to set, and the optional fields to clear. */
interface PartChange {
  set: Record<string, unknown>;
  clear: string[];
}

/**
 * Splits a part's data into the fields to set and those to clear: an explicit null clears an
 * optional field and is refused, at the field's path (`at` is the part's), for a required one. A
 * null for a field the part does not have is set, so that validation names the field as unknown.
 */
function partChange(kind: DocumentPartKind, data: Record<string, unknown>, at: string): PartChange | Problem[] {
  const { fields, required } = PART_FIELDS[kind];
  const set: Record<string, unknown> = {};
  const clear: string[] = [];
  const refused: Problem[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value !== null || !fields.has(field)) set[field] = value;
    else if (!required.has(field)) clear.push(field);
    else
      refused.push(
        invalid(
          field === 'cite'
            ? 'is required and cannot be cleared: give an empty list to cite no source yet'
            : 'is required and cannot be cleared',
          fieldPath(at, field),
        ),
      );
  }
  return refused.length ? refused : { set, clear };
}

/** The item with the change applied: fields given are set, fields given as null removed, the rest (child lists included) kept. */
function applied<T extends object>(item: T | Record<string, never>, change: PartChange): T {
  const next: Record<string, unknown> = { ...item, ...change.set };
  for (const field of change.clear) delete next[field];
  return next as T;
}

/** How a part is named in a message: a level or body by its name, a lesson or source by its title. */
function partName(kind: DocumentPartKind, item: Record<string, unknown>): string {
  const name = item.name ?? item.title ?? item.label;
  return typeof name === 'string' && name ? `the ${PART_NAMES[kind]} ${name}` : `a ${PART_NAMES[kind]}`;
}

/** The refusal of a new part whose key is already used, naming the part that holds it. */
function taken(kind: DocumentPartKind, key: string, holder: string): Problem[] {
  return [
    invalid(
      `The key ${key} is already used by ${holder}. Give the new ${PART_NAMES[kind]} another key, or edit that one.`,
      'key',
    ),
  ];
}

/** The refusal of an update of a part that is not there. */
function missing(kind: DocumentPartKind, key: string, periodKey?: string | null): Problem[] {
  return [
    {
      code: 'NOT_FOUND',
      message: `There is no ${PART_NAMES[kind]} "${key}"${periodKey ? ` in period ${periodKey}` : ''}: add it as a new one.`,
      path: 'key',
    },
  ];
}

/**
 * Updates the item of a list with this key, or adds it at the end; `at` is the list's path. CREATE
 * refuses a key already in the list, UPDATE one that is not. The problems, if the change is refused
 * (the list is then as it was).
 */
function put<T extends { key: string }>(
  list: T[],
  key: string,
  kind: DocumentPartKind,
  data: Record<string, unknown>,
  at: string,
  mode?: PartSaveMode | null,
  periodKey?: string | null,
): Problem[] | null {
  const index = list.findIndex((x) => x.key === key);
  if (index >= 0 && mode === 'CREATE') return taken(kind, key, partName(kind, list[index]!));
  if (index < 0 && mode === 'UPDATE') return missing(kind, key, periodKey);
  const change = partChange(kind, data, `${at}.${index >= 0 ? index : list.length}`);
  if (Array.isArray(change)) return change;
  const item = { ...applied(index >= 0 ? list[index]! : {}, change), key } as T;
  if (index >= 0) list[index] = item;
  else list.push(item);
  return null;
}

/** A list a body or a responsibility may sit in: a level's bodies, a body's responsibilities. */
interface Place<T> {
  /** The part that holds the list. */
  holderKey: string;
  /** The holder in a message: `in level National government`, `of the body … in level …`. */
  where: string;
  /** The list, if the holder has one; `make` gives it one. */
  list: T[] | undefined;
  make: () => T[];
  at: string;
}

/**
 * Saves a body or a responsibility into its period: `places` are the lists it may sit in. An
 * existing key is updated where it is, or moved with what it holds (a body's responsibilities) to
 * the holder `parentKey` names; CREATE refuses it, and so does a save without a mode that names
 * another holder (it could be a move or a new part). A new key goes to `parentKey`'s list.
 */
function putNested<T extends { key: string }>(
  places: Place<T>[],
  part: PartInput & { key: string },
  data: Record<string, unknown>,
  holderKind: DocumentPartKind,
  periodKey: string,
): Problem[] | null {
  const { kind, key, mode, parentKey } = part;
  const from = places.find((p) => p.list?.some((x) => x.key === key));
  const to = parentKey ? places.find((p) => p.holderKey === parentKey) : undefined;
  const noHolder = (): Problem[] => [
    invalid(
      `There is no ${PART_NAMES[holderKind]} "${parentKey ?? ''}" in period ${periodKey}: name the ${PART_NAMES[holderKind]} the ${PART_NAMES[kind]} ${from ? 'moves to' : 'goes in'} (parentKey).`,
      'parentKey',
    ),
  ];
  if (!from) {
    if (mode === 'UPDATE') return missing(kind, key, periodKey);
    return to ? put(to.make(), key, kind, data, to.at) : noHolder();
  }
  const list = from.list!;
  const item = list.find((x) => x.key === key)!;
  const holder = `${partName(kind, item)} ${from.where}`;
  if (mode === 'CREATE') return taken(kind, key, holder);
  if (!parentKey || to === from) return put(list, key, kind, data, from.at);
  if (!to) return noHolder();
  if (mode !== 'UPDATE')
    return [
      invalid(
        `The key ${key} is already used by ${holder}. To move it, save it as an update (mode UPDATE); to add a new ${PART_NAMES[kind]}, give it another key.`,
        'key',
      ),
    ];
  // A move: out of its list and, changed, to the end of the other, in the same document edit.
  const index = list.indexOf(item);
  list.splice(index, 1);
  const target = to.make();
  target.push(item);
  const refused = put(target, key, kind, data, to.at);
  if (refused) {
    target.pop();
    list.splice(index, 0, item);
  }
  return refused;
}

/**
 * Creates or updates a part of a document by key. Fields left out of `part.data` are kept; a null
 * clears an optional field (a required one is refused at its path). With `part.mode`, CREATE
 * refuses a key already used in its scope (the case for periods, events, lessons and sources; the
 * period for levels, bodies, responsibilities and connections), naming the part that holds it, and
 * UPDATE refuses a part that is not there; an UPDATE of a body naming another level, or of a
 * responsibility naming another body, moves it there within its period.
 */
export function upsertPart(doc: CaseProfileDoc, part: PartInput): CaseProfileDoc | Problem[] {
  const data = { ...part.data };
  delete data.key;
  const done = (refused: Problem[] | null) => refused ?? doc;
  const mode = part.mode;
  if (part.kind === K.CASE) {
    if (mode === 'CREATE') return [invalid('A case has one headline: edit it (UPDATE) instead.', 'kind')];
    for (const field of ['format', 'exportedFrom', 'slug', 'periods', 'timeline', 'lessons', 'sources'])
      delete data[field];
    const change = partChange(part.kind, data, '');
    return Array.isArray(change) ? change : applied(doc, change);
  }
  if (!part.key) return [invalid('Give the part a key.', 'key')];
  const key = part.key;
  switch (part.kind) {
    case K.PERIOD:
      return done(put(doc.periods, key, part.kind, data, 'periods', mode));
    case K.EVENT:
      return done(put((doc.timeline ??= []), key, part.kind, data, 'timeline', mode));
    case K.LESSON:
      return done(put((doc.lessons ??= []), key, part.kind, data, 'lessons', mode));
    case K.SOURCE:
      return done(put(doc.sources, key, part.kind, data, 'sources', mode));
    default: {
      const period = periodOf(doc, part.periodKey);
      if (Array.isArray(period)) return period;
      const at = `periods.${doc.periods.indexOf(period)}`;
      if (part.kind === K.LEVEL)
        return done(put((period.levels ??= []), key, part.kind, data, `${at}.levels`, mode, period.key));
      if (part.kind === K.CONNECTION)
        return done(put((period.connections ??= []), key, part.kind, data, `${at}.connections`, mode, period.key));
      const levels = (period.levels ?? []).map((level, l) => ({ level, at: `${at}.levels.${l}` }));
      if (part.kind === K.BODY)
        return done(
          putNested(
            levels.map(({ level, at: levelAt }) => ({
              holderKey: level.key,
              where: `in ${PART_NAMES.LEVEL} ${level.name}`,
              list: level.bodies,
              make: () => (level.bodies ??= []),
              at: `${levelAt}.bodies`,
            })),
            { ...part, key },
            data,
            K.LEVEL,
            period.key,
          ),
        );
      const bodies = levels.flatMap(({ level, at: levelAt }) =>
        (level.bodies ?? []).map((body, b) => ({
          holderKey: body.key,
          where: `of the ${PART_NAMES.BODY} ${body.name} in ${PART_NAMES.LEVEL} ${level.name}`,
          list: body.responsibilities,
          make: () => (body.responsibilities ??= []),
          at: `${levelAt}.bodies.${b}.responsibilities`,
        })),
      );
      return done(putNested(bodies, { ...part, key }, data, K.BODY, period.key));
    }
  }
}

/** A part named in plain words for a refusal: its kind and, when it has one, its name or title in quotes. */
function quoted(kind: DocumentPartKind, item: object): string {
  const loose = item as Record<string, unknown>;
  const name = loose.name ?? loose.title ?? loose.label;
  return typeof name === 'string' && name ? `the ${PART_NAMES[kind]} “${name}”` : `a ${PART_NAMES[kind]}`;
}

/** The plural of a part's name, for counting unnamed parts. */
const plural = (kind: DocumentPartKind) =>
  kind === K.BODY ? 'bodies' : kind === K.RESPONSIBILITY ? 'responsibilities' : `${PART_NAMES[kind]}s`;

/**
 * The claims of a case that cite a source, in plain words: grouped by period, each named part by
 * its name and the unnamed ones counted (responsibilities by the body that holds them); with the
 * path of the first citation found.
 */
function citersOf(doc: CaseProfileDoc, source: string): { words: string[]; path: string | null; count: number } {
  let first: string | null = null;
  let count = 0;
  const cites = (claim: { cite?: CiteDoc[] }, path: string) => {
    const i = (claim.cite ?? []).findIndex((c) => citeParts(c).source === source);
    if (i >= 0) first ??= `${path}.cite.${i}`;
    if (i >= 0) count += 1;
    return i >= 0;
  };
  const words: string[] = [];
  const say = (phrases: Map<string, { kind: DocumentPartKind; count: number; of: string }>, where: string) => {
    const out = [...phrases].map(([named, { kind, count, of }]) =>
      !named.startsWith('#') ? named : count > 1 ? `${count} ${plural(kind)}${of}` : `a ${PART_NAMES[kind]}${of}`,
    );
    if (out.length) words.push(`${out.join(', ')}${where}`);
  };
  doc.periods.forEach((period, p) => {
    const phrases = new Map<string, { kind: DocumentPartKind; count: number; of: string }>();
    const note = (kind: DocumentPartKind, item: object, of = '') => {
      const named = quoted(kind, item);
      const key = named.startsWith('the ') ? named : `#${kind}${of}`;
      const seen = phrases.get(key);
      if (seen) seen.count += 1;
      else phrases.set(key, { kind, count: 1, of });
    };
    (period.levels ?? []).forEach((level, l) => {
      const at = `periods.${p}.levels.${l}`;
      if (cites(level, at)) note(K.LEVEL, level);
      (level.bodies ?? []).forEach((body, b) => {
        if (cites(body, `${at}.bodies.${b}`)) note(K.BODY, body);
        (body.responsibilities ?? []).forEach((r, i) => {
          if (cites(r, `${at}.bodies.${b}.responsibilities.${i}`))
            note(K.RESPONSIBILITY, r, ` of ${quoted(K.BODY, body)}`);
        });
      });
    });
    (period.connections ?? []).forEach((c, i) => {
      if (cites(c, `periods.${p}.connections.${i}`)) note(K.CONNECTION, c);
    });
    say(phrases, ` in ${quoted(K.PERIOD, period)}`);
  });
  const rest = new Map<string, { kind: DocumentPartKind; count: number; of: string }>();
  (doc.timeline ?? []).forEach((e, i) => {
    if (cites(e, `timeline.${i}`)) rest.set(quoted(K.EVENT, e), { kind: K.EVENT, count: 1, of: '' });
  });
  (doc.lessons ?? []).forEach((l, i) => {
    if (cites(l, `lessons.${i}`)) rest.set(quoted(K.LESSON, l), { kind: K.LESSON, count: 1, of: '' });
  });
  say(rest, '');
  return { words, path: first, count };
}

/** Deletes a part of a document by key, or says why not. */
export function removePart(
  doc: CaseProfileDoc,
  kind: DocumentPartKind,
  key: string,
  periodKey?: string,
): CaseProfileDoc | Problem[] {
  const missing: Problem[] = [
    {
      code: 'NOT_FOUND',
      message: `There is no ${kind.toLowerCase()} "${key}"${periodKey ? ` in period ${periodKey}` : ''}.`,
      path: 'key',
    },
  ];
  const without = <T extends { key: string }>(list: T[] | undefined): T[] | undefined => {
    if (!list?.some((x) => x.key === key)) return undefined;
    return list.filter((x) => x.key !== key);
  };
  switch (kind) {
    case K.CASE:
      return [invalid('The headline of a case cannot be deleted.', 'kind')];
    case K.PERIOD: {
      const list = without(doc.periods);
      if (!list) return missing;
      if (list.length === 0) return [invalid('A case keeps at least one period.', 'key')];
      doc.periods = list;
      return doc;
    }
    case K.EVENT:
    case K.LESSON:
    case K.SOURCE: {
      const field = kind === K.EVENT ? 'timeline' : kind === K.LESSON ? 'lessons' : 'sources';
      const list = without(doc[field] as { key: string }[] | undefined);
      if (!list) return missing;
      if (kind === K.SOURCE) {
        const citers = citersOf(doc, key);
        if (citers.path) {
          const source = quoted(K.SOURCE, doc.sources.find((s) => s.key === key) ?? {});
          const names = [...citers.words];
          const last = names.pop() ?? '';
          const listed = names.length ? `${names.join('; ')}; and ${last}` : last;
          return [
            invalid(
              `${source.charAt(0).toUpperCase()}${source.slice(1)} is cited by ${listed}: remove it from ${citers.count > 1 ? 'them' : 'it'} first, or cite another source.`,
              citers.path,
            ),
          ];
        }
      }
      (doc as unknown as Record<string, unknown>)[field] = list;
      return doc;
    }
    default: {
      const period = periodOf(doc, periodKey);
      if (Array.isArray(period)) return period;
      if (kind === K.LEVEL || kind === K.CONNECTION) {
        const field = kind === K.LEVEL ? 'levels' : 'connections';
        const list = without(period[field] as { key: string }[] | undefined);
        if (!list) return missing;
        (period as unknown as Record<string, unknown>)[field] = list;
        return doc;
      }
      for (const level of period.levels ?? []) {
        if (kind === K.BODY) {
          const list = without(level.bodies);
          if (list) {
            level.bodies = list;
            return doc;
          }
        } else {
          for (const body of level.bodies ?? []) {
            const list = without(body.responsibilities);
            if (list) {
              body.responsibilities = list;
              return doc;
            }
          }
        }
      }
      return missing;
    }
  }
}

/** A part found by its identity: its kind, its key, and for parts inside a period, the period. */
export interface PartRef {
  kind: DocumentPartKind;
  key: string | null;
  periodKey?: string | null;
}

/** The edit a stale save or delete makes, for finding what it depends on. */
export interface PartEdit extends PartRef {
  /** Where an UPDATE moves a body or responsibility, or where a CREATE puts one. */
  parentKey?: string | null;
  /** `save` of an existing part (or a move), `create` of a new one, `delete` with what it holds. */
  act: 'create' | 'save' | 'delete';
}

/** How a part related to an edit differs between two documents. */
export interface PartChangeFound {
  ref: PartRef;
  /** The part itself, the part that holds it, or one it holds. */
  relation: 'self' | 'parent' | 'child';
  change: 'changed' | 'added' | 'deleted';
  /** The part as named in a message ("the lesson Keep directors in post"), from whichever document has it. */
  name: string;
  /**
   * For a part deleted (or a holder deleted that a part was to go in) because a part holding it
   * was deleted: the outermost such holder, named (the level of a body, or the period of both).
   */
  holder?: { ref: PartRef; name: string };
}

type Loose = Record<string, unknown>;
const items = (owner: unknown, field: string): Loose[] =>
  owner && typeof owner === 'object' && Array.isArray((owner as Loose)[field])
    ? ((owner as Loose)[field] as Loose[])
    : [];

/** The fields of a part that hold other parts: they are the children's, not the part's own content. */
const CHILD_LISTS: Partial<Record<DocumentPartKind, string[]>> = {
  CASE: ['format', 'slug', 'periods', 'timeline', 'lessons', 'sources'],
  PERIOD: ['levels', 'connections'],
  LEVEL: ['bodies'],
  BODY: ['responsibilities'],
};

interface Found {
  item: Loose;
  /** The part that holds it (a body's level, a responsibility's body, a level's period). */
  parent: PartRef | null;
}

/** Finds a part of a document by identity (a body or responsibility anywhere in its period). */
function findPart(doc: CaseProfileDoc, ref: PartRef): Found | null {
  const d = doc as unknown as Loose;
  if (ref.kind === K.CASE) return { item: d, parent: null };
  const top = { PERIOD: 'periods', EVENT: 'timeline', LESSON: 'lessons', SOURCE: 'sources' } as const;
  if (ref.kind in top) {
    const item = items(d, top[ref.kind as keyof typeof top]).find((x) => x.key === ref.key);
    return item ? { item, parent: null } : null;
  }
  const period = items(d, 'periods').find((p) => p.key === ref.periodKey);
  if (!period) return null;
  const periodRef: PartRef = { kind: K.PERIOD, key: period.key as string };
  if (ref.kind === K.LEVEL || ref.kind === K.CONNECTION) {
    const item = items(period, ref.kind === K.LEVEL ? 'levels' : 'connections').find((x) => x.key === ref.key);
    return item ? { item, parent: periodRef } : null;
  }
  for (const level of items(period, 'levels')) {
    for (const body of items(level, 'bodies')) {
      if (ref.kind === K.BODY && body.key === ref.key)
        return { item: body, parent: { kind: K.LEVEL, key: level.key as string, periodKey: ref.periodKey } };
      if (ref.kind === K.RESPONSIBILITY) {
        const item = items(body, 'responsibilities').find((x) => x.key === ref.key);
        if (item) return { item, parent: { kind: K.BODY, key: body.key as string, periodKey: ref.periodKey } };
      }
    }
  }
  return null;
}

/** The parts a part holds: a period's levels and connections, a level's bodies, a body's responsibilities. */
function childrenOf(doc: CaseProfileDoc, ref: PartRef): PartRef[] {
  const found = findPart(doc, ref);
  if (!found) return [];
  const periodKey = ref.kind === K.PERIOD ? ref.key : ref.periodKey;
  const of = (field: string, kind: DocumentPartKind) =>
    items(found.item, field).map((x) => ({ kind, key: x.key as string, periodKey }));
  switch (ref.kind) {
    case K.PERIOD:
      return [...of('levels', K.LEVEL), ...of('connections', K.CONNECTION)];
    case K.LEVEL:
      return of('bodies', K.BODY);
    case K.BODY:
      return of('responsibilities', K.RESPONSIBILITY);
    default:
      return [];
  }
}

/**
 * A part's content as compared between two revisions: `whole` with what it holds (for a delete,
 * which takes it all), otherwise its own fields and where it sits. Undefined when it is not there.
 */
export function partContent(doc: CaseProfileDoc, ref: PartRef, whole = false): string | undefined {
  const found = findPart(doc, ref);
  if (!found) return undefined;
  const own: Loose = { ...found.item };
  if (!whole) for (const field of CHILD_LISTS[ref.kind] ?? []) delete own[field];
  return JSON.stringify({ own: sortedKeys(own), at: found.parent?.key ?? null });
}

/** A value with its objects' keys in order, so that content compares equal however it was written. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedKeys((value as Loose)[k])]),
    );
  return value;
}

/** How a part is named in a message, from the document that has it. */
export function describePart(doc: CaseProfileDoc, ref: PartRef): string {
  if (ref.kind === K.CASE) return 'the headline';
  const found = findPart(doc, ref);
  const name = found?.item.name ?? found?.item.title ?? found?.item.label;
  return typeof name === 'string' && name
    ? `the ${PART_NAMES[ref.kind]} ${name}`
    : `the ${PART_NAMES[ref.kind]} ${ref.key ?? ''}`.trim();
}

const sameRef = (a: PartRef, b: PartRef) =>
  a.kind === b.kind && a.key === b.key && (a.periodKey ?? null) === (b.periodKey ?? null);

/**
 * What an edit made against `base` depends on that is different in `current`: the part itself,
 * the part that holds it (before and after a move, and the one a new part goes in) and the parts
 * it holds. Parts elsewhere in the case do not count: an edit of one lesson does not depend on
 * another. Null when nothing it depends on changed, so that it can be applied to `current`.
 */
export function changedUnder(base: CaseProfileDoc, current: CaseProfileDoc, edit: PartEdit): PartChangeFound | null {
  const self: PartRef = { kind: edit.kind, key: edit.key, periodKey: edit.periodKey ?? null };
  const related: { ref: PartRef; relation: PartChangeFound['relation']; whole: boolean }[] = [];
  const add = (ref: PartRef | null, relation: PartChangeFound['relation'], whole = false) => {
    if (ref && !related.some((r) => sameRef(r.ref, ref))) related.push({ ref, relation, whole });
  };
  // A new part has no content of its own yet: a key taken meanwhile is refused as any taken key is.
  if (edit.act !== 'create') add(self, 'self', edit.act === 'delete');
  for (const doc of [base, current]) add(findPart(doc, self)?.parent ?? null, 'parent');
  if (edit.parentKey) {
    const parentKind = edit.kind === K.BODY ? K.LEVEL : edit.kind === K.RESPONSIBILITY ? K.BODY : null;
    if (parentKind) add({ kind: parentKind, key: edit.parentKey, periodKey: edit.periodKey ?? null }, 'parent');
  }
  if (edit.act === 'save')
    for (const doc of [base, current]) for (const child of childrenOf(doc, self)) add(child, 'child');
  for (const { ref, relation, whole } of related) {
    const before = partContent(base, ref, whole);
    const after = partContent(current, ref, whole);
    if (before === after) continue;
    const change = before === undefined ? 'added' : after === undefined ? 'deleted' : 'changed';
    const found: PartChangeFound = {
      ref,
      relation,
      change,
      name: describePart(after === undefined ? base : current, ref),
    };
    const holder = change === 'deleted' && relation !== 'child' ? deletedHolder(base, current, ref) : null;
    if (holder) found.holder = holder;
    else if (change === 'deleted' && relation === 'parent') found.holder = { ref, name: found.name };
    return found;
  }
  return null;
}

/** The outermost part holding `ref` in `base` that is no longer in `current` (the level or period it went with). */
function deletedHolder(
  base: CaseProfileDoc,
  current: CaseProfileDoc,
  ref: PartRef,
): { ref: PartRef; name: string } | null {
  let outermost: PartRef | null = null;
  for (let up = findPart(base, ref)?.parent ?? null; up; up = findPart(base, up)?.parent ?? null) {
    if (findPart(current, up)) break;
    outermost = up;
  }
  return outermost ? { ref: outermost, name: describePart(base, outermost) } : null;
}

/**
 * The save that puts one part back as it was in an older document (`old`), or only one of its
 * fields (`field`). A part still in `current` gets its own fields back where it now sits: the parts
 * it holds are parts of their own, restored one by one, and a field it has gained since is cleared.
 * A part deleted since comes back whole, with what it held, under the holder it had (refused by
 * the save when that holder is gone too). NOT_FOUND when `old` has no such part.
 */
export function restoredPart(
  old: CaseProfileDoc,
  current: CaseProfileDoc,
  ref: PartRef,
  field?: string | null,
): PartInput | Problem[] {
  const then = findPart(old, ref);
  const name = describePart(old, ref);
  if (!then)
    return [
      { code: 'NOT_FOUND', message: `That revision has no ${describePart(current, ref).slice(4)}.`, path: 'key' },
    ];
  const children = new Set(CHILD_LISTS[ref.kind] ?? []);
  const own = (item: Loose) =>
    Object.fromEntries(Object.entries(item).filter(([k]) => !children.has(k) && k !== 'key'));
  const now = findPart(current, ref);
  const base = { kind: ref.kind, key: ref.key, periodKey: ref.periodKey ?? null };
  if (field) {
    if (children.has(field) || field === 'key')
      return [invalid(`The field ${field} holds other parts or names the part; restore the part instead.`, 'field')];
    if (!now) return [invalid(`${sentenceCase(name)} was deleted since: restore the whole part.`, 'field')];
    if (!(field in then.item) && !(field in now.item))
      return [invalid(`${sentenceCase(name)} has no field ${field}, then or now.`, 'field')];
    return { ...base, mode: 'UPDATE', data: { [field]: cloneJson(then.item[field] ?? null) } };
  }
  if (!now)
    return {
      ...base,
      mode: 'CREATE',
      parentKey: then.parent && ref.kind !== K.LEVEL && ref.kind !== K.CONNECTION ? then.parent.key : null,
      data: cloneJson(then.item),
    };
  const data: Loose = cloneJson(own(then.item));
  for (const k of Object.keys(own(now.item))) if (!(k in data)) data[k] = null;
  return { ...base, mode: 'UPDATE', data };
}

/** A copy of a document value (documents are plain JSON). */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The list a part sits in (the periods, a period's levels, a level's bodies ...), or null when it is not there. */
function siblingsOf(doc: CaseProfileDoc, ref: PartRef): Loose[] | null {
  const d = doc as unknown as Loose;
  const top = { PERIOD: 'periods', EVENT: 'timeline', LESSON: 'lessons', SOURCE: 'sources' } as const;
  if (ref.kind in top) return items(d, top[ref.kind as keyof typeof top]);
  const period = items(d, 'periods').find((p) => p.key === ref.periodKey);
  if (!period) return null;
  if (ref.kind === K.LEVEL) return items(period, 'levels');
  if (ref.kind === K.CONNECTION) return items(period, 'connections');
  for (const level of items(period, 'levels')) {
    if (ref.kind === K.BODY && items(level, 'bodies').some((b) => b.key === ref.key)) return items(level, 'bodies');
    for (const body of items(level, 'bodies'))
      if (ref.kind === K.RESPONSIBILITY && items(body, 'responsibilities').some((r) => r.key === ref.key))
        return items(body, 'responsibilities');
  }
  return null;
}

/**
 * Moves a part to `position` (counted from 0) among the parts beside it: a period among the
 * periods, a body among its level's bodies, a lesson among the lessons. Order is the author's: the
 * page and the file show the parts in it. NOT_FOUND when there is no such part.
 */
export function reorderPart(doc: CaseProfileDoc, ref: PartRef, position: number): CaseProfileDoc | Problem[] {
  if (ref.kind === K.CASE) return [invalid('The headline has no place among other parts.', 'kind')];
  const list = siblingsOf(doc, ref);
  const from = list ? list.findIndex((x) => x.key === ref.key) : -1;
  if (!list || from < 0)
    return [
      { code: 'NOT_FOUND', message: `There is no ${PART_NAMES[ref.kind]} "${ref.key ?? ''}" here.`, path: 'key' },
    ];
  if (!Number.isInteger(position) || position < 0 || position >= list.length)
    return [invalid(`Give a place from 0 to ${list.length - 1}: there are ${list.length} beside it.`, 'position')];
  const [item] = list.splice(from, 1);
  list.splice(position, 0, item!);
  return doc;
}

/**
 * A copy of a period with everything in it (levels, bodies, responsibilities, connections), as a
 * new period right after it: the start of "after the reform" from "before". The parts keep their
 * keys (the same key in another period is the same part at another time) and their sources; the
 * copy has no dates and no review date of its own, so it reads as not yet reviewed until an editor
 * checks it against its sources.
 */
export function copyPeriod(
  doc: CaseProfileDoc,
  fromKey: string,
  key: string,
  label: string,
): CaseProfileDoc | Problem[] {
  const index = doc.periods.findIndex((p) => p.key === fromKey);
  if (index < 0) return [{ code: 'NOT_FOUND', message: `There is no period "${fromKey}".`, path: 'key' }];
  const taken = doc.periods.find((p) => p.key === key);
  if (taken) return [invalid(`The key ${key} is already used by the period ${taken.label}.`, 'newKey')];
  if (!label.trim()) return [invalid('Give the new period a label.', 'label')];
  const copy = cloneJson(doc.periods[index]!) as PeriodDoc & Loose;
  copy.key = key;
  copy.label = label.trim();
  for (const field of ['validFrom', 'validTo', 'reviewed', 'editorNote']) delete copy[field];
  doc.periods.splice(index + 1, 0, copy);
  return doc;
}

/** A claim of the document as found for an edit: its citations, and how a message names it. */
function claimAt(doc: CaseProfileDoc, ref: ClaimRef): { claim: ClaimDoc; words: string } | null {
  const found = caseClaims(doc).find((c) => sameClaim(c, ref));
  if (!found) return null;
  const item = findPart(doc, { kind: ref.kind, key: ref.key, periodKey: ref.periodKey ?? null });
  return item ? { claim: item.item as unknown as ClaimDoc, words: found.words } : null;
}

/** How a source is named in a message: its title in quotes, or its key. */
const sourceWords = (doc: CaseProfileDoc, key: string) => {
  const title = doc.sources.find((s) => s.key === key)?.title;
  return title ? `“${title}”` : key;
};

/**
 * Merges a duplicate source into the one kept: every citation of `merge` cites `keep` instead,
 * where it was and with its locator; a claim that cites both keeps its citation of `keep` (taking
 * the locator of the merged one when it had none), so that no claim cites the kept source twice.
 * The merged source is then removed. Refused when the keys are the same or either source is not
 * there (at `keep` or `merge`).
 */
export function mergeSources(doc: CaseProfileDoc, keep: string, merge: string): CaseProfileDoc | Problem[] {
  if (keep === merge) return [invalid('A source cannot be merged into itself: choose two different sources.', 'merge')];
  const problems: Problem[] = [];
  for (const [key, path] of [
    [keep, 'keep'],
    [merge, 'merge'],
  ] as const)
    if (!doc.sources.some((s) => s.key === key))
      problems.push({ code: 'NOT_FOUND', message: `There is no source "${key}" in this draft.`, path });
  if (problems.length) return problems;
  for (const found of claimsCiting(doc, merge)) {
    const claim = claimAt(doc, found)!.claim;
    const sourceOf = (c: CiteDoc) => citeParts(c).source;
    if (claim.cite.some((c) => sourceOf(c) === keep)) {
      // Already cited: the merged citations go, and a kept citation without a locator takes theirs.
      let locator = claim.cite.map(citeParts).find((c) => c.source === merge && c.locator)?.locator ?? null;
      claim.cite = claim.cite
        .filter((c) => sourceOf(c) !== merge)
        .map((c) => {
          if (!locator || sourceOf(c) !== keep || citeParts(c).locator) return c;
          const located: CiteDoc = { source: keep, locator };
          locator = null;
          return located;
        });
      continue;
    }
    const next: CiteDoc[] = [];
    for (const cite of claim.cite) {
      const { source, locator } = citeParts(cite);
      const moved: CiteDoc = source !== merge ? cite : locator ? { source: keep, locator } : keep;
      if (!next.some((c) => JSON.stringify(c) === JSON.stringify(moved))) next.push(moved);
    }
    claim.cite = next;
  }
  doc.sources = doc.sources.filter((s) => s.key !== merge);
  return doc;
}

/**
 * Adds a source to several claims at once, at the end of each one's citations. A claim that
 * already cites it is left as it is; when every claim named does, nothing is done and the refusal
 * says so (at `claims`). Refused when the source is not there (`sourceKey`), a claim is not (at
 * `claims.N`), or a claim already cites as many sources as one may.
 */
export function citeClaims(doc: CaseProfileDoc, sourceKey: string, claims: ClaimRef[]): CaseProfileDoc | Problem[] {
  if (!doc.sources.some((s) => s.key === sourceKey))
    return [{ code: 'NOT_FOUND', message: `There is no source "${sourceKey}" in this draft.`, path: 'sourceKey' }];
  if (!claims.length) return [invalid('Choose at least one claim to cite the source.', 'claims')];
  const problems: Problem[] = [];
  const toCite: ClaimDoc[] = [];
  let already = 0;
  claims.forEach((ref, i) => {
    if (!isClaimKind(ref.kind)) {
      problems.push(
        invalid(`A ${PART_NAMES[ref.kind as DocumentPartKind] ?? 'part'} cites no sources.`, `claims.${i}.kind`),
      );
      return;
    }
    const found = claimAt(doc, ref);
    if (!found) {
      problems.push({
        code: 'NOT_FOUND',
        message: `There is no ${PART_NAMES[ref.kind]} "${ref.key}"${ref.periodKey ? ` in period ${ref.periodKey}` : ''}.`,
        path: `claims.${i}`,
      });
      return;
    }
    if (toCite.includes(found.claim)) return;
    if (found.claim.cite.some((c) => citeParts(c).source === sourceKey)) {
      already += 1;
      return;
    }
    if (found.claim.cite.length >= limits.counts.citesPerClaim) {
      problems.push(
        invalid(
          `${found.words} already cites ${limits.counts.citesPerClaim} sources, the most one claim may cite.`,
          `claims.${i}`,
        ),
      );
      return;
    }
    toCite.push(found.claim);
  });
  if (problems.length) return problems;
  if (!toCite.length)
    return [
      invalid(
        `${already === 1 ? 'The claim chosen already cites' : `All ${already} claims chosen already cite`} ${sourceWords(doc, sourceKey)}: nothing was changed.`,
        'claims',
      ),
    ];
  for (const claim of toCite) claim.cite = [...claim.cite, sourceKey];
  return doc;
}
