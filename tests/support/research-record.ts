import { readFileSync } from 'node:fs';
import { fromRoot } from '../../server/src/common/paths.js';

/** The files of the research record: the first record, and its December 2026 addendum. */
export const RECORD_FILES = ['case-facts.md', 'case-facts-addendum-2026.md'] as const;
export type RecordFile = (typeof RECORD_FILES)[number];

/** One bullet of the research record, with the URLs it cites and whether it is marked uncertain. */
export interface RecordBullet {
  file: RecordFile;
  /** The heading it sits under: "2. Case study: Finland"; in the addendum "A1. … / Finland" or "Finland". */
  section: string;
  text: string;
  urls: string[];
  uncertain: boolean;
}

const URL_PATTERN = /https?:\/\/[^\s<>\]]+/g;

/** Drops punctuation that ends a sentence, and a closing bracket the URL did not open. */
function clean(url: string): string {
  let out = url.replace(/[.,;:]+$/, '');
  const count = (ch: string) => out.split(ch).length - 1;
  while (out.endsWith(')') && count(')') > count('(')) out = out.slice(0, -1).replace(/[.,;:]+$/, '');
  return out;
}

/**
 * Reads one file of the research record into bullets: a line starting with "-" (at any depth)
 * plus its continuation lines. "same URL" refers to the URL cited just before it. A bullet's
 * section is its "## " heading, and in the addendum, whose cases are "### " headings within its
 * parts A1 and A2, "## part / ### case".
 */
function readRecordFile(file: RecordFile): { text: string; bullets: RecordBullet[]; sections: string[] } {
  const text = readFileSync(fromRoot('seeds', 'research', file), 'utf8');
  const nested = file !== 'case-facts.md';
  const bullets: RecordBullet[] = [];
  const sections: string[] = [];
  let section = '';
  let part = '';
  let current: RecordBullet | undefined;
  let lastUrl: string | undefined;
  const finish = () => {
    if (!current) return;
    const urls = [...current.text.matchAll(URL_PATTERN)].map((m) => clean(m[0]));
    if (/same URL/i.test(current.text) && lastUrl && urls.length === 0) urls.push(lastUrl);
    if (urls.length) lastUrl = urls[urls.length - 1];
    current.urls = urls;
    // "[UNCERTAIN]", and in the addendum also "[UNCERTAIN: why]".
    current.uncertain = current.text.includes('[UNCERTAIN');
    bullets.push(current);
    current = undefined;
  };
  const start = (line: string) => ({ file, section, text: line.trim(), urls: [], uncertain: false });
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      finish();
      part = line.slice(3).trim();
      section = part;
      sections.push(section);
    } else if (nested && line.startsWith('### ')) {
      finish();
      section = `${part} / ${line.slice(4).trim()}`;
      sections.push(section);
    } else if (/^\s*-\s/.test(line)) {
      finish();
      current = start(line);
    } else if (line.trim() === '' || line.startsWith('#')) {
      // A blank line or a sub-heading does not end a bullet: its "— URL" line may follow.
      if (line.startsWith('#')) finish();
      if (nested && line.startsWith('# ')) part = section = '';
    } else if (current) {
      current.text += ` ${line.trim()}`;
    } else if (URL_PATTERN.test(line)) {
      URL_PATTERN.lastIndex = 0;
      current = start(line);
    }
  }
  finish();
  return { text, bullets, sections };
}

/** Both files of the research record: their texts by file, and every bullet and section of each. */
export function readResearchRecord(): {
  texts: Record<RecordFile, string>;
  bullets: RecordBullet[];
  sections: string[];
} {
  const read = RECORD_FILES.map(readRecordFile);
  return {
    texts: Object.fromEntries(RECORD_FILES.map((f, i) => [f, read[i]!.text])) as Record<RecordFile, string>,
    bullets: read.flatMap((r) => r.bullets),
    sections: read.flatMap((r) => r.sections),
  };
}

/** A case's sections of the addendum: its heading in parts A1 and A2, and its own part B heading. */
const addendum = (heading: string) => new RegExp(`^(?:A[12]\\. .* / )?(?:${heading})$`);

/**
 * Which sections of each file of the record each seed document is written from. The addendum's
 * notes on several cases at once ("Other notes outside the sample", "Searched for and not found")
 * belong to none.
 */
export const SECTIONS_OF: Record<string, Record<RecordFile, RegExp>> = {
  finland: { 'case-facts.md': /^2\. /, 'case-facts-addendum-2026.md': addendum('Finland') },
  'northern-ireland': { 'case-facts.md': /^3\. /, 'case-facts-addendum-2026.md': addendum('Northern Ireland') },
  netherlands: { 'case-facts.md': /^4\. /, 'case-facts-addendum-2026.md': addendum('The Netherlands') },
  'new-zealand': { 'case-facts.md': /^5\. /, 'case-facts-addendum-2026.md': addendum('New Zealand') },
  ireland: { 'case-facts.md': /^6\. /, 'case-facts-addendum-2026.md': addendum('Republic of Ireland') },
  'police-scotland': { 'case-facts.md': /^7\. /, 'case-facts-addendum-2026.md': addendum('Police Scotland') },
  'scottish-fire-and-rescue-service': {
    'case-facts.md': /^8\. /,
    'case-facts-addendum-2026.md': addendum('SFRS|Scottish Fire and Rescue Service'),
  },
  scotland: {
    'case-facts.md': /^(9|10)\. /,
    'case-facts-addendum-2026.md': new RegExp(`${addendum('Scotland today.*').source}|^A3\\. Scotland`),
  },
  study: { 'case-facts.md': /^(0|0a|1)\. /, 'case-facts-addendum-2026.md': /^CELCIS/ },
};

/** Every URL in the record, anywhere. */
export function allRecordUrls(bullets: RecordBullet[], texts: Record<RecordFile, string>): Set<string> {
  const urls = new Set(bullets.flatMap((b) => b.urls));
  for (const text of Object.values(texts)) for (const m of text.matchAll(URL_PATTERN)) urls.add(clean(m[0]));
  return urls;
}
