import { createHash } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import { MAX_CASES, MIN_CASES, parseSelectorList, words, type Selector } from '@casebook/schema';
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
        key label withData agree differFromBaseline
        cells {
          caseIndex status value uncertain differsFromBaseline
          items {
            key label detail tier uncertain uncertaintyNote
            citations { locator source { url title publisher standing } }
            parts { key label uncertain uncertaintyNote citations { locator source { url title publisher standing } } }
          }
        }
      }
    }
    timeline { caseIndex event { key title date { text } uncertain citations { locator source { url title publisher standing } } } }
    commonApproaches { section rowKey rowLabel value sharedBy differ noData }
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
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: CitationJson[];
  parts?: ItemJson[];
}
interface CellJson {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  items: ItemJson[];
}
interface RowJson {
  key: string;
  label: string;
  agree: boolean;
  cells: CellJson[];
}
interface SectionJson {
  kind: string;
  title: string;
  rows: RowJson[];
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
    event: { title: string; date: { text: string }; uncertain: boolean; citations: CitationJson[] };
  }[];
  commonApproaches: unknown[];
}

export const EXPORT_SECTIONS = ['governance', 'responsibilities', 'connections', 'lessons', 'timeline'] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];
export type ComparisonFormat = 'csv' | 'md' | 'json';

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

/**
 * How a cell reads as text: its items (bodies in brackets), or "absent" / "no data". `text` renders
 * the data's own words (the labels), `cite` a citation.
 */
function cellText(
  cell: CellJson,
  cite: (c: CitationJson) => string = () => '',
  text: (words: string) => string = (words) => words,
): string {
  if (cell.status === 'NO_DATA') return 'no data';
  const one = (i: ItemJson) => `${text(i.label)}${i.uncertain ? ' (uncertain)' : ''}${i.citations.map(cite).join('')}`;
  const items = cell.items.map((i) => {
    // The item's own citations first, so that Markdown numbers sources in reading order.
    const own = one(i);
    const parts = i.parts?.length ? ` [${i.parts.map(one).join('; ')}]` : '';
    return `${own}${parts}`;
  });
  return cell.status === 'ABSENT' ? ['absent', ...items].join(': ') : items.join('; ');
}

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

/**
 * CSV for spreadsheets: UTF-8 with a byte order mark, CRLF lines, quoted where needed, and no cell
 * starting as a formula.
 */
export function toCsv(comparison: ComparisonJson, sections: ExportSection[]): string {
  const lines: string[][] = [['Section', 'Row', ...comparison.cases.map(caseHeader), 'Cells agree']];
  for (const section of comparison.sections) {
    if (!sections.includes(section.kind.toLowerCase() as ExportSection)) continue;
    for (const row of section.rows)
      lines.push([section.title, row.label, ...row.cells.map((c) => cellText(c)), row.agree ? 'yes' : 'no']);
  }
  if (sections.includes('timeline')) {
    for (const entry of comparison.timeline) {
      lines.push([
        'Timeline',
        entry.event.date.text,
        ...comparison.cases.map((c) =>
          c.index === entry.caseIndex ? `${entry.event.title}${entry.event.uncertain ? ' (uncertain)' : ''}` : '',
        ),
        '',
      ]);
    }
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

/** A cell in a Markdown table: the data's words escaped, its own brackets and citation numbers not. */
const cellMarkdown = (cell: CellJson, cite: (c: CitationJson) => string) => cellText(cell, cite, mdText);

/**
 * A source's address: an autolink when it is http(s) and could be one (no space, control character
 * or angle bracket); anything else (`javascript:`, `data:` …) is written as text, never as a link.
 */
function mdUrl(url: string): string {
  return /^https?:\/\/[^\s<>\x00-\x1f\x7f]+$/i.test(url) ? `<${url}>` : mdText(url);
}

/** Markdown: a table per section, citations numbered and listed at the end. */
export function toMarkdown(comparison: ComparisonJson, sections: ExportSection[]): string {
  const numbers = new Map<string, number>();
  const sources: SourceJson[] = [];
  const cite = (c: CitationJson) => {
    let n = numbers.get(c.source.url);
    if (n === undefined) {
      n = sources.push(c.source);
      numbers.set(c.source.url, n);
    }
    return `[${n}${c.locator ? `, ${mdText(c.locator)}` : ''}]`;
  };
  const out: string[] = [`# Comparison: ${comparison.cases.map((c) => mdText(c.caseStudy.name)).join(', ')}`, ''];
  out.push(...comparison.cases.map((c) => `- ${mdText(c.selector)}: ${mdText(caseHeader(c))}`), '');
  const header = `| Row | ${comparison.cases.map((c) => mdCell(c.caseStudy.name)).join(' | ')} | Agree |`;
  const rule = `|${' --- |'.repeat(comparison.cases.length + 2)}`;
  for (const section of comparison.sections) {
    if (!sections.includes(section.kind.toLowerCase() as ExportSection)) continue;
    // Titles are the engine's own words today; escaped all the same, like every text shown here.
    out.push(`## ${mdText(section.title)}`, '', header, rule);
    for (const row of section.rows)
      out.push(
        `| ${mdCell(row.label)} | ${row.cells.map((c) => cellMarkdown(c, cite)).join(' | ')} | ${row.agree ? 'yes' : 'no'} |`,
      );
    out.push('');
  }
  if (sections.includes('timeline')) {
    out.push('## Timeline', '', '| Date | Case | Event |', '| --- | --- | --- |');
    for (const e of comparison.timeline) {
      out.push(
        `| ${mdCell(e.event.date.text)} | ${mdCell(comparison.cases[e.caseIndex]!.caseStudy.name)} | ${mdCell(e.event.title)}${e.event.uncertain ? ' (uncertain)' : ''}${e.event.citations.map(cite).join('')} |`,
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

/**
 * Answers `/export/comparison.(csv|md|json)?cases=…&section=…`. Bad selectors are a 400 with the
 * message; otherwise the body and its ETag.
 */
export async function exportComparison(
  schema: GraphQLSchema,
  context: Context,
  query: { cases?: unknown; section?: unknown },
  format: ComparisonFormat,
): Promise<ExportResult> {
  if (typeof query.cases !== 'string' || query.cases.trim() === '')
    return plain(400, `Name the cases: ?cases=finland,police-scotland@2012-06-30 (${MIN_CASES} to ${MAX_CASES}).`);
  const { selectors, problems } = parseSelectorList(query.cases);
  if (problems.length) return plain(400, problems.join('\n'));
  let sections: ExportSection[] = [...EXPORT_SECTIONS];
  if (query.section !== undefined) {
    const wanted = String(query.section).split(',');
    const unknown = wanted.filter((s) => !EXPORT_SECTIONS.includes(s as ExportSection));
    if (unknown.length)
      return plain(400, `Unknown section "${unknown.join('", "')}": use ${EXPORT_SECTIONS.join(', ')}.`);
    sections = wanted as ExportSection[];
  }
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
  const comparison = (result.data as { comparison: ComparisonJson & { sections: SectionJson[] } }).comparison;
  let body: string;
  let contentType: string;
  if (format === 'json') {
    const wanted = (kind: string) => sections.includes(kind.toLowerCase() as ExportSection);
    const filtered = {
      ...comparison,
      sections: comparison.sections.filter((s) => wanted(s.kind)),
      timeline: sections.includes('timeline') ? comparison.timeline : [],
      commonApproaches: (comparison.commonApproaches as { section: string }[]).filter((a) => wanted(a.section)),
    };
    body = `${JSON.stringify({ comparison: filtered }, null, 2)}\n`;
    contentType = 'application/json; charset=utf-8';
  } else if (format === 'csv') {
    body = toCsv(comparison, sections);
    contentType = 'text/csv; charset=utf-8';
  } else {
    body = toMarkdown(comparison, sections);
    contentType = 'text/markdown; charset=utf-8';
  }
  return {
    status: 200,
    contentType,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}
