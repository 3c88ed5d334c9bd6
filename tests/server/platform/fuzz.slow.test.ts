import { isDeepStrictEqual } from 'node:util';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CASE_PROFILE_FORMAT,
  LESSON_THEMES,
  SERVICE_AREAS,
  caseClaims,
  limits,
  type CaseProfileDoc,
} from '@casebook/schema';
import { caseProfileJsonSchema } from '@casebook/schema/document';
import { toGlobalId } from '../../../server/src/common/node.js';
import { createSchema } from '../../../server/src/http/schema.js';
import type { Actor } from '../../../server/src/modules/account/access.js';
import type { CaseDraft } from '../../../server/src/modules/draft/draft.entity.js';
import { DraftService } from '../../../server/src/modules/draft/draft.service.js';
import { encodeCursor } from '../../../server/src/modules/pagination.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { publishProfile } from '../../support/profiles.js';
import { loadSeeds } from '../../support/seeds.js';
import {
  makeUser,
  signedIn,
  signIn,
  PASSWORD,
  UserRole,
  caller,
  type Caller,
  type Json,
} from '../authoring/helpers.js';

/*
 * A bounded fuzz of every argument of every query and mutation, driven by the schema itself.
 * For each field, an accepted "baseline" request is built; then each argument (and each field of
 * an input object, and each list item) in turn is replaced by a random or malformed value, sent
 * inline or through variables. Every answer must be a GraphQL answer below 500 whose errors all
 * carry a code other than INTERNAL_SERVER_ERROR, nothing may reach the server's error log, and a
 * mutation that answers with errors or user errors must leave the database as it found it.
 * The values come from a seeded generator. `npm test` uses a fixed seed, so a run is the same
 * every time; FUZZ_SEED=<n> runs (or replays) another, FUZZ_SEED=random picks one and prints it.
 */

const FIXED_SEED = 20261125;
const SEED =
  process.env.FUZZ_SEED === undefined
    ? FIXED_SEED
    : process.env.FUZZ_SEED === 'random'
      ? Math.floor(Math.random() * 2 ** 32)
      : Number(process.env.FUZZ_SEED);
if (!Number.isSafeInteger(SEED) || SEED < 0)
  throw new Error(`FUZZ_SEED must be a non-negative whole number or "random", got "${process.env.FUZZ_SEED}"`);
console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

/** Random values for each argument: bounded, so the file stays quick on two shared cores. */
const CASES_PER_ARGUMENT = 12;
/** Free-form JSON arguments (a draft part's data, a whole document) hold many fields of their own. */
const CASES_PER_JSON_ARGUMENT = 48;

/** mulberry32: small, fast and the same on every platform. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** FNV-1a, so that each field gets a generator of its own and can be replayed alone (`-t`). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** An enum value: a bare name inline, a string in variables. */
class EnumName {
  constructor(readonly name: string) {}
}

/** Leaves an argument or input field out. */
const OMIT = Symbol('omit');

/**
 * JSON nested deeper than JSON.stringify (or a recursive walk) can go: written into the request
 * body as text, so it can only travel in variables.
 */
class DeepJson {
  constructor(
    readonly depth: number,
    readonly open: string,
    readonly close: string,
  ) {}

  get text(): string {
    return `${this.open.repeat(this.depth)}1${this.close.repeat(this.depth)}`;
  }
}
const deepObject = (depth: number) => new DeepJson(depth, '{"a":', '}');
const deepList = (depth: number) => new DeepJson(depth, '[', ']');

// ---------------------------------------------------------------------------------------------
// Values

const cursor = (text: string) => Buffer.from(text).toString('base64url');
const UUID = '3f2b8c4e-9a1d-4e6f-8b7c-2d5e1f0a9b3c';
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

const UNICODE = [
  'é',
  'ß',
  'ø',
  'ł',
  'Ω',
  'ж',
  'ع',
  'א',
  '中',
  '日本語',
  '한',
  '🙂',
  '👩‍👩‍👧',
  'e\u0301',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\u00a0',
  '𝔘𝔫𝔦',
  'ﷺ',
  '\u0085',
];

/** Random text of `length` code points, mostly outside ASCII, so that it does not compress. */
function randomUnicode(r: Random, length: number, noSpaces = false): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const roll = r.int(4);
    const code =
      roll === 0
        ? 0x4e00 + r.int(0x5000)
        : roll === 1
          ? 0x1f300 + r.int(0x300)
          : roll === 2
            ? 0x0400 + r.int(0x100)
            : 0x21 + r.int(0x5e);
    text += String.fromCodePoint(code);
  }
  return noSpaces ? text : text.replace(/(.{40})/gu, '$1 ');
}

const LENGTHS = [
  limits.slug.max + 1,
  limits.key.max + 1,
  limits.name.max + 1,
  limits.searchText.max + 1,
  limits.note.max + 1,
  limits.text.max + 1,
  100_000,
];

/** Families of malformed and boundary strings; each is picked from at random. */
const STRING_FAMILIES: Record<string, (r: Random) => string> = {
  empty: (r) => r.pick(['', ' ', '\t\n ', '\u3000']),
  huge: (r) => r.pick(['x', 'ab-', ' ']).repeat(r.pick(LENGTHS)),
  hugeUnicode: (r) =>
    randomUnicode(r, r.pick([limits.key.max, limits.name.max, limits.note.max, limits.url.max, limits.text.max + 1])),
  unicode: (r) => `${r.pick(UNICODE)}${r.pick(UNICODE)} finland ${r.pick(UNICODE)}`,
  control: (r) =>
    `a${String.fromCharCode(r.pick([0, 1, 7, 8, 11, 12, 27, 31, 127]))}b${r.pick(['', '\u0000', '\r\n', '\t'])}`,
  surrogate: (r) => r.pick(['\ud800', 'abc\udfff', '\udc00\ud800', `x${'\ud83d'}`]),
  sql: (r) =>
    r.pick([
      "' OR '1'='1",
      "'; DROP TABLE case_study; --",
      '%',
      '_',
      '\\',
      "finland' --",
      '$1',
      "E'\\\\'",
      '1; SELECT pg_sleep(0)',
      "') OR TRUE; --",
    ]),
  script: (r) =>
    r.pick([
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      'javascript:alert(1)',
      '{{7*7}}',
      '${7*7}',
      '%s%s%n',
      '../../../../etc/passwd',
      '__proto__',
      'constructor',
    ]),
  search: (r) =>
    r.pick(['"unclosed', '-', 'or', '!!', ':*', '&|!', '(', 'a <-> b', '-"-"', 'OR OR OR', '"" -""', '*', '\\"']),
  date: (r) =>
    r.pick([
      '2023-02-30',
      '2013-13',
      '0000-00-00',
      '0000',
      '99999-01-01',
      '2013-4-1',
      '2013-04-01T10:00',
      '-2013',
      ' 2013',
      'yesterday',
      '2013/04/01',
      '2012-06-31',
      '1900-02-29',
    ]),
  cursor: (r) =>
    r.pick([
      cursor('offset:-1'),
      cursor('offset:1e300'),
      cursor('offset:9007199254740993'),
      cursor(`offset:${'9'.repeat(400)}`),
      cursor('offset:NaN'),
      cursor('offset:'),
      cursor('offset:0x10'),
      cursor('offset:1.5'),
      cursor('limit:5'),
      'not base64!',
      '====',
      cursor('offset:2147483648'),
    ]),
  globalId: (r) =>
    r.pick([
      toGlobalId('CaseStudy', '-'.repeat(36)),
      toGlobalId('CaseStudy', 'not-a-uuid'),
      toGlobalId('Nope', UUID),
      toGlobalId('CaseStudy', UUID.toUpperCase()),
      toGlobalId('AppUser', UUID),
      toGlobalId('CaseStudy', '00000000-0000-0000-0000-000000000000'),
      toGlobalId('CaseStudy', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
      toGlobalId('CaseStudy', '0123456789abcdef0123456789abcdef0123'),
      toGlobalId('Body', `${UUID.slice(0, 35)}-`),
      Buffer.from([0xff, 0x00, 0xfe, 0x80]).toString('base64url'),
    ]),
  uuid: (r) =>
    r.pick([
      'not-a-uuid',
      '-'.repeat(36),
      '00000000-0000-0000-0000-000000000000',
      UUID.toUpperCase(),
      `{${UUID}}`,
      `${UUID}0`,
      UUID.replace(/-/g, ''),
      'g'.repeat(36),
    ]),
  slug: (r) =>
    r.pick([
      'Finland',
      'fin land',
      '-finland',
      'finland-',
      'a',
      'a'.repeat(limits.slug.max + 1),
      'finland@2012-01-01',
      'finland\n',
      'über',
      'fin--land',
      'finland,scotland',
    ]),
  email: (r) =>
    r.pick([
      'a@b',
      '@',
      `${'x'.repeat(5000)}@example.org`,
      `${randomUnicode(r, 2000, true)}@example.org`,
      'ADMIN@EXAMPLE.ORG',
      ' admin@example.org ',
      'a@b.c@d.e',
    ]),
  numberish: (r) => r.pick(['NaN', '-1', '1e309', 'Infinity', 'null', 'undefined', 'true', '0x10', '', '007']),
};

function fuzzString(r: Random): string {
  return STRING_FAMILIES[r.pick(Object.keys(STRING_FAMILIES))]!(r);
}

const INTS = [0, -1, 1, 2, 3, 100, -2147483648, 2147483647, 2147483648, -2147483649, 1.5, 1e300, 2 ** 53 + 2];
const DATE_TIMES = [
  '2020-02-30T00:00:00Z',
  '2020-01-01',
  '2020-01-01T25:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00+14:00',
  '2020-01-01T00:00:00.123456789Z',
  'now',
  '',
];

/** A value of another type than the slot expects. */
function wrongType(r: Random): unknown {
  return r.pick<unknown>([123, -1, 1.5, true, 'text', '', [], [1, 2], {}, { a: 1 }, 'NaN', new EnumName('SOMETHING')]);
}

// ---------------------------------------------------------------------------------------------
// The case profile's JSON Schema: valid part data, and the fields to break

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  oneOf?: JsonSchema[];
}

const PROFILE = caseProfileJsonSchema as JsonSchema;
const child = (s: JsonSchema, name: string): JsonSchema => s.properties?.[name]?.items ?? s.properties?.[name] ?? {};
const PERIOD = child(PROFILE, 'periods');
const LEVEL = child(PERIOD, 'levels');
const BODY = child(LEVEL, 'bodies');
/** Where each kind of draft part sits in the document; a kind not listed is fuzzed as free JSON. */
const PART_SCHEMAS: Record<string, JsonSchema> = {
  CASE: PROFILE,
  PERIOD,
  LEVEL,
  BODY,
  RESPONSIBILITY: child(BODY, 'responsibilities'),
  CONNECTION: child(PERIOD, 'connections'),
  EVENT: child(PROFILE, 'timeline'),
  LESSON: child(PROFILE, 'lessons'),
  SOURCE: child(PROFILE, 'sources'),
};
const CHILD_LISTS = new Set([
  'periods',
  'levels',
  'bodies',
  'responsibilities',
  'connections',
  'timeline',
  'lessons',
  'sources',
  'notModelled',
]);
const SLUG_PATTERN = limits.slug.pattern;
const AREAS = SERVICE_AREAS.map(([key]) => key);
const THEMES = LESSON_THEMES.map(([key]) => key);

let serial = 0;
const unique = (prefix: string) => `${prefix}-${(serial += 1)}`;

/** A valid value for a schema node; cross-references (cites, vocabularies) come from the fuzz case. */
function validFromSchema(s: JsonSchema, name: string, r: Random, sourceKeys: string[]): unknown {
  if (name === 'cite') return [r.pick(sourceKeys)];
  if (name === 'theme') return r.pick(THEMES);
  if (name === 'serviceArea') return r.pick(AREAS);
  if (name === 'between') {
    const a = r.pick(AREAS);
    return [a, r.pick(AREAS.filter((x) => x !== a))];
  }
  if (name === 'url') return `https://example.org/${unique('fuzz')}`;
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  if (s.oneOf) return validFromSchema(s.oneOf[0]!, name, r, sourceKeys);
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [prop, schema] of Object.entries(s.properties ?? {})) {
        if (CHILD_LISTS.has(prop) || prop === 'note' || prop === 'uncertain' || prop === 'absent') continue;
        if (!s.required?.includes(prop) && !r.chance(0.3)) continue;
        out[prop] = validFromSchema(schema, prop, r, sourceKeys);
      }
      return out;
    }
    case 'array':
      return s.minItems ? [validFromSchema(s.items ?? {}, name, r, sourceKeys)] : [];
    case 'integer':
      return r.int(50);
    case 'boolean':
      return false;
    case 'string':
      if (s.pattern === SLUG_PATTERN) return unique('fuzz');
      if (s.pattern?.includes('\\d{4}')) return r.pick(['2019', '2019-04', '2019-04-01']);
      return `Fuzzed ${name} ${unique('text')}`;
    default:
      return 'fuzz';
  }
}

/** A string exactly at a schema's length limit, of incompressible text that still matches its pattern. */
function atLimit(s: JsonSchema, r: Random): string {
  const max = s.maxLength ?? limits.text.max;
  if (s.pattern === SLUG_PATTERN)
    return Array.from({ length: max }, (_, i) => (i % 9 === 8 ? '-' : String.fromCharCode(97 + r.int(26))))
      .join('')
      .replace(/-$/, 'z');
  if (s.pattern?.startsWith('^https?')) return `https://${randomUnicode(r, max - 8, true)}`;
  return randomUnicode(r, max);
}

/** A boundary or malformed value for one field of part data, knowing its schema. */
function breakValue(s: JsonSchema, name: string, r: Random, sourceKeys: string[]): unknown {
  const roll = r.int(10);
  if (roll === 0) return null;
  if (roll === 1) return wrongType(r);
  if (roll === 2) return fuzzString(r);
  if (s.enum) return r.pick(['NOT_A_VALUE', String(r.pick(s.enum)).toLowerCase(), '', 0]);
  if (s.oneOf)
    return r.pick([
      { source: r.pick(sourceKeys) },
      { source: r.pick(sourceKeys), locator: '' },
      { source: 'missing', locator: 'p. 1', extra: 1 },
      'missing-source',
    ]);
  switch (s.type) {
    case 'string':
      return r.pick([
        () => '',
        () => 'x'.repeat((s.maxLength ?? limits.text.max) + 1),
        () => atLimit(s, r),
        () => atLimit(s, r),
        () =>
          s.pattern === SLUG_PATTERN
            ? 'Not A Key'
            : s.pattern?.startsWith('^https?')
              ? r.pick(['http:/x', 'ftp://x', 'https://a b', 'javascript:alert(1)'])
              : r.pick(['2013-02-30', '2013-13', '2013-00-10', '0000']),
        () => `${'\u0000'}${name}`,
      ])();
    case 'integer':
      return r.pick([-1, 2 ** 31, -(2 ** 31) - 1, 1e20, 2 ** 53 + 2, 1.5, Number.MAX_VALUE, '7']);
    case 'boolean':
      return r.pick(['true', 1, 0]);
    case 'array': {
      const item = () => validFromSchema(s.items ?? {}, name, r, sourceKeys);
      return r.pick([
        () => [],
        () => Array.from({ length: (s.maxItems ?? 50) + 1 }, item),
        () => [null],
        () => [[item()]],
        () => {
          const one = item();
          return [one, one];
        },
      ])();
    }
    case 'object':
      return r.pick([{}, { unknownField: 1 }, nested(r.pick([50, 500])), deepObject(50_000)]);
    default:
      return wrongType(r);
  }
}

/** `{ a: { a: … } }`, `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Every place in `data` (objects and array items) paired with the schema that describes it. */
function placesIn(
  data: unknown,
  s: JsonSchema,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; schema: JsonSchema; name: string }[] = [],
) {
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      out.push({ path: [...path, i], schema: s.items ?? {}, name: String(path[path.length - 1] ?? '') });
      placesIn(item, s.items ?? {}, [...path, i], out);
    });
  } else if (data && typeof data === 'object') {
    for (const [prop, schema] of Object.entries(s.properties ?? {})) {
      out.push({ path: [...path, prop], schema, name: prop });
      if (prop in data) placesIn((data as Record<string, unknown>)[prop], schema, [...path, prop], out);
    }
  }
  return out;
}

/** Breaks part data: one field (or list item) malformed, an unknown field, or a required one missing. */
function breakData(data: Record<string, unknown>, s: JsonSchema, r: Random, sourceKeys: string[]): unknown {
  const roll = r.int(12);
  if (roll === 0)
    return r.pick<unknown>([
      [],
      'text',
      1,
      true,
      nested(500),
      deepObject(50_000),
      { ...data, deep: deepObject(50_000) },
      { ...data, [`${'\u0000'}key`]: 1 },
      { ...data, 'not a name': 1, ...(JSON.parse('{"__proto__":{"polluted":true}}') as object) },
    ]);
  const copy = structuredClone(data);
  if (roll === 1) {
    const required = s.required ?? [];
    if (required.length) delete copy[r.pick(required)];
    else copy[r.pick(['unknownField', '__proto__', 'constructor', 'key'])] = fuzzString(r);
    return copy;
  }
  const places = placesIn(copy, s);
  if (!places.length) return { ...copy, unknownField: fuzzString(r) };
  const place = r.pick(places);
  setPath(copy, place.path, breakValue(place.schema, place.name, r, sourceKeys));
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Paths into arguments

type Step = string | number | '[]';
interface Slot {
  path: Step[];
  type: GraphQLInputType;
}

/** Every argument, every field of an input object and every list item, depth first. */
function slotsOf(field: GraphQLField<unknown, unknown>): Slot[] {
  const out: Slot[] = [];
  const walk = (type: GraphQLInputType, path: Step[], seen: Set<string>) => {
    out.push({ path, type });
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) walk(inner.ofType, [...path, '[]'], seen);
    else if (isInputObjectType(inner) && !seen.has(inner.name)) {
      for (const f of Object.values(inner.getFields())) walk(f.type, [...path, f.name], new Set([...seen, inner.name]));
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], new Set());
  return out;
}

function setPath(target: Record<string, unknown> | unknown[], path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target as Record<string | number, unknown>;
  for (const [i, step] of path.entries()) {
    if (i === path.length - 1) {
      if (value === OMIT) delete node[step];
      else node[step] = value;
      return;
    }
    const next = node[step];
    if (next === null || typeof next !== 'object') node[step] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  }
}

/** Resolves `[]` steps to an item of the list at hand (the first, when the list is empty). */
function concretePath(args: Record<string, unknown>, path: Step[], r: Random): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = args;
  for (const step of path) {
    const concrete = step === '[]' ? (Array.isArray(node) && node.length ? r.int(node.length) : 0) : step;
    out.push(concrete);
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[concrete] : undefined;
  }
  return out;
}

const getPath = (args: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, step) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined),
    args,
  );

// ---------------------------------------------------------------------------------------------
// Requests

/** The value as GraphQL source, or undefined when it cannot be written inline (a key that is not a name). */
function literal(value: unknown, depth = 0): string | undefined {
  if (depth > 100 || value instanceof DeepJson) return undefined;
  if (value === null || value === undefined) return 'null';
  if (value instanceof EnumName) return NAME.test(value.name) ? value.name : JSON.stringify(value.name);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, depth + 1));
    return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.every(([k]) => NAME.test(k))) return undefined;
    const fields = entries.map(([k, v]) => [k, literal(v, depth + 1)] as const);
    return fields.every(([, v]) => v !== undefined)
      ? `{ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`
      : undefined;
  }
  return undefined;
}

/** The value as JSON variables carry it. */
function jsonValue(value: unknown): unknown {
  if (value instanceof EnumName) return value.name;
  if (value instanceof DeepJson) return value;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}

/** A small selection: scalars and `__typename`, one level of objects further, user errors always. */
function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const parts = ['__typename'];
  if (isObjectType(named) || isInterfaceType(named)) {
    for (const f of Object.values(named.getFields())) {
      if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const inner = getNamedType(f.type);
      if (isLeafType(inner)) parts.push(f.name);
      else if (f.name === 'userErrors') parts.push('userErrors { field code message }');
      else if (depth > 0) parts.push(`${f.name} ${selection(f.type, depth - 1)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  inline: boolean;
}

function operation(
  root: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  inline: boolean,
): Operation {
  const present = field.args.filter((a) => args[a.name] !== OMIT && a.name in args);
  const select = selection(field.type, 1);
  if (inline) {
    const written = present.map((a) => [a.name, literal(args[a.name])] as const);
    if (written.every(([, v]) => v !== undefined)) {
      const list = written.length ? `(${written.map(([k, v]) => `${k}: ${v}`).join(', ')})` : '';
      return { query: `${root} Fuzz { ${field.name}${list} ${select} }`, variables: {}, inline: true };
    }
  }
  const declared = present.length ? `(${present.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const list = present.length ? `(${present.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return {
    query: `${root} Fuzz${declared} { ${field.name}${list} ${select} }`,
    variables: Object.fromEntries(present.map((a) => [a.name, jsonValue(args[a.name])])),
    inline: false,
  };
}

interface Answer {
  status: number;
  text: string;
  /** The session cookie the answer sets (`casebook_session=…`), if it sets one. */
  session?: string;
  body?: {
    data?: Json | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

/** The request body, with deep JSON written in as text. */
function requestBody(op: Operation): string {
  const deep: DeepJson[] = [];
  const body = JSON.stringify({ query: op.query, variables: op.variables }, (_key, v: unknown) => {
    if (!(v instanceof DeepJson)) return v;
    deep.push(v);
    return `@@deep-${deep.length - 1}@@`;
  });
  return body.replace(/"@@deep-(\d+)@@"/g, (_m, i: string) => deep[Number(i)]!.text);
}

async function send(url: string, who: Caller, op: Operation): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...who.headers },
    body: requestBody(op),
  });
  const session = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('casebook_session=') && !c.startsWith('casebook_session=;'))
    ?.split(';')[0];
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = undefined;
  }
  return { status: response.status, text, body, session };
}

/** Short, printable, and safe for a terminal. */
function preview(value: unknown, max = 160): string {
  const printable = (_k: string, v: unknown) =>
    v instanceof DeepJson ? `${v.open}… ${v.depth} deep` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  const text = value === OMIT ? '(omitted)' : (JSON.stringify(jsonValue(value), printable) ?? String(value));
  const escaped = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max)}… (${text.length} chars)` : escaped;
}

// ---------------------------------------------------------------------------------------------
// The world the fuzz runs in

const FUZZ_SLUG = 'fuzzland';
const FUZZ_SOURCE = 'fuzz-source';
const FUZZ_DUPLICATE = 'fuzz-source-again';

/** A small, complete and publishable case: every kind of part, each cited. */
function fuzzDocument(): CaseProfileDoc {
  const cite = [FUZZ_SOURCE];
  return {
    format: CASE_PROFILE_FORMAT,
    slug: FUZZ_SLUG,
    name: 'Fuzzland',
    kind: 'COUNTRY',
    jurisdiction: 'Fuzzland',
    baseline: false,
    summary: 'A small case that the fuzz edits.',
    periods: [
      {
        key: 'current',
        label: 'Now',
        validFrom: '2019-04',
        levels: [
          {
            key: 'national',
            tier: 'NATIONAL',
            name: 'National government',
            cite,
            bodies: [
              {
                key: 'ministry',
                name: 'Ministry',
                type: 'MINISTRY',
                cite,
                responsibilities: [{ key: 'funding', function: 'FUNDING', serviceArea: 'health', cite }],
              },
            ],
          },
        ],
        connections: [{ key: 'health-education', between: ['health', 'education'], mechanisms: ['JOINT_BOARD'], cite }],
      },
    ],
    timeline: [{ key: 'reform', date: '2019-04', title: 'Reform', cite }],
    lessons: [
      {
        key: 'lesson-one',
        theme: 'workforce',
        title: 'A lesson',
        detail: 'What was learnt.',
        cite: [...cite, FUZZ_DUPLICATE],
      },
    ],
    sources: [
      { key: FUZZ_SOURCE, url: 'https://example.org/fuzz', title: 'Fuzz source', standing: 'OFFICIAL' },
      // The same source entered twice, for the bibliography's merge and its citing of several claims.
      { key: FUZZ_DUPLICATE, url: 'https://example.org/fuzz/', title: 'Fuzz source again', standing: 'OFFICIAL' },
    ],
  };
}

/** Every part of a document, as `deleteDraftPart` and `saveDraftPart` name it. */
function partsOf(doc: CaseProfileDoc): { kind: string; key: string; periodKey?: string; parentKey?: string }[] {
  const parts: { kind: string; key: string; periodKey?: string; parentKey?: string }[] = [];
  for (const p of doc.periods ?? []) {
    parts.push({ kind: 'PERIOD', key: p.key });
    for (const l of p.levels ?? []) {
      parts.push({ kind: 'LEVEL', key: l.key, periodKey: p.key });
      for (const b of l.bodies ?? []) {
        parts.push({ kind: 'BODY', key: b.key, periodKey: p.key, parentKey: l.key });
        for (const x of b.responsibilities ?? [])
          parts.push({ kind: 'RESPONSIBILITY', key: x.key, periodKey: p.key, parentKey: b.key });
      }
    }
    for (const c of p.connections ?? []) parts.push({ kind: 'CONNECTION', key: c.key, periodKey: p.key });
  }
  for (const e of doc.timeline ?? []) parts.push({ kind: 'EVENT', key: e.key });
  for (const l of doc.lessons ?? []) parts.push({ kind: 'LESSON', key: l.key });
  for (const s of doc.sources ?? []) parts.push({ kind: 'SOURCE', key: s.key });
  return parts;
}

/** Every answer says where its caller's rate budget stands. */
const BUDGET = { rateLimit: expect.objectContaining({ cost: expect.any(Number), remaining: expect.any(Number) }) };

/** Tables that record who asked what (refusals included), not content: left out of the fingerprint. */
const BOOKKEEPING = new Set([
  'audit_event',
  'rate_budget',
  'server_secret',
  'sign_in_attempt',
  'sign_in_failure',
  'user_session',
]);
/** Mutations that act on the fuzz case's draft, and the state they need it in. */
const NEEDS_DRAFT: Record<string, 'DRAFT' | 'IN_REVIEW' | 'ANY'> = {
  saveDraft: 'DRAFT',
  saveDraftPart: 'DRAFT',
  deleteDraftPart: 'DRAFT',
  submitForReview: 'DRAFT',
  restoreRevision: 'DRAFT',
  requestChanges: 'IN_REVIEW',
  withdrawSubmission: 'IN_REVIEW',
  restoreRevisionPart: 'DRAFT',
  reorderDraftPart: 'DRAFT',
  copyDraftPeriod: 'DRAFT',
  mergeDraftSources: 'DRAFT',
  citeDraftClaims: 'DRAFT',
  publishDraft: 'IN_REVIEW',
  addReviewComment: 'ANY',
  resolveReviewComment: 'ANY',
};

const cli: Actor = { viewer: { kind: 'cli' } };
const schema = await createSchema();

let db: TestDatabase;
let server: TestServer;
let drafts: DraftService;
let admin: Caller & { userId: string };
let leaving: Caller;
let target: { id: string; email: string };
let resetTarget: { id: string; email: string };
let targetTokenId: string;
let published: string[] = [];
let nodeIds: string[] = [];
let fingerprintSql = '';
let requests = 0;
const logged: unknown[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const started = Date.now();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  await publishProfile(db.dataSource, fuzzDocument());
  drafts = new DraftService(db.dataSource);
  server = await startTestServer(db.dataSource, { log: (error) => logged.push(error) });
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'fuzz-admin@example.org');
  // signOut ends the session it is sent with; it gets one of its own.
  const leaver = await makeUser(db.dataSource, UserRole.VIEWER, 'leaving@example.org');
  leaving = caller(server.url, leaver.email, { cookie: (await signIn(server.url, leaver.email, PASSWORD)).cookie! });
  target = await makeUser(db.dataSource, UserRole.EDITOR, 'fuzz-target@example.org');
  resetTarget = await makeUser(db.dataSource, UserRole.VIEWER, 'fuzz-reset@example.org');
  const token = await admin.graphql(
    `mutation { createApiToken(name: "fuzz target", scope: READ, expiresInDays: 30) { token { id } } }`,
  );
  targetTokenId = (token.body.data!.createApiToken as Json).token.id as string;
  published = (
    (await db.dataSource.query(`SELECT slug FROM case_study WHERE current_edition_id IS NOT NULL ORDER BY slug`)) as {
      slug: string;
    }[]
  ).map((r) => r.slug);
  const ids = await admin.graphql(
    `{ caseStudies(first: 3) { nodes { id periods { id levels { id bodies { id } } } } } lessons(first: 3) { nodes { id } } sources(first: 3) { nodes { id } } study { strands { id } } }`,
  );
  nodeIds = JSON.stringify(ids.body.data)
    .match(/"id":"[^"]+"/g)!
    .map((m) => m.slice(6, -1));
  const tables = (await db.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as { table_name: string }[];
  fingerprintSql = tables
    .map((t) => t.table_name)
    .filter((t) => !BOOKKEEPING.has(t))
    .map(
      (t) => `SELECT '${t}' AS t, count(*)::int AS n, coalesce(max(x.xmin::text::bigint), 0)::text AS h FROM "${t}" x`,
    )
    .join(' UNION ALL ');
}, 120_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server?.close();
  await db?.drop();
  console.log(`fuzz: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`);
});

/**
 * Each content table's row count and newest row version (the largest `xmin`), in one statement.
 * Any committed insert, update or delete changes one of the two, whatever the rows hold, and
 * reading them costs a fraction of hashing every row's text.
 */
async function fingerprint(): Promise<Map<string, string>> {
  const rows = (await db.dataSource.query(fingerprintSql)) as { t: string; n: number; h: string }[];
  return new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

const changedTables = (a: Map<string, string>, b: Map<string, string>) =>
  [...a.keys()].filter((t) => a.get(t) !== b.get(t));

/** Puts the fuzz case's draft back as written, in DRAFT, before each field's run. */
async function resetDraft(): Promise<void> {
  let draft = await drafts.draftOf(FUZZ_SLUG);
  if (!draft) draft = (await drafts.startDraft(cli, FUZZ_SLUG)).draft!;
  if (draft.status !== 'DRAFT') draft = (await drafts.requestChanges(cli, FUZZ_SLUG, draft.version)).draft!;
  if (!isDeepStrictEqual(draft.document, fuzzDocument())) {
    const saved = await drafts.saveDraft(
      cli,
      FUZZ_SLUG,
      draft.version,
      fuzzDocument() as unknown as Record<string, unknown>,
      'Reset by the fuzz',
    );
    expect(saved.userErrors, 'resetting the fuzz draft').toEqual([]);
  }
}

/** Makes sure the fuzz case has a draft in the state a mutation needs; returns it. */
async function draftIn(state: 'DRAFT' | 'IN_REVIEW' | 'ANY'): Promise<CaseDraft> {
  let draft = await drafts.draftOf(FUZZ_SLUG);
  if (!draft) draft = (await drafts.startDraft(cli, FUZZ_SLUG)).draft!;
  if (state === 'IN_REVIEW' && draft.status === 'DRAFT')
    draft = (await drafts.submitForReview(cli, FUZZ_SLUG, draft.version)).draft!;
  if (state === 'DRAFT' && draft.status === 'IN_REVIEW')
    draft = (await drafts.requestChanges(cli, FUZZ_SLUG, draft.version)).draft!;
  return draft;
}

/** Published cases without a draft, for startDraft. */
async function undrafted(): Promise<string[]> {
  const rows = (await db.dataSource.query(
    `SELECT slug FROM case_study c WHERE current_edition_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_draft d WHERE d.case_id = c.id) ORDER BY slug`,
  )) as { slug: string }[];
  return rows.map((r) => r.slug);
}

// ---------------------------------------------------------------------------------------------
// Accepted arguments for each field, from the argument's name and type

interface Live {
  draft?: CaseDraft;
  undrafted: string[];
  /** A thread of the fuzz case's draft, for the mutations that name a comment. */
  commentId?: string;
}

const DRAFT_SLUG_FIELDS = new Set([...Object.keys(NEEDS_DRAFT), 'draft', 'revisions', 'revisionDiff']);

/** A value the server accepts for an argument or input field of this name, or undefined to fall back on its type. */
function hint(field: string, name: string, type: GraphQLInputType, r: Random, live: Live): unknown {
  const named = getNamedType(type);
  const version = live.draft?.version ?? 1;
  switch (name) {
    case 'slug':
      if (field === 'createCase') return unique('fuzz-case');
      if (field === 'startDraft') return r.pick(live.undrafted.length ? live.undrafted : published);
      return DRAFT_SLUG_FIELDS.has(field) ? FUZZ_SLUG : r.pick(published);
    case 'caseStudy':
      return r.pick(published);
    case 'expectedVersion':
      return version;
    case 'number':
      return 1 + r.int(version);
    case 'from':
      return named.name === 'Int' ? 1 : undefined;
    case 'to':
      return named.name === 'Int' ? version : undefined;
    case 'edition':
      return 1;
    case 'first':
      return 1 + r.int(10);
    case 'after':
      return encodeCursor(r.int(3));
    case 'search':
      return r.pick(['reform', 'health board', '"social work"', 'children -police']);
    case 'theme':
      return r.pick(THEMES);
    case 'serviceArea':
      return r.pick(AREAS);
    case 'connectedToServiceArea':
      // Refused beside `serviceArea`, which the fuzz gives; the broader filter has its own tests.
      return OMIT;
    case 'updatedSince':
      return '2020-01-01T00:00:00.000Z';
    case 'id':
      if (field === 'updateUser') return target.id;
      // Its own account: a reset password would make the sign-in fuzz's password wrong.
      if (field === 'resetPassword') return resetTarget.id;
      // Without an id it ends the admin's other sessions (there are none): accepted.
      if (field === 'endSessions') return OMIT;
      if (field === 'revokeApiToken') return targetTokenId;
      return r.pick(nodeIds);
    case 'email':
      return field === 'signIn' ? target.email : `${unique('fuzz-user')}@example.org`;
    case 'password':
    case 'currentPassword':
      return PASSWORD;
    case 'newPassword':
      return 'a new password for the fuzz';
    case 'name':
      return field === 'createApiToken' ? 'fuzz tool' : 'Fuzz name';
    case 'role':
      return new EnumName(field === 'updateUser' ? 'EDITOR' : r.pick(['VIEWER', 'EDITOR', 'REVIEWER']));
    case 'disabled':
      return false;
    case 'expiresInDays':
      return 30;
    case 'body':
      return 'Please check this part.';
    case 'partKey':
      return r.pick(['lesson-one', 'ministry', OMIT]);
    case 'comment':
      return 'Needs a better source.';
    case 'message':
      return 'Edited by the fuzz';
    case 'cases':
      return Array.from({ length: 2 + r.int(2) }, () => ({ slug: r.pick(published) }));
    case 'jurisdiction':
    case 'summary':
      return 'Fuzzed text';
    case 'document': {
      const doc = structuredClone(live.draft?.document ?? fuzzDocument());
      doc.summary = `Summary ${unique('v')}`;
      return doc;
    }
    case 'kind':
      return field === 'createCase' ? new EnumName('COUNTRY') : undefined;
    case 'action':
      return 'signIn';
    case 'outcome':
      return 'ok';
    case 'actor':
      return admin.label;
    default:
      return undefined;
  }
}

/** A comment opening a thread on the fuzz case's draft, added by the CLI. */
async function openThread(): Promise<string> {
  const added = await drafts.addComment(cli, FUZZ_SLUG, { body: 'A thread for the fuzz' });
  if (Array.isArray(added)) throw new Error(`the fuzz thread was refused: ${JSON.stringify(added)}`);
  return added.id;
}

/** Arguments that must agree with each other: a draft part's kind, key, period, parent and data. */
function coherent(field: string, r: Random, live: Live): Record<string, unknown> {
  const doc = live.draft?.document ?? fuzzDocument();
  const sourceKeys = (doc.sources ?? []).map((s) => s.key);
  const parts = partsOf(doc);
  if (field === 'deleteDraftPart') {
    const part = r.pick(parts.filter((p) => p.kind !== 'SOURCE' && p.kind !== 'PERIOD'));
    return part ? { kind: new EnumName(part.kind), key: part.key, periodKey: part.periodKey ?? OMIT } : {};
  }
  if (field === 'reorderDraftPart') {
    const part = r.pick(parts.filter((p) => p.kind !== 'CASE'));
    return part ? { kind: new EnumName(part.kind), key: part.key, periodKey: part.periodKey ?? OMIT, position: 0 } : {};
  }
  if (field === 'copyDraftPeriod') {
    return { key: r.pick(doc.periods).key, newKey: unique('fuzz-period'), label: 'Fuzz copy' };
  }
  if (field === 'mergeDraftSources') {
    const [keep, merge] = sourceKeys;
    return keep && merge ? { keep, merge } : { keep: FUZZ_SOURCE, merge: FUZZ_DUPLICATE };
  }
  if (field === 'citeDraftClaims') {
    // A source and the claims that do not cite it yet: citing them is accepted.
    const sourceKey = sourceKeys[sourceKeys.length - 1] ?? FUZZ_SOURCE;
    const claims = caseClaims(doc)
      .filter((c) => !c.cites.includes(sourceKey))
      .map((c) => ({ kind: new EnumName(c.kind), key: c.key, ...(c.periodKey ? { periodKey: c.periodKey } : {}) }));
    return { sourceKey, claims };
  }
  if (field === 'markNotificationsRead') return { all: true };
  if (field === 'resolveReviewComment' && live.commentId) return { id: live.commentId, resolved: r.chance(0.5) };
  if (field === 'restoreRevisionPart') {
    // The headline is in every revision: putting it back as it was is always accepted.
    return { kind: new EnumName('CASE'), key: OMIT, periodKey: OMIT, field: OMIT };
  }
  if (field === 'saveDraftPart') {
    const kind = r.pick(Object.keys(PART_SCHEMAS));
    const existing = parts.filter((p) => p.kind === kind);
    const update = kind !== 'CASE' && existing.length > 0 && r.chance(0.5) ? r.pick(existing) : undefined;
    const period = r.pick(doc.periods);
    const levels = period.levels ?? [];
    const bodies = levels.flatMap((l) => l.bodies ?? []);
    const parentKey = kind === 'BODY' ? levels[0]?.key : kind === 'RESPONSIBILITY' ? bodies[0]?.key : undefined;
    if ((kind === 'BODY' || kind === 'RESPONSIBILITY') && !update && !parentKey) return coherent(field, r, live);
    const data = validFromSchema(
      PART_SCHEMAS[kind]!,
      kind,
      r,
      sourceKeys.length ? sourceKeys : [FUZZ_SOURCE],
    ) as Record<string, unknown>;
    if (kind === 'CASE') for (const key of ['format', 'slug']) delete data[key];
    return {
      part: {
        kind: new EnumName(kind),
        ...(kind === 'CASE' ? {} : { key: update?.key ?? unique('fuzz-part') }),
        ...(update?.periodKey || ['LEVEL', 'BODY', 'RESPONSIBILITY', 'CONNECTION'].includes(kind)
          ? { periodKey: update?.periodKey ?? period.key }
          : {}),
        ...((update?.parentKey ?? parentKey) ? { parentKey: update?.parentKey ?? parentKey } : {}),
        data,
      },
    };
  }
  return {};
}

/** An accepted value for a slot, from its name, or from its type alone. */
function accepted(field: string, name: string, type: GraphQLInputType, r: Random, live: Live): unknown {
  const hinted = hint(field, name, type, r, live);
  if (hinted !== undefined) return hinted;
  if (!isNonNullType(type)) return OMIT;
  const inner = type.ofType;
  if (isListType(inner)) return [accepted(field, name, inner.ofType, r, live)].filter((v) => v !== OMIT);
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(inner.getFields())) {
      const value = accepted(field, f.name, f.type, r, live);
      if (value !== OMIT) out[f.name] = value;
    }
    return out;
  }
  if (isEnumType(inner)) return new EnumName(r.pick(inner.getValues()).name);
  switch (inner.name) {
    case 'Int':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTimeISO':
      return '2020-01-01T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return 'fuzz';
  }
}

function baselineArgs(field: GraphQLField<unknown, unknown>, r: Random, live: Live): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) args[arg.name] = accepted(field.name, arg.name, arg.type, r, live);
  return { ...args, ...coherent(field.name, r, live) };
}

/** A random or malformed value for a slot, knowing the accepted one it replaces. */
function fuzzValue(
  slot: Slot,
  field: string,
  current: unknown,
  args: Record<string, unknown>,
  r: Random,
  live: Live,
): unknown {
  const inner = isNonNullType(slot.type) ? slot.type.ofType : slot.type;
  const name = String([...slot.path].reverse().find((s) => typeof s === 'string' && s !== '[]') ?? '');
  const roll = r.next();
  if (roll < 0.06) return null;
  if (roll < 0.1) return OMIT;
  if (roll < 0.18) return wrongType(r);
  if (roll < 0.3) {
    // Another accepted-looking value: a different case, key or number.
    const other = hint(field, name, slot.type, r, live);
    if (other !== undefined && other !== OMIT) return other;
  }
  if (isListType(inner)) {
    const items = Array.isArray(current) ? current : [];
    const item = items[0] ?? accepted(field, name, inner.ofType as GraphQLInputType, r, live);
    return r.pick([
      () => [],
      () => [null],
      () => Array.from({ length: r.pick([9, 100, 1000]) }, () => structuredClone(item)),
      () => [[item]],
      () => deepList(50_000),
      () => item,
      () => [...items, fuzzString(r)],
    ])();
  }
  if (isInputObjectType(inner)) {
    const base = current && typeof current === 'object' ? (current as Record<string, unknown>) : {};
    const required = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type));
    return r.pick([
      () => ({}),
      () => ({ ...base, notAField: 1 }),
      () => 'text',
      () => deepObject(50_000),
      () => [base],
      () => {
        const copy = { ...base };
        if (required.length) delete copy[r.pick(required).name];
        return copy;
      },
    ])();
  }
  if (isEnumType(inner)) {
    const value = r.pick(inner.getValues()).name;
    return r.pick<unknown>([
      new EnumName('NOT_A_VALUE'),
      new EnumName(value.toLowerCase()),
      value,
      '',
      new EnumName(value),
      0,
    ]);
  }
  switch (inner.name) {
    case 'Int':
      return r.chance(0.8) ? r.pick(INTS) : r.pick(['NaN', '1', '', '1e3', '0x10']);
    case 'Boolean':
      return r.pick<unknown>([true, false, 'true', 0, 1, 'yes']);
    case 'ID':
      return r.chance(0.2)
        ? r.pick([0, -1, 2147483647])
        : r.pick([() => STRING_FAMILIES.uuid!(r), () => STRING_FAMILIES.globalId!(r), () => fuzzString(r)])();
    case 'DateTimeISO':
      return r.chance(0.8) ? r.pick(DATE_TIMES) : r.pick([0, -1, 1e20, fuzzString(r)]);
    case 'JSONObject': {
      const kind = (getPath(args, ['part', 'kind']) as EnumName | undefined)?.name;
      const s = name === 'document' ? PROFILE : (PART_SCHEMAS[kind ?? ''] ?? {});
      const base =
        current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
      const sourceKeys = (live.draft?.document.sources ?? []).map((x) => x.key);
      return breakData(base, s, r, sourceKeys.length ? sourceKeys : [FUZZ_SOURCE]);
    }
    default:
      return fuzzString(r);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

interface Sent {
  field: string;
  what: string;
  op: Operation;
  answer: Answer;
}

/** What is wrong with one answer, each problem a line that says how to send the request again. */
function answerProblems(sent: Sent, logBefore: number, unhandledBefore: number): string[] {
  const { answer } = sent;
  const where = `${sent.field} [${sent.what}] (${sent.op.inline ? 'inline' : 'variables'}, seed ${SEED})`;
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`${where}: HTTP ${answer.status}: ${preview(answer.text, 300)}`);
  if (!answer.body || (answer.body.data === undefined && answer.body.errors === undefined))
    problems.push(`${where}: not a GraphQL answer (HTTP ${answer.status}): ${preview(answer.text, 300)}`);
  for (const error of answer.body?.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') problems.push(`${where}: an error without extensions.code: ${preview(error, 300)}`);
    else if (code === 'INTERNAL_SERVER_ERROR')
      problems.push(
        `${where}: INTERNAL_SERVER_ERROR at ${preview(error.path)} (${preview(error.message)}): ${preview(logged.slice(logBefore).map(String), 400)}`,
      );
  }
  if (logged.length > logBefore)
    problems.push(
      `${where}: the server logged an unexpected error: ${preview(logged.slice(logBefore).map(String), 400)}`,
    );
  if (unhandled.length > unhandledBefore)
    problems.push(`${where}: an unhandled rejection: ${preview(unhandled.slice(unhandledBefore).map(String), 400)}`);
  return problems;
}

/** Whether the answer refused the operation: top-level errors, or user errors in the payload. */
function refused(answer: Answer, field: string): boolean {
  if (answer.body?.errors?.length) return true;
  const payload = answer.body?.data?.[field] as { userErrors?: unknown[] } | null | undefined;
  return Array.isArray(payload?.userErrors) && payload.userErrors.length > 0;
}

// ---------------------------------------------------------------------------------------------
// The fuzz

const roots = [
  ['query', schema.getQueryType()!],
  ['mutation', schema.getMutationType()!],
] as const;

describe('fuzz of every query and mutation argument', () => {
  for (const [root, type] of roots) {
    const fields = Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name));
    for (const field of fields) {
      const promise = root === 'query' ? 'writes nothing' : 'no partial write';
      it(`${root} ${field.name}: no 5xx, no internal error, ${promise}`, async () => {
        const r = new Random((SEED ^ hash(`${root}.${field.name}`)) >>> 0);
        await resetDraft();
        const slots = slotsOf(field);
        const runs: (Slot | undefined)[] = [undefined];
        for (const slot of slots) {
          const json = getNamedType(slot.type).name === 'JSONObject';
          for (let i = 0; i < (json ? CASES_PER_JSON_ARGUMENT : CASES_PER_ARGUMENT); i++) runs.push(slot);
        }
        const problems: string[] = [];
        for (const slot of runs) {
          const need = root === 'mutation' ? NEEDS_DRAFT[field.name] : 'ANY';
          const live: Live = {
            draft: need ? await draftIn(need) : ((await drafts.draftOf(FUZZ_SLUG)) ?? undefined),
            undrafted: field.name === 'startDraft' ? await undrafted() : [],
            commentId: field.name === 'resolveReviewComment' ? await openThread() : undefined,
          };
          const args = baselineArgs(field, r, live);
          let what = 'accepted arguments';
          if (slot) {
            const path = concretePath(args, slot.path, r);
            const value = fuzzValue(slot, field.name, getPath(args, path), args, r, live);
            setPath(args, path, value);
            what = `${path.join('.')} = ${preview(value)}`;
          }
          const op = operation(root, field, args, r.chance(0.5));
          const who = field.name === 'signOut' ? leaving : admin;
          const before = await fingerprint();
          const logBefore = logged.length;
          const unhandledBefore = unhandled.length;
          const answer = await send(server.url, who, op);
          requests += 1;
          // changePassword moves the browser to a new session, and the old cookie no longer works:
          // the admin goes on with the new one, as a browser would.
          if (field.name === 'changePassword' && answer.session) admin.headers.cookie = answer.session;
          const sent = { field: field.name, what, op, answer };
          problems.push(...answerProblems(sent, logBefore, unhandledBefore));
          if (!slot && refused(answer, field.name)) {
            problems.push(
              `${field.name}: the accepted arguments were refused, so the fuzz would not reach past validation: ${preview(answer.body, 400)}`,
            );
          }
          // A read never writes; a refused mutation writes nothing; an accepted one may write.
          if (root === 'query' || refused(answer, field.name)) {
            const changed = changedTables(before, await fingerprint());
            if (changed.length)
              problems.push(
                `${field.name} [${what}] (seed ${SEED}): ${root === 'query' ? 'a read' : 'refused, but'} changed ${changed.join(', ')}: ${preview(answer.body, 300)}`,
              );
          }
        }
        expect(problems, `seed ${SEED}`).toEqual([]);
      }, 60_000);
    }
  }
});

describe('what the fuzz found, fixed', () => {
  const SAVE_PART = `mutation ($edit: DraftEditInput!, $part: DraftPartInput!) { saveDraftPart(edit: $edit, part: $part) { draft { version } userErrors { field code message } } }`;
  const SAVE = `mutation ($edit: DraftEditInput!, $document: JSONObject!) { saveDraft(edit: $edit, document: $document) { draft { version } userErrors { field code message } } }`;
  const REQUEST_CHANGES = `mutation ($v: Int!, $comment: String) { requestChanges(slug: "${FUZZ_SLUG}", expectedVersion: $v, comment: $comment) { draft { status } userErrors { field code message } } }`;
  const firstError = (reply: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => {
    const extensions = reply.body.errors?.[0]?.extensions;
    return { code: extensions?.code, field: extensions?.field };
  };
  const refusedPart = (reply: { body: { data?: Json | null } }, field: string) =>
    (reply.body.data?.[field] as Json | undefined)?.userErrors as unknown[];

  let logMark = 0;
  const newlyLogged = () => logged.slice(logMark);

  beforeAll(async () => {
    await resetDraft();
  });

  beforeEach(() => {
    logMark = logged.length;
  });

  it('refuses text PostgreSQL cannot store (U+0000, half a surrogate pair) with BAD_USER_INPUT naming the argument, writing nothing', async () => {
    const draft = await draftIn('DRAFT');
    const before = await fingerprint();
    expect(
      firstError(
        await admin.graphql(`query ($s: String) { caseStudies(search: $s) { totalCount } }`, { s: 'health\u0000' }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'search' });
    const part = {
      kind: 'LESSON',
      key: 'lesson-one',
      data: { theme: 'workforce', title: 'Half \ud800 a pair', detail: 'Detail.', cite: [FUZZ_SOURCE] },
    };
    expect(
      firstError(await admin.graphql(SAVE_PART, { edit: { slug: FUZZ_SLUG, expectedVersion: draft.version }, part })),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'part.data.title' });
    const document = { ...fuzzDocument(), summary: 'A summary\u0000' };
    expect(
      firstError(await admin.graphql(SAVE, { edit: { slug: FUZZ_SLUG, expectedVersion: draft.version }, document })),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'document.summary' });
    const badKey = { ...fuzzDocument(), ['note\u0000']: 'x' };
    expect(
      firstError(
        await admin.graphql(SAVE, { edit: { slug: FUZZ_SLUG, expectedVersion: draft.version }, document: badKey }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'document' });
    expect(
      firstError(
        await admin.graphql(
          `mutation { addReviewComment(slug: "${FUZZ_SLUG}", body: "See \\u0000 here") { comment { body } } }`,
        ),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(changedTables(before, await fingerprint())).toEqual([]);
    expect(newlyLogged()).toEqual([]);
  });

  it('treats ids that are not UUIDs as naming nothing', async () => {
    const update = await admin.graphql(
      `mutation { updateUser(id: "not-a-uuid", role: VIEWER) { user { id } userErrors { field code } } }`,
    );
    expect(update.body).toEqual({
      data: { updateUser: { user: null, userErrors: [{ field: 'id', code: 'NOT_FOUND' }] } },
      extensions: BUDGET,
    });
    const revoke = await admin.graphql(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, {
      id: '-'.repeat(36),
    });
    expect(revoke.body).toEqual({ data: { revokeApiToken: null }, extensions: BUDGET });
    // Hexadecimal digits of the right length, but not a UUID.
    const node = await admin.graphql(`query ($id: ID!) { node(id: $id) { id } }`, {
      id: toGlobalId('CaseStudy', '0123456789abcdef0123456789abcdef0123'),
    });
    expect(node.body).toEqual({ data: { node: null }, extensions: BUDGET });
    expect(newlyLogged()).toEqual([]);
  });

  it('refuses a forged cursor whose offset is not a plain whole number', async () => {
    for (const forged of ['offset:1e300', `offset:${'9'.repeat(400)}`, 'offset:0x10', 'offset: 5']) {
      const reply = await admin.graphql(`query ($after: String) { caseStudies(after: $after) { totalCount } }`, {
        after: cursor(forged),
      });
      expect(firstError(reply), forged).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const page = await admin.graphql(
      `query ($after: String) { caseStudies(first: 2, after: $after) { nodes { slug } } }`,
      { after: encodeCursor(0) },
    );
    expect((page.body.data!.caseStudies as Json).nodes).toHaveLength(2);
    expect(newlyLogged()).toEqual([]);
  });

  it('answers an email address longer than any account can have as a failed sign-in, and refuses it for a new account', async () => {
    await db.dataSource.query(`DELETE FROM "sign_in_failure"`);
    const email = `${randomUnicode(new Random(SEED), 2000, true)}@example.org`;
    const reply = await admin.graphql(
      `mutation ($email: String!) { signIn(email: $email, password: "not the password") { user { id } userErrors { code } } }`,
      { email },
    );
    expect(reply.body).toEqual({
      data: { signIn: { user: null, userErrors: [{ code: 'INVALID_CREDENTIALS' }] } },
      extensions: BUDGET,
    });
    const create = await admin.graphql(
      `mutation ($email: String!) { createUser(email: $email, role: VIEWER) { user { id } userErrors { field code } } }`,
      { email: `${'x'.repeat(limits.email.max)}@example.org` },
    );
    expect(create.body).toEqual({
      data: { createUser: { user: null, userErrors: [{ field: 'email', code: 'BAD_USER_INPUT' }] } },
      extensions: BUDGET,
    });
    expect(newlyLogged()).toEqual([]);
  });

  it('saves a whole document written inline in the query', async () => {
    const draft = await draftIn('DRAFT');
    const document = { ...fuzzDocument(), summary: 'Written inline.' };
    const reply = await admin.graphql(
      `mutation { saveDraft(edit: { slug: "${FUZZ_SLUG}", expectedVersion: ${draft.version} }, document: ${literal(document)!}) { draft { version } userErrors { field code message } } }`,
    );
    expect(reply.body).toEqual({
      data: { saveDraft: { draft: { version: draft.version + 1 }, userErrors: [] } },
      extensions: BUDGET,
    });
    expect(newlyLogged()).toEqual([]);
  });

  it('searches past minus signs that negate nothing', async () => {
    const dangling = `${'- '.repeat(40)}${'-'.repeat(40)} Finland`;
    const reply = await admin.graphql(
      `query ($s: String) { caseStudies(search: $s) { nodes { slug } } lessons(search: $s) { totalCount } sources(search: $s) { totalCount } }`,
      { s: dangling },
    );
    expect(reply.body.errors).toBeUndefined();
    expect((reply.body.data!.caseStudies as Json).nodes).toContainEqual({ slug: 'finland' });
    // A minus sign before a word still leaves it out.
    const without = await admin.graphql(`query ($s: String) { caseStudies(search: $s) { nodes { slug } } }`, {
      s: 'Finland -Finland',
    });
    expect((without.body.data!.caseStudies as Json).nodes).toEqual([]);
    expect(newlyLogged()).toEqual([]);
  });

  it('refuses numbers, dates and URLs the database cannot hold as user errors at their field, writing nothing', async () => {
    const draft = await draftIn('DRAFT');
    const edit = { slug: FUZZ_SLUG, expectedVersion: draft.version };
    const before = await fingerprint();
    const level = {
      kind: 'LEVEL',
      key: 'national',
      periodKey: 'current',
      data: { tier: 'NATIONAL', name: 'National government', unitCount: 2 ** 31, cite: [FUZZ_SOURCE] },
    };
    expect(refusedPart(await admin.graphql(SAVE_PART, { edit, part: level }), 'saveDraftPart')).toEqual([
      expect.objectContaining({ field: 'periods.0.levels.0.unitCount', code: 'BAD_USER_INPUT' }),
    ]);
    const event = { kind: 'EVENT', key: 'reform', data: { date: '0000', title: 'Reform', cite: [FUZZ_SOURCE] } };
    expect(refusedPart(await admin.graphql(SAVE_PART, { edit, part: event }), 'saveDraftPart')).toEqual([
      expect.objectContaining({ field: 'timeline.0.date', code: 'BAD_USER_INPUT' }),
    ]);
    // 1,992 characters, within the limit of 2,000, but over 2,000 bytes: the URL index could not hold it.
    const url = `https://${randomUnicode(new Random(SEED), limits.url.max - 8, true)}`;
    const source = { kind: 'SOURCE', key: 'wide-source', data: { url, title: 'Wide', standing: 'OFFICIAL' } };
    expect(refusedPart(await admin.graphql(SAVE_PART, { edit, part: source }), 'saveDraftPart')).toEqual([
      expect.objectContaining({ field: 'sources.2.url', code: 'BAD_USER_INPUT' }),
    ]);
    expect(changedTables(before, await fingerprint())).toEqual([]);
    expect(newlyLogged()).toEqual([]);
  });

  it('refuses a comment over the limit before sending a draft back, so neither is lost', async () => {
    const inReview = await draftIn('IN_REVIEW');
    const before = await fingerprint();
    const long = await admin.graphql(REQUEST_CHANGES, {
      v: inReview.version,
      comment: 'x'.repeat(limits.note.max + 1),
    });
    expect(long.body.data!.requestChanges).toEqual({
      draft: { status: 'IN_REVIEW' },
      userErrors: [expect.objectContaining({ field: 'comment', code: 'BAD_USER_INPUT' })],
    });
    expect(changedTables(before, await fingerprint())).toEqual([]);
    const fine = await admin.graphql(REQUEST_CHANGES, { v: inReview.version, comment: 'Cite the 2019 report.' });
    expect(fine.body.data!.requestChanges).toEqual({ draft: { status: 'DRAFT' }, userErrors: [] });
    // The fingerprint sees the write: the draft went back and the comment was kept.
    expect(changedTables(before, await fingerprint())).toEqual(
      expect.arrayContaining(['case_draft', 'review_comment']),
    );
  });

  it('refuses an account name, a comment’s part key and a restore message over their limits, writing nothing', async () => {
    const draft = await draftIn('DRAFT');
    const before = await fingerprint();
    const user = await admin.graphql(
      `mutation ($name: String) { createUser(email: "long-name@example.org", role: VIEWER, name: $name) { userErrors { field code } } }`,
      { name: 'n'.repeat(limits.name.max + 1) },
    );
    expect(user.body.data?.createUser).toMatchObject({ userErrors: [{ field: 'name', code: 'BAD_USER_INPUT' }] });
    const comment = await admin.graphql(
      `mutation ($key: String) { addReviewComment(slug: "${FUZZ_SLUG}", partKey: $key, body: "Check this.") { userErrors { field code } } }`,
      { key: 'k'.repeat(limits.key.max + 1) },
    );
    expect(comment.body.data?.addReviewComment).toMatchObject({
      userErrors: [{ field: 'partKey', code: 'BAD_USER_INPUT' }],
    });
    const restore = await admin.graphql(
      `mutation ($v: Int, $message: String) { restoreRevision(slug: "${FUZZ_SLUG}", number: 1, expectedVersion: $v, message: $message) { userErrors { field code } } }`,
      { v: draft.version, message: 'm'.repeat(limits.note.max + 1) },
    );
    expect(restore.body.data?.restoreRevision).toMatchObject({
      userErrors: [{ field: 'message', code: 'BAD_USER_INPUT' }],
    });
    expect(changedTables(before, await fingerprint())).toEqual([]);
    expect(newlyLogged()).toEqual([]);
  });

  it('answers variables nested deeper than the stack with a GraphQL error, not a 500', async () => {
    const op: Operation = {
      query: `query ($from: CaseSelector!) { structuralDiff(from: $from, to: { slug: "finland" }) { __typename } }`,
      variables: { from: deepObject(50_000) },
      inline: false,
    };
    const answer = await send(server.url, admin, op);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(newlyLogged()).toEqual([]);
  });

  it('answers a list with more bad items than GraphQL lists one by one as bad input, not as a server fault', async () => {
    const draft = await draftIn('DRAFT');
    const op: Operation = {
      query: `mutation ($edit: DraftEditInput!, $claims: [DraftClaimInput!]!) { citeDraftClaims(edit: $edit, sourceKey: "${FUZZ_SOURCE}", claims: $claims) { userErrors { field } } }`,
      variables: {
        edit: { slug: FUZZ_SLUG, expectedVersion: draft.version },
        claims: Array.from({ length: 60 }, () => ({ kind: 'NO_SUCH_KIND', key: 'x' })),
      },
      inline: false,
    };
    const before = await fingerprint();
    const answer = await send(server.url, admin, op);
    expect(answer.status).toBeLessThan(500);
    const codes = new Set(answer.body?.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(['BAD_USER_INPUT']);
    expect(newlyLogged()).toEqual([]);
    expect(changedTables(before, await fingerprint())).toEqual([]);
  });
});
