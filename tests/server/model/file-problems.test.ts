import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateDraftProfile } from '@casebook/schema/validate';
import { readDocumentText } from '../../../server/src/modules/interchange/interchange.service.js';
import { fixturesDir } from '../../support/profiles.js';

// An author who checks a broken file sees every problem of it in one run (its syntax, its shape,
// its references), each at the line and column an editor jumps to, so one round of fixes is enough.
const BETA = readFileSync(path.join(fixturesDir, 'profiles', 'beta.yaml'), 'utf8');

/** The text with each `from` (which must be in it exactly once) replaced by its `to`. */
function edited(text: string, ...edits: [from: string, to: string][]): string {
  for (const [from, to] of edits) {
    expect(text.split(from), `"${from}" once in the text`).toHaveLength(2);
    text = text.replace(from, to);
  }
  return text;
}

/** Where `needle` starts in `text`, as `line:column` (1-based), as an editor's cursor shows it. */
function at(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  expect(offset, `"${needle}" in the text`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** Each problem of the file as `line:column path: message`, in the order given. */
const problemsOf = (text: string, file: string) =>
  readDocumentText(text, file).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);

describe('every problem of a file at once, at its line and column', () => {
  it('reports a syntax error and the problems of the value read past it in one run, in the order of the file', () => {
    const text = edited(
      BETA,
      // A colon and a space in an unquoted title: YAML reads a map there, and the lines after it into it.
      ['title: Local scrutiny weakened after the merger', 'title: Local scrutiny: weakened after the merger'],
      ['serviceArea: policing', 'serviceArea: social-care'],
    );
    expect(problemsOf(text, 'beta.yaml')).toEqual([
      `${at(text, 'social-care')} periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"`,
      // Once: not again as a title that is not text, nor as the fields the title swallowed being missing.
      `${at(text, 'Local scrutiny:')} lessons.0.title: Nested mappings are not allowed in compact mappings`,
    ]);
  });

  it('reports faults of shape and of meaning together: a missing field at its map, a bad reference at its value', () => {
    const text = edited(
      BETA,
      ['            name: Beta Police Service\n', ''],
      ['summary: A fictional national police service formed by merging regional forces.\n', ''],
      ['cite: [beta-audit, shared-oecd]', 'cite: [beta-audit, shared-oced]'],
      ['between: [policing, childrens-social-work]', 'between: [policing, child-protection]'],
    );
    expect(problemsOf(text, 'beta.yaml')).toEqual([
      // A field missing from the case points at the case's map, which starts at its first field.
      '1:1 summary: is required',
      `${at(text, 'key: beta-police')} periods.0.levels.0.bodies.0.name: is required`,
      `${at(text, 'child-protection')} periods.0.connections.0.between.1: unknown service area "child-protection"`,
      `${at(text, 'shared-oced')} lessons.0.cite.1: unknown source "shared-oced": add it to sources`,
    ]);
  });

  it('checks the rest of a document past values of the wrong form, and reports each fault once', () => {
    const text = edited(
      BETA,
      ['between: [policing, childrens-social-work]', 'between: policing'],
      ['    date: "2015-04-01"', '    date: 2015'],
      ['serviceArea: policing', 'serviceArea: social-care'],
    );
    expect(problemsOf(text, 'beta.yaml')).toEqual([
      `${at(text, 'social-care')} periods.0.levels.0.bodies.0.responsibilities.0.serviceArea: unknown service area "social-care"`,
      `${at(text, 'policing\n')} periods.0.connections.0.between: must be an array`,
      `${at(text, '2015\n    title')} timeline.0.date: must be a date like "2013", "2013-04" or "2013-04-01" (quoted in YAML)`,
    ]);
  });

  it('names each field as the forms do, with the part that holds it, beside the path', () => {
    const text = edited(BETA, ['serviceArea: policing', 'serviceArea: social-care'], ['type: PROVIDER', 'type: SHOP']);
    expect(readDocumentText(text, 'beta.yaml').problems.map((p) => [p.path, p.label])).toEqual([
      ['periods.0.levels.0.bodies.0.type', 'Type, in the body “Beta Police Service”'],
      [
        'periods.0.levels.0.bodies.0.responsibilities.0.serviceArea',
        'Service area, in the responsibility “police-delivery”',
      ],
    ]);
  });

  it('reads JSON the same way: a missing comma, a missing field and a bad reference in one run', () => {
    const doc = parse(BETA) as { periods: Record<string, unknown>[]; lessons: { cite: string[] }[] };
    delete doc.periods[0]!.label;
    doc.lessons[0]!.cite = ['beta-audit', 'shared-oced'];
    const text = edited(JSON.stringify(doc, null, 2), ['"jurisdiction": "Betaland",', '"jurisdiction": "Betaland"']);
    expect(problemsOf(text, 'beta.json')).toEqual([
      // Where the comma should be: before the next field, in the field it follows.
      `${at(text, '"baseline"')} jurisdiction: Missing , between flow map items`,
      `${at(text, '{\n      "key": "from-2015"')} periods.0.label: is required`,
      `${at(text, '"shared-oced"')} lessons.0.cite.1: unknown source "shared-oced": add it to sources`,
    ]);
  });

  it('says once that a file which cannot be read as a document was checked no further, after what it found', () => {
    const problems = readDocumentText('"format: casebook/case-profile@1\nslug: beta-police\n', 'beta.yaml').problems;
    expect(problems.map((p) => [p.line, p.column, p.path, p.message])).toEqual([
      // The closing quote is looked for to the end of the file.
      [3, 1, '(file)', 'Missing closing "quote'],
      [
        undefined,
        undefined,
        '(file)',
        'cannot be read as a document until the syntax problems are fixed, so nothing else in it was checked',
      ],
    ]);
  });
});

describe('a document nested deeper than the stack', () => {
  it('is checked without walking it whole: its faults are reported, and nothing overflows', () => {
    const doc = parse(readFileSync(path.join(fixturesDir, 'profiles', 'alpha.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    // A lesson's title 50,000 levels deep, as a crafted request may send it.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50_000; i++) deep = { deeper: deep };
    const lessons = doc.lessons as Record<string, unknown>[];
    lessons[0] = { ...lessons[0], title: deep };
    const checked = validateDraftProfile(doc);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toContain('lessons.0.title');
  });
});
