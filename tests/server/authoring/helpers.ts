import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { UserRole } from '../../../server/src/modules/account/account.entity.js';
import { AccountService } from '../../../server/src/modules/account/account.service.js';
import type { GraphQLBody } from '../../support/http.js';

/** An answer from the GraphQL endpoint, with the response headers (for Set-Cookie). */
export interface Reply<T> {
  status: number;
  body: GraphQLBody<T>;
  headers: Headers;
}

/** POSTs a GraphQL operation to `url` with extra request headers (cookie, authorization). */
export async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody<T>, headers: response.headers };
}

/** Someone sending requests: anonymous, a signed-in account or an API token. */
export interface Caller {
  /** How the caller appears in revisions and the audit log: an email, `token:NAME` or `anonymous`. */
  label: string;
  headers: Record<string, string>;
  graphql<T = Json>(query: string, variables?: Record<string, unknown>): Promise<Reply<T>>;
}

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field

/** The password every test account gets (long enough for the 12-character rule). */
export const PASSWORD = 'correct horse battery staple';

export function caller(url: string, label: string, headers: Record<string, string> = {}): Caller {
  return { label, headers, graphql: (query, variables) => post(url, query, variables, headers) };
}

export const anonymous = (url: string): Caller => caller(url, 'anonymous');

/** Makes an account directly through the service (as the CLI does). */
export async function makeUser(
  dataSource: DataSource,
  role: UserRole,
  email: string,
  password = PASSWORD,
): Promise<{ id: string; email: string; password: string }> {
  const result = await new AccountService(dataSource).createUser({ email, role, password });
  if ('problems' in result) throw new Error(`createUser ${email}: ${JSON.stringify(result.problems)}`);
  return { id: result.user.id, email, password };
}

export const SIGN_IN = `mutation ($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { user { id email role } expiresAt userErrors { field code message } }
}`;

/** The `casebook_session` Set-Cookie header of a reply, if there is one. */
export function sessionSetCookie(reply: Reply<unknown>): string | undefined {
  return reply.headers.getSetCookie().find((c) => c.startsWith('casebook_session='));
}

/** Signs in over HTTP; returns the reply and the session cookie to send back (`casebook_session=…`). */
export async function signIn(
  url: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ reply: Reply<Json>; cookie: string | undefined }> {
  const reply = await post<Json>(url, SIGN_IN, { email, password }, headers);
  const setCookie = sessionSetCookie(reply);
  return { reply, cookie: setCookie?.split(';')[0] };
}

/** Makes an account with `role`, signs it in, and returns a caller carrying its session cookie. */
export async function signedIn(
  url: string,
  dataSource: DataSource,
  role: UserRole,
  email = `${role.toLowerCase()}@example.org`,
): Promise<Caller & { userId: string }> {
  const user = await makeUser(dataSource, role, email);
  const { reply, cookie } = await signIn(url, email, PASSWORD);
  expect(reply.body.errors, `signing in ${email}`).toBeUndefined();
  expect(cookie, `session cookie for ${email}`).toBeDefined();
  return { ...caller(url, email, { cookie: cookie! }), userId: user.id };
}

const CREATE_TOKEN = `mutation ($name: String!, $scope: TokenScope!, $days: Int!) {
  createApiToken(name: $name, scope: $scope, expiresInDays: $days) { token { id name prefix scope expiresAt lastUsedAt } secret userErrors { field code message } }
}`;

/** Makes an API token as `admin` over HTTP and returns a caller sending it as a bearer token. */
export async function tokenCaller(
  url: string,
  admin: Caller,
  scope: 'PUBLISHED' | 'READ' | 'WRITE',
  name = `${scope.toLowerCase()}-tool`,
): Promise<Caller & { id: string; secret: string }> {
  const reply = await admin.graphql(CREATE_TOKEN, { name, scope, days: 30 });
  expect(reply.body.errors, `createApiToken ${name}`).toBeUndefined();
  const { token, secret } = reply.body.data!.createApiToken as { token: { id: string }; secret: string };
  return { ...caller(url, `token:${name}`, { authorization: `Bearer ${secret}` }), id: token.id, secret };
}

/** The `extensions.code` of each top-level error. */
export const errorCodes = (reply: Reply<unknown>): unknown[] =>
  (reply.body.errors ?? []).map((e) => e.extensions?.code);

/** Asserts a reply has no top-level error and returns its data. */
export function dataOf(reply: Reply<Json>, what = 'the operation'): Json {
  expect(reply.body.errors, `${what}: ${JSON.stringify(reply.body.errors)}`).toBeUndefined();
  return reply.body.data!;
}

export const USER_ERRORS = 'userErrors { field code message }';
export const DRAFT = `draft { slug status version updatedByLabel document }`;

export const CREATE_CASE = `mutation ($input: CreateCaseInput!) { createCase(input: $input) { ${DRAFT} ${USER_ERRORS} } }`;
export const SAVE_PART = `mutation ($edit: DraftEditInput!, $part: DraftPartInput!) { saveDraftPart(edit: $edit, part: $part) { ${DRAFT} ${USER_ERRORS} } }`;
export const DELETE_PART = `mutation ($edit: DraftEditInput!, $kind: DraftPartKind!, $key: String!, $periodKey: String) {
  deleteDraftPart(edit: $edit, kind: $kind, key: $key, periodKey: $periodKey) { ${DRAFT} ${USER_ERRORS} }
}`;
export const SUBMIT = `mutation ($slug: String!, $v: Int!) { submitForReview(slug: $slug, expectedVersion: $v) { ${DRAFT} ${USER_ERRORS} } }`;
export const REQUEST_CHANGES = `mutation ($slug: String!, $v: Int!, $comment: String) { requestChanges(slug: $slug, expectedVersion: $v, comment: $comment) { ${DRAFT} ${USER_ERRORS} } }`;
export const PUBLISH = `mutation ($slug: String!, $v: Int!) { publishDraft(slug: $slug, expectedVersion: $v) { edition ${DRAFT} ${USER_ERRORS} } }`;
export const RESTORE = `mutation ($slug: String!, $n: Int!, $v: Int, $message: String) { restoreRevision(slug: $slug, number: $n, expectedVersion: $v, message: $message) { ${DRAFT} ${USER_ERRORS} } }`;
export const GET_DRAFT = `query ($slug: String!) { draft(slug: $slug) { slug status version updatedByLabel document comments { partKey body authorLabel } publishProblems { field code message } } }`;
/** A case's revisions, newest first: the largest page, which holds every revision a test makes. */
export const REVISIONS = `query ($slug: String!) { revisions(slug: $slug, first: 100) { totalCount nodes { number kind authorLabel message createdAt document } } }`;
export const REVISION_DIFF = `query ($slug: String!, $from: Int!, $to: Int!) { revisionDiff(slug: $slug, from: $from, to: $to) { part change path label fields before after } }`;

/** The payload of a mutation that must have gone through: no top-level error, no user errors. */
export function saved(reply: Reply<Json>, field: string): Json {
  const payload = dataOf(reply, field)[field] as Json;
  expect(payload.userErrors, `${field} user errors`).toEqual([]);
  return payload;
}

/** Sends a draft edit and returns its payload (with userErrors, possibly non-empty). */
export async function editPayload(
  who: Caller,
  query: string,
  field: string,
  variables: Record<string, unknown>,
): Promise<Json> {
  return dataOf(await who.graphql(query, variables), field)[field] as Json;
}

/** The current draft of a case as `who` reads it. */
export async function readDraft(who: Caller, slug: string): Promise<Json> {
  return dataOf(await who.graphql(GET_DRAFT, { slug }), 'draft').draft as Json;
}

export { UserRole };
