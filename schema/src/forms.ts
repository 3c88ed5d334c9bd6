import type {
  BodyDoc,
  CaseProfileDoc,
  ClaimDoc,
  ConnectionDoc,
  EventDoc,
  LessonDoc,
  LevelDoc,
  PeriodDoc,
  ResponsibilityDoc,
  SourceDoc,
} from './document.js';
import { COVERAGES, COVERAGE_SECTIONS, COVERAGE_VALUES, type DocumentPartKind } from './enums.js';
import {
  BODY_TYPE_LABELS,
  COVERAGE_LABELS,
  COVERAGE_SECTION_LABELS,
  FUNCTION_LABELS,
  MECHANISM_LABELS,
  STANDING_LABELS,
  STRENGTH_LABELS,
  TIER_LABELS,
} from './labels.js';
import { limits } from './limits.js';

/** The document type of each kind of part. */
export interface PartDocs {
  CASE: CaseProfileDoc;
  PERIOD: PeriodDoc;
  LEVEL: LevelDoc;
  BODY: BodyDoc;
  RESPONSIBILITY: ResponsibilityDoc;
  CONNECTION: ConnectionDoc;
  EVENT: EventDoc;
  LESSON: LessonDoc;
  SOURCE: SourceDoc;
}

export interface Choice {
  value: string;
  label: string;
}

/** One field of a part's form: what it is called in the file format and how it is edited. */
export interface FieldSpec {
  name: string;
  label: string;
  /**
   * How it is edited: `checkboxes` is a group of ticks, one a choice (several can be chosen, and no
   * click drops another); `rows` a list of small records (an extent's areas), each row the
   * `columns` given, added and removed one by one.
   */
  type: 'text' | 'textarea' | 'select' | 'multiselect' | 'checkboxes' | 'checkbox' | 'url' | 'number' | 'rows';
  /** Longest allowed, from schema/limits.json (the server checks the same number). */
  max?: number;
  required?: boolean;
  hint?: string;
  /** Fixed choices; otherwise the page gives them (themes, service areas, the draft's sources). */
  choices?: Choice[];
  /** Shown only when this field of the form is ticked (a note only for an uncertain claim). */
  shownWith?: string;
  /** Only for a part being created: a key is what names an existing part. */
  newOnly?: boolean;
  /**
   * One place of a list in the file format (`between: [a, b]` is edited as two selects), or one
   * member of an object (`coverage.levels`): a number indexes a list, a name an object.
   */
  item?: { of: string; index: number | string };
  /** What the field shows when the part has no value (a coverage left out is partial). */
  fallback?: string;
  /** Fields shown together under one legend (the members of an extent); the first field of a group gives it. */
  group?: FieldGroup;
  /** For `rows`: the fields of one row, as the file format names them. */
  columns?: RowColumn[];
  /** For `rows`: what one row is called ("area": "Add an area", "Remove area Highland"). */
  rowName?: string;
}

/** Fields of a form shown together as one fieldset. */
export interface FieldGroup {
  name: string;
  legend: string;
  hint?: string;
}

/** One field of a row of a `rows` field; the first names the row. Every cell is described by the field's hint. */
export interface RowColumn {
  name: string;
  label: string;
  max?: number;
  required?: boolean;
}

type FieldOf<T> = keyof T & string;
/**
 * A field spec checked against a part's document type: its name (or the list it is one place of)
 * and the field it is shown with are fields of that part, so a misspelt name is a type error.
 */
export type FieldSpecOf<T> = FieldSpec &
  (
    | { name: FieldOf<T>; item?: undefined; shownWith?: FieldOf<T> }
    | { item: { of: FieldOf<T>; index: number | string }; shownWith?: FieldOf<T> }
  );

const toChoices = (labels: Record<string, string>): Choice[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
const KEY_HINT = 'Lower-case words joined by hyphens, e.g. "pooled-budgets"; it cannot be changed later.';
const PERIOD_KEY_HINT =
  'Lower-case words joined by hyphens; the same thing in two periods keeps the same key. It cannot be changed later.';
const DATE_HINT = 'A year, a month or a day: 2013, 2013-04 or 2013-04-01.';
const REVIEWED_HINT = `When it was last checked against the sources; readers see it. ${DATE_HINT}`;
const CITE_HINT =
  'Find a source by words of its title, publisher or address and choose it to add it; a source cited stays until you remove it.';

/**
 * Where a claim holds when it holds in only part of the case (the file format's `extent`): the
 * members of one object, edited together; all of them emptied clears it.
 */
const EXTENT_GROUP: FieldGroup = {
  name: 'extent',
  legend: 'Where it holds (optional)',
  hint: 'Only when this holds in part of the case, not throughout: in how many of how many places, as of when, in which named areas, or in words. Leave it all empty when it holds throughout.',
};
const extentMember = (index: string) => ({ item: { of: 'extent', index }, group: EXTENT_GROUP }) as const;
// Typed by the one field they are members of, which every part that has them has.
const EXTENT: FieldSpecOf<Pick<LevelDoc, 'extent'>>[] = [
  {
    name: 'extentCount',
    label: 'In how many (optional)',
    type: 'number',
    hint: 'A whole number: the 9 of “in 9 of 31 partnerships”.',
    ...extentMember('count'),
  },
  {
    name: 'extentOf',
    label: 'Out of how many (optional)',
    type: 'number',
    hint: 'A whole number: the 31 of “in 9 of 31 partnerships”.',
    ...extentMember('of'),
  },
  {
    name: 'extentUnit',
    label: 'Of what (optional)',
    type: 'text',
    max: limits.name.max,
    hint: 'In the plural, such as “partnerships” or “health boards”.',
    ...extentMember('unit'),
  },
  { name: 'extentAsOf', label: 'As of (optional)', type: 'text', hint: DATE_HINT, ...extentMember('asOf') },
  {
    name: 'extentAreas',
    label: 'Named areas (optional)',
    type: 'rows',
    rowName: 'area',
    hint: `Each area where it holds, with when it began and stopped holding there, if that is known. ${DATE_HINT}`,
    columns: [
      { name: 'name', label: 'Name', max: limits.name.max, required: true },
      { name: 'from', label: 'From (optional)' },
      { name: 'until', label: 'Until (optional)' },
    ],
    ...extentMember('areas'),
  },
  {
    name: 'extentDescription',
    label: 'In words (optional)',
    type: 'textarea',
    max: limits.text.max,
    ...extentMember('description'),
  },
];

/** A period's coverage, one select per section, as the file writes it; what is not said is partial. */
const COVERAGE_CHOICES: Choice[] = COVERAGE_VALUES.map((value, i) => ({
  value,
  label: COVERAGE_LABELS[COVERAGES[i]!],
}));
const COVERAGE_FIELDS: FieldSpecOf<PeriodDoc>[] = COVERAGE_SECTIONS.map((section, i) => ({
  name: `coverage${section.charAt(0).toUpperCase()}${section.slice(1)}`,
  label: `${COVERAGE_SECTION_LABELS[section]}: how much the period records`,
  type: 'select',
  required: true,
  choices: COVERAGE_CHOICES,
  fallback: 'partial',
  item: { of: 'coverage', index: section },
  ...(i === 0
    ? {
        hint: 'Complete: the period sets out the whole arrangement, so what it does not list is not there. Partial: some of it. Not recorded: none of it.',
      }
    : {}),
}));

const key = (hint = KEY_HINT) =>
  ({ name: 'key', label: 'Key', type: 'text', max: limits.key.max, required: true, hint, newOnly: true }) as const;
const description = (required = false) =>
  ({
    name: 'description',
    label: required ? 'Description' : 'Description (optional)',
    type: 'textarea',
    max: limits.text.max,
    required,
  }) as const;
/** What editors keep about a part; a form shows it last, and readers never see it. */
const EDITOR_NOTE = {
  name: 'editorNote',
  label: 'Editor’s note (optional; editors only)',
  type: 'textarea',
  max: limits.text.max,
  hint: 'Where a fact came from, how it was modelled, why: readers never see it. An uncertain claim still says why in the note above.',
} as const;

/** The fields every claim ends with: its sources, whether (and why) it is uncertain, and the editor's note. */
const CLAIM: FieldSpecOf<ClaimDoc>[] = [
  { name: 'cite', label: 'Sources cited', type: 'multiselect', hint: CITE_HINT },
  { name: 'uncertain', label: 'The evidence for this is uncertain', type: 'checkbox' },
  {
    name: 'note',
    label: 'Why it is uncertain',
    type: 'textarea',
    max: limits.note.max,
    shownWith: 'uncertain',
    required: true,
  },
  EDITOR_NOTE,
];

/** The form of each kind of part, field by field, in the order the form shows them. */
export const PART_FIELDS: { readonly [K in DocumentPartKind]: FieldSpecOf<PartDocs[K]>[] } = {
  CASE: [
    { name: 'name', label: 'Name', type: 'text', max: limits.name.max, required: true },
    { name: 'summary', label: 'Summary', type: 'textarea', max: limits.summary.max, required: true },
    { name: 'note', label: 'Note', type: 'textarea', max: limits.text.max },
    { name: 'reviewed', label: 'Last reviewed (optional)', type: 'text', hint: REVIEWED_HINT },
    { ...EDITOR_NOTE, hint: 'Where the profile’s facts came from, how it was modelled, why: readers never see it.' },
  ],
  PERIOD: [
    key(),
    { name: 'label', label: 'Label', type: 'text', max: limits.name.max, required: true },
    { name: 'validFrom', label: 'Valid from (optional)', type: 'text', hint: `${DATE_HINT} Leave empty when unknown.` },
    {
      name: 'validTo',
      label: 'Valid to (optional)',
      type: 'text',
      hint: `${DATE_HINT} Leave empty while it still holds.`,
    },
    description(),
    { name: 'reviewed', label: 'Last reviewed (optional)', type: 'text', hint: REVIEWED_HINT },
    ...COVERAGE_FIELDS,
    { ...EDITOR_NOTE, hint: 'Where the period’s facts came from, how it was modelled, why: readers never see it.' },
  ],
  LEVEL: [
    key(PERIOD_KEY_HINT),
    { name: 'tier', label: 'Tier', type: 'select', required: true, choices: toChoices(TIER_LABELS) },
    { name: 'name', label: 'Name', type: 'text', max: limits.name.max, required: true },
    {
      name: 'unitCount',
      label: 'Number of units (optional)',
      type: 'number',
      hint: 'How many units there are at this level, when known.',
    },
    { name: 'absent', label: 'This tier has no body here (the record says there is none)', type: 'checkbox' },
    description(),
    ...EXTENT,
    ...CLAIM,
  ],
  BODY: [
    key(PERIOD_KEY_HINT),
    { name: 'name', label: 'Name', type: 'text', max: limits.name.max, required: true },
    { name: 'type', label: 'Type', type: 'select', required: true, choices: toChoices(BODY_TYPE_LABELS) },
    description(),
    ...EXTENT,
    ...CLAIM,
  ],
  RESPONSIBILITY: [
    key(PERIOD_KEY_HINT),
    { name: 'function', label: 'Function', type: 'select', required: true, choices: toChoices(FUNCTION_LABELS) },
    { name: 'serviceArea', label: 'Service area', type: 'select', required: true },
    description(),
    ...EXTENT,
    ...CLAIM,
  ],
  CONNECTION: [
    key(PERIOD_KEY_HINT),
    {
      name: 'betweenA',
      label: 'Between the service area',
      type: 'select',
      required: true,
      item: { of: 'between', index: 0 },
    },
    {
      name: 'betweenB',
      label: 'And the service area',
      type: 'select',
      required: true,
      item: { of: 'between', index: 1 },
    },
    {
      name: 'mechanisms',
      label: 'Mechanisms',
      type: 'checkboxes',
      required: true,
      choices: toChoices(MECHANISM_LABELS).map((c) => ({
        ...c,
        label: c.label.charAt(0).toUpperCase() + c.label.slice(1),
      })),
    },
    { name: 'tier', label: 'Tier where it is made (optional)', type: 'select', choices: toChoices(TIER_LABELS) },
    description(),
    ...EXTENT,
    ...CLAIM,
  ],
  EVENT: [
    key(),
    { name: 'date', label: 'Date', type: 'text', required: true, hint: DATE_HINT },
    { name: 'title', label: 'Title', type: 'text', max: limits.name.max, required: true },
    description(),
    ...CLAIM,
  ],
  LESSON: [
    key(),
    { name: 'theme', label: 'Theme', type: 'select', required: true },
    { name: 'title', label: 'Title', type: 'text', max: limits.name.max, required: true },
    { name: 'detail', label: 'Detail', type: 'textarea', max: limits.text.max, required: true },
    {
      name: 'evidenceStrength',
      label: 'Evidence strength (optional)',
      type: 'select',
      choices: toChoices(STRENGTH_LABELS),
    },
    { name: 'transferability', label: 'Transferability (optional)', type: 'textarea', max: limits.text.max },
    ...CLAIM,
  ],
  SOURCE: [
    key(),
    { name: 'url', label: 'Address (URL)', type: 'url', max: limits.url.max, required: true },
    { name: 'title', label: 'Title', type: 'text', max: limits.name.max, required: true },
    { name: 'publisher', label: 'Publisher (optional)', type: 'text', max: limits.name.max },
    {
      name: 'date',
      label: 'Date (optional)',
      type: 'text',
      hint: 'As the source gives it: 2013, 2013-04 or 2013-04-01.',
    },
    { name: 'standing', label: 'Standing', type: 'select', required: true, choices: toChoices(STANDING_LABELS) },
    { ...EDITOR_NOTE, hint: 'How the source was found or judged: readers never see it.' },
  ],
};

/** Each kind of part in words. */
export const PART_NAMES: Record<DocumentPartKind, string> = {
  CASE: 'headline',
  PERIOD: 'period',
  LEVEL: 'level',
  BODY: 'body',
  RESPONSIBILITY: 'responsibility',
  CONNECTION: 'connection',
  EVENT: 'event',
  LESSON: 'lesson',
  SOURCE: 'source',
};
