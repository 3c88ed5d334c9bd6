import slugify from 'slugify';
import {
  PART_FIELDS,
  limits,
  type CaseProfileDoc,
  type Choice,
  type CiteDoc,
  type DocumentPartKind,
  type FieldSpec,
  type PartDocs,
} from '@casebook/schema';

/**
 * The draft forms' document work: finding a part of the draft by where it sits or by a problem's
 * path, and turning a part into form values and back. The forms' field specs (PART_FIELDS) are in
 * @casebook/schema, typed against the document.
 */

/** The parts of a draft the app edits: every kind saveDraftPart knows. */
export type EditedPartKind = DocumentPartKind;
/** One row of a `rows` field (an extent's area), its columns as text. */
export type RowValues = Record<string, string>;
export type FieldValue = string | boolean | string[] | RowValues[];
export type FormValues = Record<string, FieldValue>;
/** A part of the document, of any kind. */
export type PartDoc = PartDocs[EditedPartKind];
/** The kinds of part that sit in lists: every kind but the headline. */
export type ListedPartKind = Exclude<EditedPartKind, 'CASE'>;

/** Where a part sits: its kind and key, and for parts inside a period its period and parent keys. */
export interface PartLocation {
  kind: EditedPartKind;
  key: string | null;
  /** For levels, bodies, responsibilities and connections. */
  periodKey?: string | null;
  /** A body's level key; a responsibility's body key. */
  parentKey?: string | null;
}

/** A part seen as plain fields, for walking the document by list name. */
type Item = Record<string, unknown>;
const listOf = (owner: Item | null | undefined, name: string): Item[] =>
  Array.isArray(owner?.[name]) ? (owner[name] as Item[]) : [];

/** The list a kind's parts sit in, under which owner, as steps from the document. */
function steps(loc: PartLocation): { list: string; key: string | null | undefined }[] {
  const inPeriod = { list: 'periods', key: loc.periodKey };
  switch (loc.kind) {
    case 'CASE':
      return [];
    case 'PERIOD':
      return [{ list: 'periods', key: loc.key }];
    case 'LEVEL':
      return [inPeriod, { list: 'levels', key: loc.key }];
    case 'BODY':
      return [inPeriod, { list: 'levels', key: loc.parentKey }, { list: 'bodies', key: loc.key }];
    case 'RESPONSIBILITY': {
      // A responsibility names only its body; the level is whichever holds that body.
      return [
        inPeriod,
        { list: 'levels', key: undefined },
        { list: 'bodies', key: loc.parentKey },
        { list: 'responsibilities', key: loc.key },
      ];
    }
    case 'CONNECTION':
      return [inPeriod, { list: 'connections', key: loc.key }];
    case 'EVENT':
      return [{ list: 'timeline', key: loc.key }];
    case 'LESSON':
      return [{ list: 'lessons', key: loc.key }];
    case 'SOURCE':
      return [{ list: 'sources', key: loc.key }];
  }
}

/** A part found in the document. */
export interface LocatedPart {
  /** The part as saved; null for a new one (or one no longer there). */
  data: PartDoc | null;
  /** Its path, the start of its userErrors' paths (`periods.1.levels.0`); a new part's is the place it will take. Empty for the headline. */
  path: string;
  /** The parts beside it in its list (for a new key that must differ from theirs). */
  siblings: PartDocs[ListedPartKind][];
}

/** Finds a part in the document by where it sits. */
export function locate(document: CaseProfileDoc | null | undefined, loc: PartLocation): LocatedPart {
  const all = steps(loc);
  if (!all.length) return { data: document ?? null, path: '', siblings: [] };
  let owner: Item | null = document ?? null;
  const path: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const step = all[i] as { list: string; key: string | null | undefined };
    const items = listOf(owner, step.list);
    const last = i === all.length - 1;
    if (step.key === undefined && !last) {
      // The level of a responsibility's body: the one whose bodies hold it.
      const next = all[i + 1] as { list: string; key: string | null | undefined };
      const index = items.findIndex((x) => listOf(x, next.list).some((b) => b.key === next.key));
      owner = index >= 0 ? (items[index] ?? null) : null;
      path.push(step.list, String(Math.max(index, 0)));
      continue;
    }
    const index = step.key === null || step.key === undefined ? -1 : items.findIndex((x) => x.key === step.key);
    if (last) {
      path.push(step.list, String(index >= 0 ? index : items.length));
      return {
        data: index >= 0 ? ((items[index] as PartDoc | undefined) ?? null) : null,
        path: path.join('.'),
        siblings: items as LocatedPart['siblings'],
      };
    }
    owner = index >= 0 ? (items[index] ?? null) : null;
    path.push(step.list, String(Math.max(index, 0)));
  }
  return { data: null, path: path.join('.'), siblings: [] };
}

/** The part a document path points at (`periods.1.levels.0.bodies.2.name` → that body), with where it sits. */
export function partAtPath(
  document: CaseProfileDoc | null | undefined,
  path: string | null | undefined,
): (PartLocation & { data: PartDoc }) | null {
  if (!path || !document) return null;
  const [first, second] = path.split('.');
  if (PART_FIELDS.CASE.some((f) => f.name === first)) return { kind: 'CASE', key: null, data: document };
  const top: Record<string, EditedPartKind> = {
    periods: 'PERIOD',
    timeline: 'EVENT',
    lessons: 'LESSON',
    sources: 'SOURCE',
  };
  const kind = top[first ?? ''];
  const item = listOf(document, first ?? '')[Number(second)];
  if (!kind || !item || typeof item.key !== 'string') return null;
  if (kind !== 'PERIOD') return { kind, key: item.key, data: item as PartDoc };
  const periodKey = item.key;
  const seg = path.split('.').slice(2);
  const inner: Record<string, EditedPartKind> = {
    levels: 'LEVEL',
    connections: 'CONNECTION',
    bodies: 'BODY',
    responsibilities: 'RESPONSIBILITY',
  };
  let found: PartLocation & { data: PartDoc } = { kind: 'PERIOD', key: periodKey, data: item as PartDoc };
  let owner: Item = item;
  for (let i = 0; i + 1 < seg.length; i += 2) {
    const childKind = inner[seg[i] ?? ''];
    const child = listOf(owner, seg[i] ?? '')[Number(seg[i + 1])];
    if (!childKind || !child || typeof child.key !== 'string') break;
    const parentKey = childKind === 'BODY' || childKind === 'RESPONSIBILITY' ? (owner.key as string) : null;
    found = { kind: childKind, key: child.key, periodKey, parentKey, data: child as PartDoc };
    owner = child;
  }
  return found;
}

const citeKey = (c: CiteDoc): string => (typeof c === 'string' ? c : c.source);
/** A field whose value is a list of chosen keys. */
const isChoiceList = (f: FieldSpec) => f.type === 'multiselect' || f.type === 'checkboxes';
/** The rows of a `rows` field, each column as text. */
export const rowsOf = (value: FieldValue | undefined): RowValues[] =>
  Array.isArray(value) ? value.filter((r): r is RowValues => typeof r === 'object' && r !== null) : [];
/** A row with nothing written in it counts as no row. */
const blankRow = (row: RowValues) => Object.values(row).every((v) => v.trim() === '');
/** One field's value in the file format; undefined when it is empty (left out, or cleared). */
function storedValue(f: FieldSpec, value: FieldValue | undefined): unknown {
  if (f.type === 'rows') {
    const rows = rowsOf(value)
      .filter((row) => !blankRow(row))
      .map((row) =>
        Object.fromEntries(
          (f.columns ?? []).flatMap((c) => {
            const v = (row[c.name] ?? '').trim();
            return v === '' ? [] : [[c.name, v]];
          }),
        ),
      );
    return rows.length ? rows : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return f.type === 'number' ? Number(value.trim()) : value.trim();
}
/** The name a field takes in the file format (`betweenA` is one place of `between`, `coverageLevels` a member of `coverage`). */
const storedName = (f: FieldSpec): string => f.item?.of ?? f.name;
const stored = (f: FieldSpec, part: PartDoc | null | undefined): unknown => {
  const data = part as Item | null | undefined;
  if (!f.item) return data?.[f.name];
  const holder = data?.[f.item.of];
  if (typeof f.item.index === 'number') return Array.isArray(holder) ? holder[f.item.index] : undefined;
  return typeof holder === 'object' && holder !== null && !Array.isArray(holder)
    ? (holder as Item)[f.item.index]
    : undefined;
};

/** A part of the document as form values: text as strings, ticks as booleans, citations as keys. */
export function toValues(kind: EditedPartKind, data: PartDoc | null | undefined): FormValues {
  const values: FormValues = {};
  for (const field of PART_FIELDS[kind]) {
    const value = stored(field, data);
    if (field.type === 'checkbox') values[field.name] = value === true;
    else if (field.type === 'rows')
      values[field.name] = (Array.isArray(value) ? (value as Item[]) : []).map((row) =>
        Object.fromEntries(
          (field.columns ?? []).map((c) => [c.name, typeof row[c.name] === 'string' ? (row[c.name] as string) : '']),
        ),
      );
    else if (isChoiceList(field)) values[field.name] = Array.isArray(value) ? (value as CiteDoc[]).map(citeKey) : [];
    else if (field.type === 'number') values[field.name] = typeof value === 'number' ? String(value) : '';
    else values[field.name] = typeof value === 'string' ? value : (field.fallback ?? '');
  }
  return values;
}

/**
 * Form values as the part's `data` for saveDraftPart, in the file format: an optional field left
 * empty is null when the part as saved has it (saveDraftPart clears it) and left out otherwise,
 * and a citation chosen again keeps the locator it had. Fields the form does not edit (child
 * lists, a source's `accessed`) are left out, so they keep their saved values. The members of an
 * object (a coverage, an extent) go together, the empty ones left out; an object with none is
 * empty too, so an extent emptied in the form is cleared.
 */
export function toData(
  kind: EditedPartKind,
  values: FormValues,
  part: PartDoc | null | undefined,
): Record<string, unknown> {
  const original = part as Item | null | undefined;
  const data: Item = {};
  for (const field of PART_FIELDS[kind]) {
    if (field.name === 'key') continue;
    const value = values[field.name];
    if (field.shownWith && values[field.shownWith] !== true) continue;
    const { item } = field;
    if (item && typeof item.index === 'string') {
      // A member of an object is sent with the others of its form, all together (the whole coverage).
      const members = (data[item.of] as Item | undefined) ?? {};
      const member = storedValue(field, value);
      if (member !== undefined) members[item.index] = member;
      data[item.of] = members;
    } else if (item && typeof item.index === 'number') {
      const list = Array.isArray(data[item.of]) ? (data[item.of] as string[]) : [];
      list[item.index] = typeof value === 'string' ? value.trim() : '';
      data[item.of] = list;
    } else if (field.type === 'checkbox') {
      if (value === true) data[field.name] = true;
    } else if (isChoiceList(field)) {
      const before = Array.isArray(original?.[field.name]) ? (original[field.name] as CiteDoc[]) : [];
      data[field.name] = (Array.isArray(value) ? value : []).map(
        (key) => before.find((c) => citeKey(c) === key) ?? key,
      );
    } else if (field.type === 'number') {
      if (typeof value === 'string' && value.trim() !== '') data[field.name] = Number(value.trim());
    } else if (typeof value === 'string' && value.trim() !== '') {
      data[field.name] = value.trim();
    }
  }
  for (const [name, v] of Object.entries(data))
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length) delete data[name];
  for (const field of PART_FIELDS[kind]) {
    const name = storedName(field);
    if (name !== 'key' && data[name] === undefined && original?.[name] !== undefined) data[name] = null;
  }
  return data;
}

/** A field's label where its form's fieldset is not around it (a dialog, copied text): "Where it holds — In how many (optional)". */
export const fullLabel = (f: FieldSpec): string =>
  f.group ? `${f.group.legend.replace(/ \(optional\)$/, '')} — ${f.label}` : f.label;

/** A row as people read it: "Highland (from 2012-04, until 2022)". */
function rowText(f: FieldSpec, row: RowValues): string {
  const [first, ...rest] = f.columns ?? [];
  const more = rest
    .filter((c) => (row[c.name] ?? '').trim() !== '')
    .map((c) => `${c.label.replace(/ \(optional\)$/, '').toLowerCase()} ${row[c.name]!.trim()}`);
  const head = first ? (row[first.name] ?? '').trim() : '';
  return more.length ? `${head} (${more.join(', ')})` : head;
}

/** What a row of a `rows` field is called in words: by its first column, else by its place ("area 2"). */
export function rowLabel(f: FieldSpec, row: RowValues, index: number): string {
  const name = (row[f.columns?.[0]?.name ?? ''] ?? '').trim();
  return `${f.rowName ?? 'row'} ${name || index + 1}`;
}

/** The key a problem of one cell of a `rows` field is kept under: `extentAreas.1.name`. */
export const cellKey = (field: string, index: number, column: string) => `${field}.${index}.${column}`;

/**
 * The problems of the rows of a `rows` field found before asking the server, by cell: a cell
 * longer than its limit, and once the form has been sent (`sent`), a row with something in it
 * but no name.
 */
export function rowProblems(f: FieldSpec, value: FieldValue | undefined, sent = true): Record<string, string> {
  const problems: Record<string, string> = {};
  if (f.type !== 'rows') return problems;
  rowsOf(value).forEach((row, i) => {
    if (blankRow(row)) return;
    for (const c of f.columns ?? []) {
      const v = row[c.name] ?? '';
      if (c.max !== undefined && v.length > c.max)
        problems[cellKey(f.name, i, c.name)] =
          `${c.label.replace(/ \(optional\)$/, '')} is ${v.length} characters long; it may be at most ${c.max}.`;
      else if (sent && c.required && v.trim() === '')
        problems[cellKey(f.name, i, c.name)] =
          `Give ${f.rowName ?? 'row'} ${i + 1} a ${c.label.toLowerCase()}, or remove it.`;
    }
  });
  return problems;
}

/** One row of the conflict dialog: a field (or a part), what was tried beside what is saved now. */
export interface ConflictRow {
  label: string;
  mine: string;
  theirs: string;
}

/** A form value as people read it: a choice by its label, a tick as Yes or No, a list joined. */
export function displayValue(f: FieldSpec, values: FormValues, choices: Choice[]): string {
  const value = values[f.name];
  if (f.type === 'checkbox') return value === true ? 'Yes' : 'No';
  if (f.type === 'rows')
    return rowsOf(value)
      .filter((row) => !blankRow(row))
      .map((row) => rowText(f, row))
      .join('; ');
  if (isChoiceList(f) && Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? (choices.find((c) => c.value === v)?.label ?? v) : '')).join(', ');
  const text = typeof value === 'string' ? value : '';
  return f.type === 'select' ? (choices.find((c) => c.value === text)?.label ?? text) : text;
}

/** A part's fields side by side (all but its key), for the conflict dialog. */
export function conflictRows(
  kind: EditedPartKind,
  mine: FormValues,
  theirs: FormValues,
  choicesFor: (f: FieldSpec) => Choice[],
): ConflictRow[] {
  return PART_FIELDS[kind]
    .filter((f) => f.name !== 'key')
    .map((f) => ({
      label: fullLabel(f),
      mine: displayValue(f, mine, choicesFor(f)),
      theirs: displayValue(f, theirs, choicesFor(f)),
    }));
}

/** A field's own problem, found before asking the server (a count that is not a whole number). */
export function formatProblem(f: FieldSpec, value: FieldValue | undefined): string | null {
  if (f.type !== 'number' || typeof value !== 'string' || value.trim() === '') return null;
  return /^\d+$/.test(value.trim())
    ? null
    : `${f.label.replace(/ \(optional\)$/, '')} must be a whole number, such as 8.`;
}

/**
 * The form field a userError's path points at, for the part at `partPath` (`lessons.3`,
 * `periods.1.levels.0.bodies.2`): with `lessons.3.title`, lesson 3's form shows it at Title.
 * Null when it is not this form's field.
 */
export function fieldForPath(kind: EditedPartKind, partPath: string, path: string | null | undefined): string | null {
  if (!path) return null;
  let rest: string;
  if (partPath === '') rest = path;
  else if (path.startsWith(`${partPath}.`)) rest = path.slice(`${partPath}.`.length);
  else if (path === 'key') rest = 'key';
  else return null;
  const [name = '', index, row, column] = rest.split('.');
  const specs = PART_FIELDS[kind];
  const direct = specs.find((f) => f.name === name && !f.item);
  if (direct) return direct.name;
  const part = specs.filter((f) => f.item?.of === name);
  const field = part.find((f) => String(f.item?.index) === index) ?? part[0];
  // A problem of one cell of a row (`extent.areas.1.until`) is shown at that cell.
  if (field?.type === 'rows' && row !== undefined && /^\d+$/.test(row) && field.columns?.some((c) => c.name === column))
    return cellKey(field.name, Number(row), column!);
  return field?.name ?? null;
}

/**
 * The keys a new part's key must not repeat: in its case for periods, lessons, events and sources;
 * in its period for levels, bodies, responsibilities and connections (a key used in another
 * period means the same part at another time).
 */
export function keysInScope(document: CaseProfileDoc | null | undefined, loc: PartLocation): Set<string> {
  if (!document) return new Set();
  const period = document.periods.find((p) => p.key === loc.periodKey);
  const levels = period?.levels ?? [];
  const bodies = levels.flatMap((l) => l.bodies ?? []);
  const lists: Record<ListedPartKind, { key: string }[]> = {
    PERIOD: document.periods,
    LESSON: document.lessons ?? [],
    EVENT: document.timeline ?? [],
    SOURCE: document.sources,
    LEVEL: levels,
    BODY: bodies,
    RESPONSIBILITY: bodies.flatMap((b) => b.responsibilities ?? []),
    CONNECTION: period?.connections ?? [],
  };
  return loc.kind === 'CASE' ? new Set() : new Set(lists[loc.kind].map((x) => x.key));
}

/**
 * A key for a new part, read from its name ("Ministry of Social Affairs" → `ministry-of-social-affairs`)
 * and made unique among `taken` with a number (`-2`, `-3`…); empty when the name gives no letters.
 * `slugify` does the transliteration ("Sámi" → "sami"); the format's key limits are ours.
 */
export function proposedKey(name: string, taken: Set<string>, max = limits.key.max): string {
  const base = slugify(name, { lower: true, strict: true, trim: true })
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max)
    .replace(/-$/, '');
  if (!base) return '';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const key = `${base.slice(0, max - suffix.length).replace(/-$/, '')}${suffix}`;
    if (!taken.has(key)) return key;
  }
}

/** Which value a field takes in a merge: the other editor's, mine, or the author is asked. */
export type MergeOutcome = 'theirs' | 'mine' | 'ask';

/** One field that really differs between my form and the part as saved now, three ways. */
export interface MergeRow {
  name: string;
  label: string;
  /** As the form loaded it, as saved now by the other editor, and as in my form; as people read them. */
  base: string;
  theirs: string;
  mine: string;
  /** Only they changed it: theirs; only I did: mine; both, differently: asked. */
  outcome: MergeOutcome;
}

const sameValue = (a: FieldValue | undefined, b: FieldValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of a part that really differ between my form and the part as saved now, each with
 * what it was when the form loaded: a field only the other editor changed takes theirs, one only
 * I changed keeps mine, and one we both changed differently is asked. Fields where mine and
 * theirs agree are left out, and so is every field neither of us changed.
 */
export function mergeRows(
  kind: EditedPartKind,
  base: FormValues,
  theirs: FormValues,
  mine: FormValues,
  choicesFor: (f: FieldSpec) => Choice[],
): MergeRow[] {
  return PART_FIELDS[kind]
    .filter((f) => f.name !== 'key' && !sameValue(mine[f.name], theirs[f.name]))
    .map((f) => ({
      name: f.name,
      label: fullLabel(f),
      base: displayValue(f, base, choicesFor(f)),
      theirs: displayValue(f, theirs, choicesFor(f)),
      mine: displayValue(f, mine, choicesFor(f)),
      outcome: sameValue(mine[f.name], base[f.name])
        ? 'theirs'
        : sameValue(theirs[f.name], base[f.name])
          ? 'mine'
          : 'ask',
    }));
}

/**
 * My form merged with the part as saved now: each field of `rows` as its outcome says, or as the
 * author chose for the asked ones; every other field as in my form (where it equals theirs, or
 * only I changed it). Null while an asked field has no choice.
 */
export function mergedValues(
  rows: MergeRow[],
  theirs: FormValues,
  mine: FormValues,
  chosen: Record<string, 'mine' | 'theirs' | undefined>,
): FormValues | null {
  const merged: FormValues = { ...mine };
  for (const row of rows) {
    const pick = row.outcome === 'ask' ? chosen[row.name] : row.outcome;
    if (!pick) return null;
    const value = pick === 'theirs' ? theirs[row.name] : mine[row.name];
    if (value !== undefined) merged[row.name] = value;
  }
  return merged;
}

/** A form's fields as text to copy: one `Label: value` line a field, empty ones left out. */
export function formText(kind: EditedPartKind, values: FormValues, choicesFor: (f: FieldSpec) => Choice[]): string {
  return PART_FIELDS[kind]
    .filter((f) => !f.shownWith || values[f.shownWith] === true)
    .map((f) => [fullLabel(f), displayValue(f, values, choicesFor(f))] as const)
    .filter(([, text]) => text !== '' && text !== 'No')
    .map(([label, text]) => `${label}: ${text}`)
    .join('\n');
}

/**
 * The outermost part that held (or was to hold) a part at `loc` and is no longer in the document:
 * a body's level or period, a responsibility's body or period, a level's or connection's period.
 * Null while every holder is there (and for the parts listed at the top of the draft).
 */
export function missingHolder(
  document: CaseProfileDoc | null | undefined,
  loc: PartLocation,
): (PartLocation & { kind: 'PERIOD' | 'LEVEL' | 'BODY' }) | null {
  if (!['LEVEL', 'CONNECTION', 'BODY', 'RESPONSIBILITY'].includes(loc.kind)) return null;
  const period = document?.periods?.find((p) => p.key === loc.periodKey);
  if (!period) return { kind: 'PERIOD', key: loc.periodKey ?? null };
  const levels = period.levels ?? [];
  if (loc.kind === 'BODY' && !levels.some((l) => l.key === loc.parentKey))
    return { kind: 'LEVEL', key: loc.parentKey ?? null, periodKey: period.key };
  if (loc.kind === 'RESPONSIBILITY' && !levels.some((l) => (l.bodies ?? []).some((b) => b.key === loc.parentKey)))
    return { kind: 'BODY', key: loc.parentKey ?? null, periodKey: period.key };
  return null;
}

/**
 * The holder of a part at `loc` that `now` no longer has, named as `before` (the last document that
 * had it) named it: the level or period a body went with, a responsibility's body, or that body's
 * level when the level went too.
 */
export function goneHolder(
  before: CaseProfileDoc | null | undefined,
  now: CaseProfileDoc | null | undefined,
  loc: PartLocation,
): { kind: 'PERIOD' | 'LEVEL' | 'BODY'; key: string | null; name: string } | null {
  const missing = missingHolder(now, loc);
  if (!missing) return null;
  const period = before?.periods?.find((p) => p.key === loc.periodKey);
  if (missing.kind === 'PERIOD') return { ...missing, name: period?.label || (loc.periodKey ?? '') };
  const levels = period?.levels ?? [];
  const level =
    missing.kind === 'LEVEL'
      ? levels.find((l) => l.key === loc.parentKey)
      : levels.find((l) => (l.bodies ?? []).some((b) => b.key === loc.parentKey));
  if (missing.kind === 'BODY') {
    const left = now?.periods?.find((p) => p.key === loc.periodKey)?.levels ?? [];
    if (level && !left.some((l) => l.key === level.key))
      return { kind: 'LEVEL', key: level.key, name: level.name || level.key };
    const body = level?.bodies?.find((b) => b.key === loc.parentKey);
    return { ...missing, name: body?.name || (loc.parentKey ?? '') };
  }
  return { ...missing, name: level?.name || (loc.parentKey ?? '') };
}

/** The place in a list of parts where its open form is shown (the page shows the one form there). */
export const formSlot = (loc: PartLocation): string => `${loc.kind}/${loc.periodKey ?? ''}/${loc.parentKey ?? ''}`;
