import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseProfileDoc, StudyDoc } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { documentFiles, readDocumentText } from '../../../server/src/modules/interchange/interchange.service.js';

// Displayed text speaks to a reader about the case: never about the research, the record, the
// modelling or internal codes. Provenance and editorial reasoning belong in `editorNote`, which
// readers never see. This scans every displayed field of every seed, and the app's own words.

/** Words about the research process, the record or the modelling, and their kin. */
export const NOT_A_READERS_WORDS: [string, RegExp][] = [
  ['"the record"', /\b(?:the|this|our) record\b/i],
  ['"research record"', /\bresearch record\b/i],
  ['a literal [UNCERTAIN]', /\[UNCERTAIN/i],
  ['an enum code', /\b[A-Z]{2,}(?:_[A-Z]{2,})+\b/],
  ['"the profile" (its reading, its choices)', /\b(?:the|this) profile(?:'s|’s)?\b/i],
  ['"inferred"', /\binferred\b/i],
  ['"not seen"', /\bnot seen\b/i],
  ['"not retrieved"', /\bnot retrieved\b/i],
  ['"not confirmed by the research"', /\bconfirmed by the research\b/i],
  ['"shown at the … tier"', /\bshown (?:at|on) the \w+ (?:tier|level)\b/i],
  ['"thin where"', /\bthin where\b/i],
  ['"modelled"', /\bmodell?ed\b|\bmodell?ing\b/i],
  ['"the case study" as the researchers\' work', /\bthe case study (?:says|records|notes)\b/i],
];

const files = await documentFiles(fromRoot('seeds'));
const docs = files.map((file) => readDocumentText(readFileSync(file, 'utf8'), file));

/** Fields readers never see: keys, citations, codes, dates, URLs, and notes for editors. */
const HIDDEN = new Set([
  'format',
  'slug',
  'key',
  'cite',
  'source',
  'locator',
  'kind',
  'tier',
  'type',
  'function',
  'serviceArea',
  'theme',
  'between',
  'mechanisms',
  'standing',
  'evidenceStrength',
  'coverage',
  'url',
  'date',
  'accessed',
  'validFrom',
  'validTo',
  'reviewed',
  'editorNote',
]);

/** Every string a reader can see in a document, with its path. */
function displayed(value: unknown, at: string, out: { path: string; text: string }[] = []) {
  if (typeof value === 'string') out.push({ path: at, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => displayed(v, `${at}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!HIDDEN.has(k)) displayed(v, at ? `${at}.${k}` : k, out);
  return out;
}

const problemsIn = (texts: { path: string; text: string }[]) =>
  texts.flatMap(({ path: at, text }) =>
    NOT_A_READERS_WORDS.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${at}: ${what}: ${text}`),
  );

describe('the words readers see', () => {
  it('the scan finds what it looks for', () => {
    const samples = [
      'As the record says',
      'Not in the research record',
      '[UNCERTAIN] a date',
      'by STRATEGIC_PLANNING',
      "The profile's reading is",
      'This is inferred from the name',
      'The Act was not seen',
      'Its tables were not retrieved',
      'Not confirmed by the research',
      'Shown at the national tier',
      'Thin where the sources are thin',
      'Not modelled here',
    ];
    for (const sample of samples) expect(problemsIn([{ path: 'x', text: sample }]), sample).not.toEqual([]);
    // A reader's plain words pass.
    expect(
      problemsIn([
        { path: 'x', text: 'Only a copy of a government news item was found, not the original.' },
        {
          path: 'x',
          text: 'The five trusts deliver children’s social care within integrated health and social services.',
        },
      ]),
    ).toEqual([]);
  });

  it.for(docs.map((d) => [path.basename(d.file), d] as const))(
    'every displayed field of seeds/%s speaks about the case',
    ([, d]) => {
      expect(d.problems).toEqual([]);
      const doc = d.doc as CaseProfileDoc | StudyDoc;
      const texts = displayed(doc, '');
      expect(texts.length).toBeGreaterThan(10);
      expect(problemsIn(texts)).toEqual([]);
    },
  );

  it('every uncertain claim keeps a reader note saying why', () => {
    const missing: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}.${i}`));
      else if (value && typeof value === 'object') {
        const claim = value as { uncertain?: boolean; note?: string };
        if (claim.uncertain && !claim.note?.trim()) missing.push(at);
        for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
      }
    };
    for (const d of docs) walk(d.doc, path.basename(d.file));
    expect(missing).toEqual([]);
  });

  it("the app's own words speak to readers too", async () => {
    const vue = (await readdir(fromRoot('client', 'src'), { recursive: true }))
      .filter((f) => f.endsWith('.vue'))
      .map((f) => path.join(fromRoot('client', 'src'), f));
    expect(vue.length).toBeGreaterThan(10);
    const found = vue.flatMap((file) => {
      // The template only: what is shown, not code or comments.
      const template = /<template>([\s\S]*)<\/template>/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
      const text = template.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ' ');
      return problemsIn([{ path: path.relative(fromRoot(), file), text }]).filter(
        (p) => !p.includes(': an enum code:'),
      );
    });
    expect(found).toEqual([]);
  });
});
