import { Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { coverageDoc, periodCoverage } from './coverage.js';
import { pathInWords } from './diff-words.js';
import type { CaseProfileDoc, ClaimDoc, CiteDoc, ExtentDoc, StudyDoc } from './document.js';
import { inFileOrder, type Problem } from './problems.js';

/**
 * The canonical form of the documents: fields in a fixed order, empty optional fields left out,
 * citations without a locator written as the bare key. Exports always write it, so a file in
 * canonical form survives import and export byte for byte (an export for editing adds `exportedFrom`).
 */
type Plain = Record<string, unknown>;

/** Whether a file name asks for JSON (`.json`, in any case); every other name is YAML. */
const isJsonName = (fileName: string) => /\.json$/i.test(fileName);

/** Copies the named fields in order, leaving out undefined, null, false flags and empty lists. */
function pick(source: object, fields: string[], keepFalse: string[] = []): Plain {
  const out: Plain = {};
  for (const field of fields) {
    const value = (source as Plain)[field];
    if (value === undefined || value === null) continue;
    if (value === false && !keepFalse.includes(field)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[field] = value;
  }
  return out;
}

const canonicalCite = (cite: CiteDoc): CiteDoc =>
  typeof cite === 'string' ? cite : cite.locator ? { source: cite.source, locator: cite.locator } : cite.source;
const claimTail = (claim: ClaimDoc) =>
  pick(
    { cite: claim.cite.map(canonicalCite), uncertain: claim.uncertain, note: claim.note, editorNote: claim.editorNote },
    ['cite', 'uncertain', 'note', 'editorNote'],
  );
const sourceOf = (s: object) =>
  pick(s, ['key', 'url', 'title', 'publisher', 'date', 'accessed', 'standing', 'editorNote']);
const notModelledOf = (n: object) => pick(n, ['url', 'reason']);
/** Where a claim holds, in canonical order, when it says. */
const extentOf = (extent: ExtentDoc | undefined) =>
  extent && {
    ...pick(extent, ['count', 'of', 'unit', 'asOf']),
    ...pick({ areas: extent.areas?.map((a) => pick(a, ['name', 'from', 'until'])) }, ['areas']),
    ...pick(extent, ['description']),
  };

/** A case profile in canonical field order. */
export function canonicalCaseProfile(doc: CaseProfileDoc): Plain {
  const canonical = pick(
    {
      ...doc,
      exportedFrom: doc.exportedFrom && pick(doc.exportedFrom, ['revision', 'digest']),
      notModelled: doc.notModelled?.map(notModelledOf),
      periods: doc.periods.map((p) =>
        pick(
          {
            ...p,
            // Written in full, partial included, so that a file says what each period covers.
            coverage: coverageDoc(periodCoverage(p)),
            levels: p.levels?.map((l) => ({
              ...pick({ ...l, extent: extentOf(l.extent) }, [
                'key',
                'tier',
                'name',
                'unitCount',
                'absent',
                'description',
                'extent',
              ]),
              ...claimTail(l),
              ...pick(
                {
                  bodies: l.bodies?.map((b) => ({
                    ...pick({ ...b, extent: extentOf(b.extent) }, ['key', 'name', 'type', 'description', 'extent']),
                    ...claimTail(b),
                    ...pick(
                      {
                        responsibilities: b.responsibilities?.map((r) => ({
                          ...pick({ ...r, extent: extentOf(r.extent) }, [
                            'key',
                            'function',
                            'serviceArea',
                            'description',
                            'extent',
                          ]),
                          ...claimTail(r),
                        })),
                      },
                      ['responsibilities'],
                    ),
                  })),
                },
                ['bodies'],
              ),
            })),
            connections: p.connections?.map((c) => ({
              ...pick({ ...c, extent: extentOf(c.extent) }, [
                'key',
                'between',
                'mechanisms',
                'tier',
                'description',
                'extent',
              ]),
              ...claimTail(c),
            })),
          },
          [
            'key',
            'label',
            'validFrom',
            'validTo',
            'description',
            'reviewed',
            'editorNote',
            'coverage',
            'levels',
            'connections',
          ],
        ),
      ),
      timeline: doc.timeline?.map((e) => ({ ...pick(e, ['key', 'date', 'title', 'description']), ...claimTail(e) })),
      lessons: doc.lessons?.map((l) => ({
        ...pick(l, ['key', 'theme', 'title', 'detail', 'evidenceStrength', 'transferability']),
        ...claimTail(l),
      })),
      sources: doc.sources.map(sourceOf),
    },
    [
      'format',
      'exportedFrom',
      'slug',
      'name',
      'kind',
      'jurisdiction',
      'baseline',
      'summary',
      'note',
      'reviewed',
      'editorNote',
      'notModelled',
      'periods',
      'timeline',
      'lessons',
      'sources',
    ],
    ['baseline'],
  );
  // `sources` is required even when empty (a case made in the app may cite none yet): written last, as always.
  canonical.sources ??= [];
  return canonical;
}

/**
 * A canonical document as readers may have it: every `editorNote` left out, wherever it is. Editor
 * notes are kept in the files and the drafts, never shown to readers.
 */
export function withoutEditorNotes(canonical: Plain): Plain {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([field]) => field !== 'editorNote')
              .map(([field, v]) => [field, strip(v)]),
          )
        : value;
  return strip(canonical) as Plain;
}

/** The study record in canonical field order. */
export function canonicalStudy(doc: StudyDoc): Plain {
  return pick(
    {
      ...doc,
      notModelled: doc.notModelled?.map(notModelledOf),
      strands: doc.strands.map((s) => ({
        ...pick(s, ['key', 'number', 'title', 'lead', 'description']),
        ...claimTail(s),
      })),
      reports: doc.reports?.map((r) => ({
        ...pick(r, ['key', 'strand', 'title', 'published', 'description']),
        ...claimTail(r),
      })),
      findings: doc.findings?.map((f) => ({ ...pick(f, ['key', 'strand', 'text']), ...claimTail(f) })),
      sources: doc.sources.map(sourceOf),
    },
    ['format', 'title', 'question', 'purpose', 'notModelled', 'strands', 'reports', 'findings', 'sources'],
  );
}

/** Lists of plain values that read best on one line. */
const FLOW_LISTS = new Set(['cite', 'between', 'mechanisms']);
/** Dates are always quoted, so that "2013" stays a string and every date looks alike. */
const DATE_FIELDS = new Set([
  'date',
  'validFrom',
  'validTo',
  'accessed',
  'published',
  'reviewed',
  'asOf',
  'from',
  'until',
]);

/** Serialises a canonical document as YAML: 2-space indent, no line folding, short lists inline. */
export function toYaml(canonical: Plain): string {
  const document = new Document(canonical);
  visit(document, {
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        FLOW_LISTS.has(String(pair.key.value)) &&
        isSeq(pair.value) &&
        pair.value.items.every((item) => isScalar(item))
      ) {
        pair.value.flow = true;
      }
      if (isScalar(pair.key) && DATE_FIELDS.has(String(pair.key.value)) && isScalar(pair.value)) {
        pair.value.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return document.toString({
    indent: 2,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: false,
  });
}

/** Serialises a canonical document as JSON, two-space indented, with a final newline. */
export function toJson(canonical: Plain): string {
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** Serialises in the format a file name asks for (.json, otherwise YAML). */
export function serialise(canonical: Plain, fileName: string): string {
  return isJsonName(fileName) ? toJson(canonical) : toYaml(canonical);
}

/** A place in a file: 1-based line and column. */
export interface TextPosition {
  line: number;
  column: number;
}

/** A file's text, read as far as it can be. */
export interface ParsedText {
  /**
   * What the text holds, read past the syntax problems the YAML parser recovers from; undefined
   * when the syntax problems leave no map of fields to check.
   */
  value?: unknown;
  /** Syntax problems and YAML features the format does not use, each with its place in the file. */
  problems: Problem[];
  /**
   * Where the node a document path names (`periods.1.levels.0.name`) is in the file: a field's
   * value, or its key when the value is empty or starts on a later line (a block list or map); a
   * list's item; for a field that is missing, the map that should hold it.
   */
  positionOf: (path: string) => TextPosition | undefined;
}

/** The items of a map or list (by key or index), if the node is one. */
const childOf = (node: unknown, step: string): { key?: Node; node: unknown } | undefined => {
  if (isSeq(node)) return /^\d+$/.test(step) ? { node: node.items[Number(step)] } : undefined;
  if (!isMap(node)) return undefined;
  // With a key twice (itself a problem), the value read is the last one's, so that is the one meant.
  const pair = node.items.findLast((p) => isScalar(p.key) && String(p.key.value) === step);
  return pair && { key: pair.key as Node, node: pair.value };
};

const startOf = (node: unknown): number | undefined => (isNode(node) ? node.range?.[0] : undefined);

/**
 * The dotted path of the deepest field or item that starts before `offset` and holds it: where in
 * the document a syntax problem is. The empty path when it is outside every field.
 */
function pathAt(document: Document.Parsed, offset: number): string {
  const path: string[] = [];
  let node: unknown = document.contents;
  while (isMap(node) || isSeq(node)) {
    if (offset > (node.range?.[2] ?? Infinity)) break;
    const items: { step: string; start?: number; node: unknown }[] = isMap(node)
      ? node.items.map((p) => ({
          step: isScalar(p.key) ? String(p.key.value) : '',
          start: startOf(p.key),
          node: p.value,
        }))
      : node.items.map((item, i) => ({ step: String(i), start: startOf(item), node: item }));
    const holding = items.findLast((item) => item.start !== undefined && item.start < offset);
    if (!holding?.step) break;
    path.push(holding.step);
    node = holding.node;
  }
  return path.join('.');
}

/**
 * Parses YAML or JSON text as far as it can be read. Syntax errors, duplicate keys and YAML
 * features the format does not use (anchors, tags) are problems with their place in the file;
 * the value read past them is still returned for validation, unless nothing like a document is left.
 */
export function parseDocumentText(text: string, fileName: string): ParsedText {
  // JSON is read by the YAML parser too (JSON is YAML), so duplicate keys are refused with a line.
  const json = isJsonName(fileName);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    merge: false,
    ...(json ? { schema: 'json' as const } : {}),
  });
  const place = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problemAt = (offset: number, message: string): Problem => ({
    path: pathAt(document, offset) || '(file)',
    message,
    code: 'SYNTAX',
    ...place(offset),
  });
  const problems = [...document.errors, ...document.warnings].map((e) =>
    problemAt(e.pos[0], e.message.split('\n')[0]!),
  );
  visit(document, {
    Node(_, node) {
      if (node.anchor || node.tag || isAlias(node))
        problems.push(
          problemAt(
            node.range?.[0] ?? 0,
            'YAML anchors, aliases and tags are not part of the format: write the value out',
          ),
        );
    },
  });
  const positionOf = (path: string): TextPosition | undefined => {
    let node: unknown = document.contents;
    let at = startOf(node);
    for (const step of path ? path.split('.') : []) {
      const child = childOf(node, step);
      // A missing field (or an item past the end): the map or list that should hold it.
      if (!child) {
        at = startOf(node) ?? at;
        break;
      }
      // A key without even an empty value (`{ name }` in a flow map): the key.
      if (!isNode(child.node)) {
        at = startOf(child.key) ?? startOf(node) ?? at;
        break;
      }
      const value = child.node;
      const keyAt = startOf(child.key);
      const valueAt = startOf(value)!;
      const sameLine = keyAt === undefined || place(keyAt).line === place(valueAt).line;
      const empty = isScalar(value) && value.range?.[0] === value.range?.[1];
      at = keyAt !== undefined && (empty || !sameLine) ? keyAt : valueAt;
      node = value;
    }
    return at === undefined ? undefined : place(at);
  };
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // An alias to no anchor, or aliases that multiply beyond the parser's limit.
    problems.push({ path: '(file)', message: (error as Error).message, code: 'SYNTAX' });
  }
  const readable = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (problems.length && !readable) {
    problems.push({
      path: '(file)',
      message: 'cannot be read as a document until the syntax problems are fixed, so nothing else in it was checked',
      code: 'SYNTAX',
    });
    return { problems, positionOf };
  }
  return { value, problems, positionOf };
}

/** The value at a dotted document path; undefined where there is none. */
const valueAt = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, step) => (typeof v === 'object' && v !== null ? (v as Plain)[step] : undefined), value);

/** Whether a map with the field `key` is anywhere inside `value`. */
const holdsField = (value: unknown, key: string): boolean =>
  typeof value === 'object' &&
  value !== null &&
  ((!Array.isArray(value) && Object.hasOwn(value, key)) || Object.values(value).some((v) => holdsField(v, key)));

/**
 * Every problem of a file in the order of the file: its syntax problems and those found in its
 * value, each placed by its path and with its field in words. A field with a syntax problem is not
 * reported again for the value read from it, nor is a field reported missing that a syntax problem
 * beside it swallowed (`title: a: b` reads the lines after it into the title).
 */
export function problemsInFile(parsed: ParsedText, found: Problem[]): Problem[] {
  const syntaxAt = new Set(parsed.problems.map((p) => p.path).filter((p) => p !== '(file)'));
  const swallowed = (p: Problem) => {
    if (valueAt(parsed.value, p.path) !== undefined) return false;
    const steps = p.path.split('.');
    const field = steps.pop()!;
    const holder = steps.join('.');
    return [...syntaxAt].some((at) => {
      const rest = holder ? (at.startsWith(`${holder}.`) ? at.slice(holder.length + 1) : '') : at;
      return rest !== '' && holdsField(valueAt(parsed.value, [holder, rest.split('.')[0]!].join('.')), field);
    });
  };
  const placed = found
    .filter((p) => !syntaxAt.has(p.path) && !swallowed(p))
    .map((p) => (p.line === undefined ? { ...p, ...parsed.positionOf(p.path) } : p));
  return inFileOrder(
    [...parsed.problems, ...placed].map((p) => {
      const label = p.label ?? pathInWords(p.path, parsed.value);
      return label ? { ...p, label } : p;
    }),
  );
}
