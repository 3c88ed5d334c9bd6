import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { coverageDoc, periodCoverage } from './coverage.js';
import type { CaseProfileDoc, ClaimDoc, CiteDoc, ExtentDoc, StudyDoc } from './document.js';
import type { Problem } from './problems.js';

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

/**
 * Parses YAML or JSON text. Syntax errors, duplicate keys and YAML features the format does not
 * use (anchors, tags) are problems with a line number.
 */
export function parseDocumentText(text: string, fileName: string): { value?: unknown; problems: Problem[] } {
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
  const problems: Problem[] = [...document.errors, ...document.warnings].map((e) => {
    const at = e.pos ? lineCounter.linePos(e.pos[0]) : undefined;
    return { path: at ? `line ${at.line}` : '(file)', message: e.message.split('\n')[0]!, code: 'SYNTAX' as const };
  });
  if (problems.length) return { problems };
  let anchored = false;
  visit(document, {
    Node(_, node) {
      if ((isMap(node) || isSeq(node) || isScalar(node)) && (node.anchor || node.tag)) anchored = true;
    },
    Alias() {
      anchored = true;
    },
  });
  if (anchored)
    return {
      problems: [
        { path: '(file)', message: 'YAML anchors, aliases and tags are not part of the format', code: 'SYNTAX' },
      ],
    };
  return { value: document.toJS(), problems: [] };
}
