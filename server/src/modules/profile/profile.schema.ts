import { limits } from '../../common/limits.js';
import {
  BODY_TYPES,
  CASE_KINDS,
  CASE_PROFILE_FORMAT,
  EVIDENCE_STRENGTHS,
  FUNCTIONS,
  MECHANISMS,
  STANDINGS,
  STUDY_FORMAT,
  TIERS,
} from './profile.document.js';

/**
 * The JSON Schemas of the case profile and study documents, built from the limits and
 * vocabularies in code. `npm run schema:emit` writes them to schema/; a test keeps them fresh.
 * Cross-references (a cite naming a source, unique keys, dates) are checked by profile.validate.ts.
 */
type JsonSchema = Record<string, unknown>;

const c = limits.counts;
const key: JsonSchema = { type: 'string', minLength: 1, maxLength: limits.key.max, pattern: limits.slug.pattern, description: 'Stable key: lower-case words joined by hyphens.' };
const name: JsonSchema = { type: 'string', minLength: 1, maxLength: limits.name.max };
const text: JsonSchema = { type: 'string', minLength: 1, maxLength: limits.text.max };
const date: JsonSchema = { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$', description: 'A date with the precision the source gives: "2013", "2013-04" or "2013-04-01".' };
const url: JsonSchema = { type: 'string', minLength: 1, maxLength: limits.url.max, pattern: '^https?://\\S+$' };
const note: JsonSchema = { type: 'string', minLength: 1, maxLength: limits.note.max, description: 'Why the claim is uncertain.' };
const list = (items: JsonSchema, max: number, min = 0): JsonSchema => ({ type: 'array', items, maxItems: max, ...(min ? { minItems: min } : {}) });
const object = (properties: Record<string, JsonSchema>, required: string[], description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required,
  additionalProperties: false,
});

const cite: JsonSchema = {
  description: 'A source key, or an object with the key and a locator.',
  oneOf: [key, object({ source: key, locator: { type: 'string', minLength: 1, maxLength: limits.name.max } }, ['source', 'locator'])],
};
/** Properties every claim has. */
const claim = {
  key,
  cite: { ...list(cite, c.citesPerClaim, 1), description: 'The sources the claim rests on: at least one.' },
  uncertain: { type: 'boolean', description: 'True when the record marks the claim uncertain or it is inferred.' },
  note,
};
const claimRequired = ['key', 'cite'];

const responsibility = object({ ...claim, function: { enum: [...FUNCTIONS] }, serviceArea: key, description: text }, [...claimRequired, 'function', 'serviceArea']);
const body = object(
  { ...claim, name, type: { enum: [...BODY_TYPES] }, description: text, responsibilities: list(responsibility, c.responsibilitiesPerBody) },
  [...claimRequired, 'name', 'type'],
);
const level = object(
  {
    ...claim,
    tier: { enum: [...TIERS] },
    name,
    // The column is a PostgreSQL integer.
    unitCount: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
    absent: { type: 'boolean', description: 'True when the record says this tier has no body here.' },
    description: text,
    bodies: list(body, c.bodiesPerLevel),
  },
  [...claimRequired, 'tier', 'name'],
);
const connection = object(
  {
    ...claim,
    between: { type: 'array', items: key, minItems: 2, maxItems: 2, description: 'The two service areas connected.' },
    mechanisms: list({ enum: [...MECHANISMS] }, c.mechanismsPerConnection, 1),
    tier: { enum: [...TIERS] },
    description: text,
  },
  [...claimRequired, 'between', 'mechanisms'],
);
const period = object(
  { key, label: name, validFrom: date, validTo: date, description: text, levels: list(level, c.levelsPerPeriod), connections: list(connection, c.connectionsPerPeriod) },
  ['key', 'label'],
);
const event = object({ ...claim, date, title: name, description: text }, [...claimRequired, 'date', 'title']);
const lesson = object(
  { ...claim, theme: key, title: name, detail: text, evidenceStrength: { enum: [...EVIDENCE_STRENGTHS] }, transferability: text },
  [...claimRequired, 'theme', 'title', 'detail'],
);
const source = object({ key, url, title: name, publisher: name, date, accessed: date, standing: { enum: [...STANDINGS] } }, ['key', 'url', 'title', 'standing']);
const notModelled = object({ url, reason: { type: 'string', minLength: 1, maxLength: limits.note.max } }, ['url', 'reason']);

export const caseProfileJsonSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://reform-casebook.example/schema/case-profile.schema.json',
  title: 'Reform Casebook case profile',
  description: 'One case study: its structure periods, governance levels, bodies, responsibilities, service connections, timeline, lessons and sources. See docs/CASE-PROFILE-FORMAT.md.',
  ...object(
    {
      format: { const: CASE_PROFILE_FORMAT },
      slug: { type: 'string', minLength: limits.slug.min, maxLength: limits.slug.max, pattern: limits.slug.pattern },
      name,
      kind: { enum: [...CASE_KINDS] },
      jurisdiction: name,
      baseline: { type: 'boolean' },
      summary: { type: 'string', minLength: 1, maxLength: limits.summary.max },
      note: text,
      notModelled: list(notModelled, c.notModelled),
      periods: list(period, c.periods, 1),
      timeline: list(event, c.timeline),
      lessons: list(lesson, c.lessons),
      sources: list(source, c.sources),
    },
    ['format', 'slug', 'name', 'kind', 'jurisdiction', 'baseline', 'summary', 'periods', 'sources'],
  ),
};

/**
 * The JSON Schema of each part of a case profile, by the part's name: which fields it has and which
 * are required (authoring clears an optional field on request and refuses to clear a required one).
 */
export const casePartJsonSchemas = {
  case: caseProfileJsonSchema,
  period,
  level,
  body,
  responsibility,
  connection,
  event,
  lesson,
  source,
} as const satisfies Record<string, JsonSchema>;

export const studyJsonSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://reform-casebook.example/schema/study.schema.json',
  title: 'Reform Casebook study record',
  description: 'The research the case studies serve. See docs/CASE-PROFILE-FORMAT.md.',
  ...object(
    {
      format: { const: STUDY_FORMAT },
      title: name,
      question: text,
      purpose: text,
      notModelled: list(notModelled, c.notModelled),
      strands: list(object({ ...claim, number: { type: 'integer', minimum: 1 }, title: name, lead: name, description: text }, [...claimRequired, 'number', 'title']), c.strands, 1),
      reports: list(object({ ...claim, strand: key, title: name, published: date, description: text }, [...claimRequired, 'title']), c.reports),
      findings: list(object({ ...claim, strand: key, text }, [...claimRequired, 'text']), c.findings),
      sources: list(source, c.sources),
    },
    ['format', 'title', 'question', 'purpose', 'strands', 'sources'],
  ),
};
