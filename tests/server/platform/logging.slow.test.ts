import 'reflect-metadata';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLine, createLogger } from '../../../server/src/common/log.js';
import { createApp, type App } from '../../../server/src/http/app.js';
import { createContext } from '../../../server/src/http/context.js';
import { createSchema } from '../../../server/src/http/schema.js';
import { UserRole } from '../../../server/src/modules/account/account.entity.js';
import { AccountService, SESSION_COOKIE } from '../../../server/src/modules/account/account.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { withoutBudget } from '../../support/http.js';
import { serverUrl, startServer, userEnv, type NodeProcess } from './processes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GENERIC = 'Something went wrong on the server. The problem has been logged.';

/** Text that must never reach the log: a password, a query-string value, a GraphQL variable. */
const PASSWORD = 'logging-test password 7Q2x';
const QUERY_STRING_SECRET = 'query-string-secret-5d1c';
const VARIABLE_SECRET = 'variable-secret-b84e';

interface LogLine {
  time: string;
  level: string;
  msg: string;
  [field: string]: unknown;
}

interface Answer {
  status: number;
  requestId: string | null;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  url: string,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    text,
    body: withoutBudget(JSON.parse(text) as Answer['body'] & { extensions?: Record<string, unknown> }),
  };
}

/** Makes a table vanish for the length of `work`, so reading it fails the way a broken database would. */
async function withoutTable<T>(db: TestDatabase, table: string, work: () => Promise<T>): Promise<T> {
  await db.dataSource.query(`ALTER TABLE ${table} RENAME TO ${table}_away`);
  try {
    return await work();
  } finally {
    await db.dataSource.query(`ALTER TABLE ${table}_away RENAME TO ${table}`);
  }
}

describe('log lines', () => {
  it('in text, quote a field that is not one plain word, so no value can start a line of its own', () => {
    const line = formatLine('text', 'info', 'GET /a 200', {
      requestId: 'abc-1',
      path: '/a\n{"level":"error"}',
      status: 200,
      missing: undefined,
    });
    expect(line).toBe('GET /a 200 requestId=abc-1 path="/a\\n{\\"level\\":\\"error\\"}" status=200');
  });

  it('in JSON, start with time, level and msg, which no field replaces', () => {
    const line = formatLine(
      'json',
      'warn',
      'careful',
      { msg: 'forged', level: 'info', count: 2n, requestId: 'r1' },
      new Date('2025-01-02T03:04:05.000Z'),
    );
    expect(line).toBe(
      '{"time":"2025-01-02T03:04:05.000Z","level":"warn","msg":"careful","count":"2","requestId":"r1"}',
    );
  });
});

describe('the compiled server in production', () => {
  let db: TestDatabase;
  let server: NodeProcess;
  let url: string;
  /** Secrets handed out while the server ran, which must not appear in its output. */
  const secrets: Record<string, string> = {
    password: PASSWORD,
    'query-string value': QUERY_STRING_SECRET,
    'GraphQL variable': VARIABLE_SECRET,
  };

  /** Every line the server wrote, each parsed as JSON (a line that is not JSON fails the test here). */
  function lines(): LogLine[] {
    return server.output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        let parsed: unknown;
        expect(() => (parsed = JSON.parse(line)), `not JSON: ${line}`).not.toThrow();
        return parsed as LogLine;
      });
  }

  /** The line logged when the request with this id finished (waiting for it: it is written after the response). */
  async function requestLine(requestId: string): Promise<LogLine> {
    await server.waitFor(new RegExp(`"requestId":"${requestId}","method"`), 10_000);
    const found = lines().filter((line) => line.requestId === requestId && line.method !== undefined);
    expect(found, `one request line for ${requestId}`).toHaveLength(1);
    return found[0]!;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // Content already there, so the server does not load the seeds.
    await db.dataSource.query(`INSERT INTO case_study (slug, name, kind) VALUES ('finland', 'Finland', 'COUNTRY')`);
    const made = await new AccountService(db.dataSource).createUser({
      email: 'admin@example.org',
      role: UserRole.ADMIN,
      password: PASSWORD,
    });
    expect(made).toHaveProperty('user');
    server = startServer(userEnv({ DATABASE_URL: db.url, PORT: '0', NODE_ENV: 'production' }));
    url = await serverUrl(server);
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await db?.drop();
  });

  it('gives every request an id, returns it in X-Request-Id and logs the request under it', async () => {
    const health = await fetch(`${url}/healthz?token=${QUERY_STRING_SECRET}`);
    const healthBody = await health.text();
    const healthId = health.headers.get('x-request-id');
    expect(healthId).toMatch(UUID);
    const line = await requestLine(healthId!);
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      msg: 'GET /healthz 200',
      requestId: healthId,
      method: 'GET',
      path: '/healthz',
      status: 200,
      durationMs: expect.any(Number),
      bytes: Buffer.byteLength(healthBody),
    });

    const answer = await post(url, { query: 'query NamedInDocument { caseStudy(slug: "finland") { name } }' });
    expect(answer.body).toEqual({ data: { caseStudy: null } }); // inserted, never published
    expect(answer.requestId).toMatch(UUID);
    expect(answer.requestId).not.toBe(healthId);
    expect(await requestLine(answer.requestId!)).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'NamedInDocument',
    });
  });

  it("keeps a load balancer's well-formed X-Request-Id and replaces a malformed one", async () => {
    const kept = await post(
      url,
      { query: '{ caseStudy(slug: "finland") { slug } }' },
      { 'x-request-id': 'lb-0a1b2c3d.4e5f:6' },
    );
    expect(kept.requestId).toBe('lb-0a1b2c3d.4e5f:6');
    expect(await requestLine('lb-0a1b2c3d.4e5f:6')).toMatchObject({ path: '/graphql', status: 200 });

    for (const malformed of ['two words', 'x'.repeat(129), 'quote"brace}']) {
      const replaced = await post(
        url,
        { query: '{ caseStudy(slug: "finland") { kind } }' },
        { 'x-request-id': malformed },
      );
      expect(replaced.requestId, malformed).toMatch(UUID);
      expect(await requestLine(replaced.requestId!)).toMatchObject({ path: '/graphql', status: 200 });
      expect(server.output).not.toContain(malformed);
    }
  });

  it('logs an unexpected error with the request id and its stack, and answers with the id alone', async () => {
    const answer = await withoutTable(db, 'case_study', () =>
      post(url, { query: 'query Broken { caseStudies(first: 3) { totalCount } }' }),
    );
    expect(answer.requestId).toMatch(UUID);
    expect(answer.body.errors).toEqual([
      {
        message: GENERIC,
        path: ['caseStudies'],
        locations: expect.any(Array),
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: answer.requestId },
      },
    ]);
    // Nothing of the cause reaches the caller: not the table, the driver, a stack frame or a file.
    expect(answer.text).not.toMatch(/case_study|relation|QueryFailed|stack|\.js|at /i);

    const request = await requestLine(answer.requestId!);
    expect(request).toMatchObject({ status: 200, operation: 'Broken' });
    const error = lines().find((line) => line.requestId === answer.requestId && line.method === undefined);
    expect(error).toMatchObject({
      level: 'error',
      msg: 'Unexpected error',
      error: expect.stringMatching(/relation "case_study" does not exist/),
      errorCode: '42P01',
    });
    expect(error?.stack).toMatch(/QueryFailedError: relation "case_study" does not exist\n\s+at /);
  });

  it('logs neither passwords, cookies, API token secrets nor GraphQL variables', async () => {
    const signIn = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { user { email } } }',
        variables: { email: 'admin@example.org', password: PASSWORD },
      }),
    });
    expect(withoutBudget((await signIn.json()) as Record<string, unknown>)).toEqual({
      data: { signIn: { user: { email: 'admin@example.org' } } },
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    secrets['session cookie'] = cookie.slice(`${SESSION_COOKIE}=`.length);

    const created = await post(
      url,
      { query: 'mutation MakeToken { createApiToken(name: "logging", scope: READ, expiresInDays: 1) { secret } }' },
      { cookie },
    );
    const secret = (created.body.data?.createApiToken as { secret: string }).secret;
    expect(secret).toMatch(/^cbk_/);
    secrets['API token'] = secret;

    const withToken = await post(
      url,
      {
        query: 'query FindCase($slug: String!) { caseStudy(slug: $slug) { name } }',
        variables: { slug: VARIABLE_SECRET },
      },
      { authorization: `Bearer ${secret}` },
    );
    expect(withToken.body).toEqual({ data: { caseStudy: null } });
    expect(await requestLine(withToken.requestId!)).toMatchObject({ status: 200, operation: 'FindCase' });
    expect((await requestLine(created.requestId!)).operation).toBe('MakeToken');
    expect(await requestLine(signIn.headers.get('x-request-id')!)).toMatchObject({ operation: 'SignIn', status: 200 });

    for (const [what, text] of Object.entries(secrets)) expect(server.output, what).not.toContain(text);
    expect(server.output).not.toMatch(/Bearer|casebook_session|admin@example\.org/);
  });

  it('writes nothing but JSON lines, from start-up to a SIGTERM stop', async () => {
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const all = lines();
    for (const line of all) {
      expect(line).toMatchObject({
        time: expect.any(String),
        level: expect.stringMatching(/^(info|warn|error)$/),
        msg: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    expect(all.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Reform Casebook is running at http:\/\/localhost:\d+$/),
        'SIGTERM received: finishing requests in flight (for up to 10 s), then stopping.',
      ]),
    );
    for (const [what, text] of Object.entries(secrets)) expect(server.output, what).not.toContain(text);
  });

  it('writes a configuration error as one JSON line on stderr', async () => {
    const refused = startServer(userEnv({ NODE_ENV: 'production', PORT: 'abc', DATABASE_URL: db.url }));
    expect(await refused.exited).toEqual({ code: 2, signal: null });
    expect(refused.stdout).toBe('');
    const [line, ...more] = refused.stderr.trimEnd().split('\n');
    expect(more).toEqual([]);
    expect(JSON.parse(line!)).toEqual({
      time: expect.any(String),
      level: 'error',
      msg: expect.stringMatching(/^Configuration error: PORT: .*"abc"/),
    });
  });
});

describe('the app in development', () => {
  let db: TestDatabase;
  let app: App;
  let http: Server;
  let url: string;
  const logged: LogLine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const logger = createLogger({ format: 'json', write: (line) => logged.push(JSON.parse(line) as LogLine) });
    app = await createApp({
      config: { nodeEnv: 'development', introspection: true },
      dataSource: db.dataSource,
      schema: await createSchema(),
      logger,
    });
    // What a resolver would see as its context for this request.
    app.express.post('/context-request-id', async (req, res) => {
      const context = await createContext(db.dataSource, { req, res });
      res.json({ requestId: context.requestId ?? null });
    });
    http = await new Promise((resolve) => {
      const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = http.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await app?.close();
    await db?.drop();
  });

  it('puts the request id on the GraphQL context', async () => {
    const generated = await fetch(`${url}/context-request-id`, { method: 'POST' });
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await generated.json()).toEqual({ requestId: id });

    const incoming = await fetch(`${url}/context-request-id`, {
      method: 'POST',
      headers: { 'x-request-id': 'upstream-42' },
    });
    expect(await incoming.json()).toEqual({ requestId: 'upstream-42' });
  });

  it('keeps the stack out of the answer even where stack traces are shown, and in the log', async () => {
    const answer = await withoutTable(db, 'case_study', () =>
      post(url, { query: '{ caseStudies(first: 1) { totalCount } }' }, { 'x-request-id': 'dev-error-1' }),
    );
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'dev-error-1' });
    expect(answer.text).not.toMatch(/case_study|stacktrace|QueryFailed/);
    const error = logged.find((line) => line.requestId === 'dev-error-1' && line.level === 'error');
    expect(error?.stack).toMatch(/^QueryFailedError: relation "case_study" does not exist/);
  });
});
