import limits from '../../../../schema/limits.json';
import { STANDING_LABELS, STRENGTH_LABELS } from '../../apollo/labels';

/** The parts of a draft the app edits; the API has more (periods, bodies ...). */
export type EditedPartKind = 'CASE' | 'LESSON' | 'SOURCE';
export type FieldValue = string | boolean | string[];
export type FormValues = Record<string, FieldValue>;
export interface Choice {
  value: string;
  label: string;
}

/** One field of a part's form: what it is called in the file format and how it is edited. */
export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'select' | 'multiselect' | 'checkbox' | 'url';
  /** Longest allowed, from schema/limits.json (the server checks the same number). */
  max?: number;
  required?: boolean;
  hint?: string;
  /** Fixed choices; otherwise the page gives them (themes, the draft's sources). */
  choices?: Choice[];
  /** Shown only when this field of the form is ticked (a note only for an uncertain claim). */
  shownWith?: string;
  /** Only for a part being created: a key is what names an existing part. */
  newOnly?: boolean;
}

const toChoices = (labels: Record<string, string>): Choice[] => Object.entries(labels).map(([value, label]) => ({ value, label }));
const KEY_HINT = 'Lower-case words joined by hyphens, e.g. "pooled-budgets"; it cannot be changed later.';

export const PART_FIELDS: Record<EditedPartKind, FieldSpec[]> = {
  CASE: [
    { name: 'name', label: 'Name', type: 'text', max: limits.name.max, required: true },
    { name: 'summary', label: 'Summary', type: 'textarea', max: limits.summary.max, required: true },
    { name: 'note', label: 'Note', type: 'textarea', max: limits.text.max },
  ],
  LESSON: [
    { name: 'key', label: 'Key', type: 'text', max: limits.key.max, required: true, hint: KEY_HINT, newOnly: true },
    { name: 'theme', label: 'Theme', type: 'select', required: true },
    { name: 'title', label: 'Title', type: 'text', max: limits.name.max, required: true },
    { name: 'detail', label: 'Detail', type: 'textarea', max: limits.text.max, required: true },
    { name: 'evidenceStrength', label: 'Evidence strength (optional)', type: 'select', choices: toChoices(STRENGTH_LABELS) },
    { name: 'transferability', label: 'Transferability (optional)', type: 'textarea', max: limits.text.max },
    { name: 'cite', label: 'Sources cited', type: 'multiselect', hint: 'Hold Ctrl (or ⌘) to choose more than one.' },
    { name: 'uncertain', label: 'The evidence for this is uncertain', type: 'checkbox' },
    { name: 'note', label: 'Why it is uncertain', type: 'textarea', max: limits.note.max, shownWith: 'uncertain', required: true },
  ],
  SOURCE: [
    { name: 'key', label: 'Key', type: 'text', max: limits.key.max, required: true, hint: KEY_HINT, newOnly: true },
    { name: 'url', label: 'Address (URL)', type: 'url', max: limits.url.max, required: true },
    { name: 'title', label: 'Title', type: 'text', max: limits.name.max, required: true },
    { name: 'publisher', label: 'Publisher (optional)', type: 'text', max: limits.name.max },
    { name: 'date', label: 'Date (optional)', type: 'text', hint: 'As the source gives it: 2013, 2013-04 or 2013-04-01.' },
    { name: 'standing', label: 'Standing', type: 'select', required: true, choices: toChoices(STANDING_LABELS) },
  ],
};

/** Where a kind's parts sit in the document (the start of its userErrors' paths). */
export const PART_LIST: Record<EditedPartKind, 'lessons' | 'sources' | null> = { CASE: null, LESSON: 'lessons', SOURCE: 'sources' };

export const PART_NAMES: Record<EditedPartKind, string> = { CASE: 'headline', LESSON: 'lesson', SOURCE: 'source' };

type Cite = string | { source: string; locator: string };
const citeKey = (c: Cite): string => (typeof c === 'string' ? c : c.source);

/** A part of the document as form values: text as strings, ticks as booleans, citations as keys. */
export function toValues(kind: EditedPartKind, data: Record<string, unknown> | null | undefined): FormValues {
  const values: FormValues = {};
  for (const field of PART_FIELDS[kind]) {
    const value = data?.[field.name];
    if (field.type === 'checkbox') values[field.name] = value === true;
    else if (field.type === 'multiselect') values[field.name] = Array.isArray(value) ? (value as Cite[]).map(citeKey) : [];
    else values[field.name] = typeof value === 'string' ? value : '';
  }
  return values;
}

/**
 * Form values as the part's `data` in the file format: optional fields left empty are left out,
 * and a citation chosen again keeps the locator it had.
 */
export function toData(kind: EditedPartKind, values: FormValues, original: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const uncertain = values.uncertain === true;
  for (const field of PART_FIELDS[kind]) {
    if (field.name === 'key') continue;
    const value = values[field.name];
    if (field.shownWith && values[field.shownWith] !== true) continue;
    if (field.type === 'checkbox') {
      if (value === true) data[field.name] = true;
    } else if (field.type === 'multiselect') {
      const before = Array.isArray(original?.[field.name]) ? (original[field.name] as Cite[]) : [];
      data[field.name] = (Array.isArray(value) ? value : []).map((key) => before.find((c) => citeKey(c) === key) ?? key);
    } else if (typeof value === 'string' && value.trim() !== '') {
      data[field.name] = value.trim();
    }
  }
  if (kind === 'LESSON' && !uncertain) delete data.note;
  return data;
}

/**
 * The form field a userError's path points at, for the part at `index` of its list: with
 * `lessons.3.title`, lesson 3's form shows it at Title. Null when it is not this form's field.
 */
export function fieldForPath(kind: EditedPartKind, index: number, path: string | null | undefined): string | null {
  if (!path) return null;
  const list = PART_LIST[kind];
  let rest: string;
  if (list === null) rest = path;
  else if (path.startsWith(`${list}.${index}.`)) rest = path.slice(`${list}.${index}.`.length);
  else if (path === 'key') rest = 'key';
  else return null;
  const name = rest.split('.')[0] ?? '';
  return PART_FIELDS[kind].some((f) => f.name === name) ? name : null;
}

/**
 * The fields a save would clear: present in the part as saved, absent from the new data.
 * saveDraftPart merges a part's data into what is saved, so it cannot clear a field.
 */
export function clearedFields(kind: EditedPartKind, before: Record<string, unknown> | null | undefined, data: Record<string, unknown>): string[] {
  if (!before) return [];
  return PART_FIELDS[kind].filter((f) => f.name !== 'key' && before[f.name] !== undefined && data[f.name] === undefined).map((f) => f.name);
}

/**
 * The document with one part replaced outright (not merged), fields cleared included: the
 * headline's own fields for CASE, or the item with `key` in its list. Used with saveDraft.
 */
export function replacePart(kind: EditedPartKind, document: Record<string, unknown>, key: string | null, data: Record<string, unknown>): Record<string, unknown> {
  const list = PART_LIST[kind];
  if (list === null) {
    const next = { ...document };
    for (const f of PART_FIELDS.CASE) delete next[f.name];
    return { ...next, ...data };
  }
  const items = Array.isArray(document[list]) ? (document[list] as Record<string, unknown>[]) : [];
  const item = { key, ...data };
  const index = items.findIndex((x) => x.key === key);
  return { ...document, [list]: index >= 0 ? items.map((x, i) => (i === index ? item : x)) : [...items, item] };
}
