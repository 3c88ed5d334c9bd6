import { casePartJsonSchemas, type CaseProfileDoc, type PeriodDoc } from './document.js';
import type { DocumentPartKind } from './enums.js';
import { DOCUMENT_PART_KINDS } from './enums.js';
import type { Problem } from './problems.js';

/**
 * Editing a case profile part by part, found by key: the pure document work behind the API's
 * saveDraftPart and deleteDraftPart. Every function edits the document it is given, or returns the
 * problems (code INVALID, or NOT_FOUND for a part that is not there) and leaves it as it was.
 */

/** One part to create or update: its kind, its key, where it sits, and the fields to set. */
export interface PartInput {
  kind: DocumentPartKind;
  /** Its key (not needed for CASE). An existing key updates; a new one creates. */
  key?: string | null;
  /** For levels, bodies, responsibilities and connections: the period key. */
  periodKey?: string | null;
  /** For a new body: its level key. For a new responsibility: its body key. */
  parentKey?: string | null;
  /** The fields, as in the profile format; null clears an optional field. */
  data: Record<string, unknown>;
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

/**
 * Updates the item of a list with this key, or adds it at the end; `at` is the list's path. The
 * problems, if the change is refused (the list is then as it was).
 */
function put<T extends { key: string }>(
  list: T[],
  key: string,
  kind: DocumentPartKind,
  data: Record<string, unknown>,
  at: string,
): Problem[] | null {
  const index = list.findIndex((x) => x.key === key);
  const change = partChange(kind, data, `${at}.${index >= 0 ? index : list.length}`);
  if (Array.isArray(change)) return change;
  const item = { ...applied(index >= 0 ? list[index]! : {}, change), key } as T;
  if (index >= 0) list[index] = item;
  else list.push(item);
  return null;
}

/**
 * Creates or updates a part of a document by key. Fields left out of `part.data` are kept; a null
 * clears an optional field (a required one is refused at its path).
 */
export function upsertPart(doc: CaseProfileDoc, part: PartInput): CaseProfileDoc | Problem[] {
  const data = { ...part.data };
  delete data.key;
  const done = (refused: Problem[] | null) => refused ?? doc;
  if (part.kind === K.CASE) {
    for (const field of ['format', 'slug', 'periods', 'timeline', 'lessons', 'sources']) delete data[field];
    const change = partChange(part.kind, data, '');
    return Array.isArray(change) ? change : applied(doc, change);
  }
  if (!part.key) return [invalid('Give the part a key.', 'key')];
  const key = part.key;
  switch (part.kind) {
    case K.PERIOD:
      return done(put(doc.periods, key, part.kind, data, 'periods'));
    case K.EVENT:
      return done(put((doc.timeline ??= []), key, part.kind, data, 'timeline'));
    case K.LESSON:
      return done(put((doc.lessons ??= []), key, part.kind, data, 'lessons'));
    case K.SOURCE:
      return done(put(doc.sources, key, part.kind, data, 'sources'));
    default: {
      const period = periodOf(doc, part.periodKey);
      if (Array.isArray(period)) return period;
      const at = `periods.${doc.periods.indexOf(period)}`;
      if (part.kind === K.LEVEL) return done(put((period.levels ??= []), key, part.kind, data, `${at}.levels`));
      if (part.kind === K.CONNECTION)
        return done(put((period.connections ??= []), key, part.kind, data, `${at}.connections`));
      const levels = (period.levels ?? []).map((level, l) => ({ level, at: `${at}.levels.${l}` }));
      if (part.kind === K.BODY) {
        const holder =
          levels.find(({ level }) => level.bodies?.some((b) => b.key === key)) ??
          levels.find(({ level }) => level.key === part.parentKey);
        if (!holder)
          return [
            invalid(
              `Name the level for the new body (parentKey); "${part.parentKey ?? ''}" is not a level of ${period.key}.`,
              'parentKey',
            ),
          ];
        return done(put((holder.level.bodies ??= []), key, part.kind, data, `${holder.at}.bodies`));
      }
      const bodies = levels.flatMap(({ level, at: levelAt }) =>
        (level.bodies ?? []).map((body, b) => ({ body, at: `${levelAt}.bodies.${b}` })),
      );
      const holder =
        bodies.find(({ body }) => body.responsibilities?.some((r) => r.key === key)) ??
        bodies.find(({ body }) => body.key === part.parentKey);
      if (!holder)
        return [
          invalid(
            `Name the body for the new responsibility (parentKey); "${part.parentKey ?? ''}" is not a body of ${period.key}.`,
            'parentKey',
          ),
        ];
      return done(put((holder.body.responsibilities ??= []), key, part.kind, data, `${holder.at}.responsibilities`));
    }
  }
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
