import type { DocumentChange } from './diff.js';
import type { CaseProfileDoc, ExtentDoc } from './document.js';
import type { DocumentPartKind } from './enums.js';
import { extentWords } from './extent.js';
import { PART_FIELDS } from './forms.js';
import {
  BODY_TYPE_LABELS,
  codesInWords,
  FUNCTION_LABELS,
  MECHANISM_LABELS,
  STANDING_LABELS,
  STRENGTH_LABELS,
  TIER_LABELS,
} from './labels.js';
import { LESSON_THEMES, SERVICE_AREAS } from './vocabulary.js';

/** What a change is told from: a DocumentChange, or the API's (whose `change` is any text). */
export type ChangeToTell = Pick<DocumentChange, 'part' | 'label'> & {
  fields: readonly string[];
  before: readonly string[];
  after: readonly string[];
};

/** One changed field of a part, told in words: its label, and its value before and after. */
export interface FieldInWords {
  label: string;
  before: string;
  after: string;
}

/** A change to a document told in words: the part by kind and name, and each field that differs. */
export interface ChangeInWords {
  /** "body", "responsibility", "case", "item not modelled". */
  part: string;
  /** The part's name, with any code in it told in words. */
  label: string;
  fields: FieldInWords[];
}

/** Service areas and themes by key, as the vocabulary names them. */
const AREA_NAMES: Record<string, string> = Object.fromEntries(SERVICE_AREAS.map(([key, name]) => [key, name]));
const THEME_NAMES: Record<string, string> = Object.fromEntries(LESSON_THEMES.map(([key, name]) => [key, name]));
const areaName = (key: unknown) => (typeof key === 'string' ? (AREA_NAMES[key] ?? key) : anyInWords(key));

const PART_WORDS: Record<string, string> = {
  case: 'case',
  period: 'period',
  level: 'level',
  body: 'body',
  responsibility: 'responsibility',
  connection: 'connection',
  event: 'event',
  lesson: 'lesson',
  source: 'source',
  notModelled: 'item not modelled',
};

/** Fields no form names by these names: derived ones, and parts' places. */
const FIELD_WORDS: Record<string, string> = {
  key: 'Key',
  coverage: 'What it covers',
  level: 'Level',
  body: 'Body',
  between: 'Between the service areas',
  extent: 'Where it holds',
  cite: 'Sources cited',
  standing: 'Standing',
  url: 'Address',
  publisher: 'Publisher',
  title: 'Title',
  reason: 'Why it is not modelled',
};

/** "Valid from (optional)" → "Valid from": a form's hints about filling it in are not the field's name. */
const bare = (label: string) => label.replace(/\s*\((optional|editors only|optional; editors only)\)$/i, '');

/** "serviceArea" → "Service area". */
const splitName = (name: string) => {
  const w = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
};

/** The words a form or the table above gives a part's field. */
export function fieldLabel(part: string, field: string): string {
  const specs = (PART_FIELDS as Record<string, readonly { name: string; label: string }[]>)[
    part.toUpperCase() as DocumentPartKind
  ];
  const spec = specs?.find((s) => s.name === field);
  if (spec && !['cite'].includes(field)) return bare(spec.label);
  return FIELD_WORDS[field] ?? splitName(field);
}

/** A field's words (as `fieldLabel` gives them) to show beside its name, when they say more than the name. */
export function fieldLabelBeside(part: string, field: string): string | undefined {
  const label = fieldLabel(part, field);
  return label.toLowerCase() === splitName(field).toLowerCase() ? undefined : label;
}

/** "a", "a and b", "a, b and c". */
const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const CODED: Record<string, Record<string, string>> = {
  tier: TIER_LABELS,
  function: FUNCTION_LABELS,
  type: BODY_TYPE_LABELS,
  standing: STANDING_LABELS,
  evidenceStrength: STRENGTH_LABELS,
  mechanisms: Object.fromEntries(
    Object.entries(MECHANISM_LABELS).map(([code, label]) => [code, label.charAt(0).toUpperCase() + label.slice(1)]),
  ),
};

/** Any value as words: codes through the vocabularies, lists joined, yes or no, objects by their parts. */
function anyInWords(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return codesInWords(value);
  if (Array.isArray(value)) return listed(value.map(anyInWords));
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${splitName(k)}: ${anyInWords(v)}`)
      .join('; ');
  return '';
}

/** A field's value, as a diff holds it (text, or JSON for anything else), in words. */
export function valueInWords(field: string, text: string, doc?: CaseProfileDoc | null): string {
  if (text === '') return '';
  const value = parse(text);
  const coded = CODED[field];
  const code = (v: unknown) => (typeof v === 'string' ? (coded?.[v] ?? codesInWords(v)) : anyInWords(v));
  if (coded) return Array.isArray(value) ? listed(value.map(code)) : code(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field === 'serviceArea') return areaName(value);
  if (field === 'theme' && typeof value === 'string') return THEME_NAMES[value] ?? value;
  if (field === 'between' && Array.isArray(value)) return listed(value.map(areaName));
  if (field === 'cite' && Array.isArray(value)) {
    const title = (key: string) => doc?.sources.find((s) => s.key === key)?.title ?? key;
    return listed(
      value.map((c) =>
        typeof c === 'string'
          ? title(c)
          : c && typeof c === 'object' && 'source' in c
            ? `${title(String(c.source))}${'locator' in c ? `, ${String(c.locator)}` : ''}`
            : anyInWords(c),
      ),
    );
  }
  if (field === 'extent' && value && typeof value === 'object') return extentWords(value as ExtentDoc);
  if (typeof value === 'string') return codesInWords(value);
  return anyInWords(value);
}

/** A part's name: a responsibility's service area (in brackets) and a connection's areas by name. */
function labelInWords(change: ChangeToTell): string {
  const label = codesInWords(change.label);
  if (change.part === 'responsibility')
    return label.replace(/\(([a-z0-9-]+)\)$/, (whole, key: string) =>
      AREA_NAMES[key] ? `(${AREA_NAMES[key]})` : whole,
    );
  if (change.part === 'connection') return label.split(' and ').map(areaName).join(' and ');
  return label;
}

/**
 * A change between two versions of a document as people read it: the part by kind in words,
 * each field by its form label, each value through the vocabularies' words (lists joined, yes or
 * no, sources by title from `doc`, where a claim holds as the profile says it).
 */
export function changeInWords(change: ChangeToTell, doc?: CaseProfileDoc | null): ChangeInWords {
  return {
    part: PART_WORDS[change.part] ?? splitName(change.part).toLowerCase(),
    label: labelInWords(change),
    fields: change.fields.map((field, i) => ({
      label: fieldLabel(change.part, field),
      before: valueInWords(field, change.before[i] ?? '', doc),
      after: valueInWords(field, change.after[i] ?? '', doc),
    })),
  };
}

/** The part each list of a document holds, by the list's name. */
const LIST_PARTS: Record<string, string> = {
  periods: 'period',
  levels: 'level',
  bodies: 'body',
  responsibilities: 'responsibility',
  connections: 'connection',
  timeline: 'event',
  lessons: 'lesson',
  sources: 'source',
  notModelled: 'notModelled',
  strands: 'strand',
  reports: 'report',
  findings: 'finding',
};

/** What a part is called where it is written: its name, title or label, or else its key. */
const nameOf = (item: unknown): string | undefined => {
  const fields = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const named = [fields.name, fields.title, fields.label, fields.key].find((v) => typeof v === 'string' && v.trim());
  return named as string | undefined;
};

/**
 * A document path as a person would name it, for messages beside the path itself: the field by
 * its form label and the part holding it by kind and name, e.g. `periods.0.levels.1.bodies.0.type`
 * in `doc` → "Type, in the body “Beta Police Service”"; `sources.2` → "the source “News report”".
 * Undefined when the words would only repeat the path (`summary`).
 */
export function pathInWords(path: string, doc?: unknown): string | undefined {
  const steps = path.split('.');
  let part = 'case';
  let item: unknown = doc;
  let at = 0;
  // Down the lists to the deepest part the path names.
  while (LIST_PARTS[steps[at] ?? ''] && /^\d+$/.test(steps[at + 1] ?? '')) {
    const list = (item as Record<string, unknown> | undefined)?.[steps[at]!];
    part = LIST_PARTS[steps[at]!]!;
    item = Array.isArray(list) ? list[Number(steps[at + 1])] : undefined;
    at += 2;
  }
  const field = steps[at];
  const kind = PART_WORDS[part] ?? splitName(part).toLowerCase();
  const name = part === 'case' ? undefined : nameOf(item);
  const which = part === 'case' ? '' : name ? `the ${kind} “${codesInWords(name)}”` : `a ${kind}`;
  if (field === undefined) return which || undefined;
  if (part === 'case') return fieldLabelBeside(part, field);
  return `${fieldLabel(part, field)}, in ${which}`;
}
