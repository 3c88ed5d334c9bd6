/**
 * The words of a full-text search, ready for `websearch_to_tsquery`; undefined when there are none.
 * A minus sign that negates nothing (not followed by a word or a quoted phrase) is dropped:
 * PostgreSQL refuses a query with more than 32 of them in a row ("tsquery stack too small").
 */
export function searchWords(text: string | null | undefined): string | undefined {
  const words = text?.replace(/-(?![\p{L}\p{N}"])/gu, ' ').trim();
  return words || undefined;
}
