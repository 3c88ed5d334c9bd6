import { createHash } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import {
  BODY_TYPE_LABELS,
  MAX_CASES,
  MIN_CASES,
  STRENGTH_LABELS,
  TIER_LABELS,
  formatSelector,
  parseSelectorList,
  words,
  type BodyType,
  type EvidenceStrength,
  type Selector,
  type Tier,
} from '@casebook/schema';
import { ErrorCode } from '../../common/errors.js';
import { STOPPED_STATUS } from '../../common/request-guard.js';
import type { Context } from '../context.js';

/** The comparison as exports carry it: the GraphQL answer, so the JSON export mirrors the API. */
export const COMPARISON_EXPORT_QUERY = `query ComparisonExport($cases: [CaseSelector!]!) {
  comparison(cases: $cases) {
    baselineIndex
    cases { index selector asOf baseline caseStudy { slug name edition } period { key label } }
    sections {
      kind title
      rows {
        key label withData verdict verdictText basis differFromBaseline
        cells {
          caseIndex status value valueText uncertain versusBaseline
          items {
            key label detail tier bodyType evidenceStrength transferability extent { text } uncertain uncertaintyNote
            citations { locator source { url title publisher standing } }
            parts {
              key label detail tier bodyType extent { text } uncertain uncertaintyNote
              citations { locator source { url title publisher standing } }
            }
          }
        }
      }
    }
    timeline {
      caseIndex
      event { key title date { text } uncertain uncertaintyNote citations { locator source { url title publisher standing } } }
    }
    commonApproaches { section rowKey rowLabel value sharedBy differ noData sentence }
  }
}`;

interface SourceJson {
  url: string;
  title: string;
  publisher: string | null;
  standing: string;
}
interface CitationJson {
  locator: string | null;
  source: SourceJson;
}
interface ItemJson {
  key: string;
  label: string;
  detail?: string | null;
  extent?: { text: string } | null;
  tier?: Tier | null;
  bodyType?: BodyType | null;
  evidenceStrength?: EvidenceStrength | null;
  transferability?: string | null;
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: CitationJson[];
  parts?: ItemJson[];
}
interface CellJson {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  valueText: string;
  items: ItemJson[];
}
interface RowJson {
  key: string;
  label: string;
  verdict: 'SAME' | 'DIFFERENT' | 'NOT_JUDGED';
  verdictText: string;
  basis: string;
  cells: CellJson[];
}
interface SectionJson {
  kind: string;
  title: string;
  rows: RowJson[];
}
interface CommonApproachJson {
  section: string;
  rowKey: string;
  sentence: string;
}
export interface ComparisonJson {
  cases: {
    index: number;
    selector: string;
    baseline: boolean;
    caseStudy: { slug: string; name: string };
    period: { label: string };
  }[];
  sections: SectionJson[];
  timeline: {
    caseIndex: number;
    event: {
      title: string;
      date: { text: string };
      uncertain: boolean;
      uncertaintyNote?: string | null;
      citations: CitationJson[];
    };
  }[];
  commonApproaches: CommonApproachJson[];
}

/**
 * The sections an export can hold, as `?section=` names them: the comparison's sections (its
 * `ComparisonSectionKind` in lower case, `-` for `_`) and the timeline.
 */
export const EXPORT_SECTIONS = [
  'governance',
  'responsibilities',
  'shared-organisations',
  'connections',
  'lessons',
  'timeline',
] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];
export type ComparisonFormat = 'csv' | 'md' | 'json';

/** What the view an export is downloaded from shows: which sections, and whether only the rows that differ. */
export interface ExportChoice {
  sections: readonly ExportSection[];
  /** `?only=differences`, as on the Compare page: only rows whose verdict is DIFFERENT. */
  differencesOnly: boolean;
}

/** Everything, as an export without `section` or `only` holds. */
export const WHOLE_COMPARISON: ExportChoice = { sections: EXPORT_SECTIONS, differencesOnly: false };

/** The parameters a comparison export takes; any other is refused, so a misspelt one is not silently ignored. */
const EXPORT_PARAMETERS = ['cases', 'section', 'only'];

/** `SHARED_ORGANISATIONS` → `shared-organisations`. */
const sectionName = (kind: string) => kind.toLowerCase().replace(/_/g, '-');

export interface ExportResult {
  status: number;
  contentType: string;
  body: string;
  etag?: string;
}

const plain = (status: number, message: string): ExportResult => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${message}\n`,
});

/** The verdict in a word or two: "Same", "Differs", "Not judged". */
export const VERDICT_WORDS: Record<RowJson['verdict'], string> = {
  SAME: 'Same',
  DIFFERENT: 'Differs',
  NOT_JUDGED: 'Not judged',
};

/**
 * The part of a comparison the chosen view shows: the sections asked for, in the engine's order;
 * with `differencesOnly`, only the rows whose verdict is DIFFERENT (so no lesson row, lessons being
 * never judged); the timeline when asked for; and the common approaches whose row is shown.
 */
export function chosenView<T extends ComparisonJson>(comparison: T, choice: ExportChoice): T {
  const sections = comparison.sections
    .filter((s) => choice.sections.includes(sectionName(s.kind) as ExportSection))
    .map((s) => ({ ...s, rows: choice.differencesOnly ? s.rows.filter((r) => r.verdict === 'DIFFERENT') : s.rows }));
  const shown = new Set(sections.flatMap((s) => s.rows.map((r) => `${s.kind}|${r.key}`)));
  return {
    ...comparison,
    sections,
    timeline: choice.sections.includes('timeline') ? comparison.timeline : [],
    commonApproaches: comparison.commonApproaches.filter((a) => shown.has(`${a.section}|${a.rowKey}`)),
  };
}

/** The data's words on one line: a cell lists one item, source or note a line. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** "(regional tier, provider)", "(evidence: moderate)": what an item is, in words. */
function qualifiers(item: ItemJson, parentTier: Tier | null | undefined): string[] {
  return [
    item.tier && item.tier !== parentTier ? `${TIER_LABELS[item.tier].toLowerCase()} tier` : null,
    item.bodyType ? BODY_TYPE_LABELS[item.bodyType].toLowerCase() : null,
    item.evidenceStrength ? `evidence: ${STRENGTH_LABELS[item.evidenceStrength].toLowerCase()}` : null,
  ].filter((q): q is string => q !== null);
}

/** An item and the items within it (bodies at a level), in reading order. */
const withParts = (item: ItemJson): ItemJson[] => [item, ...(item.parts ?? [])];

/**
 * What a cell holds, one line an item: its name, tier and kind, and its description (what a body
 * or a holder does there); a lesson with its evidence and transferability; bodies at a level in
 * brackets after it.
 */
function itemsText(cell: CellJson): string {
  const line = (item: ItemJson, parentTier?: Tier | null) => {
    const q = qualifiers(item, parentTier);
    return [
      oneLine(item.label),
      q.length ? ` (${q.join(', ')})` : '',
      item.detail ? `: ${oneLine(item.detail)}` : '',
      item.extent ? ` Where it holds: ${oneLine(item.extent.text)}` : '',
      item.transferability ? ` Transferability to Scotland: ${oneLine(item.transferability)}` : '',
    ].join('');
  };
  return cell.items
    .map((i) => `${line(i)}${i.parts?.length ? ` [${i.parts.map((p) => line(p, i.tier)).join('; ')}]` : ''}`)
    .join('\n');
}

/** The sources of a cell's items, one a line as "Title (locator) <URL>", each source and place once. */
function sourcesText(citations: CitationJson[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const c of citations) {
    const key = `${c.source.url} ${c.locator ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${oneLine(c.source.title)}${c.locator ? ` (${oneLine(c.locator)})` : ''} <${oneLine(c.source.url)}>`);
  }
  return lines.join('\n');
}

/** What is uncertain in a cell, one item a line: "Name: uncertain: why". */
function uncertaintyText(items: { label: string; uncertain: boolean; uncertaintyNote?: string | null }[]): string {
  return items
    .filter((i) => i.uncertain)
    .map((i) => `${oneLine(i.label)}: uncertain${i.uncertaintyNote ? `: ${oneLine(i.uncertaintyNote)}` : ''}`)
    .join('\n');
}

const cellCitations = (cell: CellJson) => cell.items.flatMap(withParts).flatMap((item) => item.citations);

const caseHeader = (c: ComparisonJson['cases'][number]) =>
  `${c.caseStudy.name}${c.baseline ? ' (baseline)' : ''}: ${c.period.label}`;

/**
 * What a spreadsheet may read as the start of a formula: OWASP's list (= + - @ tab, carriage
 * return), a line feed, and their full-width forms (＝ ＋ － ＠, which some spreadsheets take
 * as the ASCII ones), also behind leading white space (`\s` takes in no-break and ideographic
 * spaces), which a spreadsheet may drop before it reads the cell.
 */
const FORMULA_START = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** Whether a spreadsheet could read the text as a formula (the CSV export neutralises it). */
export const startsLikeFormula = (value: string): boolean => FORMULA_START.test(value);

/**
 * One CSV field. Text a spreadsheet could take for a formula gets a leading apostrophe, which
 * Excel, LibreOffice and Google Sheets show as text, and is quoted (OWASP's CSV injection advice).
 * Every cell is text here (labels, dates, names), so a leading minus is never a number to keep.
 */
function csvField(value: string): string {
  if (startsLikeFormula(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV's columns for each case: its value in words, what it holds, the sources, and what is uncertain. */
const CASE_COLUMNS = ['', ' — what it holds', ' — sources', ' — uncertain'];

/**
 * CSV for spreadsheets: UTF-8 with a byte order mark, CRLF lines, quoted where needed, and no cell
 * starting as a formula. A record per row: its section and label, the verdict in a word, in words
 * and what it was judged on, then four columns per case: the value in words, what it holds (name,
 * tier, kind and description of each item), the sources (title and URL, one a line) and what is
 * uncertain (one a line). The timeline follows, an event a record.
 */
export function toCsv(comparison: ComparisonJson, choice: ExportChoice = WHOLE_COMPARISON): string {
  const view = chosenView(comparison, choice);
  const lines: string[][] = [
    [
      'Section',
      'Row',
      'Verdict',
      'Verdict in words',
      'Compared on',
      ...view.cases.flatMap((c) => CASE_COLUMNS.map((suffix) => `${caseHeader(c)}${suffix}`)),
    ],
  ];
  for (const section of view.sections) {
    for (const row of section.rows)
      lines.push([
        section.title,
        row.label,
        VERDICT_WORDS[row.verdict],
        row.verdictText,
        row.basis,
        ...row.cells.flatMap((c) => [
          c.valueText,
          itemsText(c),
          sourcesText(cellCitations(c)),
          uncertaintyText(c.items.flatMap(withParts)),
        ]),
      ]);
  }
  for (const entry of view.timeline) {
    const { event } = entry;
    lines.push([
      'Timeline',
      entry.event.date.text,
      '',
      '',
      '',
      ...view.cases.flatMap((c) =>
        c.index === entry.caseIndex
          ? [
              `${event.title}${event.uncertain ? ' (uncertain)' : ''}`,
              '',
              sourcesText(event.citations),
              uncertaintyText([
                { label: event.title, uncertain: event.uncertain, uncertaintyNote: event.uncertaintyNote },
              ]),
            ]
          : ['', '', '', ''],
      ),
    ]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * Text from the data as Markdown shows it literally: every character that could start a tag, an
 * entity, a link or image, emphasis, code or a heading is backslash-escaped (CommonMark escapes any
 * ASCII punctuation), and line breaks become spaces, so nothing in a name becomes markup.
 */
const mdText = (text: string) => text.replace(/[\\`*_[\]<>#!|~&]/g, '\\$&').replace(/[\r\n]+/g, ' ');
const mdCell = mdText;

/**
 * A cell in a Markdown table: its value in words, then what it holds (each item with its tier, kind
 * and description, what is uncertain and why, and its numbered citations; bodies at a level in
 * brackets). The data's words are escaped; the brackets and citation numbers are the export's own.
 */
function cellMarkdown(cell: CellJson, cite: (c: CitationJson) => string): string {
  const one = (item: ItemJson, parentTier?: Tier | null) => {
    const q = qualifiers(item, parentTier);
    return [
      mdText(item.label),
      q.length ? ` (${q.join(', ')})` : '',
      item.detail ? `: ${mdText(item.detail)}` : '',
      item.extent ? ` Where it holds: ${mdText(item.extent.text)}` : '',
      item.transferability ? ` Transferability to Scotland: ${mdText(item.transferability)}` : '',
      item.uncertain ? ` (uncertain${item.uncertaintyNote ? `: ${mdText(item.uncertaintyNote)}` : ''})` : '',
      item.citations.map(cite).join(''),
    ].join('');
  };
  // The item's own citations first, so that Markdown numbers sources in reading order.
  const items = cell.items.map(
    (i) => `${one(i)}${i.parts?.length ? ` [${i.parts.map((p) => one(p, i.tier)).join('; ')}]` : ''}`,
  );
  return [mdText(cell.valueText), ...items].join(' — ');
}

/**
 * A source's address: an autolink when it is http(s) and could be one (no space, control character
 * or angle bracket); anything else (`javascript:`, `data:` …) is written as text, never as a link.
 */
function mdUrl(url: string): string {
  return /^https?:\/\/[^\s<>\x00-\x1f\x7f]+$/i.test(url) ? `<${url}>` : mdText(url);
}

/**
 * Markdown: what the cases have in common (as sentences), then a table per section with each row's
 * verdict in a word and in words (lessons have none: they are never judged) and what the section is
 * compared on, the timeline, and the sources, numbered in order of first citation.
 */
export function toMarkdown(comparison: ComparisonJson, choice: ExportChoice = WHOLE_COMPARISON): string {
  const view = chosenView(comparison, choice);
  const numbers = new Map<string, number>();
  const sources: SourceJson[] = [];
  const cite = (c: CitationJson) => {
    // By URL and details: two cases citing one URL with different details each keep their own.
    const key = JSON.stringify([c.source.url, c.source.title, c.source.publisher, c.source.standing]);
    let n = numbers.get(key);
    if (n === undefined) {
      n = sources.push(c.source);
      numbers.set(key, n);
    }
    return `[${n}${c.locator ? `, ${mdText(c.locator)}` : ''}]`;
  };
  const out: string[] = [`# Comparison: ${view.cases.map((c) => mdText(c.caseStudy.name)).join(', ')}`, ''];
  out.push(...view.cases.map((c) => `- ${mdText(c.selector)}: ${mdText(caseHeader(c))}`), '');
  if (choice.differencesOnly) out.push('Only the rows where the cases differ.', '');
  const judgedSections = view.sections.filter((s) => s.kind !== 'LESSONS');
  if (judgedSections.length) {
    out.push('## What they have in common', '');
    if (view.commonApproaches.length) out.push(...view.commonApproaches.map((a) => `- ${mdText(a.sentence)}`));
    else out.push('Nothing in the rows shown is shared by two or more of these cases.');
    out.push('');
  }
  const names = view.cases.map((c) => mdCell(c.caseStudy.name)).join(' | ');
  for (const section of view.sections) {
    const judged = section.kind !== 'LESSONS';
    const all = comparison.sections.find((s) => s.kind === section.kind)!;
    // Titles are the engine's own words today; escaped all the same, like every text shown here.
    out.push(`## ${mdText(section.title)}`, '');
    for (const basis of new Set(all.rows.map((r) => r.basis))) out.push(mdText(basis), '');
    if (section.rows.length === 0) {
      out.push(
        all.rows.length === 0
          ? 'Nothing is recorded in this section for these cases.'
          : judged
            ? 'No row differs between these cases.'
            : 'Lessons are never judged the same or different, so none is among the differences.',
        '',
      );
      continue;
    }
    const columns = view.cases.length + (judged ? 3 : 1);
    out.push(judged ? `| Row | Verdict | Why | ${names} |` : `| Row | ${names} |`, `|${' --- |'.repeat(columns)}`);
    for (const row of section.rows) {
      const verdict = judged ? `${VERDICT_WORDS[row.verdict]} | ${mdCell(row.verdictText)} | ` : '';
      out.push(`| ${mdCell(row.label)} | ${verdict}${row.cells.map((c) => cellMarkdown(c, cite)).join(' | ')} |`);
    }
    out.push('');
  }
  if (choice.sections.includes('timeline')) {
    out.push('## Timeline', '', '| Date | Case | Event |', '| --- | --- | --- |');
    for (const { caseIndex, event } of view.timeline) {
      const uncertain = event.uncertain
        ? ` (uncertain${event.uncertaintyNote ? `: ${mdText(event.uncertaintyNote)}` : ''})`
        : '';
      out.push(
        `| ${mdCell(event.date.text)} | ${mdCell(view.cases[caseIndex]!.caseStudy.name)} | ${mdCell(event.title)}${uncertain}${event.citations.map(cite).join('')} |`,
      );
    }
    out.push('');
  }
  out.push(
    '## Sources',
    '',
    ...sources.map(
      (s, i) =>
        `${i + 1}. ${mdText(s.title)}${s.publisher ? `, ${mdText(s.publisher)}` : ''}. ${mdUrl(s.url)} (${words(s.standing)})`,
    ),
    '',
  );
  return out.join('\n');
}

/** A query parameter's values: none, one, or several when it is repeated (`?section=a&section=b`). */
function values(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/**
 * Reads `?cases=…&section=…&only=differences`, or says in words, naming the parameter, what is
 * wrong with it: cases as in `comparison(cases:)`; sections by name (repeated or comma-separated,
 * all when absent); `only=differences` for the rows that differ, as the Compare page's address says.
 */
export function readExportQuery(
  query: Record<string, unknown>,
): { selectors: Selector[]; choice: ExportChoice } | { problem: string } {
  const unknown = Object.keys(query).filter((name) => !EXPORT_PARAMETERS.includes(name));
  if (unknown.length)
    return {
      problem: `Unknown parameter ${unknown.map((n) => `"${n}"`).join(', ')}: a comparison export takes cases, section and only.`,
    };
  if (typeof query.cases !== 'string' || query.cases.trim() === '')
    return {
      problem: `Name the cases${Array.isArray(query.cases) ? ' in one ?cases=' : ''}: ?cases=finland,police-scotland@2012-06-30 (${MIN_CASES} to ${MAX_CASES}).`,
    };
  const { selectors, problems } = parseSelectorList(query.cases);
  if (problems.length) return { problem: problems.join('\n') };
  const use = `use ${EXPORT_SECTIONS.join(', ')} (repeat ?section= or separate them by commas), or leave it out for all`;
  let sections: readonly ExportSection[] = EXPORT_SECTIONS;
  if (query.section !== undefined) {
    const given = values(query.section);
    if (!given) return { problem: `?section= is not a list of section names: ${use}.` };
    const wanted = given.flatMap((v) => v.split(',')).map((v) => v.trim());
    const bad = wanted.filter((v) => !EXPORT_SECTIONS.includes(v as ExportSection));
    if (bad.length) return { problem: `Unknown section ${bad.map((v) => `"${v}"`).join(', ')} in ?section=: ${use}.` };
    sections = EXPORT_SECTIONS.filter((name) => wanted.includes(name));
  }
  let differencesOnly = false;
  if (query.only !== undefined) {
    const given = values(query.only);
    const bad = given ? given.filter((v) => v !== 'differences') : [String(query.only)];
    if (bad.length)
      return {
        problem: `Unknown value ${bad.map((v) => `"${v}"`).join(', ')} for ?only=: use only=differences for the rows where the cases differ, or leave it out for every row.`,
      };
    differencesOnly = true;
  }
  return { selectors, choice: { sections, differencesOnly } };
}

/** The day in UTC, YYYY-MM-DD. */
const dayOf = (when: Date) => when.toISOString().slice(0, 10);

/**
 * The name a downloaded comparison is saved under: `comparison-` and the cases' selectors in the
 * order selected (the order of the file's columns), each with `@YYYY-MM-DD` when a day was chosen,
 * joined by `-`, then the day of download in UTC: `comparison-finland-scotland-2026-12-02.csv`.
 */
export function comparisonFileName(selectors: readonly Selector[], format: ComparisonFormat, downloaded: Date): string {
  return `comparison-${selectors.map(formatSelector).join('-')}-${dayOf(downloaded)}.${format}`;
}

/**
 * Answers `/export/comparison.(csv|md|json)?cases=…&section=…&only=differences`. A bad parameter or
 * selector is a 400 saying what is wrong; otherwise the body and its ETag. The file name holds the
 * day of download, so the route sets it on each answer (comparisonFileName), not here.
 */
export async function exportComparison(
  schema: GraphQLSchema,
  context: Context,
  query: Record<string, unknown>,
  format: ComparisonFormat,
): Promise<ExportResult> {
  const read = readExportQuery(query);
  if ('problem' in read) return plain(400, read.problem);
  const { selectors, choice } = read;
  const result = await graphql({
    schema,
    source: COMPARISON_EXPORT_QUERY,
    variableValues: { cases: selectors satisfies Selector[] },
    contextValue: context,
  });
  if (result.errors?.length) {
    const error = result.errors[0]!;
    if (
      error.extensions?.code === ErrorCode.BAD_USER_INPUT ||
      (error.originalError as { code?: string } | undefined)?.code === ErrorCode.BAD_USER_INPUT
    ) {
      return plain(400, result.errors.map((e) => e.message).join('\n'));
    }
    // Stopped at its deadline or answer cap: that one error, as the GraphQL endpoint would send it.
    const code = (error.originalError as { code?: string } | undefined)?.code;
    if (code !== undefined && code in STOPPED_STATUS) return plain(STOPPED_STATUS[code]!, error.message);
    throw error.originalError ?? error;
  }
  const comparison = (result.data as { comparison: ComparisonJson }).comparison;
  let body: string;
  let contentType: string;
  if (format === 'json') {
    body = `${JSON.stringify({ comparison: chosenView(comparison, choice) }, null, 2)}\n`;
    contentType = 'application/json; charset=utf-8';
  } else if (format === 'csv') {
    body = toCsv(comparison, choice);
    contentType = 'text/csv; charset=utf-8';
  } else {
    body = toMarkdown(comparison, choice);
    contentType = 'text/markdown; charset=utf-8';
  }
  return {
    status: 200,
    contentType,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}
