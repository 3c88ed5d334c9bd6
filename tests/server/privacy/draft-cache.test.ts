import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import { anonymous, signedIn, UserRole, type Caller } from '../authoring/helpers.js';
import { DRAFT_MARK, makeDrafts, raw, type DraftIds } from './setup.js';

// Nothing a signed-in reader was shown of a draft is ever shared with anyone else: every way of
// asking for a draft, sent first by a VIEWER or an EDITOR, is then sent by an anonymous caller,
// whose raw answer must not hold a byte of the draft nor come from the shared cache.
let db: TestDatabase;
let server: TestServer;
let viewer: Caller;
let editor: Caller;
let nobody: Caller;
let ids: DraftIds;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  editor = await signedIn(server.url, db.dataSource, UserRole.EDITOR);
  viewer = await signedIn(server.url, db.dataSource, UserRole.VIEWER);
  nobody = anonymous(server.url);
  ids = await makeDrafts(editor);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface Form {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  operationName?: string;
}

const CASE = `name summary lessons { title detail } sources { title url }`;

/** Every way of reading a draft this API offers, spelled every way GraphQL allows. */
const FORMS: Form[] = [
  {
    name: 'a variable left to its default',
    query: `query ($d: Boolean = true) { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
  },
  {
    name: 'a variable given',
    query: `query ($d: Boolean) { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
    variables: () => ({ d: true }),
  },
  {
    name: 'a variable given over its default of false',
    query: `query ($d: Boolean = false) { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
    variables: () => ({ d: true }),
  },
  {
    name: 'a non-null variable with a default',
    query: `query ($d: Boolean! = true) { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
  },
  { name: 'a literal', query: `{ caseStudy(slug: "finland", draft: true) { ${CASE} } }` },
  {
    name: 'a fragment',
    query: `query { ...Read } fragment Read on Query { caseStudy(slug: "finland", draft: true) { ${CASE} } }`,
  },
  {
    name: 'a fragment with a defaulted variable',
    query: `query ($d: Boolean = true) { ...Read } fragment Read on Query { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
  },
  {
    name: 'an inline fragment',
    query: `query { ... on Query { caseStudy(slug: "finland", draft: true) { ${CASE} } } }`,
  },
  {
    name: 'nested fragments',
    query: `query ($d: Boolean = true) { ... on Query { ...Outer } } fragment Outer on Query { ... { ...Inner } } fragment Inner on Query { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
  },
  {
    name: 'aliases beside a published read',
    query: `query ($d: Boolean = true) { published: caseStudy(slug: "finland") { name } preview: caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
  },
  {
    name: 'a directive kept in',
    query: `query ($d: Boolean = true, $on: Boolean = true) { caseStudy(slug: "finland", draft: $d) @include(if: $on) { ${CASE} } }`,
  },
  {
    name: 'the second of several operations',
    query: `query Published { caseStudy(slug: "finland") { name } } query Preview($d: Boolean = true) { caseStudy(slug: "finland", draft: $d) { ${CASE} } }`,
    operationName: 'Preview',
  },
  {
    name: 'the first of several operations',
    query: `query Preview($d: Boolean = true) { caseStudy(slug: "finland", draft: $d) { ${CASE} } } query Published { caseStudy(slug: "finland") { name } }`,
    operationName: 'Preview',
  },
  { name: 'the draft query', query: `{ draft(slug: "finland") { document caseStudy { name } } }` },
  { name: 'the revisions', query: `{ revisions(slug: "finland", first: 5) { nodes { document } } }` },
  {
    name: 'node(id) of a draft lesson',
    query: `query ($id: ID!) { node(id: $id) { id ... on ReformLesson { title detail } } }`,
    variables: () => ({ id: ids.lesson }),
  },
  {
    name: 'node(id) of a source only a draft cites',
    query: `query ($id: ID!) { node(id: $id) { id ... on Source { title url } } }`,
    variables: () => ({ id: ids.source }),
  },
  {
    name: 'node(id) of an unpublished case',
    query: `query ($id: ID!) { node(id: $id) { id ... on CaseStudy { name summary lessons { title } } } }`,
    variables: () => ({ id: ids.hiddenCase }),
  },
  {
    name: 'node(id) through a fragment and an alias',
    query: `query ($id: ID!) { found: node(id: $id) { ...Lesson } } fragment Lesson on ReformLesson { title detail }`,
    variables: () => ({ id: ids.lesson }),
  },
];

describe('drafts and the shared response cache', () => {
  it('shares published answers (the cache is on)', async () => {
    const query = `query ($d: Boolean = false) { caseStudy(slug: "finland", draft: $d) { name summary } }`;
    const first = await raw(server.url, viewer, query);
    const second = await raw(server.url, nobody, query);
    expect(first.cache).toBe('MISS');
    expect(second.cache).toBe('HIT');
    expect(second.text).not.toContain(DRAFT_MARK);
  });

  for (const form of FORMS)
    it(`never hands an anonymous caller a draft read by ${form.name}`, async () => {
      for (const reader of [viewer, editor]) {
        const variables = form.variables?.();
        const seen = await raw(server.url, reader, form.query, variables, form.operationName);
        // The reader may see the draft (that is what the form asks for), but it is never stored.
        expect(seen.text, `${reader.label} reads the draft`).toContain(DRAFT_MARK);
        expect(seen.cache, `${reader.label}'s answer is not shared`).toBeNull();
        for (let i = 0; i < 2; i++) {
          const answer = await raw(server.url, nobody, form.query, variables, form.operationName);
          expect(answer.text, 'the anonymous answer').not.toContain(DRAFT_MARK);
          expect(answer.cache, 'the anonymous answer').not.toBe('HIT');
        }
      }
    });
});
