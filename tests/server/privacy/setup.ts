import { expect } from 'vitest';
import { readSeedCase } from '../../support/seeds.js';
import { CREATE_CASE, dataOf, saved, USER_ERRORS, type Caller, type Json } from '../authoring/helpers.js';

/** Words that appear only in drafts: no published answer may ever carry them. */
export const DRAFT_MARK = 'QX7-DRAFT-ONLY';

/** The unpublished case the drafts below make (a case with a draft and no edition). */
export const HIDDEN_SLUG = 'qx7-hidden';

const START = `mutation ($slug: String!) { startDraft(slug: $slug) { draft { version document } ${USER_ERRORS} } }`;
const SAVE = `mutation ($edit: DraftEditInput!, $document: JSONObject!) { saveDraft(edit: $edit, document: $document) { draft { version } ${USER_ERRORS} } }`;

/** The global ids of what only a draft holds, as a signed-in reader finds them. */
export interface DraftIds {
  /** A lesson of finland's draft. */
  lesson: string;
  /** A source that only finland's draft cites. */
  source: string;
  /** The unpublished case. */
  hiddenCase: string;
}

/**
 * As `editor`: starts a draft of finland whose summary, one new lesson and one new source carry
 * DRAFT_MARK, and creates an unpublished case named with it. Returns the ids of those parts.
 */
export async function makeDrafts(editor: Caller): Promise<DraftIds> {
  const started = saved(await editor.graphql(START, { slug: 'finland' }), 'startDraft');
  const doc = readSeedCase('finland') as unknown as Json;
  const lesson = {
    ...(doc.lessons as Json[])[0],
    key: 'qx7-lesson',
    title: `${DRAFT_MARK} lesson`,
    detail: `${DRAFT_MARK} detail.`,
    cite: ['qx7-report'],
  };
  const source = {
    key: 'qx7-report',
    url: 'https://example.org/qx7-draft-only',
    title: `${DRAFT_MARK} report`,
    standing: 'OFFICIAL',
  };
  const document = {
    ...doc,
    summary: `${DRAFT_MARK} summary.`,
    lessons: [...(doc.lessons as Json[]), lesson],
    sources: [...(doc.sources as Json[]), source],
  };
  saved(
    await editor.graphql(SAVE, { edit: { slug: 'finland', expectedVersion: started.draft.version }, document }),
    'saveDraft',
  );
  saved(
    await editor.graphql(CREATE_CASE, {
      input: {
        slug: HIDDEN_SLUG,
        name: `${DRAFT_MARK} Hidden`,
        kind: 'COUNTRY',
        jurisdiction: 'Nowhere',
        summary: `${DRAFT_MARK} hidden summary.`,
      },
    }),
    'createCase',
  );
  const found = dataOf(
    await editor.graphql(`{
      caseStudy(slug: "finland", draft: true) { lessons { id title } sources { id url } }
      draft(slug: "${HIDDEN_SLUG}") { caseStudy { id } }
    }`),
    'the draft ids',
  );
  const ids = {
    lesson: (found.caseStudy.lessons as Json[]).find((l) => l.title === lesson.title)?.id as string,
    source: (found.caseStudy.sources as Json[]).find((s) => s.url === source.url)?.id as string,
    hiddenCase: found.draft.caseStudy.id as string,
  };
  expect(ids.lesson && ids.source && ids.hiddenCase, JSON.stringify(found)).toBeTruthy();
  return ids;
}

/** An answer as raw text, with the X-Cache header it came with. */
export interface RawAnswer {
  status: number;
  cache: string | null;
  text: string;
}

/** POSTs an operation as `who` and returns the raw answer text. */
export async function raw(
  url: string,
  who: Caller,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<RawAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...who.headers },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: response.status, cache: response.headers.get('x-cache'), text: await response.text() };
}
