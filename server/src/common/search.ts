/**
 * The words of a full-text search, ready for `websearch_to_tsquery`; undefined when there are none.
 * A minus sign that negates nothing (not followed by a word or a quoted phrase) is dropped:
 * PostgreSQL refuses a query with more than 32 of them in a row ("tsquery stack too small").
 */
export function searchWords(text: string | null | undefined): string | undefined {
  const words = text?.replace(/-(?![\p{L}\p{N}"])/gu, ' ').trim();
  return words || undefined;
}

/**
 * How alike (pg_trgm `similarity`, 0 to 1) a searched word and a word of the text must be to
 * count as a misspelling of it. 0.3 lets one swapped or missing letter through ("Finlnad" is 0.33
 * from "Finland") and keeps two wrong letters out ("Fjnlanx" is 0.23); it is also pg_trgm's
 * default threshold for the `%` operator, which lets the trigram index find the candidates.
 */
export const FUZZY_SIMILARITY = 0.3;

/** How a search matched, best first; 0 is no match. */
export const PHRASE = 3;
export const WORDS = 2;
export const FUZZY = 1;

/** The parts of a search: the phrase and words as typed, and the words to match loosely (if any). */
export interface SearchTerms {
  words: string;
  /** Null when the search excludes words ("-police"), which a phrase or loose match cannot honour. */
  phrase: string | null;
  fuzzy: string | null;
}

/** A search's terms; undefined when it has no words. */
export function searchTerms(text: string | null | undefined): SearchTerms | undefined {
  const words = searchWords(text);
  if (!words) return undefined;
  const excludes = /(^|\s)-["\p{L}\p{N}]/u.test(words);
  return { words, phrase: excludes ? null : words, fuzzy: excludes ? null : words.replace(/\bor\b/giu, ' ') };
}

/**
 * What a forgiving search reads of the rows it searches (migration ForgivingSearch1764270000000):
 * SQL expressions over the row's alias in the caller's query.
 */
export interface SearchedText {
  /** The weighted full-text vector, built from unaccented text (`c.search_vector`). */
  vector: string;
  /** The text's words as `casebook_search_words` gives them (`c.search_text`). */
  text: string;
  /** The table of the row's distinct words, its column naming the row, and the row's id. */
  words: { table: string; key: string; id: string };
}

/**
 * A search's conditions as SQL, with their parameters: the phrase as typed, every word (accents
 * and capitals aside), or every word spelt nearly alike; `tier` says which matched (PHRASE, WORDS,
 * FUZZY or 0) and `rank` orders the word matches.
 */
export function searchSql(terms: SearchTerms, on: SearchedText) {
  const phrase = terms.phrase
    ? `(${on.text} LIKE '%' || casebook_search_words(:searchPhrase) || '%' AND trim(casebook_search_words(:searchPhrase)) <> '')`
    : 'false';
  const query = `websearch_to_tsquery('english', casebook_unaccent(:searchWords))`;
  const words = `${on.vector} @@ ${query}`;
  const fuzzy = terms.fuzzy
    ? `(cardinality(array_remove(string_to_array(trim(casebook_search_words(:searchFuzzy)), ' '), '')) > 0
        AND NOT EXISTS (
          SELECT 1 FROM unnest(array_remove(string_to_array(trim(casebook_search_words(:searchFuzzy)), ' '), '')) qw
          WHERE NOT EXISTS (
            SELECT 1 FROM ${on.words.table} sw
            WHERE sw.${on.words.key} = ${on.words.id} AND sw.word % qw AND similarity(sw.word, qw) >= :similarity)))`
    : 'false';
  const tier = `CASE WHEN ${phrase} THEN ${PHRASE} WHEN ${words} THEN ${WORDS} WHEN ${fuzzy} THEN ${FUZZY} ELSE 0 END`;
  const rank = `ts_rank(${on.vector}, ${query})`;
  const params = {
    searchPhrase: terms.phrase ?? '',
    searchWords: terms.words,
    searchFuzzy: terms.fuzzy ?? '',
    similarity: FUZZY_SIMILARITY,
  };
  return { phrase, words, fuzzy, tier, rank, params };
}
