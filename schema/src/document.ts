import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BODY_TYPES,
  CASE_KINDS,
  CASE_PROFILE_FORMAT,
  COVERAGE_VALUES,
  EVIDENCE_STRENGTHS,
  FUNCTIONS,
  MECHANISMS,
  STANDINGS,
  STUDY_FORMAT,
  TIERS,
} from './enums.js';
import { limits } from './limits.js';

/**
 * The case profile and study documents, defined once: each part is a TypeBox schema, so the
 * TypeScript type of a part (`Static<>`) and its JSON Schema are the same object and cannot
 * drift. `npm run schema:emit` writes the JSON Schemas to schema/; check-fresh keeps them fresh.
 * Cross-references (a cite naming a source, unique keys, dates) are checked by validate.ts.
 */

/** A plain JSON Schema, as written to schema/*.schema.json and compiled by Ajv. */
export type JsonSchema = Record<string, unknown>;

const c = limits.counts;

/** One of a fixed list of strings: `{ enum: [...] }`, typed as the list's union. */
const oneOfValues = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ enum: [...values] });
/** Exactly this string: `{ const: value }`. */
const constant = <T extends string>(value: T) => Type.Unsafe<T>({ const: value });
/** Exactly one of the schemas (`oneOf`, which the validator's messages rely on), typed as their union. */
const exactlyOne = <T extends TSchema[]>(schemas: [...T], options: { description: string }) =>
  Type.Unsafe<Static<T[number]>>({ ...options, oneOf: schemas });
/** A list of exactly two items, typed as a pair. */
const pair = <T extends TSchema>(items: T, options: { description: string }) =>
  Type.Unsafe<[Static<T>, Static<T>]>({ type: 'array', items, minItems: 2, maxItems: 2, ...options });
const list = <T extends TSchema>(items: T, max: number, min = 0) =>
  Type.Array(items, { maxItems: max, ...(min ? { minItems: min } : {}) });
const object = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const optional = Type.Optional;

const key = Type.String({
  minLength: 1,
  maxLength: limits.key.max,
  pattern: limits.slug.pattern,
  description: 'Stable key: lower-case words joined by hyphens.',
});
const name = Type.String({ minLength: 1, maxLength: limits.name.max });
const text = Type.String({ minLength: 1, maxLength: limits.text.max });
const date = Type.String({
  pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  description: 'A date with the precision the source gives: "2013", "2013-04" or "2013-04-01".',
});
const reviewed = Type.String({
  pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  description: 'When it was last reviewed, shown to readers: "2026", "2026-12" or "2026-12-01".',
});
const url = Type.String({ minLength: 1, maxLength: limits.url.max, pattern: '^https?://\\S+$' });
const note = Type.String({ minLength: 1, maxLength: limits.note.max, description: 'Why the claim is uncertain.' });
/** What editors keep about a part: readers never see it. */
const editorNote = Type.String({
  minLength: 1,
  maxLength: limits.text.max,
  description:
    'For editors only, never shown to readers: provenance, modelling choices and editorial reasoning. An uncertain claim still says why in its note.',
});
const tier = oneOfValues(TIERS);

/** A citation: the bare source key, or the key with a locator. */
export const Cite = exactlyOne(
  [key, object({ source: key, locator: Type.String({ minLength: 1, maxLength: limits.name.max }) })],
  {
    description: 'A source key, or an object with the key and a locator.',
  },
);
/** Properties every claim has. */
const claim = {
  key,
  cite: Type.Array(Cite, {
    maxItems: c.citesPerClaim,
    minItems: 1,
    description: 'The sources the claim rests on: at least one.',
  }),
  uncertain: optional(
    Type.Boolean({ description: 'True when the record marks the claim uncertain or it is inferred.' }),
  ),
  note: optional(note),
  editorNote: optional(editorNote),
};
export const Claim = object(claim);

/** A named area where a claim holds, with the dates it held there when known. */
export const ExtentArea = object({
  name,
  from: optional(date),
  until: optional(date),
});
/**
 * Where in the case a claim holds, when it holds in only part of it: in how many of how many
 * units ("9 of 31 partnerships"), as of when, in which named areas, in words.
 */
export const Extent = Type.Object(
  {
    count: optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'In how many units it holds.' })),
    of: optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Out of how many units.' })),
    unit: optional(
      Type.String({
        minLength: 1,
        maxLength: limits.name.max,
        description: 'What the units are, in the plural: "partnerships".',
      }),
    ),
    asOf: optional(date),
    areas: optional(list(ExtentArea, c.extentAreas)),
    description: optional(text),
  },
  {
    additionalProperties: false,
    description:
      'Where the claim holds when it holds in only part of the case: a count of units ("in 9 of 31 partnerships", with `asOf`), named areas with their dates, or both, and a description in words. Leave it out when the claim holds throughout the case.',
  },
);

export const Responsibility = object({
  ...claim,
  function: oneOfValues(FUNCTIONS),
  serviceArea: key,
  description: optional(text),
  extent: optional(Extent),
});
export const Body = object({
  ...claim,
  name,
  type: oneOfValues(BODY_TYPES),
  description: optional(text),
  extent: optional(Extent),
  responsibilities: optional(list(Responsibility, c.responsibilitiesPerBody)),
});
export const Level = object({
  ...claim,
  tier,
  name,
  // The column is a PostgreSQL integer.
  unitCount: optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  absent: optional(Type.Boolean({ description: 'True when the sources say this tier has no body here.' })),
  description: optional(text),
  extent: optional(Extent),
  bodies: optional(list(Body, c.bodiesPerLevel)),
});
export const Connection = object({
  ...claim,
  between: pair(key, { description: 'The two service areas connected.' }),
  mechanisms: list(oneOfValues(MECHANISMS), c.mechanismsPerConnection, 1),
  tier: optional(tier),
  description: optional(text),
  extent: optional(Extent),
});
const coverage = oneOfValues(COVERAGE_VALUES);
/** How much of each section a period records; a section left out is partial. */
export const Coverage = Type.Object(
  {
    levels: optional(coverage),
    responsibilities: optional(coverage),
    connections: optional(coverage),
  },
  {
    additionalProperties: false,
    description:
      'How much of each section the period records: complete (the whole arrangement: what it does not hold is not there), partial (some of it) or not-recorded (none of it). A section left out is partial.',
  },
);
export const Period = object({
  key,
  label: name,
  validFrom: optional(date),
  validTo: optional(date),
  description: optional(text),
  reviewed: optional(reviewed),
  editorNote: optional(editorNote),
  coverage: optional(Coverage),
  levels: optional(list(Level, c.levelsPerPeriod)),
  connections: optional(list(Connection, c.connectionsPerPeriod)),
});
export const Event = object({ ...claim, date, title: name, description: optional(text) });
export const Lesson = object({
  ...claim,
  theme: key,
  title: name,
  detail: text,
  evidenceStrength: optional(oneOfValues(EVIDENCE_STRENGTHS)),
  transferability: optional(text),
});
export const Source = object({
  key,
  url,
  title: name,
  publisher: optional(name),
  date: optional(date),
  accessed: optional(date),
  standing: oneOfValues(STANDINGS),
  editorNote: optional(editorNote),
});
export const NotModelled = object({ url, reason: Type.String({ minLength: 1, maxLength: limits.note.max }) });

/** What an export for editing was made from, so that an import can tell the file's edits from the app's. */
export const ExportedFrom = Type.Object(
  {
    revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The revision of the case exported.' }),
    digest: Type.String({
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: "A digest of that revision's content: an import trusts the revision only when it still matches.",
    }),
  },
  {
    additionalProperties: false,
    description:
      'Written by `casebook export`: the revision the file was made from. An import compares the file with it; never stored with the case.',
  },
);

export const CaseProfile = Type.Object(
  {
    format: constant(CASE_PROFILE_FORMAT),
    exportedFrom: optional(ExportedFrom),
    slug: Type.String({ minLength: limits.slug.min, maxLength: limits.slug.max, pattern: limits.slug.pattern }),
    name,
    kind: oneOfValues(CASE_KINDS),
    jurisdiction: name,
    baseline: Type.Boolean(),
    summary: Type.String({ minLength: 1, maxLength: limits.summary.max }),
    note: optional(text),
    reviewed: optional(reviewed),
    editorNote: optional(editorNote),
    notModelled: optional(list(NotModelled, c.notModelled)),
    periods: list(Period, c.periods, 1),
    timeline: optional(list(Event, c.timeline)),
    lessons: optional(list(Lesson, c.lessons)),
    sources: list(Source, c.sources),
  },
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://reform-casebook.example/schema/case-profile.schema.json',
    title: 'Reform Casebook case profile',
    description:
      'One case study: its structure periods, governance levels, bodies, responsibilities, service connections, timeline, lessons and sources. See docs/CASE-PROFILE-FORMAT.md.',
    additionalProperties: false,
  },
);

export const Strand = object({
  ...claim,
  number: Type.Integer({ minimum: 1 }),
  title: name,
  lead: optional(name),
  description: optional(text),
});
export const Report = object({
  ...claim,
  strand: optional(key),
  title: name,
  published: optional(date),
  description: optional(text),
});
export const Finding = object({ ...claim, strand: optional(key), text });

export const Study = Type.Object(
  {
    format: constant(STUDY_FORMAT),
    title: name,
    question: text,
    purpose: text,
    notModelled: optional(list(NotModelled, c.notModelled)),
    strands: list(Strand, c.strands, 1),
    reports: optional(list(Report, c.reports)),
    findings: optional(list(Finding, c.findings)),
    sources: list(Source, c.sources),
  },
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://reform-casebook.example/schema/study.schema.json',
    title: 'Reform Casebook study record',
    description: 'The research the case studies serve. See docs/CASE-PROFILE-FORMAT.md.',
    additionalProperties: false,
  },
);

/** A citation: the bare source key, or the key with a locator. */
export type CiteDoc = Static<typeof Cite>;
/** Fields every claim carries. */
export type ClaimDoc = Static<typeof Claim>;
/** Where in the case a claim holds, when only in part of it. */
export type ExtentDoc = Static<typeof Extent>;
export type ResponsibilityDoc = Static<typeof Responsibility>;
export type BodyDoc = Static<typeof Body>;
export type LevelDoc = Static<typeof Level>;
export type ConnectionDoc = Static<typeof Connection>;
/** How much of each section a period records, as the file writes it. */
export type CoverageDoc = Static<typeof Coverage>;
export type PeriodDoc = Static<typeof Period>;
export type EventDoc = Static<typeof Event>;
export type LessonDoc = Static<typeof Lesson>;
export type SourceDoc = Static<typeof Source>;
export type NotModelledDoc = Static<typeof NotModelled>;
/** The case profile document: the unit of authoring, revision, import and export. */
export type CaseProfileDoc = Static<typeof CaseProfile>;
export type ExportedFromDoc = Static<typeof ExportedFrom>;
export type StrandDoc = Static<typeof Strand>;
export type ReportDoc = Static<typeof Report>;
export type FindingDoc = Static<typeof Finding>;
/** The study record: the research the case studies serve. */
export type StudyDoc = Static<typeof Study>;

const META = ['$schema', '$id', 'title', 'description'];

/**
 * A schema as plain JSON Schema, its keywords in the order of the published files: TypeBox's own
 * markers (symbols) are dropped, and `type` (with `properties` and `required`, or `items`) comes
 * before the other keywords, which keep the order they were written in.
 */
export function toJsonSchema(schema: TSchema): JsonSchema {
  const plain = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value !== 'object' || value === null) return value;
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    const first =
      source.type === 'object'
        ? [...META.filter((k) => k in source), 'type', 'properties', 'required']
        : source.type === 'array'
          ? ['type', 'items']
          : ['type'];
    const order = [...first.filter((k) => k in source), ...keys.filter((k) => !first.includes(k))];
    return Object.fromEntries(
      order.map((k) => [k, k === 'properties' ? fields(source[k] as Record<string, unknown>) : plain(source[k])]),
    );
  };
  // A map of property names to schemas keeps the properties' order.
  const fields = (properties: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, plain(v)]));
  return plain(schema) as JsonSchema;
}

/** The JSON Schema of a case profile (schema/case-profile.schema.json). */
export const caseProfileJsonSchema: JsonSchema = toJsonSchema(CaseProfile);
/** The JSON Schema of the study record (schema/study.schema.json). */
export const studyJsonSchema: JsonSchema = toJsonSchema(Study);

/** A part's JSON Schema as an object: its fields and which of them are required. */
export interface ObjectJsonSchema extends JsonSchema {
  properties: Record<string, JsonSchema>;
  required: string[];
}

/**
 * The JSON Schema of each part of a case profile, by the part's name: which fields it has and which
 * are required (authoring clears an optional field on request and refuses to clear a required one).
 */
export const casePartJsonSchemas = {
  case: caseProfileJsonSchema,
  period: toJsonSchema(Period),
  level: toJsonSchema(Level),
  body: toJsonSchema(Body),
  responsibility: toJsonSchema(Responsibility),
  connection: toJsonSchema(Connection),
  event: toJsonSchema(Event),
  lesson: toJsonSchema(Lesson),
  source: toJsonSchema(Source),
} as Record<
  'case' | 'period' | 'level' | 'body' | 'responsibility' | 'connection' | 'event' | 'lesson' | 'source',
  ObjectJsonSchema
>;
