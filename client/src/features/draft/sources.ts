import type { SourceDoc } from '@casebook/schema';

/**
 * The source picker's work on the draft's sources: finding them by what an author remembers of
 * them (words of the title, the publisher, the address) and telling a new one's address apart.
 */

/** A source saved in the draft from the picker, and the draft versions before and after it. */
export interface CreatedSource {
  key: string;
  title: string;
  fromVersion: number;
  toVersion: number;
}

/** Every word of `query` is found, in any case, in the source's title, publisher or address. */
export function sourceMatches(source: SourceDoc, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const text = [source.title, source.publisher ?? '', source.url].join('\n').toLocaleLowerCase();
  return words.every((w) => text.includes(w));
}

/** An address as the bibliography stores and compares it: without the spaces around it. */
export const sameAddress = (a: string, b: string): boolean => a.trim() !== '' && a.trim() === b.trim();

/** Whether what was typed reads as a web address (worth asking the bibliography about). */
export const looksLikeAddress = (text: string): boolean => /^https?:\/\/\S+\.\S+$/i.test(text.trim());
