import { claimsCiting, type CaseClaim, type CaseProfileDoc, type SourceDoc } from '@casebook/schema';

/**
 * The bibliography page's document work: finding a source by what an editor remembers of it, and
 * what a merge of two sources will change, told before it is made.
 */

/** Every word of `query` is found, in any case, in the source's title, publisher, address or key. */
export function bibliographyMatches(source: SourceDoc, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const text = [source.title, source.publisher ?? '', source.url, source.key].join('\n').toLocaleLowerCase();
  return words.every((w) => text.includes(w));
}

/** What merging `merge` into `keep` will change: the claims that will cite `keep` instead, and those among them that cite it already. */
export interface MergePreview {
  moving: CaseClaim[];
  /** Claims citing both: they will cite the kept source once. */
  both: CaseClaim[];
}

export function mergePreview(
  doc: CaseProfileDoc,
  keep: string,
  merge: string,
  areaName?: (key: string) => string,
): MergePreview {
  const moving = claimsCiting(doc, merge, areaName);
  return { moving, both: moving.filter((c) => c.cites.includes(keep)) };
}

/** The draft page with a claim's form open (or, for those who cannot edit, the claim shown). */
export const claimLink = (slug: string, path: string): string =>
  `/cases/${slug}/draft?open=${encodeURIComponent(path)}`;
