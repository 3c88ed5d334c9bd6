import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citeParts, type CaseProfileDoc, type ClaimDoc, type StudyDoc } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { documentFiles, readDocumentText } from '../../../server/src/modules/interchange/interchange.service.js';
import { RECORD_FILES, SECTIONS_OF, allRecordUrls, readResearchRecord } from '../../support/research-record.js';

const record = readResearchRecord();
const recordUrls = allRecordUrls(record.bullets, record.texts);
const files = await documentFiles(fromRoot('seeds'));
const docs = files.map((file) => readDocumentText(readFileSync(file, 'utf8'), file));
const cases = docs.flatMap((d) => (d.kind === 'case' ? [d.doc] : []));
const study = docs.flatMap((d) => (d.kind === 'study' ? [d.doc] : []))[0];

/** Every claim of a document with the URLs it cites. */
function claims(doc: CaseProfileDoc | StudyDoc): { path: string; claim: ClaimDoc; urls: string[] }[] {
  const urlOf = new Map(doc.sources.map((s) => [s.key, s.url]));
  const out: { path: string; claim: ClaimDoc; urls: string[] }[] = [];
  const add = (path: string, claim: ClaimDoc) =>
    out.push({ path, claim, urls: claim.cite.map((c) => urlOf.get(citeParts(c).source)!) });
  if ('periods' in doc) {
    doc.periods.forEach((p, i) => {
      p.levels?.forEach((l, j) => {
        add(`periods.${i}.levels.${j}`, l);
        l.bodies?.forEach((b, k) => {
          add(`periods.${i}.levels.${j}.bodies.${k}`, b);
          b.responsibilities?.forEach((r, m) => add(`periods.${i}.levels.${j}.bodies.${k}.responsibilities.${m}`, r));
        });
      });
      p.connections?.forEach((c, j) => add(`periods.${i}.connections.${j}`, c));
    });
    doc.timeline?.forEach((e, i) => add(`timeline.${i}`, e));
    doc.lessons?.forEach((l, i) => add(`lessons.${i}`, l));
  } else {
    doc.strands.forEach((s, i) => add(`strands.${i}`, s));
    doc.reports?.forEach((r, i) => add(`reports.${i}`, r));
    doc.findings?.forEach((f, i) => add(`findings.${i}`, f));
  }
  return out;
}

/** URLs whose every mention in the record (either file) is in a bullet marked uncertain. */
const uncertainOnly = (() => {
  const mentions = new Map<string, boolean[]>();
  for (const b of record.bullets)
    for (const url of b.urls) mentions.set(url, [...(mentions.get(url) ?? []), b.uncertain]);
  return new Set([...mentions].filter(([, flags]) => flags.every(Boolean)).map(([url]) => url));
})();

describe('the seeded profiles and the research record', () => {
  it('are all valid, and are the eight cases and the study record', () => {
    for (const d of docs) expect(d.problems, d.file).toEqual([]);
    expect(cases.map((c) => c.slug).sort()).toEqual(
      [
        'finland',
        'ireland',
        'netherlands',
        'new-zealand',
        'northern-ireland',
        'police-scotland',
        'scotland',
        'scottish-fire-and-rescue-service',
      ].sort(),
    );
    expect(study, 'seeds/study.yaml').toBeDefined();
    expect(cases.filter((c) => c.baseline).map((c) => c.slug)).toEqual(['scotland']);
  });

  it.for(RECORD_FILES)('keeps seeds/research/%s identical to the shared research record it copies', (file) => {
    let shared: string | undefined;
    try {
      shared = readFileSync(fromRoot('..', 'shared', 'research', file), 'utf8');
    } catch {
      shared = undefined; // A clone without shared/ beside it has only the copy.
    }
    if (shared !== undefined) expect(record.texts[file]).toBe(shared);
  });

  it('reads each case’s sections of both files', () => {
    expect(record.sections.some((s) => s.startsWith('2. Case study: Finland'))).toBe(true);
    for (const [slug, patterns] of Object.entries(SECTIONS_OF))
      for (const file of RECORD_FILES)
        expect(
          record.bullets.filter((b) => b.file === file && patterns[file].test(b.section)).length,
          `${slug} in ${file}`,
        ).toBeGreaterThan(0);
    // Finland's corrections (A1, A2) and its part B are all Finland's.
    expect(record.sections.filter((s) => SECTIONS_OF.finland!['case-facts-addendum-2026.md'].test(s)).length).toBe(3);
  });

  for (const [slug, patterns] of Object.entries(SECTIONS_OF)) {
    describe(slug, () => {
      const doc = slug === 'study' ? study : cases.find((c) => c.slug === slug);
      const sectionBullets = record.bullets.filter((b) => patterns[b.file].test(b.section));

      it('cites, or lists as not modelled with a reason, every URL of its sections of the record', () => {
        expect(doc, `seeds/${slug}.yaml`).toBeDefined();
        expect(sectionBullets.length).toBeGreaterThan(0);
        const cited = new Set(doc!.sources.map((s) => s.url));
        const notModelled = new Map((doc!.notModelled ?? []).map((n) => [n.url, n.reason]));
        const missing = [...new Set(sectionBullets.flatMap((b) => b.urls))].filter(
          (url) => !cited.has(url) && !notModelled.has(url),
        );
        expect(missing).toEqual([]);
        for (const [url, reason] of notModelled) {
          expect(reason.trim().length, url).toBeGreaterThan(10);
          expect(cited.has(url), `${url} is both cited and not modelled`).toBe(false);
        }
      });

      it('cites no URL that the research record does not hold', () => {
        const strays = doc!.sources.map((s) => s.url).filter((url) => !recordUrls.has(url));
        expect(strays).toEqual([]);
        const notModelledStrays = (doc!.notModelled ?? []).map((n) => n.url).filter((url) => !recordUrls.has(url));
        expect(notModelledStrays).toEqual([]);
      });

      it('marks uncertain every claim that rests only on facts the record marks [UNCERTAIN]', () => {
        const unmarked = claims(doc!)
          .filter(({ claim, urls }) => urls.length > 0 && urls.every((u) => uncertainOnly.has(u)) && !claim.uncertain)
          .map(({ path }) => path);
        expect(unmarked).toEqual([]);
      });

      if (slug !== 'study' && slug !== 'scotland') {
        it('has a period before and after its main reform', () => {
          expect(doc && 'periods' in doc ? doc.periods.length : 0).toBeGreaterThanOrEqual(2);
        });
      }
    });
  }
});

// Copies of documents on sharing and aggregator sites are secondary sources: readers should know a
// page is a copy. A publisher's own account on such a site is its own publication.
describe('sources on document-sharing and aggregator sites', () => {
  const COPY_HOSTS =
    /(^|\.)(docslib\.org|fdocuments\.\w+|5dok\.\w+|dokumen\.tips|paperzz\.com|yumpu\.com|mafiadoc\.com|wikimili\.com|readkong\.com|kildarestreet\.com|issuu\.com|scribd\.com|studylib\.net|[^.]+\.asia)$/;
  /** Publications their publisher put on such a site itself, by URL prefix. */
  const OWN_ACCOUNTS = ['https://issuu.com/tusla1/'];

  it('are SECONDARY, unless the publisher posted them on its own account', () => {
    const copies = cases.flatMap((c) =>
      c.sources
        .filter((s) => COPY_HOSTS.test(new URL(s.url).hostname))
        .map((s) => ({ at: `${c.slug}/${s.key}`, url: s.url, standing: s.standing })),
    );
    expect(copies.length).toBeGreaterThan(5);
    const unmarked = copies
      .filter((s) => s.standing !== 'SECONDARY' && !OWN_ACCOUNTS.some((prefix) => s.url.startsWith(prefix)))
      .map((s) => `${s.at} (${s.standing})`);
    expect(unmarked).toEqual([]);
  });
});

// Coverage decides whether a body missing from a period is absent or simply not recorded, so it
// is declared, never left to the default, and a period the sources describe in a sentence or two
// claims completeness nowhere.
describe('the coverage the seeded periods declare', () => {
  const THIN_BEFORE: Record<string, string> = {
    'new-zealand': 'before-2017',
    ireland: 'before-2014',
    'police-scotland': 'before-2013',
    'scottish-fire-and-rescue-service': 'before-2013',
  };

  it('is written out for every section of every period', () => {
    const undeclared = cases.flatMap((c) =>
      c.periods
        .filter((p) => !p.coverage?.levels || !p.coverage.responsibilities || !p.coverage.connections)
        .map((p) => `${c.slug}/${p.key}`),
    );
    expect(undeclared).toEqual([]);
  });

  it.for(Object.entries(THIN_BEFORE))('is partial or not recorded throughout %s’s thin period %s', ([slug, key]) => {
    const period = cases.find((c) => c.slug === slug)?.periods.find((p) => p.key === key);
    expect(period, `${slug}/${key}`).toBeDefined();
    expect(Object.values(period!.coverage ?? {})).not.toContain('complete');
  });

  it('says connections are not recorded where a period lists none (or that it has none, if complete)', () => {
    const unsaid = cases.flatMap((c) =>
      c.periods
        .filter((p) => !p.connections?.length && p.coverage?.connections === 'partial')
        .map((p) => `${c.slug}/${p.key}`),
    );
    expect(unsaid).toEqual([]);
  });
});
