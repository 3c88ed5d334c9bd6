import { readFileSync } from 'node:fs';
import { fromRoot } from '../../server/src/common/paths.js';

/** One bullet of the research record, with the URLs it cites and whether it is marked uncertain. */
export interface RecordBullet {
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
 * Reads seeds/research/case-facts.md into bullets: a line starting with "-" (at any depth) plus
 * its continuation lines. "same URL" refers to the URL cited just before it.
 */
export function readResearchRecord(): { text: string; bullets: RecordBullet[]; sections: string[] } {
  const text = readFileSync(fromRoot('seeds', 'research', 'case-facts.md'), 'utf8');
  const bullets: RecordBullet[] = [];
  const sections: string[] = [];
  let section = '';
  let current: RecordBullet | undefined;
  let lastUrl: string | undefined;
  const finish = () => {
    if (!current) return;
    const urls = [...current.text.matchAll(URL_PATTERN)].map((m) => clean(m[0]));
    if (/same URL/i.test(current.text) && lastUrl && urls.length === 0) urls.push(lastUrl);
    if (urls.length) lastUrl = urls[urls.length - 1];
    current.urls = urls;
    current.uncertain = current.text.includes('[UNCERTAIN]');
    bullets.push(current);
    current = undefined;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      finish();
      section = line.slice(3).trim();
      sections.push(section);
    } else if (/^\s*-\s/.test(line)) {
      finish();
      current = { section, text: line.trim(), urls: [], uncertain: false };
    } else if (line.trim() === '' || line.startsWith('#')) {
      // A blank line or a sub-heading does not end a bullet: its "— URL" line may follow.
      if (line.startsWith('#')) finish();
    } else if (current) {
      current.text += ` ${line.trim()}`;
    } else if (URL_PATTERN.test(line)) {
      URL_PATTERN.lastIndex = 0;
      current = { section, text: line.trim(), urls: [], uncertain: false };
    }
  }
  finish();
  return { text, bullets, sections };
}

/** Which sections of the record each seed document is written from. */
export const SECTIONS_OF: Record<string, RegExp> = {
  finland: /^2\. /,
  'northern-ireland': /^3\. /,
  netherlands: /^4\. /,
  'new-zealand': /^5\. /,
  ireland: /^6\. /,
  'police-scotland': /^7\. /,
  'scottish-fire-and-rescue-service': /^8\. /,
  scotland: /^(9|10)\. /,
  study: /^(0|0a|1)\. /,
};

/** Every URL in the record, anywhere. */
export function allRecordUrls(bullets: RecordBullet[], text: string): Set<string> {
  const urls = new Set(bullets.flatMap((b) => b.urls));
  for (const m of text.matchAll(URL_PATTERN)) urls.add(clean(m[0]));
  return urls;
}
