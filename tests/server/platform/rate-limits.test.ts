import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitConfig } from '../../../server/src/common/config.js';
import { queryCost } from '../../../server/src/http/query-limits.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { COMPARISON_EXPORT_QUERY } from '../../../server/src/modules/comparison/comparison.export.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { signedIn, tokenCaller, UserRole, type Caller, type Json } from '../authoring/helpers.js';
import { alphaFile, betaFile, seedsDir } from '../profile/helpers.js';

// Every caller has an hourly budget of points (its queries' cost), per address, account or API
// token, counted in memory and shared by instances through PostgreSQL; every answer says where
// the caller stands (RateLimit fields and extensions.rateLimit), and a spent budget is refused
// with 429. Two instances run on one database; callers pick their address with X-Forwarded-For.
const LIMITS: RateLimitConfig = { address: 2000, account: 30000, token: 40000, syncMs: 100 };

/** A page on another origin, allowed to call the API (CORS). */
const TOOLS = 'https://tools.example.org';

let db: TestDatabase;
let one: TestServer;
let two: TestServer;
let admin: Caller;

const CASE = `query Case($slug: String!) { caseStudy(slug: $slug) { slug name summary } }`;
let pages = 0;
/**
 * A page of lessons: with `first: 100`, 1 (the page) + 100 nodes + 100 titles = 201 points. Each
 * call names the operation anew, so no answer comes from the cache.
 */
const page = () => `query Page${++pages}($first: Int) { lessons(first: $first) { nodes { title } } }`;

interface Answer {
  status: number;
  headers: Headers;
  json: Json;
}

async function ask(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

const from = (address: string) => ({ 'x-forwarded-for': address });

/** The parameters of a RateLimit or RateLimit-Policy field with one item: its name and numbers. */
function field(value: string | null): { name: string; params: Record<string, number> } {
  const match = /^"([a-z]+)"((?:;[a-z]+=\d+)+)$/.exec(value ?? '');
  expect(match, `a structured field with one item, got ${value}`).not.toBeNull();
  const params = Object.fromEntries(
    match![2]!
      .slice(1)
      .split(';')
      .map((p) => [p.split('=')[0]!, Number(p.split('=')[1])]),
  );
  return { name: match![1]!, params };
}

/** Checks that the headers and extensions.rateLimit of an answer agree, and returns the numbers. */
function standing(answer: Answer, kind: 'address' | 'account' | 'token'): Json {
  const policy = field(answer.headers.get('ratelimit-policy'));
  const current = field(answer.headers.get('ratelimit'));
  const rateLimit = answer.json.extensions?.rateLimit as Json;
  expect(rateLimit, JSON.stringify(answer.json).slice(0, 300)).toBeDefined();
  expect(policy).toEqual({ name: kind, params: { q: LIMITS[kind], w: 3600 } });
  expect(current.name).toBe(kind);
  expect(rateLimit.limit).toBe(LIMITS[kind]);
  expect(current.params.r).toBe(rateLimit.remaining);
  const resetAt = Date.parse(rateLimit.resetAt as string);
  expect(new Date(resetAt).toISOString()).toBe(rateLimit.resetAt);
  expect(resetAt % 3_600_000, 'windows start on the hour').toBe(0);
  expect(current.params.t).toBeGreaterThanOrEqual(1);
  expect(current.params.t).toBeLessThanOrEqual(3600);
  expect(Math.abs(resetAt - Date.now() - current.params.t! * 1000)).toBeLessThan(5000);
  return rateLimit;
}

/** Waits (bounded) until `done` holds for `probe`'s answer; instances share counts every 100 ms. */
async function eventually(probe: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer> {
  for (let i = 0; i < 100; i++) {
    const answer = await probe();
    if (done(answer)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('still not so after 100 tries');
}

/** Reads an answer's wire bytes (fetch would decode them). */
function wire(url: string, body: unknown, headers: Record<string, string>) {
  return new Promise<{ coding: string | undefined; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const target = new URL(`${url}/graphql`);
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ coding: res.headers['content-encoding'], headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify(body));
    },
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Finland's profile has text beyond ASCII, where characters and bytes are counted apart.
  await new InterchangeService(db.dataSource).importFiles([alphaFile, betaFile, path.join(seedsDir, 'finland.yaml')], {
    publish: true,
  });
  one = await startTestServer(db.dataSource, { rateLimits: LIMITS, trustProxy: true, corsOrigins: [TOOLS] });
  two = await startTestServer(db.dataSource, { rateLimits: LIMITS, trustProxy: true });
  admin = await signedIn(one.url, db.dataSource, UserRole.ADMIN, 'admin@example.org');
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

describe('the numbers on every answer', () => {
  it('gives a fresh answer its cost and the caller’s standing, in the RateLimit fields and extensions.rateLimit', async () => {
    const first = await ask(one.url, page(), { first: 100 }, from('10.1.0.1'));
    expect(first.status).toBe(200);
    expect(standing(first, 'address')).toMatchObject({ cost: 201, remaining: LIMITS.address - 201 });
    const second = await ask(one.url, page(), { first: 100 }, from('10.1.0.1'));
    expect(standing(second, 'address')).toMatchObject({ cost: 201, remaining: LIMITS.address - 402 });
    // Another address has a budget of its own.
    expect(standing(await ask(one.url, page(), { first: 10 }, from('10.1.0.2')), 'address')).toMatchObject({
      cost: 21,
      remaining: LIMITS.address - 21,
    });
  });

  it('lets pages on other allowed origins read the numbers', async () => {
    const answer = await ask(one.url, page(), { first: 1 }, { origin: TOOLS, ...from('10.1.0.4') });
    expect(answer.headers.get('access-control-allow-origin')).toBe(TOOLS);
    expect(answer.headers.get('access-control-expose-headers')?.split(/, */)).toEqual(
      expect.arrayContaining(['RateLimit', 'RateLimit-Policy', 'Retry-After']),
    );
  });

  it('charges whole points when a variable is not a whole number, and goes on sharing them', async () => {
    const me = from('10.1.0.5');
    const odd = await ask(one.url, page(), { first: 10.25 }, me);
    expect(odd.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const cost = standing(odd, 'address').cost as number;
    expect(Number.isInteger(cost)).toBe(true);
    // The other instance sees it: the exchange took it.
    const seen = await eventually(
      () => ask(two.url, page(), { first: 1 }, me),
      (a) => (a.json.extensions?.rateLimit?.remaining as number) <= LIMITS.address - cost - 3,
    );
    expect(Number.isInteger(standing(seen, 'address').remaining)).toBe(true);
  });

  it('charges a request that does not parse or validate 1 point, and says so', async () => {
    const bad = await ask(one.url, `{ lessons(first: 1) { nodes { nothing } } }`, {}, from('10.1.0.3'));
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(standing(bad, 'address')).toMatchObject({ cost: 1, remaining: LIMITS.address - 1 });
  });

  it('gives each caller its own numbers on answers from the cache, which cost 1 point', async () => {
    const miss = await ask(one.url, CASE, { slug: 'alphaland' }, from('10.2.0.1'));
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const cost = standing(miss, 'address').cost as number;
    expect(cost).toBeGreaterThan(1);
    const hit = await ask(one.url, CASE, { slug: 'alphaland' }, from('10.2.0.1'));
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.json.data).toEqual(miss.json.data);
    expect(standing(hit, 'address')).toMatchObject({ cost: 1, remaining: LIMITS.address - cost - 1 });
    const other = await ask(one.url, CASE, { slug: 'alphaland' }, from('10.2.0.2'));
    expect(other.headers.get('x-cache')).toBe('HIT');
    expect(standing(other, 'address'), 'not the first caller’s numbers').toMatchObject({
      cost: 1,
      remaining: LIMITS.address - 1,
    });
    const signedInHit = await ask(one.url, CASE, { slug: 'alphaland' }, { cookie: admin.headers.cookie! });
    expect(signedInHit.headers.get('x-cache')).toBe('HIT');
    expect(standing(signedInHit, 'account').cost).toBe(1);
  });

  it('adds the caller’s numbers to compressed answers from the cache, in gzip and brotli', async () => {
    const text = `query Finland($slug: String!) { caseStudy(slug: $slug) { slug periods { levels { bodies { responsibilities { description } } } } } }`;
    const query = { query: text, variables: { slug: 'finland' } };
    const fresh = await ask(one.url, text, { slug: 'finland' }, from('10.3.0.1'));
    expect(JSON.stringify(fresh.json.data)).toMatch(/[^\u0000-\u007f]/);
    const plain = await ask(one.url, text, { slug: 'finland' }, from('10.3.0.3'));
    expect(plain.headers.get('x-cache')).toBe('HIT');
    expect(plain.json.data).toEqual(fresh.json.data);
    let remaining = LIMITS.address;
    for (const [accept, coding, decode] of [
      ['gzip', 'gzip', gunzipSync],
      ['gzip, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['br', 'br', brotliDecompressSync],
    ] as const) {
      const answer = await wire(one.url, query, { 'accept-encoding': accept, ...from('10.3.0.2') });
      expect(answer.coding).toBe(coding);
      expect(answer.headers['x-cache']).toBe('HIT');
      const json = JSON.parse(decode(answer.body).toString('utf8')) as Json;
      remaining -= 1;
      expect(json.data).toEqual(fresh.json.data);
      expect(json.extensions.rateLimit).toMatchObject({ cost: 1, limit: LIMITS.address, remaining });
      expect(answer.headers.ratelimit).toBe(
        `"address";r=${remaining};t=${field(String(answer.headers.ratelimit)).params.t}`,
      );
    }
  });

  it('carries the numbers on exports, and charges them to the address', async () => {
    const url = `${one.url}/export/cases/alphaland.yaml`;
    const first = await fetch(url, { headers: from('10.4.0.1') });
    expect(first.status).toBe(200);
    expect(field(first.headers.get('ratelimit-policy'))).toEqual({
      name: 'address',
      params: { q: LIMITS.address, w: 3600 },
    });
    expect(field(first.headers.get('ratelimit')).params.r).toBe(LIMITS.address - 1);
    const again = await fetch(url, { headers: from('10.4.0.1') });
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(await first.text());
    expect(field(again.headers.get('ratelimit')).params.r).toBe(LIMITS.address - 2);
    // A comparison costs what the same comparison costs through GraphQL; a signed-in person pays it.
    const document = parse(COMPARISON_EXPORT_QUERY);
    const cost = queryCost(
      await createSchema(),
      document,
      document.definitions[0] as OperationDefinitionNode,
      {
        cases: [{ slug: 'alphaland' }, { slug: 'beta-police' }],
      },
      one.app.listSizes.current(),
    );
    const person = { cookie: admin.headers.cookie!, ...from('10.4.0.2') };
    const before = await fetch(url, { headers: person });
    expect(field(before.headers.get('ratelimit-policy')).name).toBe('account');
    const r = field(before.headers.get('ratelimit')).params.r!;
    const comparisonUrl = `${one.url}/export/comparison.csv?cases=alphaland,beta-police`;
    const comparison = await fetch(comparisonUrl, { headers: person });
    expect(comparison.status).toBe(200);
    expect(field(comparison.headers.get('ratelimit')).params.r).toBe(r - cost);
    const cached = await fetch(comparisonUrl, { headers: person });
    expect(cached.headers.get('x-cache')).toBe('HIT');
    expect(field(cached.headers.get('ratelimit')).params.r).toBe(r - cost - 1);
    // More than an address has in an hour: refused, saying what it would cost.
    const anonymous = await fetch(comparisonUrl.replace('beta-police', 'beta-police,alphaland'), {
      headers: from('10.4.0.3'),
    });
    expect(anonymous.status).toBe(429);
    expect(await anonymous.text()).toMatch(
      /^This query would cost \d+ points, and this address has 2000 of its 2000 left/,
    );
  });
});

describe('a spent budget', () => {
  it('refuses with 429, RATE_LIMITED and Retry-After: a query that costs more than remains, then anything', async () => {
    const me = from('10.5.0.1');
    let last: Answer | undefined;
    for (let i = 0; i < 20; i++) {
      last = await ask(one.url, page(), { first: 100 }, me);
      if (last.status !== 200) break;
    }
    // 9 pages of 201 points leave 191: the tenth would cost more than that.
    expect(last!.status).toBe(429);
    const error = last!.json.errors[0] as Json;
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/would cost 201 points, and this address has 191 of its 2000 left/);
    const numbers = standing(last!, 'address');
    expect(numbers).toMatchObject({ cost: 1, remaining: 190 });
    expect(error.message).toContain(numbers.resetAt);
    const retryAfter = Number(last!.headers.get('retry-after'));
    expect(retryAfter).toBe(field(last!.headers.get('ratelimit')).params.t);
    expect(error.extensions.retryAfter).toBe(retryAfter);

    // What remains still pays for smaller queries; past that, everything is refused, cached reads too.
    expect((await ask(one.url, page(), { first: 10 }, me)).status).toBe(200);
    await ask(one.url, CASE, { slug: 'alphaland' }, from('10.5.0.2'));
    let refused: Answer | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const answer = await ask(one.url, CASE, { slug: 'alphaland' }, me);
      if (answer.status === 429) refused = answer;
    }
    expect(refused, 'refused before 200 cached reads').toBeDefined();
    expect(refused!.json.errors[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: Number(refused!.headers.get('retry-after')),
    });
    expect(refused!.json.errors[0].message).toMatch(/This address has used its 2000 points for this hour/);
    expect(refused!.json.data).toBeUndefined();
    expect(standing(refused!, 'address').remaining).toBe(0);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A mutation too, and an export.
    expect((await ask(one.url, `mutation { signOut }`, {}, me)).status).toBe(429);
    const exported = await fetch(`${one.url}/export/cases/alphaland.yaml`, { headers: me });
    expect(exported.status).toBe(429);
    expect(Number(exported.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Someone else at the same address is not held back: a signed-in person spends their account's.
    const person = await ask(one.url, CASE, { slug: 'alphaland' }, { ...me, cookie: admin.headers.cookie! });
    expect(person.status).toBe(200);
    expect(standing(person, 'account').cost).toBe(1);
  });
});

describe('two instances on one database', () => {
  it('see each other’s spending within the sync interval, and both refuse a spent budget', async () => {
    const me = from('10.6.0.1');
    // The second instance knows the caller (it asks PostgreSQL about callers it has seen).
    const before = standing(await ask(two.url, page(), { first: 1 }, me), 'address');
    expect(before).toMatchObject({ cost: 3, remaining: LIMITS.address - 3 });
    for (let i = 0; i < 5; i++) expect((await ask(one.url, page(), { first: 100 }, me)).status).toBe(200);
    const seen = await eventually(
      () => ask(two.url, page(), { first: 1 }, me),
      (a) => (a.json.extensions?.rateLimit?.remaining as number) < LIMITS.address - 1000,
    );
    // 3 + 5 × 201 spent on the first, and the probes (3 each) on the second.
    const unaccounted = LIMITS.address - 3 - 5 * 201 - (standing(seen, 'address').remaining as number);
    expect(unaccounted).toBeGreaterThanOrEqual(3);
    expect(unaccounted % 3).toBe(0);

    // Spent on the first: pages while they fit, then the smallest queries (3 points) until refused.
    for (let i = 0; i < 20; i++) if ((await ask(one.url, page(), { first: 100 }, me)).status === 429) break;
    let spent = false;
    for (let i = 0; i < 100 && !spent; i++) spent = (await ask(one.url, page(), { first: 1 }, me)).status === 429;
    expect(spent).toBe(true);
    const refused = await eventually(
      () => ask(two.url, page(), { first: 1 }, me),
      (a) => a.status === 429,
    );
    expect(refused.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(standing(refused, 'address').remaining).toBe(0);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await Promise.all([one.app.budgets.sync(), two.app.budgets.sync()]);
    const [row] = (await db.dataSource.query(`SELECT "points"::int AS "points" FROM "rate_budget" WHERE "key" = $1`, [
      'address:10.6.0.1',
    ])) as { points: number }[];
    expect(row!.points).toBeGreaterThanOrEqual(LIMITS.address);
  });
});

describe('the Authorization header', () => {
  let reader: Caller & { secret: string };

  beforeAll(async () => {
    reader = await tokenCaller(one.url, admin, 'READ', 'budget-reader');
  });

  it('takes the Bearer scheme in any case, and charges the token’s own budget', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const answer = await ask(
        one.url,
        `{ draft(slug: "alphaland") { slug } }`,
        {},
        {
          authorization: `${scheme} ${reader.secret}`,
          ...from('10.7.0.1'),
        },
      );
      expect(answer.status, scheme).toBe(200);
      expect(answer.json.errors, scheme).toBeUndefined();
      expect(answer.json.data, scheme).toHaveProperty('draft');
      expect(standing(answer, 'token').cost).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a malformed header with 401 INVALID_AUTHORIZATION, an unknown token with 401 UNAUTHENTICATED, never as anonymous or from the cache', async () => {
    await ask(one.url, CASE, { slug: 'alphaland' }, from('10.8.0.1'));
    expect((await ask(one.url, CASE, { slug: 'alphaland' }, from('10.8.0.1'))).headers.get('x-cache')).toBe('HIT');
    const cases: [string, string][] = [
      ['', 'INVALID_AUTHORIZATION'],
      ['Bearer', 'INVALID_AUTHORIZATION'],
      ['Bearer ', 'INVALID_AUTHORIZATION'],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, 'INVALID_AUTHORIZATION'],
      [`Token ${reader.secret}`, 'INVALID_AUTHORIZATION'],
      [`Bearer ${reader.secret} extra`, 'INVALID_AUTHORIZATION'],
      [`Bearer ${reader.secret},Bearer ${reader.secret}`, 'INVALID_AUTHORIZATION'],
      [`Bearer cbk_${'x'.repeat(43)}`, 'UNAUTHENTICATED'],
    ];
    for (const [authorization, code] of cases) {
      const answer = await ask(one.url, CASE, { slug: 'alphaland' }, { authorization, ...from('10.8.0.2') });
      expect(answer.status, authorization).toBe(401);
      expect(answer.headers.get('x-cache'), authorization).toBeNull();
      expect(answer.headers.get('www-authenticate'), authorization).toMatch(/^Bearer/);
      expect(answer.json.data, authorization).toBeUndefined();
      expect(
        answer.json.errors.map((e: Json) => e.extensions.code),
        authorization,
      ).toEqual([code]);
      expect(standing(answer, 'address').cost, authorization).toBe(1);
    }
  });
});
