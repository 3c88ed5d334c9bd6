import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { citeParts } from './cite.js';
import {
  caseProfileJsonSchema,
  studyJsonSchema,
  type CaseProfileDoc,
  type ClaimDoc,
  type ExtentDoc,
  type LessonDoc,
  type PeriodDoc,
  type SourceDoc,
  type StudyDoc,
} from './document.js';
import { CASE_PROFILE_FORMAT, COVERAGE_SECTIONS, STUDY_FORMAT, type CoverageSection } from './enums.js';
import { limits } from './limits.js';
import { parsePartialDate } from './partial-date.js';
import { isPublishGateProblem, type Problem, type ProblemCode } from './problems.js';
import { LESSON_THEMES, SERVICE_AREAS } from './vocabulary.js';

/**
 * Validation of the documents: the JSON Schema (built in document.ts) checks shape, the rest here
 * checks meaning (unique keys, references, dates, sources). Every problem is reported with its
 * path and code; none is fixed. A separate entry point, so that only what validates loads Ajv.
 */

export type ValidationResult<T> = { ok: true; doc: T } | { ok: false; problems: Problem[] };

export { isPublishGateProblem, type Problem };

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateCaseShape: ValidateFunction = ajv.compile(caseProfileJsonSchema);
const validateStudyShape: ValidateFunction = ajv.compile(studyJsonSchema);

const SERVICE_AREA_KEYS = new Set<string>(SERVICE_AREAS.map(([key]) => key));
const THEME_KEYS = new Set<string>(LESSON_THEMES.map(([key]) => key));

const join = (...parts: (string | number)[]) => parts.filter((p) => p !== '').join('.');
const isDateField = (path: string) =>
  /date|validFrom|validTo|accessed|published|reviewed|asOf|^from$|^until$/.test(path.split('.').pop() ?? '');
const DATE_MESSAGE = 'must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)';
const COVERAGE_MESSAGE =
  'must name each section it declares, e.g. { levels: complete, responsibilities: partial, connections: not-recorded }';

/** Turns a JSON Schema error into a sentence for the author, with the field path. */
function describe(error: ErrorObject): Omit<Problem, 'code'> & { code?: ProblemCode } {
  const base = error.instancePath.split('/').filter(Boolean).join('.');
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: join(base, String(p.additionalProperty)),
        message: `unknown field "${String(p.additionalProperty)}"`,
      };
    case 'required':
      return { path: join(base, String(p.missingProperty)), message: 'is required' };
    case 'enum':
      return { path: base, message: `must be one of ${(p.allowedValues as string[]).join(', ')}` };
    case 'const':
      return { path: base, message: `must be "${String(p.allowedValue)}"` };
    case 'type':
      // An unquoted year is a number in YAML: say how to write it rather than "must be a string".
      if (p.type === 'string' && isDateField(base)) return { path: base, message: DATE_MESSAGE };
      // `coverage: complete` reads naturally but would say nothing about which section.
      if (p.type === 'object' && base.split('.').pop() === 'coverage') return { path: base, message: COVERAGE_MESSAGE };
      return {
        path: base,
        message: `must be ${p.type === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(String(p.type)) ? 'n' : ''} ${String(p.type)}`}`,
      };
    case 'minItems':
      if (base.endsWith('.cite') || base === 'cite') return { path: base, message: UNSOURCED, code: 'UNSOURCED_CLAIM' };
      return {
        path: base,
        message: p.limit === 1 ? 'needs at least one item' : `needs at least ${String(p.limit)} items`,
      };
    case 'maxItems':
      return { path: base, message: `has more than the limit of ${String(p.limit)} items` };
    case 'minLength':
      return { path: base, message: 'must not be empty' };
    case 'maxLength':
      return { path: base, message: `is longer than the limit of ${String(p.limit)} characters` };
    case 'minimum':
      return { path: base, message: `must be at least ${String(p.limit)}` };
    case 'maximum':
      return { path: base, message: `must be at most ${String(p.limit)}` };
    case 'pattern':
      if (isDateField(base)) return { path: base, message: DATE_MESSAGE };
      if (/url$/.test(base)) return { path: base, message: 'must be an http(s) URL' };
      return { path: base, message: 'must be lower-case words joined by hyphens, e.g. "wellbeing-counties"' };
    default:
      return { path: base, message: error.message ?? 'is not valid' };
  }
}

/** Faults of size or number: the value has the right form, so the meaning checks can still read it. */
const SIZE_KEYWORDS = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum']);

/**
 * Structural errors, minus the noise of `oneOf` branches for citations, and where each value of
 * the wrong form is (`misshapen`, as path segments): the meaning checks leave those out.
 */
function shapeProblems(validate: ValidateFunction, doc: unknown): { problems: Problem[]; misshapen: string[][] } {
  if (validate(doc)) return { problems: [], misshapen: [] };
  const errors = validate.errors ?? [];
  const misshapen = errors.flatMap((e) => {
    const at = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required' || SIZE_KEYWORDS.has(e.keyword)) return [];
    return [e.keyword === 'additionalProperties' ? [...at, String(e.params.additionalProperty)] : at];
  });
  const citeErrors = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const problems: Problem[] = [];
  for (const error of errors) {
    const inCite = [...citeErrors].some((path) => error.instancePath.startsWith(path) && error.keyword !== 'oneOf');
    if (inCite) continue;
    if (error.keyword === 'oneOf') {
      problems.push({
        path: error.instancePath.split('/').filter(Boolean).join('.'),
        message: 'must be a source key, or { source, locator }',
        code: 'INVALID',
      });
      continue;
    }
    problems.push({ code: 'INVALID', ...describe(error) });
  }
  return { problems, misshapen };
}

/**
 * A copy of the document without the values of the wrong form (a list item left out leaves a
 * hole, which the checks' loops skip, so every other item keeps its index and its path). Only the
 * lists and objects on the way to a value left out are copied, one level each: a document nested
 * however deep (a crafted one may be 50,000 levels) is never walked whole.
 */
function withoutMisshapen(doc: unknown, misshapen: string[][]): unknown {
  type Holder = Record<string, unknown>;
  const copies = new Set<unknown>();
  const own = (value: object): Holder => {
    if (copies.has(value)) return value as Holder;
    const copy = (Array.isArray(value) ? value.slice() : { ...value }) as Holder;
    copies.add(copy);
    return copy;
  };
  if (typeof doc !== 'object' || doc === null) return doc;
  let root: unknown = doc;
  for (const at of misshapen) {
    if (!at.length) continue;
    root = own(root as object);
    let holder: Holder | null = root as Holder;
    for (const step of at.slice(0, -1)) {
      const child: unknown = holder[step];
      if (typeof child !== 'object' || child === null) {
        holder = null;
        break;
      }
      holder = holder[step] = own(child);
    }
    if (holder) Reflect.deleteProperty(holder, at[at.length - 1]!);
  }
  return root;
}

/**
 * Shape and meaning problems together. After faults of shape, the meaning checks read the document
 * without the misshapen values (so a required list may be missing: they read it as empty), and a
 * meaning problem at or under the path of a shape problem is not reported twice.
 */
function checked<T>(
  validateShape: ValidateFunction,
  doc: unknown,
  checkMeaning: (doc: T, problems: Problem[]) => void,
): ValidationResult<T> {
  const shape = shapeProblems(validateShape, doc);
  // A copy whenever the shape is wrong, as the checks fill in missing lists and the caller's value stays as it was.
  const readable = (shape.problems.length ? withoutMisshapen(doc, shape.misshapen) : doc) as T;
  const meaning: Problem[] = [];
  checkMeaning(readable, meaning);
  const faults = shape.problems.filter((p) => !isPublishGateProblem(p)).map((p) => p.path);
  const problems = [
    ...shape.problems,
    ...meaning.filter((p) => !faults.some((at) => p.path === at || p.path.startsWith(`${at}.`))),
  ];
  return problems.length ? { ok: false, problems } : { ok: true, doc: doc as T };
}

/** The length of text in UTF-8 bytes (a lone surrogate is written as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const point = ch.codePointAt(0)!;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Checks keys are unique in a list, reporting each repeat at its position. */
function uniqueKeys(items: { key: string }[] | undefined, path: string, what: string, problems: Problem[]) {
  const seen = new Map<string, number>();
  (items ?? []).forEach((item, i) => {
    const first = seen.get(item.key);
    if (first !== undefined)
      problems.push({
        path: `${path}.${i}.key`,
        message: `duplicate ${what} key "${item.key}" (also at ${path}.${first})`,
        code: 'INVALID',
      });
    else seen.set(item.key, i);
  });
}

function checkDate(value: string | undefined, path: string, problems: Problem[]) {
  if (value === undefined) return undefined;
  const parsed = parsePartialDate(value);
  if (typeof parsed === 'string') {
    problems.push({ path, message: parsed, code: 'INVALID' });
    return undefined;
  }
  return parsed;
}

/**
 * Where a claim holds: a count no larger than its total and named with its unit, dates that
 * parse and areas whose dates run forwards, and something said (a count, areas or words).
 */
function checkExtent(extent: ExtentDoc | undefined, path: string, problems: Problem[]) {
  if (!extent) return;
  const at = `${path}.extent`;
  if (extent.count === undefined && !extent.areas?.length && !extent.description)
    problems.push({
      path: at,
      message: 'says where the claim holds: a count, areas or a description',
      code: 'INVALID',
    });
  if (extent.count !== undefined && extent.of !== undefined && extent.count > extent.of)
    problems.push({
      path: `${at}.count`,
      message: `is more than the ${extent.of} units there are (of)`,
      code: 'INVALID',
    });
  if ((extent.count !== undefined || extent.of !== undefined) && !extent.unit)
    problems.push({ path: `${at}.unit`, message: 'names what is counted, e.g. "partnerships"', code: 'INVALID' });
  checkDate(extent.asOf, `${at}.asOf`, problems);
  (extent.areas ?? []).forEach((area, i) => {
    const from = checkDate(area.from, `${at}.areas.${i}.from`, problems);
    const until = checkDate(area.until, `${at}.areas.${i}.until`, problems);
    if (from && until && until.latest < from.earliest)
      problems.push({
        path: `${at}.areas.${i}.until`,
        message: `ends (${until.text}) before it starts (${from.text})`,
        code: 'INVALID',
      });
  });
}

/** Cross-reference and meaning checks shared by cases and the study. */
class ClaimChecker {
  readonly cited = new Set<string>();

  constructor(
    private readonly sourceKeys: Set<string>,
    private readonly problems: Problem[],
  ) {}

  check(claim: ClaimDoc, path: string) {
    (claim.cite ?? []).forEach((cite, i) => {
      const { source } = citeParts(cite);
      this.cited.add(source);
      if (!this.sourceKeys.has(source))
        this.problems.push({
          path: `${path}.cite.${i}`,
          message: `unknown source "${source}": add it to sources`,
          code: 'INVALID',
        });
    });
    if (claim.uncertain && !claim.note)
      this.problems.push({
        path: `${path}.note`,
        message: 'an uncertain claim needs a note saying why',
        code: 'INVALID',
      });
    if (claim.note && !claim.uncertain)
      this.problems.push({
        path: `${path}.uncertain`,
        message: 'a note explains an uncertain claim: set uncertain: true, or remove the note',
        code: 'INVALID',
      });
  }
}

function checkSources(sources: SourceDoc[], checker: ClaimChecker, problems: Problem[]) {
  uniqueKeys(sources, 'sources', 'source', problems);
  const urls = new Map<string, number>();
  sources.forEach((s, i) => {
    // Without its URL (a fault of shape, reported already) a source has nothing to compare.
    if (s.url !== undefined) {
      const first = urls.get(s.url);
      if (first !== undefined)
        problems.push({
          path: `sources.${i}.url`,
          message: `the same URL as sources.${first}: cite that source instead`,
          code: 'INVALID',
        });
      else urls.set(s.url, i);
      // Sources are found by URL through an index, whose entries are limited in bytes, not characters.
      if (utf8Length(s.url) > limits.url.max)
        problems.push({
          path: `sources.${i}.url`,
          message: `is longer than the limit of ${limits.url.max} bytes (characters outside ASCII take 2 to 4)`,
          code: 'INVALID',
        });
    }
    checkDate(s.date, `sources.${i}.date`, problems);
    checkDate(s.accessed, `sources.${i}.accessed`, problems);
    if (!checker.cited.has(s.key))
      problems.push({ path: `sources.${i}`, message: `source "${s.key}" ${UNCITED}`, code: 'UNCITED_SOURCE' });
  });
}

/** The items a period records in each section of its coverage. */
const COVERAGE_COUNTS: Record<CoverageSection, [what: string, count: (period: PeriodDoc) => number]> = {
  levels: ['levels', (p) => p.levels?.length ?? 0],
  responsibilities: [
    'responsibilities',
    (p) =>
      (p.levels ?? []).reduce(
        (n, l) => n + (l.bodies ?? []).reduce((m, b) => m + (b.responsibilities?.length ?? 0), 0),
        0,
      ),
  ],
  connections: ['connections', (p) => p.connections?.length ?? 0],
};

/** A section declared not recorded holds nothing: a period that lists items there records some of it. */
function checkCoverage(period: PeriodDoc, path: string, problems: Problem[]) {
  for (const section of COVERAGE_SECTIONS) {
    if (period.coverage?.[section] !== 'not-recorded') continue;
    const [what, count] = COVERAGE_COUNTS[section];
    const n = count(period);
    if (n > 0)
      problems.push({
        path: `${path}.coverage.${section}`,
        message: `says no ${what} are recorded, but the period lists ${n}: mark it partial or complete`,
        code: 'INVALID',
      });
  }
}

/** The standings whose sources can carry a lesson's evidence above LIMITED. */
const WEIGHTY_STANDINGS = new Set<string>(['OFFICIAL', 'ACADEMIC', 'STUDY_OUTPUT']);
const WEIGHTY = 'OFFICIAL, ACADEMIC or STUDY_OUTPUT';

/** A URL's host, lower case and without "www.": "https://www.gov.scot/x" is gov.scot. */
const hostOf = (url: string) => (/^https?:\/\/([^/?#:]+)/i.exec(url)?.[1] ?? url).toLowerCase().replace(/^www\./, '');
const publisherOf = (s: SourceDoc) => s.publisher?.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Whether two sources are independent, for the evidence rubric: different URLs, and different
 * publishers, or (when either gives no publisher) different hosts.
 */
export function independentSources(a: SourceDoc, b: SourceDoc): boolean {
  if (a.url === b.url) return false;
  const [pa, pb] = [publisherOf(a), publisherOf(b)];
  return pa && pb ? pa !== pb : hostOf(a.url) !== hostOf(b.url);
}

/**
 * The strongest evidence a lesson's cited sources support by the rubric: STRONG with two
 * independent OFFICIAL, ACADEMIC or STUDY_OUTPUT sources, MODERATE with one, LIMITED otherwise.
 */
export function supportedStrength(cited: SourceDoc[]): 'STRONG' | 'MODERATE' | 'LIMITED' {
  const weighty = cited.filter((s) => WEIGHTY_STANDINGS.has(s.standing));
  if (weighty.some((a, i) => weighty.slice(i + 1).some((b) => independentSources(a, b)))) return 'STRONG';
  return weighty.length ? 'MODERATE' : 'LIMITED';
}

const RANK: Record<string, number> = { LIMITED: 0, MODERATE: 1, STRONG: 2 };

/** The evidence rubric: a lesson rated MODERATE or STRONG needs sources that support it. */
function checkRubric(lesson: LessonDoc, path: string, sources: Map<string, SourceDoc>, problems: Problem[]) {
  const strength = lesson.evidenceStrength;
  if (strength !== 'MODERATE' && strength !== 'STRONG') return;
  // A lesson citing nothing is refused for that (UNSOURCED_CLAIM), and for that alone.
  const cite = lesson.cite ?? [];
  if (cite.length === 0) return;
  const cited = [...new Set(cite.map((c) => citeParts(c).source))].flatMap((key) => {
    const source = sources.get(key);
    return source ? [source] : [];
  });
  const supported = supportedStrength(cited);
  if (RANK[supported]! >= RANK[strength]!) return;
  problems.push({
    path: `${path}.evidenceStrength`,
    message:
      strength === 'STRONG'
        ? `is STRONG, but the evidence rubric needs two independent cited sources (different publishers, or different sites where one gives none) whose standing is ${WEIGHTY}: its sources support ${supported}`
        : `is MODERATE, but the evidence rubric needs at least one cited source whose standing is ${WEIGHTY}: its sources support LIMITED`,
    code: 'EVIDENCE_RUBRIC',
  });
}

const UNSOURCED = 'a claim needs at least one source';
const UNCITED = 'is not cited by any claim';

/** Validates a draft: every rule of publishing except the publish gate (claims may lack sources yet). */
export function validateDraftProfile(doc: unknown): ValidationResult<CaseProfileDoc> {
  const result = validateCaseProfile(doc);
  if (result.ok) return result;
  const problems = result.problems.filter((p) => !isPublishGateProblem(p));
  return problems.length ? { ok: false, problems } : { ok: true, doc: doc as CaseProfileDoc };
}

/** Validates a case profile completely, shape and meaning at once; every problem is reported, none is fixed. */
export function validateCaseProfile(doc: unknown): ValidationResult<CaseProfileDoc> {
  return checked(validateCaseShape, doc, checkCaseMeaning);
}

/** The meaning of a case profile: unique keys, references, dates, coverage, the rubric, sources. */
function checkCaseMeaning(profile: CaseProfileDoc, problems: Problem[]) {
  profile.sources ??= [];
  profile.periods ??= [];
  const checker = new ClaimChecker(new Set(profile.sources.map((s) => s.key)), problems);

  checkDate(profile.reviewed, 'reviewed', problems);
  uniqueKeys(profile.periods, 'periods', 'period', problems);
  profile.periods.forEach((period, p) => {
    const path = `periods.${p}`;
    checkDate(period.reviewed, `${path}.reviewed`, problems);
    const from = checkDate(period.validFrom, `${path}.validFrom`, problems);
    const to = checkDate(period.validTo, `${path}.validTo`, problems);
    if (from && to && to.latest < from.earliest)
      problems.push({
        path: `${path}.validTo`,
        message: `ends (${to.text}) before it starts (${from.text})`,
        code: 'INVALID',
      });
    checkCoverage(period, path, problems);
    uniqueKeys(period.levels, `${path}.levels`, 'level', problems);
    uniqueKeys(period.connections, `${path}.connections`, 'connection', problems);
    const bodyKeys = new Map<string, string>();
    const responsibilityKeys = new Map<string, string>();
    (period.levels ?? []).forEach((level, l) => {
      const levelPath = `${path}.levels.${l}`;
      checker.check(level, levelPath);
      checkExtent(level.extent, levelPath, problems);
      if (level.absent && level.bodies?.length)
        problems.push({ path: `${levelPath}.bodies`, message: 'an absent tier has no bodies', code: 'INVALID' });
      (level.bodies ?? []).forEach((body, b) => {
        const bodyPath = `${levelPath}.bodies.${b}`;
        checker.check(body, bodyPath);
        checkExtent(body.extent, bodyPath, problems);
        if (bodyKeys.has(body.key))
          problems.push({
            path: `${bodyPath}.key`,
            message: `duplicate body key "${body.key}" in this period (also at ${bodyKeys.get(body.key)})`,
            code: 'INVALID',
          });
        else bodyKeys.set(body.key, bodyPath);
        (body.responsibilities ?? []).forEach((r, i) => {
          const rPath = `${bodyPath}.responsibilities.${i}`;
          checker.check(r, rPath);
          checkExtent(r.extent, rPath, problems);
          if (responsibilityKeys.has(r.key))
            problems.push({
              path: `${rPath}.key`,
              message: `duplicate responsibility key "${r.key}" in this period (also at ${responsibilityKeys.get(r.key)})`,
              code: 'INVALID',
            });
          else responsibilityKeys.set(r.key, rPath);
          if (!SERVICE_AREA_KEYS.has(r.serviceArea))
            problems.push({
              path: `${rPath}.serviceArea`,
              message: `unknown service area "${r.serviceArea}"`,
              code: 'INVALID',
            });
        });
      });
    });
    (period.connections ?? []).forEach((conn, i) => {
      const cPath = `${path}.connections.${i}`;
      checker.check(conn, cPath);
      checkExtent(conn.extent, cPath, problems);
      const between = conn.between ?? [];
      between.forEach((area, a) => {
        if (!SERVICE_AREA_KEYS.has(area))
          problems.push({ path: `${cPath}.between.${a}`, message: `unknown service area "${area}"`, code: 'INVALID' });
      });
      if (between[0] !== undefined && between[0] === between[1])
        problems.push({
          path: `${cPath}.between`,
          message: 'a connection joins two different service areas',
          code: 'INVALID',
        });
      if (conn.mechanisms?.includes('NONE') && conn.mechanisms.length > 1)
        problems.push({
          path: `${cPath}.mechanisms`,
          message: 'NONE cannot be combined with other mechanisms',
          code: 'INVALID',
        });
    });
  });
  uniqueKeys(profile.timeline, 'timeline', 'event', problems);
  (profile.timeline ?? []).forEach((event, i) => {
    checker.check(event, `timeline.${i}`);
    checkDate(event.date, `timeline.${i}.date`, problems);
  });
  uniqueKeys(profile.lessons, 'lessons', 'lesson', problems);
  // flatMap, not map: a misshapen source left out is a hole, which a Map cannot be made from.
  const sourcesByKey = new Map(profile.sources.flatMap((s) => [[s.key, s] as const]));
  (profile.lessons ?? []).forEach((lesson, i) => {
    checker.check(lesson, `lessons.${i}`);
    checkRubric(lesson, `lessons.${i}`, sourcesByKey, problems);
    if (!THEME_KEYS.has(lesson.theme))
      problems.push({ path: `lessons.${i}.theme`, message: `unknown lesson theme "${lesson.theme}"`, code: 'INVALID' });
  });
  checkSources(profile.sources, checker, problems);
}

/** Validates the study record completely, shape and meaning at once. */
export function validateStudy(doc: unknown): ValidationResult<StudyDoc> {
  return checked(validateStudyShape, doc, checkStudyMeaning);
}

/** The meaning of the study record: unique keys, references to strands and sources, dates. */
function checkStudyMeaning(study: StudyDoc, problems: Problem[]) {
  study.sources ??= [];
  study.strands ??= [];
  const checker = new ClaimChecker(new Set(study.sources.map((s) => s.key)), problems);
  const strandKeys = new Set(study.strands.map((s) => s.key));
  uniqueKeys(study.strands, 'strands', 'strand', problems);
  uniqueKeys(study.reports, 'reports', 'report', problems);
  uniqueKeys(study.findings, 'findings', 'finding', problems);
  study.strands.forEach((s, i) => checker.check(s, `strands.${i}`));
  (study.reports ?? []).forEach((r, i) => {
    checker.check(r, `reports.${i}`);
    checkDate(r.published, `reports.${i}.published`, problems);
    if (r.strand && !strandKeys.has(r.strand))
      problems.push({ path: `reports.${i}.strand`, message: `unknown strand "${r.strand}"`, code: 'INVALID' });
  });
  (study.findings ?? []).forEach((f, i) => {
    checker.check(f, `findings.${i}`);
    if (f.strand && !strandKeys.has(f.strand))
      problems.push({ path: `findings.${i}.strand`, message: `unknown strand "${f.strand}"`, code: 'INVALID' });
  });
  checkSources(study.sources, checker, problems);
}

/** Which kind of document this is, by its `format` field. */
export function documentKind(doc: unknown): 'case' | 'study' | undefined {
  const format = (doc as { format?: unknown } | null)?.format;
  return format === CASE_PROFILE_FORMAT ? 'case' : format === STUDY_FORMAT ? 'study' : undefined;
}
