import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import {
  caller,
  PASSWORD,
  PUBLISH,
  SAVE_PART,
  saved,
  signedIn,
  signIn,
  SUBMIT,
  tokenCaller,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';
import { serverUrl, startServer, userEnv, type NodeProcess } from './processes.js';

// Published reads (GraphQL and exports) are answered from a cache keyed by the request and the
// publication counter in PostgreSQL; a publish through any instance, the CLI or SQL empties every
// instance's cache. Answers that depend on who asks are never stored.
let db: TestDatabase;
let server: TestServer;
let admin: Caller;
let other: NodeProcess;
let otherUrl: string;

const CASE = `query Case($slug: String!) { caseStudy(slug: $slug) { slug name summary edition } }`;
const COMPARE = `query Compare($cases: [CaseSelector!]!) { comparison(cases: $cases) { cases { caseStudy { slug summary } } } }`;

interface Answer {
  status: number;
  cache: string | null;
  encoding: string | null;
  text: string;
  json: Json;
}

async function ask(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get('x-cache'),
    encoding: response.headers.get('content-encoding'),
    text,
    json: JSON.parse(text) as Json,
  };
}

/** An answer's text without its `extensions.rateLimit` (the numbers of whoever asked), as it is stored. */
function withoutRateLimit(text: string): string {
  return text.replace(/,"extensions":\{"rateLimit":\{[^{}]*\}\}\}\n$/, '}\n');
}

/** Asks until `done` holds, for at most `ms` (a notification crosses processes in a moment). */
async function eventually(
  what: string,
  probe: () => Promise<Answer>,
  done: (a: Answer) => boolean,
  ms = 15_000,
): Promise<Answer> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${last.text.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}

/** Publishes a new summary for `slug` through the GraphQL workflow on `url`'s server. */
async function publishSummary(who: Caller, slug: string, summary: string): Promise<void> {
  const started = saved(
    await who.graphql(
      `mutation ($slug: String!) { startDraft(slug: $slug) { draft { version } userErrors { field code message } } }`,
      { slug },
    ),
    'startDraft',
  );
  const edited = saved(
    await who.graphql(SAVE_PART, {
      edit: { slug, expectedVersion: started.draft.version, message: 'New summary' },
      part: { kind: 'CASE', data: { summary } },
    }),
    'saveDraftPart',
  );
  const submitted = saved(await who.graphql(SUBMIT, { slug, v: edited.draft.version }), 'submitForReview');
  saved(await who.graphql(PUBLISH, { slug, v: submitted.draft.version }), 'publishDraft');
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  server = await startTestServer(db.dataSource);
  admin = await signedIn(server.url, db.dataSource, UserRole.ADMIN, 'ada@example.org');
  // The compiled server, as deployed, on the same database: nothing else is shared.
  other = startServer(userEnv({ DATABASE_URL: db.url, PORT: '0', NODE_ENV: 'production' }));
  otherUrl = await serverUrl(other);
});

afterAll(async () => {
  await other?.stop();
  await server?.close();
  await db?.drop();
});

describe('published reads', () => {
  it('answers a repeated read from the cache, the same bytes, compressed for clients that accept it', async () => {
    const first = await ask(server.url, CASE, { slug: 'finland' });
    expect(first.json.data.caseStudy.slug).toBe('finland');
    expect(first.cache).toBe('MISS');
    const second = await ask(server.url, CASE, { slug: 'finland' });
    expect(second.cache).toBe('HIT');
    // The same stored bytes, with this request's own rate budget where the first had its own.
    const stored = withoutRateLimit(first.text);
    expect(withoutRateLimit(second.text)).toBe(stored);
    expect(second.json.extensions.rateLimit).toMatchObject({ cost: 1 });

    // fetch would unzip for us; read the wire bytes through a client that does not.
    const wire = (acceptEncoding: string) =>
      new Promise<{ coding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        const url = new URL(`${server.url}/graphql`);
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept-encoding': acceptEncoding },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ coding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }),
            );
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ query: CASE, variables: { slug: 'finland' } }));
      });
    const gzipped = await wire('gzip');
    expect(gzipped.coding).toBe('gzip');
    expect(gzipped.vary).toMatch(/accept-encoding/i);
    expect(withoutRateLimit(gunzipSync(gzipped.body).toString('utf8'))).toBe(stored);
    const brotli = await wire('gzip, deflate, br');
    expect(brotli.coding).toBe('br');
    expect(withoutRateLimit(brotliDecompressSync(brotli.body).toString('utf8'))).toBe(stored);
    expect(brotli.body.length).toBeLessThan(first.text.length);
    expect((await wire('br;q=0, gzip')).coding, 'a coding refused with q=0 is not used').toBe('gzip');
    const plain = await wire('identity');
    expect(plain.coding).toBeUndefined();
    expect(withoutRateLimit(plain.body.toString('utf8'))).toBe(stored);
  });

  it('keys answers by the variables, whatever their order', async () => {
    const a = await ask(server.url, COMPARE, { cases: [{ slug: 'finland' }, { slug: 'scotland' }] });
    const b = await ask(server.url, COMPARE, { cases: [{ slug: 'scotland' }, { slug: 'finland' }] });
    expect(a.json.data.comparison.cases.map((c: Json) => c.caseStudy.slug)).toEqual(['finland', 'scotland']);
    expect(b.json.data.comparison.cases.map((c: Json) => c.caseStudy.slug)).toEqual(['scotland', 'finland']);
    expect(b.cache).toBe('MISS');
    const reordered = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"variables":{"cases":[{"slug":"finland"},{"slug":"scotland"}]},"query":${JSON.stringify(COMPARE)}}`,
    });
    expect(reordered.headers.get('x-cache')).toBe('HIT');
    expect(withoutRateLimit(await reordered.text())).toBe(withoutRateLimit(a.text));
  });

  it('never stores an answer with errors', async () => {
    const bad = { cases: [{ slug: 'finland' }, { slug: 'atlantis' }] };
    const first = await ask(server.url, COMPARE, bad);
    expect(first.json.errors?.length).toBeGreaterThan(0);
    const second = await ask(server.url, COMPARE, bad);
    expect(second.cache).toBeNull();
    expect(second.json.errors?.length).toBeGreaterThan(0);
  });

  it('never stores what depends on who asks: the viewer, drafts, node, or a read mixed with them', async () => {
    for (const query of [
      `{ viewer { email } }`,
      `{ viewer { email } caseStudies(first: 1) { totalCount } }`,
      `query { caseStudy(slug: "finland", draft: true) { summary } }`,
      `{ draft(slug: "finland") { version } }`,
    ]) {
      await ask(server.url, query, {}, { cookie: admin.headers.cookie! });
      const again = await ask(server.url, query, {}, { cookie: admin.headers.cookie! });
      expect(again.cache, query).toBeNull();
      const anonymous = await ask(server.url, query);
      expect(anonymous.cache, query).toBeNull();
      expect(anonymous.text, query).not.toContain('ada@example.org');
    }
    const DRAFT_OR_NOT = `query ($draft: Boolean) { caseStudy(slug: "finland", draft: $draft) { summary } }`;
    await ask(server.url, DRAFT_OR_NOT, { draft: true }, { cookie: admin.headers.cookie! });
    expect(
      (await ask(server.url, DRAFT_OR_NOT, { draft: true }, { cookie: admin.headers.cookie! })).cache,
      'draft: true',
    ).toBeNull();
    for (const variables of [{}, { draft: false }, { draft: null }]) {
      await ask(server.url, DRAFT_OR_NOT, variables);
      expect((await ask(server.url, DRAFT_OR_NOT, variables)).cache, JSON.stringify(variables)).toBe('HIT');
    }
    const { id } = (await ask(server.url, `{ caseStudy(slug: "finland") { id } }`)).json.data.caseStudy as Json;
    await ask(server.url, `query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect((await ask(server.url, `query ($id: ID!) { node(id: $id) { id } }`, { id })).cache).toBeNull();
    // `{ __typename }` reads nothing published: it always goes through the GraphQL server.
    await ask(server.url, `{ __typename }`);
    expect((await ask(server.url, `{ __typename }`)).cache).toBeNull();
  });

  it('serves the same stored answer to a signed-in reader, but checks API tokens on every request', async () => {
    await ask(server.url, CASE, { slug: 'scotland' });
    expect((await ask(server.url, CASE, { slug: 'scotland' }, { cookie: admin.headers.cookie! })).cache).toBe('HIT');
    const bad = await ask(server.url, CASE, { slug: 'scotland' }, { authorization: 'Bearer cbk_not-a-real-token' });
    expect(bad.status).toBe(401);
    expect(bad.json.errors?.map((e: Json) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const reader = await tokenCaller(server.url, admin, 'READ', 'cache-reader');
    const answer = await ask(server.url, CASE, { slug: 'scotland' }, reader.headers);
    expect(answer.cache).toBeNull();
    expect(answer.json.data.caseStudy.slug).toBe('scotland');
  });
});

describe('after a publish', () => {
  it('shows the new edition at once on the instance that published it', async () => {
    const before = await ask(server.url, CASE, { slug: 'ireland' });
    expect((await ask(server.url, CASE, { slug: 'ireland' })).cache).toBe('HIT');
    await publishSummary(admin, 'ireland', 'A summary published through the first instance.');
    const after = await ask(server.url, CASE, { slug: 'ireland' });
    expect(after.cache).toBe('MISS');
    expect(after.json.data.caseStudy).toMatchObject({
      summary: 'A summary published through the first instance.',
      edition: before.json.data.caseStudy.edition + 1,
    });
  });

  it('shows it on another server process on the same database', async () => {
    await ask(otherUrl, CASE, { slug: 'netherlands' });
    const cached = await ask(otherUrl, CASE, { slug: 'netherlands' });
    expect(cached.cache).toBe('HIT');
    await publishSummary(admin, 'netherlands', 'A summary the other instance must see.');
    // At once: each read checks the counter in the database, which the publish raised before it answered.
    const seen = await ask(otherUrl, CASE, { slug: 'netherlands' });
    expect(seen.cache).toBe('MISS');
    expect(seen.json.data.caseStudy).toMatchObject({
      summary: 'A summary the other instance must see.',
      edition: cached.json.data.caseStudy.edition + 1,
    });
  });

  it('goes the other way too: a publish on the other process empties this one’s cache', async () => {
    await ask(server.url, CASE, { slug: 'finland' });
    expect((await ask(server.url, CASE, { slug: 'finland' })).cache).toBe('HIT');
    const { cookie } = await signIn(otherUrl, 'ada@example.org', PASSWORD);
    await publishSummary(
      caller(otherUrl, 'ada@example.org', { cookie: cookie! }),
      'finland',
      'Published through the other instance.',
    );
    expect((await ask(server.url, CASE, { slug: 'finland' })).json.data.caseStudy.summary).toBe(
      'Published through the other instance.',
    );
  });

  it('follows the study record imported as the command line does, through a connection of its own', async () => {
    const exportUrl = `${server.url}/export/study.json`;
    const first = await fetch(exportUrl);
    const firstText = await first.text();
    const again = await fetch(exportUrl);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(firstText);
    const study = JSON.parse(firstText) as Json;
    // The import the CLI runs, on this test's own pool: neither server is told directly.
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'casebook-study-')), 'study.json');
    await writeFile(file, JSON.stringify({ ...study, purpose: `${String(study.purpose)} (revised)` }));
    const reports = await new InterchangeService(db.dataSource).importFiles([file], { publish: true });
    expect(reports.map((r) => r.status)).toEqual(['published']);
    for (const url of [server.url, otherUrl]) {
      const fresh = await fetch(`${url}/export/study.json`);
      expect(fresh.status, url).toBe(200);
      expect(String((JSON.parse(await fresh.text()) as Json).purpose), url).toMatch(/\(revised\)$/);
    }
  });

  it('answers exports with their ETag, and a 304 to a caller that has the current version', async () => {
    const first = await fetch(`${server.url}/export/cases/scotland.yaml`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const cached = await fetch(`${server.url}/export/cases/scotland.yaml`, { headers: { 'if-none-match': etag! } });
    expect(cached.status).toBe(304);
    const hit = await fetch(`${server.url}/export/cases/scotland.yaml`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('content-type')).toMatch(/yaml/);
    expect(await hit.text()).toBe(await first.text());
    await publishSummary(admin, 'scotland', 'Scotland, as published again.');
    const changed = await fetch(`${server.url}/export/cases/scotland.yaml`, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Scotland, as published again.');
  });
});

describe('while the database cannot be reached for publications', () => {
  it('stops answering from the cache, and starts again once it is back', async () => {
    await ask(server.url, CASE, { slug: 'new-zealand' });
    expect((await ask(server.url, CASE, { slug: 'new-zealand' })).cache).toBe('HIT');
    // Cut the connections that follow publications (both instances'); they come back by themselves.
    const cut = await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'casebook-publication-watcher' AND datname = current_database()`,
    );
    expect(cut.length).toBeGreaterThanOrEqual(1);
    // Once the server notices, what it stored is dropped: answers are made afresh (and still correct).
    const during = await eventually(
      'an answer not from the old cache',
      () => ask(server.url, CASE, { slug: 'new-zealand' }),
      (a) => a.cache !== 'HIT',
      5000,
    );
    expect(during.json.data.caseStudy.slug).toBe('new-zealand');
    await eventually(
      'the cache after reconnecting',
      () => ask(server.url, CASE, { slug: 'new-zealand' }),
      (a) => a.cache === 'HIT',
    );
  });
});

describe('with the cache turned off (CASEBOOK_RESPONSE_CACHE_MB=0)', () => {
  it('answers every read afresh', async () => {
    const uncached = await startTestServer(db.dataSource, { cacheBytes: 0 });
    try {
      const answers = [
        await ask(uncached.url, CASE, { slug: 'finland' }),
        await ask(uncached.url, CASE, { slug: 'finland' }),
      ];
      expect(answers.map((a) => a.cache)).toEqual([null, null]);
      expect(answers[1]!.json.data).toEqual(answers[0]!.json.data);
      expect((await fetch(`${uncached.url}/export/cases/finland.yaml`)).headers.get('x-cache')).toBeNull();
    } finally {
      await uncached.close();
    }
  });
});
