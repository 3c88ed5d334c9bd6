import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BODY_TYPE_LABELS, STRENGTH_LABELS, TIER_LABELS, type BodyType, type EvidenceStrength } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { fixturesDir } from '../../support/profiles.js';
import { compare, comparisonFixtureFile, importFiles, importSeeds, type Selector } from './helpers.js';

// /export/comparison.(csv|md|json)?cases=…&section=…, read back and checked against the GraphQL
// answer for the same selection. Homeland (a fixture) has commas, quotes, pipes and non-ASCII in
// its names, and is the baseline.
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, ['northern-ireland', 'police-scotland']);
  await importFiles(db.dataSource, [
    comparisonFixtureFile('homeland'),
    path.join(fixturesDir, 'profiles', 'delta.yaml'),
  ]);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const SELECTION: Selector[] = [
  { slug: 'police-scotland', asOf: '2012-06-30' },
  { slug: 'homeland' },
  { slug: 'northern-ireland' },
];
const CASES = 'police-scotland@2012-06-30,homeland,northern-ireland';
/** One case at two dates: rows the same, rows that differ, and lessons, which are never judged. */
const TWO_DATES: Selector[] = [{ slug: 'police-scotland', asOf: '2012-06-30' }, { slug: 'police-scotland' }];
const TWO_DATES_CASES = 'police-scotland@2012-06-30,police-scotland';

/** The selection the JSON export promises to mirror, written out here as the API's contract. */
const EXPORT_FIELDS = `query ($cases: [CaseSelector!]!) {
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

interface Cite {
  locator: string | null;
  source: { url: string; title: string; publisher: string | null; standing: string };
}
interface Part {
  label: string;
  detail: string | null;
  extent: { text: string } | null;
  tier: string | null;
  bodyType: string | null;
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: Cite[];
}
interface Item extends Part {
  evidenceStrength: string | null;
  transferability: string | null;
  parts: Part[];
}
interface Cell {
  status: string;
  valueText: string;
  items: Item[];
}
interface Row {
  key: string;
  label: string;
  verdict: 'SAME' | 'DIFFERENT' | 'NOT_JUDGED';
  verdictText: string;
  basis: string;
  cells: Cell[];
}
interface Answer {
  cases: {
    index: number;
    selector: string;
    baseline: boolean;
    caseStudy: { name: string };
    period: { label: string };
  }[];
  sections: { kind: string; title: string; rows: Row[] }[];
  timeline: {
    caseIndex: number;
    event: {
      title: string;
      date: { text: string };
      uncertain: boolean;
      uncertaintyNote: string | null;
      citations: Cite[];
    };
  }[];
  commonApproaches: { section: string; rowKey: string; sentence: string }[];
}

async function answer(cases: Selector[] = SELECTION): Promise<Answer> {
  const { body } = await server.graphql<{ comparison: Answer }>(EXPORT_FIELDS, { cases });
  expect(body.errors).toBeUndefined();
  return body.data!.comparison;
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
  };
}

/** `?section=` names: the section kind in lower case with `-` for `_`. */
const sectionName = (kind: string) => kind.toLowerCase().replace(/_/g, '-');
const ALL = ['governance', 'responsibilities', 'shared-organisations', 'connections', 'lessons', 'timeline'];
const VERDICT = { SAME: 'Same', DIFFERENT: 'Differs', NOT_JUDGED: 'Not judged' } as const;
const TIER = (tier: string) => TIER_LABELS[tier as keyof typeof TIER_LABELS].toLowerCase();

/** The rows a view shows: its sections, and with differences only the rows whose verdict is DIFFERENT. */
function shownRows(a: Answer, sections: string[], differencesOnly: boolean) {
  return a.sections
    .filter((s) => sections.includes(sectionName(s.kind)))
    .flatMap((s) => s.rows.filter((r) => !differencesOnly || r.verdict === 'DIFFERENT').map((r) => ({ s, r })));
}

const caseHeader = (c: Answer['cases'][number]) =>
  `${c.caseStudy.name}${c.baseline ? ' (baseline)' : ''}: ${c.period.label}`;

// ---- CSV ----

/** An RFC 4180 parser that also checks the export's own form: CRLF records, quotes only where needed. */
function parseStrictCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field: up to the lone closing quote; "" stands for one quote.
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text.slice(i, i + 2) !== '\r\n')
        throw new Error(`text after a closing quote at ${i}`);
      if (!/[",\r\n]/.test(field) && !field.startsWith("'"))
        throw new Error(`needless quotes around ${JSON.stringify(field)}`);
      continue;
    }
    if (ch === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
    if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (ch === '\r' || ch === '\n') throw new Error(`a bare line break at ${i}`);
    else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

/** The CSV read as a spreadsheet program would: by a CSV library, byte order mark and all. */
const readCsv = (text: string): string[][] => parseCsv(text, { bom: true, relaxQuotes: false });

const CASE_COLUMNS = ['', ' — what it holds', ' — sources', ' — uncertain'];

/** A cell's items, one a line: name (tier, kind, evidence): description, bodies at a level in brackets. */
function holdsText(cell: Cell): string {
  const line = (i: Part & Partial<Item>, parentTier?: string | null) => {
    const q = [
      i.tier && i.tier !== parentTier ? `${TIER(i.tier)} tier` : null,
      i.bodyType ? BODY_TYPE_LABELS[i.bodyType as BodyType].toLowerCase() : null,
      i.evidenceStrength ? `evidence: ${STRENGTH_LABELS[i.evidenceStrength as EvidenceStrength].toLowerCase()}` : null,
    ].filter(Boolean);
    return `${i.label}${q.length ? ` (${q.join(', ')})` : ''}${i.detail ? `: ${i.detail}` : ''}${i.extent ? ` Where it holds: ${i.extent.text}` : ''}${i.transferability ? ` Transferability to Scotland: ${i.transferability}` : ''}`;
  };
  return cell.items
    .map((i) => `${line(i)}${i.parts.length ? ` [${i.parts.map((p) => line(p, i.tier)).join('; ')}]` : ''}`)
    .join('\n');
}

const allOf = (cell: Cell): Part[] => cell.items.flatMap((i) => [i, ...i.parts]);

function sourcesText(citations: Cite[]): string {
  const lines = citations.map((c) => `${c.source.title}${c.locator ? ` (${c.locator})` : ''} <${c.source.url}>`);
  return [...new Set(lines)].join('\n');
}

const uncertainText = (items: { label: string; uncertain: boolean; uncertaintyNote: string | null }[]) =>
  items
    .filter((i) => i.uncertain)
    .map((i) => `${i.label}: uncertain${i.uncertaintyNote ? `: ${i.uncertaintyNote}` : ''}`)
    .join('\n');

function expectedCsv(a: Answer, sections: string[], differencesOnly = false): string[][] {
  const rows = [
    [
      'Section',
      'Row',
      'Verdict',
      'Verdict in words',
      'Compared on',
      ...a.cases.flatMap((c) => CASE_COLUMNS.map((x) => `${caseHeader(c)}${x}`)),
    ],
  ];
  for (const { s, r } of shownRows(a, sections, differencesOnly))
    rows.push([
      s.title,
      r.label,
      VERDICT[r.verdict],
      r.verdictText,
      r.basis,
      ...r.cells.flatMap((c) => [
        c.valueText,
        holdsText(c),
        sourcesText(allOf(c).flatMap((p) => p.citations)),
        uncertainText(allOf(c)),
      ]),
    ]);
  if (sections.includes('timeline')) {
    for (const e of a.timeline)
      rows.push([
        'Timeline',
        e.event.date.text,
        '',
        '',
        '',
        ...a.cases.flatMap((c) =>
          c.index === e.caseIndex
            ? [
                `${e.event.title}${e.event.uncertain ? ' (uncertain)' : ''}`,
                '',
                sourcesText(e.event.citations),
                uncertainText([{ label: e.event.title, ...e.event }]),
              ]
            : ['', '', '', ''],
        ),
      ]);
  }
  return rows;
}

describe('CSV export', () => {
  it('is UTF-8 with a byte order mark, CRLF records, quoted where needed, and every cell reads as the GraphQL answer', async () => {
    const r = await get(`/export/comparison.csv?cases=${CASES}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.startsWith('\uFEFF')).toBe(true);

    const records = parseStrictCsv(r.text.slice(1));
    expect(readCsv(r.text)).toEqual(records);
    const expected = expectedCsv(await answer(), ALL);
    expect(records[0]).toEqual(expected[0]);
    expect(records[0]).toContain('Homeland (baseline): Homeland today');
    for (const [i, row] of expected.entries()) expect(records[i], `record ${i}: ${row[0]} / ${row[1]}`).toEqual(row);
    expect(records).toHaveLength(expected.length);

    // The awkward names made it through: quoted, with their quotes doubled, and non-ASCII intact.
    expect(r.text).toContain(
      '"Councils, ""unitary"" | all-purpose (32) (local tier): Every council runs social work and schools. [Social work, ""children and families"" | teams (authority)]"',
    );
    expect(r.text).toContain('Ministry for Children (Lapsiministeriö)');
    expect(
      records.some(
        (rec) => rec[0] === 'Timeline' && rec[5] === '' && rec[9] === 'Independent review published (uncertain)',
      ),
    ).toBe(true);
  });

  it('has a verdict in words and its basis, and no "Cells agree"', async () => {
    const verdicts = new Set<string>();
    for (const [cases, selection] of [
      [CASES, SELECTION],
      [TWO_DATES_CASES, TWO_DATES],
    ] as const) {
      const [header, ...rows] = readCsv((await get(`/export/comparison.csv?cases=${cases}`)).text);
      expect(header!.slice(0, 5)).toEqual(['Section', 'Row', 'Verdict', 'Verdict in words', 'Compared on']);
      expect(header).not.toContain('Cells agree');
      const a = await answer([...selection]);
      const judged = rows.filter((rec) => rec[0] !== 'Timeline');
      expect(judged.map((rec) => rec[2])).toEqual(shownRows(a, ALL, false).map(({ r }) => VERDICT[r.verdict]));
      const lessons = a.sections.find((s) => s.kind === 'LESSONS')!;
      for (const rec of judged.filter((x) => x[0] === lessons.title)) expect(rec[2]).toBe('Not judged');
      for (const rec of judged) {
        verdicts.add(rec[2]!);
        expect(rec[3], rec[1]).not.toBe('');
        expect(rec[4], rec[1]).toMatch(/^(Compared on|Not judged): /);
      }
    }
    expect([...verdicts].sort()).toEqual(['Differs', 'Not judged', 'Same']);
    // A row one case records and another does not is a difference, in words.
    const rows = readCsv((await get(`/export/comparison.csv?cases=${CASES}`)).text);
    expect(rows.some((rec) => rec[2] === 'Differs' && /^Only .+ records this\./.test(rec[3]!))).toBe(true);
  });

  it("gives each cell's citations (source title and URL) and what is uncertain, with why", async () => {
    const records = readCsv((await get(`/export/comparison.csv?cases=${CASES}`)).text);
    const header = records[0]!;
    const a = await answer();
    let citations = 0;
    let uncertain = 0;
    for (const { s, r } of shownRows(a, ALL, false)) {
      const rec = records.find((x) => x[0] === s.title && x[1] === r.label)!;
      expect(rec, `${s.title} / ${r.label}`).toBeDefined();
      for (const [i, cell] of r.cells.entries()) {
        const column = (suffix: string) => rec[header.indexOf(`${caseHeader(a.cases[i]!)}${suffix}`)]!;
        const sources = column(' — sources').split('\n');
        for (const c of allOf(cell).flatMap((p) => p.citations)) {
          citations += 1;
          const line = sources.find((l) => l.endsWith(` <${c.source.url}>`) && l.startsWith(c.source.title));
          expect(line, `${r.label}: ${c.source.url}`).toBeDefined();
        }
        for (const p of allOf(cell).filter((x) => x.uncertain)) {
          uncertain += 1;
          expect(column(' — uncertain').split('\n')).toContain(`${p.label}: uncertain: ${p.uncertaintyNote}`);
        }
        if (!allOf(cell).some((p) => p.uncertain)) expect(column(' — uncertain')).toBe('');
      }
    }
    expect(citations).toBeGreaterThan(0);
    expect(uncertain).toBeGreaterThan(0);
    // Homeland's council social work teams: uncertain, and the review and the OECD source cited.
    const local = records.find((x) => x[0] === 'Governance levels' && x[1] === 'Local')!;
    const homeland = (suffix: string) => local[header.indexOf(`Homeland (baseline): Homeland today${suffix}`)];
    expect(homeland(' — uncertain')).toBe(
      'Social work, "children and families" | teams: uncertain: The review names the teams but not how many there are.',
    );
    expect(homeland(' — sources')!.split('\n')).toEqual([
      "Independent review of children's services (chapter 2) <https://example.org/homeland/review>",
      "Independent review of children's services <https://example.org/homeland/review>",
      'Child wellbeing governance across countries <https://example.org/shared/oecd>',
    ]);
  });

  it('?section= keeps only the sections asked for, repeated or comma-separated', async () => {
    const a = await answer();
    for (const sections of [
      ['governance'],
      ['lessons', 'timeline'],
      ['connections', 'responsibilities'],
      ['shared-organisations'],
    ]) {
      const r = await get(`/export/comparison.csv?cases=${CASES}&section=${sections.join(',')}`);
      expect(r.status).toBe(200);
      expect(parseStrictCsv(r.text.slice(1))).toEqual(expectedCsv(a, sections));
    }
    const repeated = await get(`/export/comparison.csv?cases=${CASES}&section=connections&section=governance`);
    expect(readCsv(repeated.text)).toEqual(expectedCsv(a, ['governance', 'connections']));
    expect(shownRows(a, ['shared-organisations'], false).length).toBeGreaterThan(0);
  });

  it('?only=differences keeps exactly the rows whose verdict is DIFFERENT, as the Compare page does', async () => {
    const a = await answer(TWO_DATES);
    const all = shownRows(a, ALL, false);
    const differing = shownRows(a, ALL, true);
    // The selection has rows of each kind, so the filter has something to leave out and to keep.
    expect(differing.length).toBeGreaterThan(0);
    expect(all.some(({ r }) => r.verdict === 'SAME')).toBe(true);
    expect(all.some(({ r }) => r.verdict === 'NOT_JUDGED')).toBe(true);
    for (const [query, sections] of [
      ['', ALL],
      ['&section=governance,lessons', ['governance', 'lessons']],
      ['&section=responsibilities', ['responsibilities']],
    ] as const) {
      const r = await get(`/export/comparison.csv?cases=${TWO_DATES_CASES}&only=differences${query}`);
      expect(r.status).toBe(200);
      const records = readCsv(r.text)
        .slice(1)
        .filter((rec) => rec[0] !== 'Timeline');
      const rows = shownRows(a, [...sections], true);
      expect(records.map((rec) => [rec[0], rec[1]])).toEqual(rows.map(({ s, r: row }) => [s.title, row.label]));
      expect(records.every((rec) => rec[2] === 'Differs')).toBe(true);
      expect(readCsv(r.text)).toEqual(expectedCsv(a, [...sections], true));
    }
  });
});

// ---- Markdown ----

/** The cells of a Markdown table row; `\|` is a pipe inside a cell. */
function tableCells(line: string): string[] {
  expect(line.startsWith('| ') && line.endsWith(' |'), line).toBe(true);
  return line
    .slice(2, -2)
    .split(/ (?<!\\)\| /)
    .map((c) => c.replace(/\\\|/g, '|'));
}

interface ParsedMarkdown {
  /** The table under each heading, its rule line left out. */
  tables: Map<string, string[][]>;
  /** The other lines under each heading: paragraphs and list items. */
  text: Map<string, string[]>;
  sources: { n: number; line: string; url: string; standing: string }[];
  refs: number[];
}

function parseMarkdown(md: string): ParsedMarkdown {
  const lines = md.split('\n');
  const tables = new Map<string, string[][]>();
  const text = new Map<string, string[]>();
  let heading: string | null = null;
  for (const [i, line] of lines.entries()) {
    const h = /^## (.+)$/.exec(line);
    if (h) {
      heading = h[1]!;
      expect(lines[i + 1], heading).toBe('');
      text.set(heading, []);
      continue;
    }
    if (heading === null || heading === 'Sources' || line === '') continue;
    if (line.startsWith('|')) {
      if (/^\|( --- \|)+$/.test(line)) continue;
      tables.set(heading, [...(tables.get(heading) ?? []), tableCells(line)]);
    } else text.get(heading)!.push(line);
  }
  for (const [h, rows] of tables) {
    const header = lines.findIndex((l) => l === `## ${h}`);
    const first = lines.findIndex((l, i) => i > header && l.startsWith('|'));
    expect(lines[first + 1], `${h}: a rule under the header`).toMatch(/^\|( --- \|)+$/);
    for (const row of rows) expect(row, h).toHaveLength(rows[0]!.length);
  }
  const start = lines.indexOf('## Sources');
  expect(start).toBeGreaterThan(0);
  const sources = lines
    .slice(start + 2)
    .filter((l) => l !== '')
    .map((line) => {
      const m = /^(\d+)\. .+\. <(\S+)> \(([a-z ]+)\)$/.exec(line);
      if (!m) throw new Error(`not a source entry: ${line}`);
      return { n: Number(m[1]), line, url: m[2]!, standing: m[3]! };
    });
  const refs = [...md.slice(0, md.indexOf('## Sources')).matchAll(/(?<!\\)\[(\d+)(?:, [^\]]+)?\]/g)].map((m) =>
    Number(m[1]),
  );
  return { tables, text, sources, refs };
}

/** Markdown's backslash escapes undone: the data's own words. */
const unescape = (text: string) => text.replace(/\\([\\`*_[\]<>#!|~&])/g, '$1');

/** A case's cell as the Markdown table gives it, with `cite` for each citation. */
function markdownCell(cell: Cell, cite: (c: Cite) => string): string {
  const one = (i: Part & Partial<Item>, parentTier?: string | null) => {
    const q = [
      i.tier && i.tier !== parentTier ? `${TIER(i.tier)} tier` : null,
      i.bodyType ? BODY_TYPE_LABELS[i.bodyType as BodyType].toLowerCase() : null,
      i.evidenceStrength ? `evidence: ${STRENGTH_LABELS[i.evidenceStrength as EvidenceStrength].toLowerCase()}` : null,
    ].filter(Boolean);
    return [
      i.label,
      q.length ? ` (${q.join(', ')})` : '',
      i.detail ? `: ${i.detail}` : '',
      i.extent ? ` Where it holds: ${i.extent.text}` : '',
      i.transferability ? ` Transferability to Scotland: ${i.transferability}` : '',
      i.uncertain ? ` (uncertain${i.uncertaintyNote ? `: ${i.uncertaintyNote}` : ''})` : '',
      i.citations.map(cite).join(''),
    ].join('');
  };
  const items = cell.items.map(
    (i) => `${one(i)}${i.parts.length ? ` [${i.parts.map((p) => one(p, i.tier)).join('; ')}]` : ''}`,
  );
  return [cell.valueText, ...items].join(' — ');
}

/** Reads a Markdown export back: its numbers resolved to `{url @ locator}`, its escapes undone. */
function resolver(md: ParsedMarkdown) {
  const url = new Map(md.sources.map((s) => [s.n, s.url]));
  return (text: string) =>
    unescape(
      text.replace(
        /(?<!\\)\[(\d+)(?:, ([^\]]+))?\]/g,
        (_m, n: string, locator?: string) => `{${url.get(Number(n))}${locator ? ` @ ${unescape(locator)}` : ''}}`,
      ),
    );
}
const asUrl = (c: Cite) => `{${c.source.url}${c.locator ? ` @ ${c.locator}` : ''}}`;

/** The table a section should have: verdict in a word and in words for judged rows; lessons without. */
function expectedTable(a: Answer, section: Answer['sections'][number], rows: Row[]): string[][] {
  const judged = section.kind !== 'LESSONS';
  const names = a.cases.map((c) => c.caseStudy.name);
  return [
    judged ? ['Row', 'Verdict', 'Why', ...names] : ['Row', ...names],
    ...rows.map((row) => [
      row.label,
      ...(judged ? [VERDICT[row.verdict], row.verdictText] : []),
      ...row.cells.map((c) => markdownCell(c, asUrl)),
    ]),
  ];
}

describe('where a claim holds only in part of a case', () => {
  it('says so beside its holder, in the CSV and in Markdown', async () => {
    const words = 'Where it holds: In 4 of 12 partnerships, among them North Delta (from April 2016), as of 2018.';
    const csv = readCsv((await get('/export/comparison.csv?cases=deltaland,homeland')).text);
    const holds = csv[0]!.indexOf('Deltaland: Partnerships (from 2016) — what it holds');
    expect(holds).toBeGreaterThan(0);
    const row = csv.find((r) => r[1] === "Children's social work and care: Commissioning")!;
    expect(row[holds]).toContain(
      `Partnership boards (local tier, board): Children's social work, where the council has delegated it. ${words}`,
    );
    const md = (await get('/export/comparison.md?cases=deltaland,homeland')).text;
    expect(md).toContain('Where it holds: In 4 of 12 partnerships');
  });
});

describe('Markdown export', () => {
  it('has a table per section that reads as the GraphQL answer, with numbered citations that all resolve to the Sources list', async () => {
    const r = await get(`/export/comparison.md?cases=${CASES}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const a = await answer();
    const md = parseMarkdown(r.text);
    expect(r.text.split('\n')[0]).toBe(`# Comparison: ${a.cases.map((c) => c.caseStudy.name).join(', ')}`);

    // Sources are numbered 1..n with no gaps, one per URL and details (cases citing a URL with
    // different details each keep theirs), with the title and standing the API gives.
    expect(md.sources.map((s) => s.n)).toEqual(md.sources.map((_, i) => i + 1));
    const identity = (x: Cite['source']) => JSON.stringify([x.url, x.title, x.publisher, x.standing]);
    const citedSources = new Map<string, Cite['source']>();
    for (const s of a.sections)
      for (const row of s.rows)
        for (const c of row.cells)
          for (const x of allOf(c).flatMap((p) => p.citations)) citedSources.set(identity(x.source), x.source);
    for (const e of a.timeline) for (const x of e.event.citations) citedSources.set(identity(x.source), x.source);
    expect(md.sources).toHaveLength(citedSources.size);
    for (const s of md.sources) {
      const matching = [...citedSources.values()].filter(
        (source) =>
          source.url === s.url &&
          unescape(s.line).startsWith(`${s.n}. ${source.title}${source.publisher ? `, ${source.publisher}` : ''}. `) &&
          s.standing === source.standing.toLowerCase().replace(/_/g, ' '),
      );
      expect(matching, s.line).toHaveLength(1);
    }
    expect([...new Set(md.sources.map((s) => s.url))].sort()).toEqual(
      [...new Set([...citedSources.values()].map((x) => x.url))].sort(),
    );

    // Every [n] refers to an entry, and numbers are given in order of first use.
    expect(md.refs.length).toBeGreaterThan(0);
    for (const n of md.refs) expect(md.sources.map((s) => s.n)).toContain(n);
    expect([...new Set(md.refs)]).toEqual(md.sources.map((s) => s.n));

    // Each table, read back with the numbers resolved to URLs, says what the API says; each
    // section says what it is compared on.
    const resolve = resolver(md);
    expect(a.sections.map((s) => s.kind)).toContain('SHARED_ORGANISATIONS');
    for (const s of a.sections) {
      const table = md.tables.get(s.title)!;
      expect(table, s.title).toBeDefined();
      expect(table.map((row) => row.map(resolve))).toEqual(expectedTable(a, s, s.rows));
      expect(md.text.get(s.title)!.map(unescape)).toEqual([...new Set(s.rows.map((row) => row.basis))]);
    }
    expect(md.text.get('Lessons by theme')![0]).toMatch(/^Not judged: /);
    const timeline = md.tables.get('Timeline')!;
    expect(timeline[0]).toEqual(['Date', 'Case', 'Event']);
    expect(timeline.slice(1).map((row) => row.map(resolve))).toEqual(
      a.timeline.map((e) => [
        e.event.date.text,
        a.cases[e.caseIndex]!.caseStudy.name,
        `${e.event.title}${e.event.uncertain ? ` (uncertain${e.event.uncertaintyNote ? `: ${e.event.uncertaintyNote}` : ''})` : ''}${e.event.citations.map(asUrl).join('')}`,
      ]),
    );
    // A locator is shown with its number, and a pipe inside a cell is escaped.
    expect(r.text).toMatch(/\[\d+, chapter 2\]/);
    expect(r.text).toContain('Councils, "unitary" \\| all-purpose (32)');
  });

  it('says what the cases have in common in the sentences of the API, in its order', async () => {
    const a = await answer(TWO_DATES);
    expect(a.commonApproaches.length).toBeGreaterThan(0);
    const md = parseMarkdown((await get(`/export/comparison.md?cases=${TWO_DATES_CASES}`)).text);
    expect(md.text.get('What they have in common')!.map(unescape)).toEqual(
      a.commonApproaches.map((c) => `- ${c.sentence}`),
    );
    expect([...md.text.keys()][0]).toBe('What they have in common');
  });

  it('?section= keeps only those tables, and lists only the sources they cite', async () => {
    const r = await get(`/export/comparison.md?cases=${CASES}&section=lessons`);
    expect(r.status).toBe(200);
    const md = parseMarkdown(r.text);
    expect([...md.tables.keys()]).toEqual(['Lessons by theme']);
    // Lessons are never judged: no verdict column, and no common approach rests on them.
    expect(md.tables.get('Lessons by theme')![0]![1]).not.toBe('Verdict');
    expect(md.text.has('What they have in common')).toBe(false);
    expect([...new Set(md.refs)]).toEqual(md.sources.map((s) => s.n));
    const a = await answer();
    const lessonUrls = new Set(
      a.sections
        .find((s) => s.kind === 'LESSONS')!
        .rows.flatMap((row) => row.cells.flatMap((c) => c.items.flatMap((i) => i.citations.map((x) => x.source.url)))),
    );
    expect(md.sources.map((s) => s.url).sort()).toEqual([...lessonUrls].sort());
  });

  it('?only=differences keeps the rows whose verdict is DIFFERENT, and the common approaches on them', async () => {
    const r = await get(`/export/comparison.md?cases=${CASES}&only=differences&section=shared-organisations,lessons`);
    expect(r.status).toBe(200);
    const md = parseMarkdown(r.text);
    const a = await answer();
    const resolve = resolver(md);
    const shared = a.sections.find((s) => s.kind === 'SHARED_ORGANISATIONS')!;
    const differing = shared.rows.filter((row) => row.verdict === 'DIFFERENT');
    expect(differing.length).toBeGreaterThan(0);
    expect(md.tables.get(shared.title)!.map((row) => row.map(resolve))).toEqual(expectedTable(a, shared, differing));
    // No lesson row is a difference: the section says so, without a table.
    expect(md.tables.has('Lessons by theme')).toBe(false);
    expect(md.text.get('Lessons by theme')!.at(-1)).toMatch(/never judged/);
    const shown = new Set(differing.map((row) => row.key));
    expect(md.text.get('What they have in common')!.map(unescape)).toEqual(
      a.commonApproaches
        .filter((c) => c.section === 'SHARED_ORGANISATIONS' && shown.has(c.rowKey))
        .map((c) => `- ${c.sentence}`)
        .concat(
          a.commonApproaches.some((c) => c.section === 'SHARED_ORGANISATIONS' && shown.has(c.rowKey))
            ? []
            : ['Nothing in the rows shown is shared by two or more of these cases.'],
        ),
    );
  });
});

// ---- JSON ----

/** The part of `full` that has the fields `shape` has (arrays element by element). */
function project(shape: unknown, full: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(full)) return full.map((x, i) => project(shape[i] ?? shape[0], x));
  if (shape && typeof shape === 'object' && full && typeof full === 'object') {
    return Object.fromEntries(
      Object.keys(shape)
        .filter((k) => k in full)
        .map((k) => [k, project((shape as Record<string, unknown>)[k], (full as Record<string, unknown>)[k])]),
    );
  }
  return full;
}

describe('JSON export', () => {
  it('mirrors the GraphQL answer of the same selection', async () => {
    const r = await get(`/export/comparison.json?cases=${CASES}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = JSON.parse(r.text) as { comparison: Record<string, unknown> };
    const { body } = await server.graphql<{ comparison: Record<string, unknown> }>(EXPORT_FIELDS, { cases: SELECTION });
    expect(json).toEqual({ comparison: body.data!.comparison });

    // And it agrees with the client's own Compare query on every field both carry.
    const client = await compare(server, SELECTION);
    expect(project(json.comparison, client)).toEqual(project(client, json.comparison));
    expect(Object.keys(project(client, json.comparison) as object).sort()).toEqual([
      'baselineIndex',
      'cases',
      'commonApproaches',
      'sections',
      'timeline',
    ]);
  });

  it('?section= keeps only those sections (and the timeline only when asked for)', async () => {
    const { body } = await server.graphql<{ comparison: { sections: { kind: string }[]; timeline: unknown[] } }>(
      EXPORT_FIELDS,
      { cases: SELECTION },
    );
    const full = body.data!.comparison;
    const governance = JSON.parse((await get(`/export/comparison.json?cases=${CASES}&section=governance`)).text) as {
      comparison: typeof full;
    };
    expect(governance.comparison.sections).toEqual(full.sections.filter((s) => s.kind === 'GOVERNANCE'));
    expect(governance.comparison.timeline).toEqual([]);
    const timeline = JSON.parse((await get(`/export/comparison.json?cases=${CASES}&section=timeline`)).text) as {
      comparison: typeof full;
    };
    expect(timeline.comparison.sections).toEqual([]);
    expect(timeline.comparison.timeline).toEqual(full.timeline);
    expect(full.timeline.length).toBeGreaterThan(0);
  });

  it('?only=differences keeps the rows whose verdict is DIFFERENT, and the common approaches on them', async () => {
    const a = await answer();
    const json = JSON.parse((await get(`/export/comparison.json?cases=${CASES}&only=differences`)).text) as {
      comparison: Answer;
    };
    const sections = a.sections.map((s) => ({ ...s, rows: s.rows.filter((r) => r.verdict === 'DIFFERENT') }));
    expect(json.comparison.sections).toEqual(sections);
    expect(json.comparison.sections.find((s) => s.kind === 'LESSONS')!.rows).toEqual([]);
    const shown = new Set(sections.flatMap((s) => s.rows.map((r) => `${s.kind}|${r.key}`)));
    expect(json.comparison.commonApproaches).toEqual(
      a.commonApproaches.filter((c) => shown.has(`${c.section}|${c.rowKey}`)),
    );
    expect(json.comparison.timeline).toEqual(a.timeline);
  });
});

// ---- Caching and refusals ----

describe('ETag, If-None-Match and refusals', () => {
  it.each(['csv', 'md', 'json'])(
    '%s: a stable ETag; If-None-Match with it is a 304; another selection has another ETag',
    async (format) => {
      const path = `/export/comparison.${format}?cases=${CASES}`;
      const first = await get(path);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      expect((await get(path)).headers.get('etag')).toBe(etag);

      const cached = await get(path, { 'If-None-Match': etag });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe(etag);

      expect((await get(path, { 'If-None-Match': '"something-else"' })).status).toBe(200);
      const other = await get(`/export/comparison.${format}?cases=homeland,northern-ireland`);
      expect(other.status).toBe(200);
      expect(other.headers.get('etag')).not.toBe(etag);
      const section = await get(`${path}&section=governance`);
      expect(section.headers.get('etag')).not.toBe(etag);
    },
  );

  it.each(['csv', 'md', 'json'])('%s: a bad parameter is a 400 naming the parameter and the value', async (format) => {
    for (const [query, needles] of [
      ['section=governance,budget', ['Unknown section "budget" in ?section=', 'shared-organisations']],
      ['section=governance&section=budget', ['Unknown section "budget" in ?section=']],
      ['section=', ['Unknown section "" in ?section=']],
      ['only=all', ['Unknown value "all" for ?only=', 'only=differences']],
      ['only=', ['Unknown value "" for ?only=']],
      ['differences=only', ['Unknown parameter "differences"', 'cases, section and only']],
      ['sections=governance', ['Unknown parameter "sections"']],
    ] as const) {
      const r = await get(`/export/comparison.${format}?cases=${CASES}&${query}`);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(r.headers.get('content-disposition')).toBeNull();
      for (const needle of needles) expect(r.text, query).toContain(needle);
    }
  });

  it.each(['csv', 'md', 'json'])('%s: bad selectors are a 400 with the message', async (format) => {
    const r = await get(`/export/comparison.${format}?cases=homeland,atlantis,northern-ireland@1999-01-01`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('There is no published case "atlantis".');
    expect(r.text).toContain('1 January 1999');
  });
});

// ---- File names ----

/** The day in UTC, as the file name gives it. */
const day = (when: Date) => when.toISOString().slice(0, 10);

describe('file names', () => {
  it.each([
    ['csv', 'attachment'],
    ['md', 'attachment'],
    ['json', 'inline'],
  ])('%s: named for the cases in the order selected, their days, and the day of download', async (format, how) => {
    const before = day(new Date());
    const r = await get(`/export/comparison.${format}?cases=${CASES}`);
    const after = day(new Date());
    expect(r.status).toBe(200);
    const disposition = r.headers.get('content-disposition')!;
    const m =
      /^(\w+); filename="comparison-police-scotland@2012-06-30-homeland-northern-ireland-(\d{4}-\d{2}-\d{2})\.(\w+)"$/.exec(
        disposition,
      );
    expect(m, disposition).not.toBeNull();
    expect(m![1]).toBe(how);
    expect([before, after]).toContain(m![2]);
    expect(m![3]).toBe(format);
    const other = await get(`/export/comparison.${format}?cases=northern-ireland,homeland`);
    expect(other.headers.get('content-disposition')).toMatch(
      new RegExp(`^${how}; filename="comparison-northern-ireland-homeland-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`),
    );
  });

  it('carries the day of download even when the answer comes from the response cache', async () => {
    const path = `/export/comparison.csv?cases=homeland,northern-ireland@2023-01-01&section=governance`;
    const name = (when: string) => `attachment; filename="comparison-homeland-northern-ireland@2023-01-01-${when}.csv"`;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2031-03-04T23:59:30Z'));
      const first = await get(path);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(first.headers.get('content-disposition')).toBe(name('2031-03-04'));

      vi.setSystemTime(new Date('2031-03-05T00:00:30Z'));
      const next = await get(path);
      expect(next.headers.get('x-cache')).toBe('HIT');
      expect(next.text).toBe(first.text);
      expect(next.headers.get('content-disposition')).toBe(name('2031-03-05'));
      // A revalidation (304) brings the new name too, for the copy the caller keeps.
      const revalidated = await get(path, { 'If-None-Match': first.headers.get('etag')! });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('content-disposition')).toBe(name('2031-03-05'));
    } finally {
      vi.useRealTimers();
    }
  });
});
