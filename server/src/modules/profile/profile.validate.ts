import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { limits } from '../../common/limits.js';
import { parsePartialDate } from '../../common/partial-date.js';
import { LESSON_THEMES, SERVICE_AREAS } from '../vocabulary/vocabulary.data.js';
import { caseProfileJsonSchema, studyJsonSchema } from './profile.schema.js';
import { citeParts, CASE_PROFILE_FORMAT, STUDY_FORMAT, type CaseProfileDoc, type ClaimDoc, type SourceDoc, type StudyDoc } from './profile.document.js';

/** One problem with a document: the dotted path of the field and what is wrong. */
export interface Problem {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; doc: T } | { ok: false; problems: Problem[] };

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateCaseShape: ValidateFunction = ajv.compile(caseProfileJsonSchema);
const validateStudyShape: ValidateFunction = ajv.compile(studyJsonSchema);

const SERVICE_AREA_KEYS = new Set<string>(SERVICE_AREAS.map(([key]) => key));
const THEME_KEYS = new Set<string>(LESSON_THEMES.map(([key]) => key));

const join = (...parts: (string | number)[]) => parts.filter((p) => p !== '').join('.');
const isDateField = (path: string) => /date|validFrom|validTo|accessed|published/.test(path.split('.').pop() ?? '');
const DATE_MESSAGE = 'must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)';

/** Turns a JSON Schema error into a sentence for the author, with the field path. */
function describe(error: ErrorObject): Problem {
  const base = error.instancePath.split('/').filter(Boolean).join('.');
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: join(base, String(p.additionalProperty)), message: `unknown field "${String(p.additionalProperty)}"` };
    case 'required':
      return { path: join(base, String(p.missingProperty)), message: 'is required' };
    case 'enum':
      return { path: base, message: `must be one of ${(p.allowedValues as string[]).join(', ')}` };
    case 'const':
      return { path: base, message: `must be "${String(p.allowedValue)}"` };
    case 'type':
      // An unquoted year is a number in YAML: say how to write it rather than "must be a string".
      if (p.type === 'string' && isDateField(base)) return { path: base, message: DATE_MESSAGE };
      return { path: base, message: `must be ${p.type === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(String(p.type)) ? 'n' : ''} ${String(p.type)}`}` };
    case 'minItems':
      if (base.endsWith('.cite') || base === 'cite') return { path: base, message: UNSOURCED };
      return { path: base, message: `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
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

/** Structural errors, minus the noise of `oneOf` branches for citations. */
function shapeProblems(validate: ValidateFunction, doc: unknown): Problem[] {
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const citeErrors = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const problems: Problem[] = [];
  for (const error of errors) {
    const inCite = [...citeErrors].some((path) => error.instancePath.startsWith(path) && error.keyword !== 'oneOf');
    if (inCite) continue;
    if (error.keyword === 'oneOf') {
      problems.push({ path: error.instancePath.split('/').filter(Boolean).join('.'), message: 'must be a source key, or { source, locator }' });
      continue;
    }
    problems.push(describe(error));
  }
  return problems;
}

/** Checks keys are unique in a list, reporting each repeat at its position. */
function uniqueKeys(items: { key: string }[] | undefined, path: string, what: string, problems: Problem[]) {
  const seen = new Map<string, number>();
  (items ?? []).forEach((item, i) => {
    const first = seen.get(item.key);
    if (first !== undefined) problems.push({ path: `${path}.${i}.key`, message: `duplicate ${what} key "${item.key}" (also at ${path}.${first})` });
    else seen.set(item.key, i);
  });
}

function checkDate(value: string | undefined, path: string, problems: Problem[]) {
  if (value === undefined) return undefined;
  const parsed = parsePartialDate(value);
  if (typeof parsed === 'string') {
    problems.push({ path, message: parsed });
    return undefined;
  }
  return parsed;
}

/** Cross-reference and meaning checks shared by cases and the study. */
class ClaimChecker {
  readonly cited = new Set<string>();

  constructor(
    private readonly sourceKeys: Set<string>,
    private readonly problems: Problem[],
  ) {}

  check(claim: ClaimDoc, path: string) {
    claim.cite.forEach((cite, i) => {
      const { source } = citeParts(cite);
      this.cited.add(source);
      if (!this.sourceKeys.has(source)) this.problems.push({ path: `${path}.cite.${i}`, message: `unknown source "${source}": add it to sources` });
    });
    if (claim.uncertain && !claim.note) this.problems.push({ path: `${path}.note`, message: 'an uncertain claim needs a note saying why' });
    if (claim.note && !claim.uncertain) this.problems.push({ path: `${path}.uncertain`, message: 'a note explains an uncertain claim: set uncertain: true, or remove the note' });
  }
}

function checkSources(sources: SourceDoc[], checker: ClaimChecker, problems: Problem[]) {
  uniqueKeys(sources, 'sources', 'source', problems);
  const urls = new Map<string, number>();
  sources.forEach((s, i) => {
    const first = urls.get(s.url);
    if (first !== undefined) problems.push({ path: `sources.${i}.url`, message: `the same URL as sources.${first}: cite that source instead` });
    else urls.set(s.url, i);
    // Sources are found by URL through an index, whose entries are limited in bytes, not characters.
    if (Buffer.byteLength(s.url) > limits.url.max) problems.push({ path: `sources.${i}.url`, message: `is longer than the limit of ${limits.url.max} bytes (characters outside ASCII take 2 to 4)` });
    checkDate(s.date, `sources.${i}.date`, problems);
    checkDate(s.accessed, `sources.${i}.accessed`, problems);
    if (!checker.cited.has(s.key)) problems.push({ path: `sources.${i}`, message: `source "${s.key}" ${UNCITED}` });
  });
}

/** Validates a case profile completely; every problem is reported, none is fixed. */
/** The publishing rules a draft may break while it is being written: unsourced claims, uncited sources. */
export const UNSOURCED = 'a claim needs at least one source';
const UNCITED = 'is not cited by any claim';
export const isPublishGateProblem = (p: Problem) => p.message === UNSOURCED || p.message.endsWith(UNCITED);

/** Validates a draft: every rule of publishing except the publish gate (claims may lack sources yet). */
export function validateDraftProfile(doc: unknown): ValidationResult<CaseProfileDoc> {
  const result = validateCaseProfile(doc);
  if (result.ok) return result;
  const problems = result.problems.filter((p) => !isPublishGateProblem(p));
  return problems.length ? { ok: false, problems } : { ok: true, doc: doc as CaseProfileDoc };
}

export function validateCaseProfile(doc: unknown): ValidationResult<CaseProfileDoc> {
  const problems = shapeProblems(validateCaseShape, doc);
  // An empty citation list is the only shape fault the meaning checks can still run past.
  if (problems.some((p) => !isPublishGateProblem(p))) return { ok: false, problems };
  const profile = doc as CaseProfileDoc;
  const checker = new ClaimChecker(new Set(profile.sources.map((s) => s.key)), problems);

  uniqueKeys(profile.periods, 'periods', 'period', problems);
  profile.periods.forEach((period, p) => {
    const path = `periods.${p}`;
    const from = checkDate(period.validFrom, `${path}.validFrom`, problems);
    const to = checkDate(period.validTo, `${path}.validTo`, problems);
    if (from && to && to.latest < from.earliest) problems.push({ path: `${path}.validTo`, message: `ends (${to.text}) before it starts (${from.text})` });
    uniqueKeys(period.levels, `${path}.levels`, 'level', problems);
    uniqueKeys(period.connections, `${path}.connections`, 'connection', problems);
    const bodyKeys = new Map<string, string>();
    const responsibilityKeys = new Map<string, string>();
    (period.levels ?? []).forEach((level, l) => {
      const levelPath = `${path}.levels.${l}`;
      checker.check(level, levelPath);
      if (level.absent && level.bodies?.length) problems.push({ path: `${levelPath}.bodies`, message: 'an absent tier has no bodies' });
      (level.bodies ?? []).forEach((body, b) => {
        const bodyPath = `${levelPath}.bodies.${b}`;
        checker.check(body, bodyPath);
        if (bodyKeys.has(body.key)) problems.push({ path: `${bodyPath}.key`, message: `duplicate body key "${body.key}" in this period (also at ${bodyKeys.get(body.key)})` });
        else bodyKeys.set(body.key, bodyPath);
        (body.responsibilities ?? []).forEach((r, i) => {
          const rPath = `${bodyPath}.responsibilities.${i}`;
          checker.check(r, rPath);
          if (responsibilityKeys.has(r.key)) problems.push({ path: `${rPath}.key`, message: `duplicate responsibility key "${r.key}" in this period (also at ${responsibilityKeys.get(r.key)})` });
          else responsibilityKeys.set(r.key, rPath);
          if (!SERVICE_AREA_KEYS.has(r.serviceArea)) problems.push({ path: `${rPath}.serviceArea`, message: `unknown service area "${r.serviceArea}"` });
        });
      });
    });
    (period.connections ?? []).forEach((conn, i) => {
      const cPath = `${path}.connections.${i}`;
      checker.check(conn, cPath);
      conn.between.forEach((area, a) => {
        if (!SERVICE_AREA_KEYS.has(area)) problems.push({ path: `${cPath}.between.${a}`, message: `unknown service area "${area}"` });
      });
      if (conn.between[0] === conn.between[1]) problems.push({ path: `${cPath}.between`, message: 'a connection joins two different service areas' });
      if (conn.mechanisms.includes('NONE') && conn.mechanisms.length > 1) problems.push({ path: `${cPath}.mechanisms`, message: 'NONE cannot be combined with other mechanisms' });
    });
  });
  uniqueKeys(profile.timeline, 'timeline', 'event', problems);
  (profile.timeline ?? []).forEach((event, i) => {
    checker.check(event, `timeline.${i}`);
    checkDate(event.date, `timeline.${i}.date`, problems);
  });
  uniqueKeys(profile.lessons, 'lessons', 'lesson', problems);
  (profile.lessons ?? []).forEach((lesson, i) => {
    checker.check(lesson, `lessons.${i}`);
    if (!THEME_KEYS.has(lesson.theme)) problems.push({ path: `lessons.${i}.theme`, message: `unknown lesson theme "${lesson.theme}"` });
  });
  checkSources(profile.sources, checker, problems);
  return problems.length ? { ok: false, problems } : { ok: true, doc: profile };
}

/** Validates the study record completely. */
export function validateStudy(doc: unknown): ValidationResult<StudyDoc> {
  const problems = shapeProblems(validateStudyShape, doc);
  if (problems.length) return { ok: false, problems };
  const study = doc as StudyDoc;
  const checker = new ClaimChecker(new Set(study.sources.map((s) => s.key)), problems);
  const strandKeys = new Set(study.strands.map((s) => s.key));
  uniqueKeys(study.strands, 'strands', 'strand', problems);
  uniqueKeys(study.reports, 'reports', 'report', problems);
  uniqueKeys(study.findings, 'findings', 'finding', problems);
  study.strands.forEach((s, i) => checker.check(s, `strands.${i}`));
  (study.reports ?? []).forEach((r, i) => {
    checker.check(r, `reports.${i}`);
    checkDate(r.published, `reports.${i}.published`, problems);
    if (r.strand && !strandKeys.has(r.strand)) problems.push({ path: `reports.${i}.strand`, message: `unknown strand "${r.strand}"` });
  });
  (study.findings ?? []).forEach((f, i) => {
    checker.check(f, `findings.${i}`);
    if (f.strand && !strandKeys.has(f.strand)) problems.push({ path: `findings.${i}.strand`, message: `unknown strand "${f.strand}"` });
  });
  checkSources(study.sources, checker, problems);
  return problems.length ? { ok: false, problems } : { ok: true, doc: study };
}

/** Which kind of document this is, by its `format` field. */
export function documentKind(doc: unknown): 'case' | 'study' | undefined {
  const format = (doc as { format?: unknown } | null)?.format;
  return format === CASE_PROFILE_FORMAT ? 'case' : format === STUDY_FORMAT ? 'study' : undefined;
}
