import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@casebook/schema';
import { createApp } from '../../../server/src/http/app.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('limits on queries', () => {
  it('refuses a query nested deeper than the limit, with its own code', async () => {
    const deep = `{ caseStudies { nodes { periods { levels { ${'bodies { responsibilities { body { level { '.repeat(3)} key ${'} } } } '.repeat(3)}} } } } }`;
    const { body } = await server.graphql(deep);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`at most ${limits.query.depth}`));
  });

  it('accepts the deepest query the app sends (a comparison with citations)', async () => {
    const { body } = await server.graphql(
      `{ comparison(cases: [{ slug: "a" }, { slug: "b" }]) { sections { rows { cells { items { parts { citations { source { id } } } } } } } } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); // validated, then refused only for its unknown cases
  });

  it('refuses too many aliases and too many directives', async () => {
    const aliases = `{ ${Array.from({ length: limits.query.aliases + 1 }, (_, i) => `a${i}: study { title }`).join(' ')} }`;
    const refused = (await server.graphql(aliases)).body.errors?.[0];
    expect(refused?.extensions?.code).toBe('TOO_MANY_ALIASES');
    // Armor gives the count in its message only; ours carries it, and the limit.
    expect(refused?.message).toBe(
      `The query uses ${limits.query.aliases + 1} aliases; at most ${limits.query.aliases} are allowed.`,
    );
    // Spread over two fields, so that neither is repeated past its own limit.
    const directives = `{ study { ${Array.from({ length: limits.query.directives + 1 }, (_, i) => `${i % 2 ? 'title' : '__typename'} @include(if: true)`).join(' ')} } }`;
    expect((await server.graphql(directives)).body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_DIRECTIVES');
  });

  it('refuses a query of more tokens than the limit as QUERY_TOO_LARGE', async () => {
    const huge = `{ study { ${'title '.repeat(limits.query.tokens)} } }`;
    const response = await post({ query: huge });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('QUERY_TOO_LARGE');
  });

  it('refuses a request body over 1 MB, and batched requests', async () => {
    const big = await post({ query: '{ study { title } }', variables: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    expect(big.status).toBe(413);
    // Answered as GraphQL refusals are, with a code and where the caller's budget stands.
    expect(await big.json()).toEqual({
      errors: [{ message: 'The request body is over 1 MB.', extensions: { code: 'BODY_TOO_LARGE' } }],
    });
    expect(big.headers.get('ratelimit')).toMatch(/^"address";r=\d+;t=\d+$/);
    const broken = await post('{"query": "{ study { title } }"');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'BAD_REQUEST',
    );
    expect(broken.headers.get('ratelimit-policy')).toMatch(/^"address";q=\d+;w=3600$/);
    const batch = await post([{ query: '{ study { title } }' }, { query: '{ study { title } }' }]);
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batch/i);
  });

  it('keeps CSRF prevention on: a simple form post without the JSON content type is refused', async () => {
    const response = await fetch(`${server.url}/graphql?query=%7Bstudy%7Btitle%7D%7D`, { method: 'GET' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });
});

describe('safe defaults', () => {
  it('sends security headers and a Content Security Policy without remote sources', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers CORS preflights only for configured origins', async () => {
    const schema = await createSchema();
    const app = await createApp({
      config: { nodeEnv: 'test', introspection: true, corsOrigins: ['https://tools.example.org'] },
      dataSource: db.dataSource,
      schema,
    });
    const other: Server = await new Promise((resolve) => {
      const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = other.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
    try {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: { origin: 'https://tools.example.org', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://tools.example.org');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const stranger = await fetch(url, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ study { title } }' }),
      });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
      await app.close();
    }
    const sameOrigin = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://tools.example.org', 'access-control-request-method': 'POST' },
    });
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('in production: no introspection, no field suggestions, no stack traces', async () => {
    const schema = await createSchema();
    const app = await createApp({
      config: { nodeEnv: 'production', introspection: false },
      dataSource: db.dataSource,
      schema,
    });
    const prod: Server = await new Promise((resolve) => {
      const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = prod.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
    try {
      const ask = async (query: string) =>
        (await (
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query }),
          })
        ).json()) as { errors?: { message: string; extensions: Record<string, unknown> }[] };
      const introspection = await ask('{ __schema { types { name } } }');
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await ask('{ caseStudys { totalCount } }');
      expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "caseStudys"/);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(typo.errors?.[0]?.extensions.stacktrace).toBeUndefined();
      const forged = await ask('{ caseStudies(after: "forged") { totalCount } }');
      expect(forged.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    } finally {
      prod.closeAllConnections();
      await new Promise<void>((resolve) => prod.close(() => resolve()));
      await app.close();
    }
  });
});
