import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RequestGuard } from '../../../server/src/common/request-guard.js';
import { MIGRATION_LOCK, openDatabase } from '../../../server/src/db/data-source.js';
import { UserRole } from '../../../server/src/modules/account/account.entity.js';
import { createLoaders, type Loaders } from '../../../server/src/modules/loaders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, withoutBudget, type GraphQLBody, type TestServer } from '../../support/http.js';
import { loadSeeds } from '../../support/seeds.js';
import { StatementCounter } from '../../support/statements.js';
import { caller, signedIn } from '../authoring/helpers.js';

// No request does unbounded work: past its deadline nothing more starts and the answer is one
// QUERY_TIMEOUT error; an answer over the cap is one RESPONSE_TOO_LARGE error; and PostgreSQL
// stops any one statement at the pool's statement_timeout. What ran is counted in SQL statements
// (every loader batch and root field runs at least one); no test measures how long anything took.

const counter = new StatementCounter();
let db: TestDatabase;
let full: TestServer;

/** Every case with its structure, citations and sources: many waves of loader batches. */
const HEAVY = `{
  caseStudies(first: 25) { nodes {
    slug name summary
    periods { label levels { name bodies { name responsibilities { function serviceArea { key } } citations { locator source { url } } } } }
    timeline { title citations { source { title } } }
    lessons { title citations { source { title } } }
    sources { url title citedBy(first: 2) { nodes { key caseStudy { slug } } } }
  } }
}`;
/** The same root field alone: the statements a request runs before any nested field. */
const ROOT_ONLY = `{ caseStudies(first: 100) { nodes { slug } } }`;

type Answer = { status: number; body: GraphQLBody<unknown>; cache: string | null };

async function post(server: TestServer, query: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  // The caller's rate budget (extensions.rateLimit) is on every answer; these tests look at the rest.
  return {
    status: response.status,
    body: withoutBudget((await response.json()) as GraphQLBody<unknown>),
    cache: response.headers.get('x-cache'),
  };
}

/** Statements a query runs, with its answer. */
async function measured(server: TestServer, query: string): Promise<{ answer: Answer; statements: number }> {
  const { result, statements } = await counter.measure(() => post(server, query));
  return { answer: result, statements };
}

/** A connection of its own holding `case_study` locked, so that reading it waits until `release`. */
async function lockCases(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE case_study IN ACCESS EXCLUSIVE MODE');
  let released = false;
  return {
    /** Whether another session of this database is waiting for a lock. */
    async someoneWaits(): Promise<boolean> {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      return rows[0]!.n > 0;
    },
    async release() {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Resolves to 'answered' with the request, or with 'blocked' once a statement of it waits for the lock. */
async function answeredOrBlocked(answer: Promise<unknown>, lock: Awaited<ReturnType<typeof lockCases>>) {
  let done = false;
  const answered = answer.then(() => ((done = true), 'answered' as const));
  const blocked = vi
    .waitFor(
      async () => {
        if (done) return;
        expect(await lock.someoneWaits()).toBe(true);
      },
      { timeout: 10_000, interval: 10 },
    )
    .then(() => 'blocked' as const);
  return Promise.race([answered, blocked]);
}

beforeAll(async () => {
  db = await createTestDatabase({ logger: counter });
  await loadSeeds(db.dataSource);
  // Without the response cache, so that each read runs (and is counted) again.
  full = await startTestServer(db.dataSource, { cacheBytes: 0 });
});

afterAll(async () => {
  await full?.close();
  await db?.drop();
});

describe('the deadline of a request', () => {
  let hurried: TestServer;
  beforeAll(async () => {
    hurried = await startTestServer(db.dataSource, { cacheBytes: 0, limits: { timeoutMs: 200 } });
  });
  afterAll(async () => {
    await hurried?.close();
  });

  it('stops a query that runs past it: QUERY_TIMEOUT alone (503), and no resolver or batch starts after it', async () => {
    const whole = await measured(full, HEAVY);
    expect(whole.answer.body.errors).toBeUndefined();
    const root = await measured(full, ROOT_ONLY);
    expect(root.answer.body.errors).toBeUndefined();
    // The whole query runs many more statements than its root field alone.
    expect(whole.statements).toBeGreaterThan(root.statements + 5);

    // The root field's statement waits for a lock until the deadline has surely passed.
    const lock = await lockCases(db.url);
    let stopped: { answer: Answer; statements: number };
    try {
      const request = measured(hurried, HEAVY);
      if ((await answeredOrBlocked(request, lock)) === 'blocked') await sleep(400);
      await lock.release();
      stopped = await request;
    } finally {
      await lock.release();
    }

    expect(stopped.answer.status).toBe(503);
    expect(stopped.answer.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/did not finish within 200 ms/),
          extensions: { code: 'QUERY_TIMEOUT', limit: 200 },
        },
      ],
      data: null,
    });
    // Nothing after the root field ran: no nested resolver asked its loader for anything.
    expect(stopped.statements).toBeLessThanOrEqual(root.statements);
    // The same query, given the time, still answers in full.
    expect((await post(hurried, ROOT_ONLY)).body.errors).toBeUndefined();
  });

  it('is asked by every loader before each batch: past it, no loader starts a query', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    /** One load from each loader the request has. */
    const loadEach = (loaders: Loaders): Promise<unknown>[] => {
      const { citingBySource, ...byId } = loaders;
      return [
        citingBySource.load({ sourceId: id, offset: 0, limit: 20 }),
        ...Object.values(byId).map((loader) => loader.load(id)),
      ];
    };
    const late = new RequestGuard({ timeoutMs: 1, maxResponseBytes: Infinity });
    await sleep(5);
    const refused = await counter.measure(() => Promise.allSettled(loadEach(createLoaders(db.dataSource, late))));
    expect(refused.statements).toBe(0);
    expect(refused.result.length).toBeGreaterThan(5);
    for (const settled of refused.result) {
      expect(settled.status).toBe('rejected');
      expect((settled as PromiseRejectedResult).reason).toMatchObject({ code: 'QUERY_TIMEOUT' });
    }
    const onTime = new RequestGuard({ timeoutMs: 60_000, maxResponseBytes: Infinity });
    const ran = await counter.measure(() => Promise.all(loadEach(createLoaders(db.dataSource, onTime))));
    expect(ran.statements).toBeGreaterThanOrEqual(refused.result.length);
  });

  it('keeps the answer of a mutation that started before it passed: the change is made, the errors say where it stopped', async () => {
    const editor = await signedIn(full.url, db.dataSource, UserRole.EDITOR);
    const hurriedEditor = caller(hurried.url, editor.label, editor.headers);
    const lock = await lockCases(db.url);
    let reply: Awaited<ReturnType<typeof hurriedEditor.graphql>>;
    try {
      const request = hurriedEditor.graphql(
        `mutation { startDraft(slug: "finland") { draft { version } userErrors { code } } }`,
      );
      if ((await answeredOrBlocked(request, lock)) === 'blocked') await sleep(400);
      await lock.release();
      reply = await request;
    } finally {
      await lock.release();
    }
    expect(reply.status).toBe(200);
    expect(reply.body.errors?.length).toBeGreaterThan(0);
    for (const error of reply.body.errors!) {
      expect(error.extensions?.code).toBe('QUERY_TIMEOUT');
      expect(error.path?.[0]).toBe('startDraft');
    }
    const draft = await editor.graphql(`{ draft(slug: "finland") { version } }`);
    expect(draft.body.data?.draft).toEqual({ version: expect.any(Number) });
  });
});

describe('the size of an answer', () => {
  it('refuses an answer over the cap with RESPONSE_TOO_LARGE alone (400), and does not store it', async () => {
    const ids = `{ lessons(first: 100) { nodes { id } } }`;
    const answer = await post(full, ids);
    expect(answer.body.errors).toBeUndefined();
    const size = JSON.stringify(answer.body).length;
    const capped = await startTestServer(db.dataSource, { limits: { maxResponseBytes: size - 100 } });
    try {
      for (let i = 0; i < 2; i++) {
        const refused = await post(capped, ids);
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({
          errors: [
            {
              message: expect.stringMatching(/larger than \d+ bytes/),
              extensions: { code: 'RESPONSE_TOO_LARGE', limit: size - 100 },
            },
          ],
          data: null,
        });
        expect(refused.cache).toBeNull();
      }
      // A smaller answer passes.
      expect((await post(capped, `{ lessons(first: 2) { nodes { id } } }`)).body.errors).toBeUndefined();
    } finally {
      await capped.close();
    }
  });

  it('stops building an answer once its text is over the cap: no further batch runs', async () => {
    const root = await measured(full, ROOT_ONLY);
    const whole = await measured(full, HEAVY);
    expect(whole.statements).toBeGreaterThan(root.statements + 5);
    const capped = await startTestServer(db.dataSource, { limits: { maxResponseBytes: 500 } });
    try {
      const stopped = await measured(capped, HEAVY);
      expect(stopped.answer.status).toBe(400);
      expect(stopped.answer.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'RESPONSE_TOO_LARGE', limit: 500 } }],
        data: null,
      });
      // The cases' names and summaries alone pass the cap: nothing below them is loaded.
      expect(stopped.statements).toBe(root.statements);
    } finally {
      await capped.close();
    }
  });
});

describe("the pool's statement timeout", () => {
  let timed: DataSource;
  let server: TestServer;
  beforeAll(async () => {
    timed = await openDatabase(db.url, { poolSize: 2, statementTimeoutMs: 100 });
    server = await startTestServer(timed);
  });
  afterAll(async () => {
    await server?.close();
    await timed?.destroy();
  });

  it('stops a statement that runs longer, and the request answers QUERY_TIMEOUT (503)', async () => {
    const lock = await lockCases(db.url);
    let answer: Answer | 'no answer';
    try {
      // The lock is held until the answer comes; a guard ends the wait if none would.
      answer = await Promise.race([post(server, ROOT_ONLY), sleep(8_000).then(() => 'no answer' as const)]);
    } finally {
      await lock.release();
    }
    expect(answer).not.toBe('no answer');
    const { status, body } = answer as Answer;
    expect(status).toBe(503);
    expect(body).toEqual({
      errors: [
        { message: expect.stringMatching(/did not finish/), extensions: { code: 'QUERY_TIMEOUT', limit: 10_000 } },
      ],
      data: null,
    });
  });

  it('does not stop the wait for the migration lock or the migrations', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const opening = openDatabase(db.url, { poolSize: 1, statementTimeoutMs: 20 });
      opening.catch(() => undefined); // a failure is seen below, once awaited
      await vi.waitFor(
        async () => {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event = 'advisory' AND pid <> pg_backend_pid()`,
          );
          expect(rows[0]!.n).toBe(1);
        },
        { timeout: 10_000, interval: 10 },
      );
      // Longer than the statement timeout, so a timeout on the wait would have stopped it.
      await sleep(100);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      const opened = await opening;
      // Its connections keep the pool's timeout once the migrations are done.
      expect(await opened.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '20ms' }]);
      await opened.destroy();
    } finally {
      await holder.end();
    }
  });
});
