import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { compare, comparisonFixtureFile, importFiles, importSeeds, type Selector } from './helpers.js';

// /export/comparison.(csv|md|json)?cases=…&section=…, read back and checked against the GraphQL
// answer for the same selection. Homeland (a fixture) has commas, quotes, pipes and non-ASCII in
// its names, and is the baseline.
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, ['northern-ireland', 'police-scotland']);
  await importFiles(db.dataSource, [comparisonFixtureFile('homeland')]);
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

/** The selection the JSON export promises to mirror, written out here as the API's contract. */
const EXPORT_FIELDS = `query ($cases: [CaseSelector!]!) {
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

interface Cite {
  locator: string | null;
  source: { url: string; title: string; publisher: string | null; standing: string };
}
interface Part {
  label: string;
  uncertain: boolean;
  citations: Cite[];
}
interface Cell {
  status: string;
  items: (Part & { parts: Part[] })[];
}
interface Answer {
  cases: { index: number; baseline: boolean; caseStudy: { name: string }; period: { label: string } }[];
  sections: { kind: string; title: string; rows: { label: string; agree: boolean; cells: Cell[] }[] }[];
  timeline: {
    caseIndex: number;
    event: { title: string; date: { text: string }; uncertain: boolean; citations: Cite[] };
  }[];
}

async function answer(): Promise<Answer> {
  const { body } = await server.graphql<{ comparison: Answer }>(EXPORT_FIELDS, { cases: SELECTION });
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

/** How a cell reads: its items, bodies in brackets, uncertain ones marked; `cite` renders a citation. */
function cellText(cell: Cell, cite: (c: Cite) => string = () => ''): string {
  if (cell.status === 'NO_DATA') return 'no data';
  const one = (p: Part) => `${p.label}${p.uncertain ? ' (uncertain)' : ''}${p.citations.map(cite).join('')}`;
  const items = cell.items.map((i) => `${one(i)}${i.parts.length ? ` [${i.parts.map(one).join('; ')}]` : ''}`);
  return cell.status === 'ABSENT' ? ['absent', ...items].join(': ') : items.join('; ');
}

const caseHeader = (c: Answer['cases'][number]) =>
  `${c.caseStudy.name}${c.baseline ? ' (baseline)' : ''}: ${c.period.label}`;

// ---- CSV ----

/** An RFC 4180 parser: CRLF records, fields quoted when they hold a comma, quote or line break. */
function parseCsv(text: string): string[][] {
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
      if (!/[",\r\n]/.test(field)) throw new Error(`needless quotes around ${JSON.stringify(field)}`);
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

function expectedCsv(a: Answer, sections: string[]): string[][] {
  const rows = [['Section', 'Row', ...a.cases.map(caseHeader), 'Cells agree']];
  for (const s of a.sections.filter((x) => sections.includes(x.kind.toLowerCase()))) {
    for (const r of s.rows) rows.push([s.title, r.label, ...r.cells.map((c) => cellText(c)), r.agree ? 'yes' : 'no']);
  }
  if (sections.includes('timeline')) {
    for (const e of a.timeline)
      rows.push([
        'Timeline',
        e.event.date.text,
        ...a.cases.map((c) =>
          c.index === e.caseIndex ? `${e.event.title}${e.event.uncertain ? ' (uncertain)' : ''}` : '',
        ),
        '',
      ]);
  }
  return rows;
}

const ALL = ['governance', 'responsibilities', 'connections', 'lessons', 'timeline'];

describe('CSV export', () => {
  it('is UTF-8 with a byte order mark, CRLF records, quoted where needed, and every cell reads as the GraphQL answer', async () => {
    const r = await get(`/export/comparison.csv?cases=${CASES}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="comparison.csv"');
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.startsWith('\uFEFF')).toBe(true);

    const records = parseCsv(r.text.slice(1));
    const expected = expectedCsv(await answer(), ALL);
    expect(records[0]).toEqual(expected[0]);
    expect(records[0]).toContain('Homeland (baseline): Homeland today');
    for (const [i, row] of expected.entries()) expect(records[i], `record ${i}: ${row[0]} / ${row[1]}`).toEqual(row);
    expect(records).toHaveLength(expected.length);

    // The awkward names made it through: quoted, with their quotes doubled, and non-ASCII intact.
    expect(r.text).toContain(
      '"Councils, ""unitary"" | all-purpose (32) [Social work, ""children and families"" | teams (uncertain)]"',
    );
    expect(r.text).toContain('Ministry for Children (Lapsiministeriö)');
    expect(
      records.some(
        (rec) => rec[0] === 'Timeline' && rec[2] === '' && rec[3] === 'Independent review published (uncertain)',
      ),
    ).toBe(true);
    expect(records.some((rec) => rec.slice(2, 5).includes('no data'))).toBe(true);
    expect(records.some((rec) => rec.slice(2, 5).some((c) => c.startsWith('absent: ')))).toBe(true);
  });

  it('?section= keeps only the sections asked for', async () => {
    const a = await answer();
    for (const sections of [['governance'], ['lessons', 'timeline'], ['connections', 'responsibilities']]) {
      const r = await get(`/export/comparison.csv?cases=${CASES}&section=${sections.join(',')}`);
      expect(r.status).toBe(200);
      expect(parseCsv(r.text.slice(1))).toEqual(expectedCsv(a, sections));
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
  tables: Map<string, string[][]>;
  sources: { n: number; line: string; url: string; standing: string }[];
  refs: number[];
}

function parseMarkdown(md: string): ParsedMarkdown {
  const lines = md.split('\n');
  const tables = new Map<string, string[][]>();
  let i = 0;
  for (; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]!);
    if (!heading || heading[1] === 'Sources') continue;
    expect(lines[i + 1]).toBe('');
    expect(lines[i + 3]).toMatch(/^\|( --- \|)+$/);
    const rows = [tableCells(lines[i + 2]!)];
    let j = i + 4;
    for (; lines[j]!.startsWith('|'); j++) rows.push(tableCells(lines[j]!));
    tables.set(heading[1]!, rows);
    i = j;
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
  const refs = [...md.slice(0, md.indexOf('## Sources')).matchAll(/\[(\d+)(?:, [^\]]+)?\]/g)].map((m) => Number(m[1]));
  return { tables, sources, refs };
}

describe('Markdown export', () => {
  it('has a table per section that reads as the GraphQL answer, with numbered citations that all resolve to the Sources list', async () => {
    const r = await get(`/export/comparison.md?cases=${CASES}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const a = await answer();
    const md = parseMarkdown(r.text);
    expect(r.text.split('\n')[0]).toBe(`# Comparison: ${a.cases.map((c) => c.caseStudy.name).join(', ')}`);

    // Sources are numbered 1..n with no gaps, one per URL, with the standing the API gives.
    expect(md.sources.map((s) => s.n)).toEqual(md.sources.map((_, i) => i + 1));
    expect(new Set(md.sources.map((s) => s.url)).size).toBe(md.sources.length);
    const citedSources = new Map<string, Cite['source']>();
    const cites = (cell: Cell) => cell.items.flatMap((i) => [...i.citations, ...i.parts.flatMap((p) => p.citations)]);
    for (const s of a.sections)
      for (const row of s.rows)
        for (const c of row.cells) for (const x of cites(c)) citedSources.set(x.source.url, x.source);
    for (const e of a.timeline) for (const x of e.event.citations) citedSources.set(x.source.url, x.source);
    for (const s of md.sources) {
      const source = citedSources.get(s.url)!;
      expect(source, s.url).toBeDefined();
      expect(s.standing).toBe(source.standing.toLowerCase().replace(/_/g, ' '));
      expect(s.line).toContain(source.title);
    }
    expect(md.sources.map((s) => s.url).sort()).toEqual([...citedSources.keys()].sort());

    // Every [n] refers to an entry, and numbers are given in order of first use.
    expect(md.refs.length).toBeGreaterThan(0);
    for (const n of md.refs) expect(md.sources.map((s) => s.n)).toContain(n);
    expect([...new Set(md.refs)]).toEqual(md.sources.map((s) => s.n));

    // Each table, read back with the numbers resolved to URLs, says what the API says.
    const url = new Map(md.sources.map((s) => [s.n, s.url]));
    const resolve = (text: string) =>
      text.replace(
        /\[(\d+)(?:, ([^\]]+))?\]/g,
        (_m, n: string, locator?: string) => `{${url.get(Number(n))}${locator ? ` @ ${locator}` : ''}}`,
      );
    const asUrl = (c: Cite) => `{${c.source.url}${c.locator ? ` @ ${c.locator}` : ''}}`;
    for (const s of a.sections) {
      const table = md.tables.get(s.title)!;
      expect(table, s.title).toBeDefined();
      expect(table[0]).toEqual(['Row', ...a.cases.map((c) => c.caseStudy.name), 'Agree']);
      expect(table.slice(1).map((row) => row.map(resolve))).toEqual(
        s.rows.map((row) => [row.label, ...row.cells.map((c) => cellText(c, asUrl)), row.agree ? 'yes' : 'no']),
      );
    }
    const timeline = md.tables.get('Timeline')!;
    expect(timeline[0]).toEqual(['Date', 'Case', 'Event']);
    expect(timeline.slice(1).map((row) => row.map(resolve))).toEqual(
      a.timeline.map((e) => [
        e.event.date.text,
        a.cases[e.caseIndex]!.caseStudy.name,
        `${e.event.title}${e.event.uncertain ? ' (uncertain)' : ''}${e.event.citations.map(asUrl).join('')}`,
      ]),
    );
    // A locator is shown with its number, and a pipe inside a cell is escaped.
    expect(r.text).toMatch(/\[\d+, chapter 2\]/);
    expect(r.text).toContain('Councils, "unitary" \\| all-purpose (32)');
  });

  it('?section= keeps only those tables, and lists only the sources they cite', async () => {
    const r = await get(`/export/comparison.md?cases=${CASES}&section=lessons`);
    expect(r.status).toBe(200);
    const md = parseMarkdown(r.text);
    expect([...md.tables.keys()]).toEqual(['Lessons by theme']);
    expect([...new Set(md.refs)]).toEqual(md.sources.map((s) => s.n));
    const a = await answer();
    const lessonUrls = new Set(
      a.sections
        .find((s) => s.kind === 'LESSONS')!
        .rows.flatMap((row) => row.cells.flatMap((c) => c.items.flatMap((i) => i.citations.map((x) => x.source.url)))),
    );
    expect(md.sources.map((s) => s.url).sort()).toEqual([...lessonUrls].sort());
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

  it.each(['csv', 'md', 'json'])('%s: an unknown section is a 400 naming it', async (format) => {
    const r = await get(`/export/comparison.${format}?cases=${CASES}&section=governance,budget`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toContain('Unknown section "budget"');
  });

  it.each(['csv', 'md', 'json'])('%s: bad selectors are a 400 with the message', async (format) => {
    const r = await get(`/export/comparison.${format}?cases=homeland,atlantis,northern-ireland@1999-01-01`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('There is no published case "atlantis".');
    expect(r.text).toContain('1999-01-01');
  });
});
